import { describe, expect, it } from "vitest";
import { defaultReplayParams, replayYear, STRATEGIES } from "../../../bench/replay.js";
import { DEFAULT_SCENARIO, DEVNET_LRTS, generateScenario } from "../../../bench/scenario.js";
import { median, quantile } from "../../../bench/stats.js";
import { parseArgs, spliceResults } from "../../../bench/run.js";
import { depositorGas, scalingRows } from "../../../bench/gas.js";

describe("scenario generator: seeded and deterministic", () => {
  it("gives identical paths and events for the same seed, different ones for another seed", () => {
    const a = generateScenario(42);
    const b = generateScenario(42);
    expect(b).toEqual(a);
    expect(generateScenario(43).fair).not.toEqual(a.fair);
    expect(a.fair).toHaveLength(DEVNET_LRTS.length);
    for (const path of a.fair) expect(path).toHaveLength(DEFAULT_SCENARIO.days + 1);
  });

  it("never prices the market above the fair rate, and a slash cuts the fair rate", () => {
    const s = generateScenario(7, { ...DEFAULT_SCENARIO, slashesPerYear: 20 });
    s.market.forEach((path, i) => path.forEach((m, d) => expect(m).toBeLessThanOrEqual(s.fair[i]![d]!)));
    const slash = s.events.find((e) => e.kind === "slash");
    expect(slash).toBeDefined();
    if (slash?.kind === "slash") expect(s.fair[slash.lrt]![slash.day]!).toBeLessThan(s.fair[slash.lrt]![slash.day - 1]!);
  });

  it("names the option that is wrong", () => {
    expect(() => generateScenario(1, { ...DEFAULT_SCENARIO, days: 0 })).toThrow(/scenario option days/);
    expect(() => generateScenario(1, { ...DEFAULT_SCENARIO, depegBps: [500, 100] })).toThrow(/depegBps/);
    expect(() => generateScenario(1.5)).toThrow(/seed must be an integer/);
  });
});

// The hindsight plan books the true entry cost in its worst case, the baselines' bisection only the slippage
// allowance: the same rules, a hair apart in how tight they bind. Below this many percentage points it is rounding.
const ROUNDING_PP = 0.005;

describe("yield replay: accounting", () => {
  it("hindsight optimum is at least every baseline on a fixed seed", () => {
    const r = replayYear(3);
    expect(r.outcomes.hindsight.yieldPct).toBeGreaterThanOrEqual(r.outcomes.equalWeight.yieldPct - ROUNDING_PP);
    expect(r.outcomes.hindsight.yieldPct).toBeGreaterThanOrEqual(r.outcomes.singleBest.yieldPct - ROUNDING_PP);
    for (const k of STRATEGIES) {
      const o = r.outcomes[k];
      expect(o.yieldPct).toBeCloseTo((o.finalEth / defaultReplayParams().vaultEth - 1) * 100, 9);
    }
    expect(replayYear(3)).toEqual(r);
  });

  it("a held allocation grows exactly by its LRT's rate path", () => {
    const lrt = { name: "weETH", tier: 0, initialRate: 1.07, meanAprBps: 400, withdrawalDelayDays: 7 };
    const quiet = {
      ...DEFAULT_SCENARIO,
      lrts: [lrt],
      aprNoiseBps: 0,
      regimesPerYear: 0,
      slashesPerYear: 0,
      depegsPerYear: 0,
    };
    const params = { ...defaultReplayParams(), poolFeeBps: 0 };
    const r = replayYear(11, params, quiet);
    // Tier 0 caps the LRT at 70 % of total assets (a hair less: the cap holds on the worst case of the 30 bps
    // slippage allowance); the rest stays idle. Entry and final valuation each lose at most the 5 bps market
    // discount: within 0.1 percentage point of 70 % x the rate's growth.
    const growth = Math.pow(1 + 0.04 / 365, 365);
    const expected = 0.7 * (growth - 1) * 100;
    expect(Math.abs(r.outcomes.singleBest.yieldPct - expected)).toBeLessThan(0.1);
    expect(r.outcomes.singleBest.yieldPct).toBeLessThanOrEqual(expected);
    expect(r.outcomes.hindsight.yieldPct).toBeGreaterThanOrEqual(r.outcomes.singleBest.yieldPct - ROUNDING_PP);
  });
});

describe("bench plumbing", () => {
  it("takes order statistics by interpolation", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(quantile([0, 10], 0.95)).toBeCloseTo(9.5);
    expect(() => quantile([], 0.5)).toThrow(/no samples/);
  });

  it("parses its arguments and splices docs/performance.md between its markers", () => {
    expect(parseArgs([])).toEqual({ sections: ["gas", "optimiser", "cycle", "yield", "solvers", "redemptions"], write: true });
    expect(parseArgs(["--only=gas,yield"])).toEqual({ sections: ["gas", "yield"], write: false });
    expect(() => parseArgs(["--only=speed"])).toThrow(/unknown section/);
    const readme = "a\n<!-- bench:results:start -->\nold\n<!-- bench:results:end -->\nb\n";
    expect(spliceResults(readme, "new")).toBe("a\n<!-- bench:results:start -->\nnew\n<!-- bench:results:end -->\nb\n");
    expect(() => spliceResults("no markers", "x")).toThrow(/markers/);
  });
});

describe("gas results: ratios and scaling from the harness's JSON", () => {
  const sides = (project: number, reference: number) =>
    Object.fromEntries(
      ["depositFirst", "depositLater", "depositETHFirst", "depositETHLater", "redeem", "redeemETH"].flatMap((p) => [
        [`project.${p}`, project],
        [`reference.${p}`, reference],
      ]),
    );

  it("compares later deposits and redemptions with the reference and judges the targets", () => {
    const g = depositorGas({ isolated: true, ...sides(115_000, 100_000), "project.redeem": 131_000 });
    expect(g.ratios.depositVsReference).toBe(1.15);
    expect(g.ratios.redeemVsReference).toBe(1.31);
    expect(g.met).toEqual({ deposit: true, redeem: false });
  });

  it("groups scaling rows by N and names a missing measurement", () => {
    const flat: Record<string, number | boolean> = { isolated: true };
    for (const n of [1, 2, 4, 8, 16]) {
      for (const key of ["report", "pricePerShare", "convertToAssets", "latestRoundData"]) flat[`n${n}.${key}`] = n * 1000;
      for (let k = 1; k <= n; k *= 2) flat[`n${n}.rebalance.k${k}`] = k;
    }
    const rows = scalingRows(flat);
    expect(rows.map((r) => r.adapters)).toEqual([1, 2, 4, 8, 16]);
    expect(rows[4]!.rebalance).toEqual({ k1: 1, k2: 2, k4: 4, k8: 8, k16: 16 });
    delete flat["n8.report"];
    expect(() => scalingRows(flat)).toThrow(/n8\.report is missing/);
  });
});

describe("gas results: the redemption queue's paths", () => {
  it("derives the per-request fulfil cost and the instant exit against a buffer redeem, and names a missing path", async () => {
    const { queueGas } = await import("../../../bench/gas.js");
    const flat = { isolated: true, requestRedeem: 120_000, cancelRedeemRequest: 50_000, fulfil1: 110_000, fulfil10: 500_000, claim: 60_000, claimETH: 65_000, instantRedeem: 300_000, bufferRedeem: 100_000 };
    const q = queueGas(flat);
    expect(q.fulfilPerRequestOf10).toBe(50_000);
    expect(q.instantVsBuffer).toBe(3);
    const { claim: _claim, ...missing } = flat;
    expect(() => queueGas(missing)).toThrow(/queue result claim is missing/);
  });
});

describe("gas results: the share-price feed's reads", () => {
  it("keeps the v3, v2 and stored-round reads and names a missing one", async () => {
    const { feedGas } = await import("../../../bench/gas.js");
    const flat = { isolated: true, latestRoundData: 12_000, latestAnswer: 11_500, latestTimestamp: 4_000, getAnswerLatest: 11_700, storedRound: 5_000 };
    expect(feedGas(flat)).toEqual({ latestRoundData: 12_000, latestAnswer: 11_500, latestTimestamp: 4_000, getAnswerLatest: 11_700, storedRound: 5_000 });
    const { latestAnswer: _a, ...missing } = flat;
    expect(() => feedGas(missing)).toThrow(/feed result latestAnswer is missing/);
  });
});
