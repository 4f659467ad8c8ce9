import { describe, expect, it } from "vitest";
import { comparisonProgram, loadHighs, maxViolation, toCplexLp } from "../../../bench/lpCompare.js";
import { replayYear } from "../../../bench/replay.js";
import { DEFAULT_SCENARIO, DEVNET_AVS, generateScenario } from "../../../bench/scenario.js";
import { solveLp } from "../../../keeper/strategy/lp.js";

describe("bench: AVS-level slashes in the generated year", () => {
  it("an AVS slash cuts every exposed LRT's fair rate on the same day by exposure x severity, and no other", () => {
    // the first seed whose year has an AVS slash (about one a year over the five AVSs)
    const seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((k) => generateScenario(k).events.some((e) => e.kind === "avsSlash"))!;
    const withAvs = generateScenario(seed);
    const without = generateScenario(seed, { ...DEFAULT_SCENARIO, avs: [] });
    const event = withAvs.events.find((e) => e.kind === "avsSlash");
    expect(event).toBeDefined();
    if (event?.kind !== "avsSlash") return;
    const avs = DEVNET_AVS[event.avs]!;
    withAvs.lrts.forEach((_, i) => {
      const ratio = (s: typeof withAvs) => s.fair[i]![event.day]! / s.fair[i]![event.day - 1]!;
      // the same seed without AVS slashes has the same paths otherwise (own random stream)
      expect(ratio(withAvs) / ratio(without)).toBeCloseTo(1 - avs.exposure[i]! * event.wad, 9);
    });
    expect(event.hits.filter((h) => h > 0).length).toBeGreaterThanOrEqual(3);
    expect(() => generateScenario(1, { ...DEFAULT_SCENARIO, avs: [{ ...avs, severity: [0.5, 0.1] }] })).toThrow(/avs\[0\]\.severity/);
  });

  it("books each strategy's worst single event, and the keeper with and without the exposure model side by side", () => {
    const r = replayYear(6);
    expect(r.events.avsSlashes).toBeGreaterThan(0);
    for (const o of Object.values(r.outcomes)) {
      expect(o.worstEventLossPct).toBeGreaterThanOrEqual(0);
      expect(o.worstEventLossPct).toBeLessThan(20);
    }
    expect(r.outcomes.keeper.worstEvent).toMatch(/^(AVS \w+|slash \w+|none)$/);
    expect(r.outcomes.keeperNoExposure.yieldPct).not.toBe(r.outcomes.keeper.yieldPct);
  });
});

describe("bench: simplex against HiGHS", () => {
  it("writes the program as CPLEX-LP text HiGHS reads, and both solvers find the same optimum", async () => {
    const lp = comparisonProgram(4, 8);
    const text = toCplexLp(lp);
    expect(text.startsWith("Maximize\n obj: ")).toBe(true);
    expect(text).toMatch(/\nSubject To\n r0: .* <= /);
    const highs = await loadHighs();
    const h = highs(lp);
    const s = solveLp(lp);
    expect(s.status).toBe("optimal");
    if (s.status !== "optimal") return;
    expect(h.value).toBeCloseTo(s.value, 12);
    expect(maxViolation(lp, s.x)).toBeLessThan(1e-9);
    expect(maxViolation(lp, h.x)).toBeLessThan(1e-9);
    expect(maxViolation(lp, lp.objective.map(() => 1e3))).toBeGreaterThan(1);
  });
});
