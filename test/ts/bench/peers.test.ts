import { describe, expect, it } from "vitest";
import { Market } from "../../../bench/market.js";
import { fillGreedy, replayPeer, trailingApr } from "../../../bench/peers.js";
import { defaultReplayParams, replayYear } from "../../../bench/replay.js";
import { DEFAULT_SCENARIO, generateScenario, playIncident } from "../../../bench/scenario.js";
import { gapClosedPct } from "../../../bench/targets.js";

const quiet = { ...DEFAULT_SCENARIO, aprNoiseBps: 0, regimesPerYear: 0, slashesPerYear: 0, depegsPerYear: 0, avs: [] };

describe("peers: allocators written from their public descriptions", () => {
  it("fills the best scores greedily up to a max each", () => {
    const w = fillGreedy([0.03, 0.05, 0.04], 0.4, 0.95);
    expect(w[0]).toBeCloseTo(0.15, 12);
    expect(w.slice(1)).toEqual([0.4, 0.4]);
    expect(fillGreedy([0.03, 0.05], 0.5, 0.3)).toEqual([0, 0.3]);
  });

  it("reads trailing APR from the fair rate (slashes included: a plain rate oracle)", () => {
    const s = generateScenario(1, quiet);
    const m = new Market(s, defaultReplayParams());
    const apr = trailingApr(m, 0, 30, 7);
    expect(apr).toBeCloseTo(Math.pow(s.fair[0]![30]! / s.fair[0]![23]!, 365 / 7) - 1, 12);
    expect(trailingApr(m, 0, 0, 7)).toBe(0);
  });

  it("equal weight rebalanced monthly moves at most every 30 days and, on a quiet year, earns at least held equal weight", () => {
    const r = replayYear(4, defaultReplayParams(), quiet);
    const monthly = r.outcomes.equalWeightMonthly;
    expect(monthly.rebalances).toBeGreaterThanOrEqual(1);
    expect(monthly.rebalances).toBeLessThanOrEqual(13);
    expect(monthly.reverted).toBe(0);
    // Day 0 both stop where the reserve covers the worst case of every entry's slippage allowance; the monthly one
    // tops up the rest of the reserve's room later (the allowance was not lost), so it earns a little more.
    expect(monthly.yieldPct).toBeGreaterThanOrEqual(r.outcomes.equalWeight.yieldPct);
    expect(monthly.yieldPct - r.outcomes.equalWeight.yieldPct).toBeLessThan(0.5);
  });

  it("the Morpho-like bot moves at most its flow cap (10 % of assets) per LRT per day", () => {
    const s = generateScenario(2, quiet);
    const m = new Market(s, defaultReplayParams());
    const out = replayPeer(m, defaultReplayParams(), "morphoReallocator");
    // From all idle to 95 % invested at 10 % per LRT per day into its two best (50 % caps): five days at least.
    expect(out.rebalances).toBeGreaterThanOrEqual(5);
    expect(out.reverted).toBe(0);
  });

  it("every peer keeps the vault's rules: none of their plans reverts on a year with slashes and depegs", () => {
    const r = replayYear(5);
    for (const k of ["yearnDebtAllocator", "morphoReallocator", "marketSizeIndex", "equalWeightMonthly"] as const) {
      expect(r.outcomes[k].reverted).toBe(0);
      expect(r.outcomes[k].finalEth).toBeGreaterThan(0);
    }
  });
});

describe("real incidents played into a year", () => {
  const base = generateScenario(3);
  const ez = 1;
  const rs = 2;

  it("ezETH, 24 April 2024: the market at 0.22 of fair for the day the keeper sees it, thin pools, the fair rate untouched", () => {
    const s = playIncident(base, "ezETH depeg (24 Apr 2024)", 100);
    expect(s.fair).toEqual(base.fair);
    expect(s.market[ez]![100]! / s.fair[ez]![100]!).toBeCloseTo(0.22, 9);
    expect(s.market[ez]![101]! / s.fair[ez]![101]!).toBeLessThanOrEqual(0.97 + 1e-12);
    expect(s.market[ez]![110]).toBe(base.market[ez]![110]);
    const m = new Market(s, defaultReplayParams());
    const deep = new Market(base, defaultReplayParams());
    // The same tokens fetch less than the thinned pool's price: 5 % of the depth.
    expect(m.exitProceeds(ez, 100, 100) / (100 * s.market[ez]![100]!)).toBeLessThan(deep.exitProceeds(ez, 100, 100) / (100 * base.market[ez]![100]!));
    expect(m.stressOn(ez, 100)?.poolDepthFactor).toBe(0.05);
    expect(m.stressOn(ez, 102)).toBeUndefined();
  });

  it("rsETH, 18 April 2026: 15 % below fair for 14 days with deposits and withdrawals paused, then the haircut taken for good", () => {
    const s = playIncident(base, "rsETH bridge exploit (18 Apr 2026)", 100);
    for (let d = 100; d < 114; d++) expect(s.market[rs]![d]! / s.fair[rs]![d]!).toBeCloseTo(0.85, 9);
    expect(s.fair[rs]![99]).toBe(base.fair[rs]![99]);
    expect(s.fair[rs]![114]! / base.fair[rs]![114]!).toBeCloseTo(0.85, 12);
    expect(s.fair[rs]![365]! / base.fair[rs]![365]!).toBeCloseTo(0.85, 12);
    expect(s.events.some((e) => e.kind === "slash" && e.lrt === rs && e.day === 114 && e.bps === 1_500)).toBe(true);
    const m = new Market(s, defaultReplayParams());
    const pf = { idle: 100, tokens: [0, 0, 10, 0, 0], queued: [] };
    // Kelp paused withdrawals: a queued exit is refused; deposits too.
    expect(m.requestExit(pf, 105, "0x000000000000000000000000000000000000ad02", 10n ** 18n)).toBe(false);
    expect(pf.tokens[rs]).toBe(10);
    expect(m.execute(pf, 105, [{ adapter: "0x000000000000000000000000000000000000ad02", deposit: true, assets: 10n ** 18n, limit: 0n }])).toMatch(/deposits paused/);
    expect(m.requestExit(pf, 120, "0x000000000000000000000000000000000000ad02", 10n ** 18n)).toBe(true);
  });

  it("names a day that leaves no room", () => {
    expect(() => playIncident(base, "ezETH depeg (24 Apr 2024)", 360)).toThrow(/leaves no room/);
  });
});

describe("targets", () => {
  it("measures the share of the gap from equal weight to hindsight the keeper closes", () => {
    const y = { keeper: 2.2, equalWeight: 1.5, hindsight: 2.7 } as Parameters<typeof gapClosedPct>[0];
    expect(gapClosedPct(y)).toBeCloseTo((0.7 / 1.2) * 100, 9);
  });
});
