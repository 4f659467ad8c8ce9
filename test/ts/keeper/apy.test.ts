import { describe, expect, it } from "vitest";
import { annualise, estimateApy, type ApyConfig, type RateSample } from "../../../keeper/strategy/apy.js";

const DAY = 86_400;
const cfg: ApyConfig = { windowsSeconds: [7 * DAY, DAY, 30 * DAY], minCoverage: 0.9, minSpanSeconds: 3600 };
const t0 = 1_700_000_000;

/** Samples of a rate compounding at `apy`, every `step` seconds for `span` seconds. */
function grow(apy: number, span: number, step: number, start = 10n ** 18n): RateSample[] {
  const out: RateSample[] = [];
  for (let t = 0; t <= span; t += step) {
    const factor = Math.pow(1 + apy, t / (365 * DAY));
    out.push({ timestamp: t0 + t, fairRate: (start * BigInt(Math.round(factor * 1e12))) / 10n ** 12n });
  }
  return out;
}

describe("APY estimator: measured from fair-rate growth", () => {
  it("measures a steady 3 % APY over the preferred 7-day window", () => {
    const est = estimateApy(grow(0.03, 40 * DAY, DAY), cfg);
    expect(est.source).toBe("window");
    expect(est.windowSeconds).toBe(7 * DAY);
    expect(est.baseApy!).toBeCloseTo(0.03, 4);
    expect(est.byWindow.map((w) => w.apy !== null)).toEqual([true, true, true]);
  });

  it("falls back to the next window when history is shorter than the preferred one", () => {
    const est = estimateApy(grow(0.04, 2 * DAY, 3600), cfg);
    expect(est.windowSeconds).toBe(DAY);
    expect(est.baseApy!).toBeCloseTo(0.04, 3);
    expect(est.byWindow[0]!.apy).toBeNull();
    expect(est.byWindow[2]!.apy).toBeNull();
  });

  it("accepts a window that history covers to minCoverage", () => {
    // 6.5 days of history cover 93 % of 7 days (>= 90 %).
    const est = estimateApy(grow(0.03, 6.5 * DAY, DAY / 2), cfg);
    expect(est.windowSeconds).toBe(7 * DAY);
  });

  it("uses the whole history when no window is covered but it spans minSpanSeconds", () => {
    const est = estimateApy(grow(0.05, 6 * 3600, 600), cfg);
    expect(est.source).toBe("history");
    expect(est.spanSeconds).toBe(6 * 3600);
    expect(est.baseApy!).toBeCloseTo(0.05, 2);
  });

  it("gives no base estimate (insufficient) on too short a history, extras still count", () => {
    const est = estimateApy(grow(0.05, 600, 60), cfg, 150);
    expect(est.source).toBe("insufficient");
    expect(est.baseApy).toBeNull();
    expect(est.extrasApy).toBe(0.015);
    expect(est.totalApy).toBe(0.015);
    expect(estimateApy([], cfg).source).toBe("insufficient");
  });

  it("shows extras apart from the base and adds them to the total", () => {
    const est = estimateApy(grow(0.03, 10 * DAY, DAY), cfg, 200);
    expect(est.extrasApy).toBe(0.02);
    expect(est.totalApy).toBeCloseTo(est.baseApy! + 0.02, 12);
  });

  it("reads a falling rate (a slash) as a negative APY", () => {
    const s: RateSample[] = [
      { timestamp: t0, fairRate: 10n ** 18n },
      { timestamp: t0 + 7 * DAY, fairRate: (10n ** 18n * 99n) / 100n },
    ];
    expect(estimateApy(s, cfg).baseApy!).toBeLessThan(-0.3);
  });

  it("leaves a slash out of the rate when asked to (a one-off loss, not a yield)", () => {
    const before = grow(0.03, 4 * DAY, DAY / 4);
    const last = before[before.length - 1]!;
    const after = grow(0.03, 4 * DAY, DAY / 4, (last.fairRate * 99n) / 100n) // a 1 % slash, then 3 % again
      .slice(1)
      .map((x) => ({ ...x, timestamp: x.timestamp + 4 * DAY }));
    const samples = [...before, ...after];
    expect(estimateApy(samples, cfg).baseApy!).toBeLessThan(-0.3);
    // The growth inside the dropping interval (6 h of 7 days) goes with it: 2.9 % measured.
    expect(estimateApy(samples, { ...cfg, excludeDropsBps: 50 }).baseApy!).toBeCloseTo(0.03, 2);
    // A fall below the threshold is ordinary noise and stays in.
    expect(estimateApy(samples, { ...cfg, excludeDropsBps: 150 }).baseApy!).toBeLessThan(-0.3);
  });

  it("does not depend on sample order", () => {
    const s = grow(0.03, 10 * DAY, DAY);
    expect(estimateApy([...s].reverse(), cfg)).toEqual(estimateApy(s, cfg));
  });

  it("annualise returns null on a zero or negative span", () => {
    const a = { timestamp: t0, fairRate: 10n ** 18n };
    expect(annualise(a, a)).toBeNull();
  });
});
