/**
 * After a recognised slash: hold or sell? A fair-rate drop is a loss that has already happened: selling after it
 * only adds the exit's cost (pool fee, price impact) and, when the LRT is bought back, the entry's. It pays only
 * when the measured forward risk says more loss is likely soon, so the decision weighs the two:
 *
 *   expected loss avoided = position x p x severity
 *   cost of the exit      = position x (exit cost now + entry cost of coming back)
 *   exit  iff  expected loss avoided > cost of the exit
 *
 * p is the probability of a further loss within `repeatWindowSeconds` BEYOND the risk every LRT carries (that one
 * is in each LRT's yield already, and selling one LRT to buy another does not avoid it). Without a signal it is 0:
 * a slash alone is held. Each forward-risk signal seen now adds `signalProbabilityBps` (p = 1 - Π(1 - p_k)):
 *  - a slash repeated: a second drop beyond `dropBps` within the window (a protocol losing stake, or an exploit
 *    still running);
 *  - an impaired protocol: the vault marks the adapter impaired (its last report could not value it);
 *  - a depeg that persists: the market stays below the (already cut) fair rate by more than `depegBps`: the market
 *    expects the fair rate to fall further.
 *  - any further signal the caller passes (the protocol's own events: a loss not in its rate yet).
 * severity is the largest drop seen in the window, or the market's discount when that is larger (its estimate of
 * what is still to come). Pure: no I/O; the verdict's reasons carry the numbers.
 */
import type { RateSample } from "./apy.js";
import { shortfallBps } from "./guard.js";
import { LensError, type AdapterState } from "./types.js";

export interface ForwardRiskConfig {
  /** "weigh": sell after a drop only when the expected further loss beats the exit's cost; "exit": always sell. */
  slashExit: "weigh" | "exit";
  /** Window (seconds) in which a second drop counts as a repeated slash, and the horizon of the weighing. */
  repeatWindowSeconds: number;
  /** Probability (bps) of a further loss within the window that each forward-risk signal adds. */
  signalProbabilityBps: number;
}

export const DEFAULT_FORWARD_RISK: ForwardRiskConfig = {
  slashExit: "weigh",
  repeatWindowSeconds: 30 * 86_400,
  signalProbabilityBps: 5_000,
};

export interface SlashExitDecision {
  exit: boolean;
  /** Probability of a further loss within the window (0..1). */
  probability: number;
  /** Size of that further loss, as a share of the position (0..1). */
  severity: number;
  /** Expected loss avoided by selling and cost of the exit, both as shares of the position. */
  lossAvoided: number;
  exitCost: number;
  /** The forward-risk signals seen (empty: none). */
  signals: string[];
  /** One line for the cycle's reasons. */
  reason: string;
}

/** Drops beyond `dropBps` between consecutive samples within `windowSeconds` of `now`, in bps, oldest first. */
export function dropsWithin(history: readonly RateSample[], now: number, windowSeconds: number, dropBps: number): number[] {
  const sorted = [...history].sort((a, b) => a.timestamp - b.timestamp);
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    if (now - sorted[i]!.timestamp > windowSeconds) continue;
    const fell = shortfallBps(sorted[i - 1]!.fairRate, sorted[i]!.fairRate);
    if (fell > dropBps) out.push(fell);
  }
  return out;
}

/** The exit's cost as a share of the position, from the lens's preview of an instant exit of the whole of it. */
export function exitCostShare(a: AdapterState): number {
  if (a.exitAmount <= 0n || (a.errors & LensError.previewDeallocate) !== 0) return 0;
  const out = a.exitPreview > a.exitAmount ? a.exitAmount : a.exitPreview;
  return Number(a.exitAmount - out) / Number(a.exitAmount);
}

/**
 * Hold or sell after a recognised drop. `entryCostBps` is the cost of coming back (the adapter's configured entry
 * cost). A position that cannot be valued (no exit preview) is weighed at zero exit cost: any forward risk sells it.
 */
export function weighSlashExit(
  a: AdapterState,
  history: readonly RateSample[],
  now: number,
  guard: { depegBps: number; dropBps: number },
  cfg: ForwardRiskConfig,
  entryCostBps = 0,
  extraSignals: readonly string[] = [],
): SlashExitDecision {
  const drops = dropsWithin(history, now, cfg.repeatWindowSeconds, guard.dropBps);
  const signals: string[] = [...extraSignals];
  if (drops.length >= 2) signals.push(`slash repeated (${drops.length} drops in ${Math.round(cfg.repeatWindowSeconds / 86_400)}d)`);
  if (a.impaired === true) signals.push("protocol impaired");
  const discountBps = (a.errors & (LensError.fairRate | LensError.marketRate)) === 0 ? shortfallBps(a.fairRate, a.marketRate) : 0;
  if (discountBps > guard.depegBps) signals.push(`depeg persists (market ${discountBps.toFixed(0)} bps below the cut fair rate)`);
  const k = cfg.signalProbabilityBps / 10_000;
  const probability = 1 - Math.pow(1 - k, signals.length);
  const severity = Math.max(0, ...drops, discountBps) / 10_000;
  const lossAvoided = probability * severity;
  const exitCost = exitCostShare(a) + entryCostBps / 10_000;
  const exit = cfg.slashExit === "exit" || lossAvoided > exitCost;
  const bps = (x: number) => `${(x * 10_000).toFixed(1)} bps`;
  const why =
    cfg.slashExit === "exit"
      ? "sell: guard.slashExit is exit"
      : `${exit ? "sell" : "hold"}: expected further loss ${bps(lossAvoided)} (p ${(probability * 100).toFixed(1)} % x ${bps(severity)}) ${exit ? ">" : "<="} exit cost ${bps(exitCost)}`;
  const reason = `${why}; ${signals.length === 0 ? "no forward-risk signal (the loss is realised)" : signals.join(", ")}`;
  return { exit, probability, severity, lossAvoided, exitCost, signals, reason };
}
