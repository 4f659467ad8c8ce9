/**
 * The depositor page's arithmetic, apart from I/O: yields from the feed's published rounds, where the yield came
 * from (per-report events), the position's profit and loss. Every input is a chain value (views and events), so
 * anyone can recompute what the page shows.
 */

export const YEAR_SECONDS = 365 * 86_400;
export const WAD = 10n ** 18n;

/** One published price (the feed's AnswerUpdated) or the live price now. */
export interface PricePoint {
  time: number;
  price: bigint;
}

export interface WindowYield {
  days: number;
  /** Annualised yield over the window (compounded), or null when the vault has no price that old. */
  apy: number | null;
  /** Seconds the figure actually spans (shorter than the window for a young vault). */
  spanSeconds: number;
  /** Price growth over the span, not annualised. */
  growth: number;
}

/** The price in force at `time`: the last point at or before it (points sorted by time). */
export function priceAt(points: readonly PricePoint[], time: number): PricePoint | null {
  let found: PricePoint | null = null;
  for (const p of points) {
    if (p.time <= time) found = p;
    else break;
  }
  return found;
}

/** Yield over the last `days`: from the price in force at the window's start (or the first price, for a vault
 * younger than the window) to the live price now. */
export function windowYield(points: readonly PricePoint[], now: PricePoint, days: number): WindowYield {
  const start = priceAt(points, now.time - days * 86_400) ?? points[0] ?? null;
  if (start === null || start.price === 0n) return { days, apy: null, spanSeconds: 0, growth: 0 };
  const span = now.time - start.time;
  const growth = Number((now.price * 10n ** 12n) / start.price) / 1e12 - 1;
  if (span <= 0) return { days, apy: null, spanSeconds: 0, growth };
  return { days, apy: Math.pow(1 + growth, YEAR_SECONDS / span) - 1, spanSeconds: span, growth };
}

/** What the vault's events say happened over a window, in WETH wei. */
export interface Attribution {
  /** Per adapter: sum of report revaluations (rate growth, or losses as negatives), before fees and locking. */
  perAdapter: Map<string, bigint>;
  performanceFee: bigint;
  insuranceCut: bigint;
  /** Gains that repaid what the reserve had covered (no fee, not locked). */
  reserveRepaid: bigint;
  /** Losses recognised, and who paid them. */
  loss: bigint;
  lossPaidByReserve: bigint;
  lossPaidByLockedProfit: bigint;
  lossPaidByJunior: bigint;
  lossPaidByPrice: bigint;
}

export interface TimedEvent<T> {
  time: number;
  args: T;
}

export interface AttributionEvents {
  revalued: TimedEvent<{ adapter: string; recorded: bigint; value: bigint }>[];
  profitLocked: TimedEvent<{ feeAssets: bigint; insuranceAssets: bigint }>[];
  reserveRepaid: TimedEvent<{ assets: bigint }>[];
  lossRecognised: TimedEvent<{ loss: bigint; coveredByReserve: bigint; lockedProfitCancelled: bigint; priceLoss: bigint }>[];
  /** The junior tranche's part of losses (after the reserve, before locked profit). */
  juniorAbsorbed: TimedEvent<{ assets: bigint }>[];
}

/** Sums the events at or after `since`. */
export function attribute(events: AttributionEvents, since: number): Attribution {
  const out: Attribution = {
    perAdapter: new Map(),
    performanceFee: 0n,
    insuranceCut: 0n,
    reserveRepaid: 0n,
    loss: 0n,
    lossPaidByReserve: 0n,
    lossPaidByLockedProfit: 0n,
    lossPaidByJunior: 0n,
    lossPaidByPrice: 0n,
  };
  for (const e of events.revalued) {
    if (e.time < since) continue;
    const key = e.args.adapter.toLowerCase();
    out.perAdapter.set(key, (out.perAdapter.get(key) ?? 0n) + e.args.value - e.args.recorded);
  }
  for (const e of events.profitLocked) {
    if (e.time < since) continue;
    out.performanceFee += e.args.feeAssets;
    out.insuranceCut += e.args.insuranceAssets;
  }
  for (const e of events.reserveRepaid) if (e.time >= since) out.reserveRepaid += e.args.assets;
  for (const e of events.lossRecognised) {
    if (e.time < since) continue;
    out.loss += e.args.loss;
    out.lossPaidByReserve += e.args.coveredByReserve;
    out.lossPaidByLockedProfit += e.args.lockedProfitCancelled;
    out.lossPaidByPrice += e.args.priceLoss;
  }
  for (const e of events.juniorAbsorbed) if (e.time >= since) out.lossPaidByJunior += e.args.assets;
  return out;
}

/** A holder's flows, from the vault's ERC-4626 events and the queue's claims. */
export interface Flows {
  deposited: bigint;
  withdrawn: bigint;
  claimed: bigint;
}

/** Profit and loss since the first deposit: what the holder has (shares' value, requests still owed or claimable)
 * plus what came back, minus what went in. */
export function profitAndLoss(flows: Flows, holdingsValue: bigint): bigint {
  return holdingsValue + flows.withdrawn + flows.claimed - flows.deposited;
}

/** Preview less `toleranceBps`, rounded down: the bound sent with a transaction (minShares / minAssets). */
export function boundFromPreview(preview: bigint, toleranceBps: bigint): bigint {
  return (preview * (10_000n - toleranceBps)) / 10_000n;
}

/** Cost of a paid instant exit in bps of the value sold (0 when it pays the full value). */
export function exitCostBps(value: bigint, paid: bigint): number {
  if (value === 0n || paid >= value) return 0;
  return Number(((value - paid) * 1_000_000n) / value) / 100;
}

/** WETH wei as text with `digits` decimals (rounded down), e.g. 1.2345. */
export function eth(wei: bigint, digits = 4): string {
  const neg = wei < 0n;
  const abs = neg ? -wei : wei;
  const unit = 10n ** BigInt(18 - digits);
  const scaled = abs / unit;
  const whole = scaled / 10n ** BigInt(digits);
  const frac = (scaled % 10n ** BigInt(digits)).toString().padStart(digits, "0");
  return `${neg ? "-" : ""}${whole.toLocaleString("en-US")}${digits > 0 ? `.${frac}` : ""}`;
}

export function pct(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? "n/a" : `${(x * 100).toFixed(digits)} %`;
}

/** A duration in words: "3 d 4 h", "5 h 2 min", "40 s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3_600)} h`;
  if (s >= 3_600) return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min`;
  return `${s} s`;
}
