/**
 * Risk tiers as products: the keeper's replayed years (bench/replay.ts) split into the vault's loss layers. Per
 * seeded year, the vault's gross profit (its growth with every slash added back) accrues evenly over the year and
 * each slash falls on its day. Every layer holds vault shares: the profit after the insurance cut grows the
 * reserve, the junior capital and the senior holders pro rata; the cut refills the reserve to its target (its
 * starting size), and what is beyond goes to junior capital by its share of the coverage held (junior /
 * (reserve + junior)), the rest to the reserve, as LRTVaultBase._creditJunior mints it. A slash burns the reserve
 * first, then junior capital, then reaches the senior price (locked profit, which would come between, is left out:
 * the figures are the seniors' worst case). Slashes do not recover in the replay, so no repayment is modelled.
 */
import type { ReplayParams, ReplaySummary, StrategyOutcome } from "./replay.js";
import { median } from "./stats.js";

/** Junior capital as a share of total assets, the rows the bench prints (0: no junior layer). */
export const JUNIOR_SHARES = [0, 0.05, 0.1] as const;
/** The insurance cut of Deploy.s.sol (bps of profit). */
export const INSURANCE_BPS = 500;

export interface TrancheYear {
  /** Senior holders' return over the year, percent. */
  seniorPct: number;
  /** Junior capital's return over the year, percent (NaN without a junior layer). */
  juniorPct: number;
  /** The largest share of senior capital one slash took, percent. */
  seniorWorstEventPct: number;
  /** The largest share of junior capital one slash took, percent. */
  juniorWorstEventPct: number;
}

/** One year of the keeper (`out`) with junior capital `juniorShare` of total assets at the start. */
export function trancheYear(out: StrategyOutcome, p: ReplayParams, days: number, juniorShare: number, insuranceBps = INSURANCE_BPS): TrancheYear {
  const total0 = p.vaultEth;
  const target = (total0 * p.reserveBps) / 10_000;
  let reserve = target;
  let junior = total0 * juniorShare;
  let senior = total0 - reserve - junior;
  const senior0 = senior;
  const junior0 = junior;
  const grossProfit = out.finalEth - total0 + out.eventLosses.reduce((s, e) => s + e.lossEth, 0);
  const cut = insuranceBps / 10_000;
  let seniorWorst = 0;
  let juniorWorst = 0;
  let day = 0;
  const accrue = (to: number) => {
    const profit = (grossProfit * (to - day)) / days;
    day = to;
    const all = reserve + junior + senior;
    if (profit <= 0 || all <= 0) {
      // A losing stretch (no slash): every share holder's value moves pro rata.
      const f = all <= 0 ? 1 : 1 + profit / all;
      reserve *= f;
      junior *= f;
      senior *= f;
      return;
    }
    const insurance = profit * cut;
    const rest = profit - insurance;
    reserve += (rest * reserve) / all;
    junior += (rest * junior) / all;
    senior += (rest * senior) / all;
    const toTarget = Math.min(insurance, Math.max(0, target - reserve));
    const beyond = insurance - toTarget;
    const premium = reserve + junior > 0 ? (beyond * junior) / (reserve + junior) : 0;
    reserve += insurance - premium;
    junior += premium;
  };
  for (const e of out.eventLosses) {
    accrue(e.day);
    const byReserve = Math.min(e.lossEth, reserve);
    const byJunior = Math.min(e.lossEth - byReserve, junior);
    const bySenior = e.lossEth - byReserve - byJunior;
    if (junior > 0) juniorWorst = Math.max(juniorWorst, (byJunior / junior) * 100);
    if (senior > 0) seniorWorst = Math.max(seniorWorst, (bySenior / senior) * 100);
    reserve -= byReserve;
    junior -= byJunior;
    senior -= bySenior;
  }
  accrue(days);
  return {
    seniorPct: (senior / senior0 - 1) * 100,
    juniorPct: junior0 > 0 ? (junior / junior0 - 1) * 100 : Number.NaN,
    seniorWorstEventPct: seniorWorst,
    juniorWorstEventPct: juniorWorst,
  };
}

export interface TrancheRow {
  /** Junior capital, share of total assets. */
  juniorShare: number;
  senior: { medianPct: number; worstYearPct: number; worstEventPct: number };
  /** Null without a junior layer. */
  junior: { medianPct: number; worstYearPct: number; worstEventPct: number } | null;
}

/** Per junior share of JUNIOR_SHARES: senior and junior returns over the replayed years of the keeper. */
export function trancheRows(summary: Pick<ReplaySummary, "runs">, p: ReplayParams, shares: readonly number[] = JUNIOR_SHARES): TrancheRow[] {
  return shares.map((share) => {
    const years = summary.runs.map((r) => trancheYear(r.outcomes.keeper, p, r.days, share));
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      juniorShare: share,
      senior: {
        medianPct: round(median(years.map((y) => y.seniorPct))),
        worstYearPct: round(Math.min(...years.map((y) => y.seniorPct))),
        worstEventPct: round(Math.max(...years.map((y) => y.seniorWorstEventPct))),
      },
      junior:
        share === 0
          ? null
          : {
              medianPct: round(median(years.map((y) => y.juniorPct))),
              worstYearPct: round(Math.min(...years.map((y) => y.juniorPct))),
              worstEventPct: round(Math.max(...years.map((y) => y.juniorWorstEventPct))),
            },
    };
  });
}
