import { describe, expect, it } from "vitest";
import { evaluateGuard, shortfallBps, type GuardConfig } from "../../../keeper/strategy/guard.js";
import { LensError } from "../../../keeper/strategy/types.js";
import { adapter, E } from "./helpers/state.js";

const cfg: GuardConfig = { depegBps: 200, dropBps: 50, cooldownSeconds: 86_400 };
const now = 1_700_000_000;

describe("depeg guard: no new allocation and an exit for a depegged or sharply dropping LRT", () => {
  it("leaves a pegged LRT with a smooth rate alone", () => {
    const v = evaluateGuard(adapter(0, { marketRate: (E * 999n) / 1000n }), [
      { timestamp: now - 100, fairRate: E },
      { timestamp: now, fairRate: E + 10n ** 14n },
    ], now, cfg);
    expect(v).toEqual({ guarded: false, exit: false, reasons: [] });
  });

  it("guards and proposes an exit when market is below fair by more than depegBps (ezETH April 2024)", () => {
    const v = evaluateGuard(adapter(0, { fairRate: E, marketRate: (E * 70n) / 100n }), [], now, cfg);
    expect(v.guarded).toBe(true);
    expect(v.exit).toBe(true);
    expect(v.reasons[0]).toMatch(/depeg: market 3000.00 bps below fair/);
  });

  it("does not guard a market gap exactly at the threshold", () => {
    const v = evaluateGuard(adapter(0, { fairRate: E, marketRate: (E * 98n) / 100n }), [], now, cfg);
    expect(v.guarded).toBe(false);
  });

  it("guards after a sharp fair-rate drop between samples, for the cooldown only", () => {
    const history = [
      { timestamp: now - 3600, fairRate: E },
      { timestamp: now - 1800, fairRate: (E * 990n) / 1000n }, // -100 bps
      { timestamp: now, fairRate: (E * 990n) / 1000n },
    ];
    const v = evaluateGuard(adapter(0), history, now, cfg);
    expect(v.guarded).toBe(true);
    expect(v.exit).toBe(true);
    expect(v.reasons[0]).toMatch(/fair rate fell 100.00 bps/);
    const later = evaluateGuard(adapter(0), history, now + 2 * 86_400, cfg);
    expect(later.guarded).toBe(false);
  });

  it("guards without an exit when the valuation reverts", () => {
    const v = evaluateGuard(adapter(0, { errors: LensError.marketRate | LensError.realAssets }), [], now, cfg);
    expect(v.guarded).toBe(true);
    expect(v.exit).toBe(false);
    expect(v.reasons[0]).toBe("valuation reverts (realAssets, marketRate)");
  });

  it("guards without an exit an adapter the vault marks impaired", () => {
    const v = evaluateGuard(adapter(0, { impaired: true }), [], now, cfg);
    expect(v).toEqual({ guarded: true, exit: false, reasons: ["the vault marks it impaired (its last report could not value it)"] });
  });

  it("shortfallBps is zero when the lower value is not lower", () => {
    expect(shortfallBps(E, E + 1n)).toBe(0);
    expect(shortfallBps(0n, 0n)).toBe(0);
    expect(shortfallBps(E, (E * 9_950n) / 10_000n)).toBe(50);
  });
});
