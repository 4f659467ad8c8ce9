/**
 * Queued exits. An instant exit sells the LRT through a pool at min(fair, market); the protocol's own
 * withdrawal queue pays the FAIR rate after a delay (min of the value at request and at finalisation).
 * In a depeg the market is the broken part, so queuing gets the fair value where selling would realise the
 * depeg as a loss. A sharp fair-rate drop (a slash) is different: the fair rate is what fell and may fall
 * further during the delay, so the position is sold at once, as is a depeg when configured to ("sell").
 */
import type { GuardVerdict } from "./guard.js";
import { LensError, type AdapterState, type Hex, type VaultState } from "./types.js";

/** How a depeg exit leaves the position. */
export type DepegExitMode = "queue" | "sell";

/** none: no exit proposed; sell: instant exit through the rebalance; queue: the protocol's withdrawal queue. */
export type ExitRoute = "none" | "sell" | "queue";

export interface ExitRequestPlan {
  adapter: Hex;
  /** Value at the fair rate to queue (`ILRTVault.requestExit(adapter, assets)`). */
  assets: bigint;
}

/** The route of an exit the guard proposes: a depeg alone is queued in "queue" mode; a drop is always sold. */
export function exitRoute(verdict: Pick<GuardVerdict, "exit" | "depeg" | "drop">, mode: DepegExitMode): ExitRoute {
  if (!verdict.exit) return "none";
  if (verdict.depeg && !verdict.drop && mode === "queue") return "queue";
  return "sell";
}

/**
 * The LRT still held (not yet queued), valued at the fair rate: what `requestExit` must be asked for to queue
 * all of it. The lens values the held part at min(fair, market), so it is scaled back up by fair / market,
 * rounding down (the adapter converts at the fair rate and must not be asked for more LRT than it holds).
 * Null when the valuation is broken (nothing sound to request).
 */
export function unqueuedFairValue(a: AdapterState): bigint | null {
  if (a.errors & (LensError.realAssets | LensError.fairRate | LensError.marketRate | LensError.pendingExits)) return null;
  if (a.marketRate <= 0n || a.fairRate <= 0n) return null;
  const held = a.realAssets > a.pendingExits ? a.realAssets - a.pendingExits : 0n;
  const valuation = a.marketRate < a.fairRate ? a.marketRate : a.fairRate;
  return (held * a.fairRate) / valuation;
}

/**
 * Queued-exit requests for this cycle: every adapter routed to the queue whose unqueued holding is at least
 * `minRequestWei`. Idempotent: once a position is queued the lens reports it in `pendingExits`, the unqueued
 * rest is dust, and nothing is requested again (across cycles and restarts alike).
 */
export function planExitRequests(state: VaultState, routes: readonly ExitRoute[], minRequestWei: bigint): ExitRequestPlan[] {
  const out: ExitRequestPlan[] = [];
  state.adapters.forEach((a, i) => {
    if (routes[i] !== "queue") return;
    const assets = unqueuedFairValue(a);
    if (assets !== null && assets >= minRequestWei && assets > 0n) out.push({ adapter: a.address, assets });
  });
  return out;
}

/** A protocol's per-request limits now, as the adapter reports them (`IAdapter.exitRequestLimits`). */
export interface ExitLimits {
  minAssets: bigint;
  maxAssets: bigint;
}

/** A planned request fitted into its protocol's limits: the request to send (null: none this cycle) and why it differs. */
export interface FittedExit {
  request: ExitRequestPlan | null;
  /** Why the request was cut or skipped (shown in the keeper's log and record); null when sent as planned. */
  reason: string | null;
}

/**
 * Fits a planned queued exit into the protocol's per-request limits (issue 18: ether.fi 0.001 to 1,000 ETH, Puffer
 * the DAO's maximum, Swell its limits, Kelp the uncommitted assets, 16 open exits per adapter). Above the maximum
 * the request is cut to it: the rest stays unqueued and is requested in later cycles (the plan is recomputed from
 * the lens every cycle). Below the minimum, or with no room at all, nothing is sent this cycle. Pure.
 */
export function fitExitRequest(plan: ExitRequestPlan, limits: ExitLimits | null, minRequestWei: bigint): FittedExit {
  if (limits === null) return { request: plan, reason: null };
  if (limits.maxAssets === 0n) return { request: null, reason: "the protocol accepts no request now (limit 0, a pause, or 16 exits open)" };
  let assets = plan.assets;
  let reason: string | null = null;
  if (assets > limits.maxAssets) {
    assets = limits.maxAssets;
    reason = `cut to the protocol's per-request maximum ${limits.maxAssets} wei; the rest in later cycles`;
  }
  if (assets < limits.minAssets || assets < minRequestWei) {
    return { request: null, reason: `below the protocol's per-request minimum ${limits.minAssets} wei (or the keeper's ${minRequestWei})` };
  }
  return { request: { adapter: plan.adapter, assets }, reason };
}

/** Adapters with queued exits outstanding: candidates for `claimExits` (a simulation tells if any is final). */
export function claimCandidates(state: VaultState): Hex[] {
  return state.adapters.filter((a) => a.pendingExits > 0n && (a.errors & LensError.pendingExits) === 0).map((a) => a.address);
}
