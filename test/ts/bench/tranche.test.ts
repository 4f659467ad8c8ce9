import { describe, expect, it } from "vitest";
import { juniorGas } from "../../../bench/gas.js";
import { defaultReplayParams, emptyOutcome, type StrategyOutcome } from "../../../bench/replay.js";
import { trancheYear } from "../../../bench/tranche.js";

/** A keeper year: `finalEth` at the end and the given slashes. */
function year(finalEth: number, eventLosses: StrategyOutcome["eventLosses"]): StrategyOutcome {
  return { ...emptyOutcome(), finalEth, eventLosses };
}

describe("bench: loss layers over a replayed year", () => {
  const p = { ...defaultReplayParams(), vaultEth: 1_000, reserveBps: 100 };

  it("a slash burns the reserve, then junior capital, and reaches seniors only beyond both", () => {
    // No profit at all: 1,000 ETH end at 970 after a 30 ETH slash on day 100 (10 ETH reserve, 50 ETH junior).
    const y = trancheYear(year(970, [{ day: 100, lossEth: 30 }]), p, 365, 0.05, 0);
    expect(y.seniorPct).toBeCloseTo(0, 9);
    expect(y.juniorPct).toBeCloseTo(-40, 9);
    expect(y.seniorWorstEventPct).toBe(0);
    expect(y.juniorWorstEventPct).toBeCloseTo(40, 9);
    // The same year without a junior layer: seniors (990 ETH) take 20 ETH.
    const none = trancheYear(year(970, [{ day: 100, lossEth: 30 }]), p, 365, 0, 0);
    expect(none.seniorWorstEventPct).toBeCloseTo((20 / 990) * 100, 9);
    expect(Number.isNaN(none.juniorPct)).toBe(true);
  });

  it("the insurance cut beyond the reserve's target is junior's premium, by its share of the coverage", () => {
    // 100 ETH of profit, no slash, a 10 % cut: the reserve is at its target, so 10 ETH is beyond it; junior holds
    // 50 of the 60 ETH of coverage (after its pro-rata share of the 90 ETH rest).
    const y = trancheYear(year(1_100, []), p, 365, 0.05, 1_000);
    const seniorGrowth = 90 / 1_000;
    expect(y.seniorPct).toBeCloseTo(seniorGrowth * 100, 9);
    const junior = 50 * (1 + seniorGrowth);
    const reserve = 10 * (1 + seniorGrowth);
    expect(y.juniorPct).toBeCloseTo(((junior + (10 * junior) / (junior + reserve)) / 50 - 1) * 100, 9);
  });

  it("reads the junior gas harness and judges report() against the +10 % target", () => {
    const g = juniorGas({
      isolated: true,
      juniorDeposit: 1,
      juniorRequest: 2,
      juniorClaim: 3,
      reportProfitWithoutJunior: 100,
      reportProfitWithJunior: 108,
      reportLossWithoutJunior: 100,
      reportLossWithJunior: 120,
      reportLossAgainWithoutJunior: 100,
      reportLossAgainWithJunior: 110,
    });
    expect(g.reportProfitRatio).toBe(1.08);
    expect(g.reportLossRatio).toBe(1.2);
    expect(g.target).toBe(1.1);
    expect(() => juniorGas({ isolated: true })).toThrow(/junior result juniorDeposit is missing/);
  });
});
