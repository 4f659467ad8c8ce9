/** The depositors' page arithmetic: yields from published rounds, attribution from events, P&L, bounds. */
import { describe, expect, it } from "vitest";
import { attribute, boundFromPreview, duration, eth, exitCostBps, priceAt, profitAndLoss, windowYield, type AttributionEvents } from "../../../app/src/model.js";

const DAY = 86_400;
const E = 10n ** 18n;

describe("yield over a window, from the feed's rounds and the live price", () => {
  const points = [
    { time: 0, price: E },
    { time: 10 * DAY, price: (E * 1001n) / 1000n },
    { time: 30 * DAY, price: (E * 1003n) / 1000n },
  ];

  it("takes the price in force at the window's start and compounds to a year", () => {
    expect(priceAt(points, 15 * DAY)).toEqual(points[1]);
    const now = { time: 37 * DAY, price: (E * 1004n) / 1000n };
    const y = windowYield(points, now, 7);
    expect(y.spanSeconds).toBe(7 * DAY);
    expect(y.growth).toBeCloseTo(1.004 / 1.003 - 1, 12);
    expect(y.apy).toBeCloseTo(Math.pow(1.004 / 1.003, 365 / 7) - 1, 10);
  });

  it("spans the vault's whole life when it is younger than the window, and says so", () => {
    const now = { time: 37 * DAY, price: (E * 1004n) / 1000n };
    const y = windowYield(points, now, 365);
    expect(y.spanSeconds).toBe(37 * DAY);
    expect(y.growth).toBeCloseTo(0.004, 12);
  });

  it("has no yield without a price history", () => {
    expect(windowYield([], { time: DAY, price: E }, 7).apy).toBeNull();
  });
});

describe("where the yield came from", () => {
  it("sums per adapter and per payer within the window only", () => {
    const events: AttributionEvents = {
      revalued: [
        { time: 5, args: { adapter: "0xA", recorded: 100n, value: 90n } },
        { time: 50, args: { adapter: "0xa", recorded: 100n, value: 130n } },
        { time: 60, args: { adapter: "0xB", recorded: 100n, value: 95n } },
      ],
      profitLocked: [{ time: 50, args: { feeAssets: 3n, insuranceAssets: 2n } }],
      reserveRepaid: [{ time: 55, args: { assets: 4n } }],
      lossRecognised: [{ time: 60, args: { loss: 5n, coveredByReserve: 2n, lockedProfitCancelled: 1n, priceLoss: 1n } }],
      juniorAbsorbed: [{ time: 60, args: { assets: 1n } }],
    };
    const a = attribute(events, 10);
    expect(a.perAdapter.get("0xa")).toBe(30n);
    expect(a.perAdapter.get("0xb")).toBe(-5n);
    expect([a.performanceFee, a.insuranceCut, a.reserveRepaid]).toEqual([3n, 2n, 4n]);
    expect([a.loss, a.lossPaidByReserve, a.lossPaidByJunior, a.lossPaidByLockedProfit, a.lossPaidByPrice]).toEqual([5n, 2n, 1n, 1n, 1n]);
  });
});

describe("position and actions", () => {
  it("P&L is what is held plus what came back minus what went in", () => {
    expect(profitAndLoss({ deposited: 2n * E, withdrawn: 0n, claimed: E / 2n }, (E * 151n) / 100n)).toBe(E / 100n);
  });

  it("bounds are the preview less the tolerance, rounded down; exit cost in bps", () => {
    expect(boundFromPreview(10_001n, 50n)).toBe(9_950n);
    expect(exitCostBps(E, (E * 99n) / 100n)).toBe(100);
    expect(exitCostBps(E, E)).toBe(0);
  });

  it("formats wei and durations for people", () => {
    expect(eth(1_234_567_800_000_000_000_000n, 4)).toBe("1,234.5678");
    expect(eth(-5n * 10n ** 14n, 4)).toBe("-0.0005");
    expect(duration(3 * DAY + 4 * 3_600)).toBe("3 d 4 h");
    expect(duration(5_400)).toBe("1 h 30 min");
  });
});
