/**
 * Depeg guard. An adapter is guarded (no new allocation) when:
 *  - its market rate is below its fair rate by more than `depegBps` (e.g. ezETH, April 2024), or
 *  - its fair rate fell by more than `dropBps` between two consecutive samples within the last
 *    `cooldownSeconds` (a slash or a protocol failure shows in the rate), or
 *  - the lens could not value it (a reverting valuation or market feed), or the vault marks it impaired, or
 *  - its protocol's events show a loss its rate does not show yet (a capped ether.fi report, a Swell lockdown, a
 *    pending Puffer or Renzo beacon-chain loss: strategy/signals.ts). Such a signal proposes no exit: the loss is
 *    the protocol's, and leaving at a rate that does not show it yet only passes it to whoever buys.
 * A depeg or a drop also proposes an exit (`exit: true`); `depeg` and `drop` say which, since a depeg
 * may be left through the protocol's queue at the fair rate instead of sold (see exits.ts).
 * A broken valuation proposes none: an instant exit would need the same broken valuation.
 */
import type { RateSample } from "./apy.js";
import type { ProtocolSignal } from "./signals.js";
import { LensError, type AdapterState } from "./types.js";

export interface GuardConfig {
  /** Market below fair by more than this many bps counts as a depeg. */
  depegBps: number;
  /** A fair-rate fall of more than this many bps between consecutive samples counts as a sharp drop. */
  dropBps: number;
  /** How long (seconds of chain time) a sharp drop keeps the adapter guarded. */
  cooldownSeconds: number;
}

export interface GuardVerdict {
  guarded: boolean;
  exit: boolean;
  /** The market price is below the fair rate by more than the limit. */
  depeg: boolean;
  /** The fair rate itself fell sharply within the cooldown (a slash or a protocol failure). */
  drop: boolean;
  reasons: string[];
}

/** Bps by which `lower` is below `upper` (0 when it is not below). */
export function shortfallBps(upper: bigint, lower: bigint): number {
  if (upper <= 0n || lower >= upper) return 0;
  return Number(((upper - lower) * 1_000_000n) / upper) / 100;
}

/**
 * Judges one adapter from its current state and its fair-rate history (which may include the current
 * sample). `now` is chain time in seconds.
 */
/** Seconds as "3d 4h", "5h 12m", "40m", "12s". */
export function ago(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86_400), h = Math.floor((s % 86_400) / 3_600), m = Math.floor((s % 3_600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return m > 0 ? `${m}m` : `${s}s`;
}

export function evaluateGuard(
  adapter: AdapterState,
  history: readonly RateSample[],
  now: number,
  cfg: GuardConfig,
  signals: readonly ProtocolSignal[] = [],
): GuardVerdict {
  const reasons: string[] = signals.map((s) => s.reason);
  let depeg = false;
  let drop = false;
  if (adapter.impaired === true) reasons.push("the vault marks it impaired (its last report could not value it)");
  const broken = adapter.errors & (LensError.realAssets | LensError.fairRate | LensError.marketRate);
  if (broken !== 0) {
    const what = [
      adapter.errors & LensError.realAssets ? "realAssets" : null,
      adapter.errors & LensError.fairRate ? "fairRate" : null,
      adapter.errors & LensError.marketRate ? "marketRate" : null,
    ].filter((s) => s !== null);
    reasons.push(`valuation reverts (${what.join(", ")})`);
  } else {
    const below = shortfallBps(adapter.fairRate, adapter.marketRate);
    if (below > cfg.depegBps) {
      reasons.push(`depeg: market ${below.toFixed(2)} bps below fair (limit ${cfg.depegBps})`);
      depeg = true;
    }
  }
  const sorted = [...history].sort((a, b) => a.timestamp - b.timestamp);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if (now - next.timestamp > cfg.cooldownSeconds) continue;
    const fell = shortfallBps(prev.fairRate, next.fairRate);
    if (fell > cfg.dropBps) {
      // Chain time as UTC (minute precision), with how long ago: an operator reads this in the status table.
      const at = new Date(next.timestamp * 1000).toISOString().slice(0, 16).replace("T", " ");
      reasons.push(`fair rate fell ${fell.toFixed(2)} bps at ${at} UTC (${ago(now - next.timestamp)} ago; limit ${cfg.dropBps}; held ${ago(cfg.cooldownSeconds)})`);
      drop = true;
      break;
    }
  }
  return { guarded: reasons.length > 0, exit: depeg || drop, depeg, drop, reasons };
}
