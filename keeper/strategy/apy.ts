/**
 * Yield is measured, not configured: each LRT's base APY comes from the growth of its protocol
 * fair rate (ETH per token) between stored samples, annualised with compounding:
 *
 *   apy = (rateNow / rateThen) ^ (year / elapsed) - 1
 *
 * Window choice, in this order:
 *  1. the first configured window (in the configured order of preference, e.g. 7d, then 1d, then 30d)
 *     that history covers: the newest sample at or before `now - window` is the start, or, when history
 *     is a little shorter than the window, the oldest sample if it spans at least `minCoverage` of it;
 *  2. otherwise the whole history, if it spans at least `minSpanSeconds`;
 *  3. otherwise no estimate (`baseApy` null): the optimiser treats it as zero base yield.
 * Every window's own value is reported too (null when not covered) for the status table.
 * With `excludeDropsBps` set (the keeper sets it to the guard's `dropBps`), a sharp fall between two
 * samples — a slash — is left out: it is a one-off loss, not a rate, and the guard acts on it.
 * Configured extras (points, token rewards) are added explicitly and kept apart from the base.
 */
import { SECONDS_PER_YEAR } from "./types.js";

export interface RateSample {
  /** Chain time in seconds. */
  timestamp: number;
  /** Fair rate, ETH per token, 1e18. */
  fairRate: bigint;
}

export interface ApyConfig {
  /** Window lengths in seconds, in order of preference. */
  windowsSeconds: readonly number[];
  /** Share (0..1] of a window that history must span for that window to count. */
  minCoverage: number;
  /** Shortest history used by the whole-history fallback. */
  minSpanSeconds: number;
  /**
   * A fall of more than this many bps between two consecutive samples (a slash) is a one-off loss,
   * not a rate of yield: it is left out of the growth (the depeg guard deals with it). Unset: kept in.
   */
  excludeDropsBps?: number;
}

export type ApySource = "window" | "history" | "insufficient";

export interface ApyEstimate {
  /** Measured base APY as a fraction (0.03 = 3 %), or null when history is too short. */
  baseApy: number | null;
  /** Configured extras as a fraction, shown apart. */
  extrasApy: number;
  /** What the optimiser uses: base (0 when unknown) plus extras. */
  totalApy: number;
  source: ApySource;
  /** Seconds between the two samples the base APY was measured over (0 when none). */
  spanSeconds: number;
  /** Window length used, when source is "window". */
  windowSeconds: number | null;
  /** Each configured window's APY, null when history does not cover it. */
  byWindow: { windowSeconds: number; apy: number | null }[];
}

/** Annualised, compounded growth from `from` to `to`. Null when the span is not positive. */
export function annualise(from: RateSample, to: RateSample): number | null {
  const elapsed = to.timestamp - from.timestamp;
  if (elapsed <= 0 || from.fairRate <= 0n) return null;
  // Ratio at 1e18 precision in bigint first, so two rates close to each other keep their digits.
  const ratio = Number((to.fairRate * 10n ** 18n) / from.fairRate) / 1e18;
  return Math.exp((Math.log(ratio) * SECONDS_PER_YEAR) / elapsed) - 1;
}

function ratioOf(from: RateSample, to: RateSample): number {
  return Number((to.fairRate * 10n ** 18n) / from.fairRate) / 1e18;
}

/**
 * Annualised growth from `from` to `to` (both in `sorted`), leaving out every fall between consecutive
 * samples larger than `cfg.excludeDropsBps`.
 */
function annualiseBetween(sorted: readonly RateSample[], from: RateSample, to: RateSample, cfg: ApyConfig): number | null {
  const plain = annualise(from, to);
  if (plain === null || cfg.excludeDropsBps === undefined) return plain;
  let factor = ratioOf(from, to);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1]!;
    const b = sorted[k]!;
    if (a.timestamp < from.timestamp || b.timestamp > to.timestamp || a.fairRate <= 0n) continue;
    if ((a.fairRate - b.fairRate) * 10_000n > a.fairRate * BigInt(Math.floor(cfg.excludeDropsBps))) {
      factor /= ratioOf(a, b);
    }
  }
  return Math.exp((Math.log(factor) * SECONDS_PER_YEAR) / (to.timestamp - from.timestamp)) - 1;
}

function windowStart(sorted: readonly RateSample[], end: RateSample, window: number, cfg: ApyConfig) {
  const cutoff = end.timestamp - window;
  let start: RateSample | undefined;
  for (const s of sorted) {
    if (s.timestamp <= cutoff) start = s;
    else break;
  }
  if (start !== undefined) return start;
  const oldest = sorted[0];
  if (oldest !== undefined && end.timestamp - oldest.timestamp >= window * cfg.minCoverage) return oldest;
  return undefined;
}

/**
 * Estimates an LRT's APY from its fair-rate samples (any order; the newest is "now").
 * `extrasBps` is added on top and reported apart.
 */
export function estimateApy(samples: readonly RateSample[], cfg: ApyConfig, extrasBps = 0): ApyEstimate {
  const extrasApy = extrasBps / 10_000;
  const sorted = [...samples].sort((a, b) => a.timestamp - b.timestamp);
  const end = sorted[sorted.length - 1];
  const none: ApyEstimate = {
    baseApy: null,
    extrasApy,
    totalApy: extrasApy,
    source: "insufficient",
    spanSeconds: 0,
    windowSeconds: null,
    byWindow: cfg.windowsSeconds.map((w) => ({ windowSeconds: w, apy: null })),
  };
  if (end === undefined) return none;

  const byWindow = cfg.windowsSeconds.map((w) => {
    const start = windowStart(sorted, end, w, cfg);
    return { windowSeconds: w, start, apy: start === undefined ? null : annualiseBetween(sorted, start, end, cfg) };
  });
  const chosen = byWindow.find((w) => w.apy !== null);
  const report = byWindow.map(({ windowSeconds, apy }) => ({ windowSeconds, apy }));
  if (chosen !== undefined && chosen.start !== undefined && chosen.apy !== null) {
    return {
      baseApy: chosen.apy,
      extrasApy,
      totalApy: chosen.apy + extrasApy,
      source: "window",
      spanSeconds: end.timestamp - chosen.start.timestamp,
      windowSeconds: chosen.windowSeconds,
      byWindow: report,
    };
  }
  const oldest = sorted[0]!;
  const span = end.timestamp - oldest.timestamp;
  const whole = span >= cfg.minSpanSeconds ? annualiseBetween(sorted, oldest, end, cfg) : null;
  if (whole !== null) {
    return {
      baseApy: whole,
      extrasApy,
      totalApy: whole + extrasApy,
      source: "history",
      spanSeconds: span,
      windowSeconds: null,
      byWindow: report,
    };
  }
  return { ...none, byWindow: report };
}
