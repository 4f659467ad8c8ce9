/**
 * Serving the redemption queue (issue 11), as pure functions of the vault and queue state.
 *
 * Queued redemptions are a liability: what the pending requests are owed (their value at request, the most the
 * queue can pay) must be liquid by each request's due time, on top of the buffer floor (the shortfall this step
 * raises through protocol queues includes the floor, so restoring it after the queue is paid costs no sale). Liquidity comes, in order
 * of arrival, from idle WETH now, from queued protocol exits already on the way, from new queued exits (the fair
 * rate, after the protocol's delay) and from instant exits (now, at the venue's price impact). For what idle and
 * the exits on the way do not cover, the keeper picks the cheapest source that lands by the head's due time:
 * a queued exit costs the yield the value stops earning during the delay, an instant exit its price impact. An
 * instant exit for the queue goes through the queue's `unwindInstant`, which charges its penalty to the requests
 * it serves (never to the holders who stay or to the reserve) and is open only once the head is overdue.
 *
 * The planner then sees the vault as it will be once the queue is paid (`stateForPlanner`): idle less what the
 * queue is owed beyond the exits on the way, so the optimiser keeps `buffer floor + owed` liquid and never
 * allocates WETH the queue needs.
 */
import { exitCostOf, exitableAmount } from "./optimizer.js";
import { BPS, type Hex, type QueueState, type VaultState } from "./types.js";

export type { QueueRequest, QueueState } from "./types.js";

/** Where a queued exit could come from: one adapter, its protocol queue delay and the yield it earns. */
export interface ExitVenue {
  adapter: Hex;
  /** The protocol withdrawal queue's delay, seconds. */
  delaySeconds: number;
  /** Expected APY (fraction): what the value stops earning while it waits in the protocol queue. */
  apy: number;
  /**
   * Whether the protocol promises `delaySeconds` (issue 18: none of ether.fi, Kelp, Puffer, Swell, Renzo does; their
   * finalisation waits on reports, operators, full batches, roles or a buffer). Absent or false: a typical time.
   */
  promised?: boolean;
}

/**
 * none: nothing owed; idle: idle covers what is owed; pending: idle and exits already on the way cover it; queue:
 * new protocol exits requested; instant: instant exits through the queue (overdue head); wait: nothing can raise it
 * in time yet (the liveness path opens at the head's due time).
 */
export type QueueRoute = "none" | "idle" | "pending" | "queue" | "instant" | "wait";

export interface QueueOrder {
  adapter: Hex;
  assets: bigint;
}

export interface QueuePlan {
  /** Requests idle covers now (call `fulfil(fulfil)` when > 0). */
  fulfil: number;
  /** Owed plus the buffer floor, beyond idle and the exits already on the way. */
  shortfall: bigint;
  /** Queued exits to request now (the allocator's `requestExit`). */
  queueExits: QueueOrder[];
  /** Instant exits for the overdue head, through the queue's `unwindInstant` (the requests served pay). */
  instantExits: QueueOrder[];
  /** How what is owed is met (see QueueRoute). */
  route: QueueRoute;
  /** Expected cost of raising the shortfall (wei): yield forgone in protocol queues, or price impact. */
  expectedCostWei: bigint;
  /** Expected fulfilment time (chain seconds) of each request in `queue.requests`, same order. */
  expectedFulfilAt: bigint[];
  notes: string[];
}

export interface QueuePlanOptions {
  /** The keeper's cycle interval, seconds: a landed exit is claimed and fulfilled within one more cycle. */
  cycleSeconds: number;
  /** Exits smaller than this are dust and left out. */
  minMoveWei: bigint;
  /** The hard cap of one fulfilment (the queue's MAX_BATCH). */
  maxBatch: number;
}

const YEAR = 365 * 86_400;

function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

/** How many requests from the head idle covers now: payouts are at most `owed`, so this never overstates. */
export function fulfillableCount(queue: QueueState, idle: bigint, maxBatch: number): number {
  let sum = 0n;
  let n = 0;
  for (const r of queue.requests) {
    if (n >= maxBatch || sum + r.owed > idle) break;
    sum += r.owed;
    n++;
  }
  return n;
}

function pendingExitsOf(state: VaultState): bigint {
  return state.adapters.reduce((s, a) => s + a.pendingExits, 0n);
}

/** What a queued exit of `assets` through `v` costs: the yield the value does not earn during the delay. */
function queuedCost(v: ExitVenue, assets: bigint): number {
  return Number(assets) * v.apy * (v.delaySeconds / YEAR);
}

/**
 * The queue's plan for this cycle. Deterministic; no I/O. `venues` lists every adapter the keeper may exit
 * (same addresses as `state.adapters`); adapters missing from it are never used for the queue.
 */
export function planQueue(state: VaultState, queue: QueueState, venues: readonly ExitVenue[], options: QueuePlanOptions): QueuePlan {
  const now = state.timestamp;
  const notes: string[] = [];
  const fulfil = state.paused ? 0 : fulfillableCount(queue, state.idle, options.maxBatch);
  const onTheWay = pendingExitsOf(state);
  const owed = queue.owedAssets;
  // The target keeps `buffer floor + owed` liquid: the floor as the planner and the vault compute it (on today's
  // total assets), so once these exits are on the way the planner sees its floor met and sells nothing for it.
  const floor = ceilDiv(state.totalAssets * BigInt(state.bufferFloorBps), BPS);
  const need = owed + floor;
  const shortfall = need > state.idle + onTheWay ? need - state.idle - onTheWay : 0n;
  const queueExits: QueueOrder[] = [];
  const instantExits: QueueOrder[] = [];
  let route: QueueRoute = owed === 0n ? "none" : owed <= state.idle ? "idle" : "pending";
  let cost = 0;
  const venueOf = new Map(venues.map((v) => [v.adapter.toLowerCase(), v]));

  const candidates = state.adapters
    .map((a) => ({ a, v: venueOf.get(a.address.toLowerCase()), exitable: exitableAmount(a) }))
    .filter((o) => o.v !== undefined && o.exitable > 0n && usable(o.a));
  if (queue.overdue) {
    // Past the due time: only an instant exit serves the head now, for what the head requests lack beyond idle
    // (the queue's unwindInstant bound); the cheapest venues first. The queue charges the cost to those requests.
    const headOwed = queue.requests.slice(0, options.maxBatch).reduce((s, r) => s + r.owed, 0n);
    let left = headOwed > state.idle ? headOwed - state.idle : 0n;
    const byImpact = [...candidates].sort((x, y) => exitCostOf(x.a) - exitCostOf(y.a));
    for (const o of byImpact) {
      if (left < options.minMoveWei) break;
      const take = o.exitable < left ? o.exitable : left;
      if (take < options.minMoveWei) continue;
      instantExits.push({ adapter: o.a.address, assets: take });
      cost += Number(take) * exitCostOf(o.a);
      left -= take;
    }
    route = instantExits.length > 0 ? "instant" : "wait";
    notes.push(`head request ${queue.headId} is overdue: instant exits through the queue, paid by the requests served`);
  } else if (shortfall >= options.minMoveWei && shortfall > 0n) {
    // The head's due time bounds when the liquidity must land: a queued exit is useful only if it lands (and the
    // next cycle claims and fulfils) by then. Among those, the least forgone yield first; an instant exit is only
    // available once the head is overdue, so what cannot land in time waits for then (route "wait").
    const due = queue.headDueAt;
    const fits = candidates.filter((o) => now + BigInt(o.v!.delaySeconds + options.cycleSeconds) <= due);
    const byCost = [...fits].sort((x, y) => queuedCost(x.v!, 10n ** 18n) - queuedCost(y.v!, 10n ** 18n));
    let left = shortfall;
    for (const o of byCost) {
      if (left === 0n) break;
      const take = o.exitable < left ? o.exitable : left;
      if (take < options.minMoveWei) continue;
      queueExits.push({ adapter: o.a.address, assets: take });
      cost += queuedCost(o.v!, take);
      left -= take;
    }
    // A floor top-up that cannot land in time does not hold the queue: idle still pays what is owed now.
    route = queueExits.length > 0 ? "queue" : owed <= state.idle ? "idle" : "wait";
    if (left > 0n) {
      notes.push(`${left} wei owed cannot land by the head's due time through protocol queues: instant exits at ${due}`);
    }
  }

  const expectedFulfilAt = expectedFulfilment(state, queue, venues, queueExits, instantExits, options);
  const typical = typicalDelayNote(state, venues, queueExits, queue.maxWait);
  if (typical !== null) notes.push(typical);
  return { fulfil, shortfall, queueExits, instantExits, route, expectedCostWei: BigInt(Math.trunc(cost)), expectedFulfilAt, notes };
}

/** An adapter the lens valued cleanly and the vault does not flag impaired. */
function usable(a: VaultState["adapters"][number]): boolean {
  return a.errors === 0 && a.impaired !== true;
}

/**
 * The liveness wording when an expected time rests on a protocol delay nobody promises (exits on the way or
 * requested now through a venue without `promised`): the bound is each request's due time, then the paid instant
 * path, not the protocol's delay. Null when every exit involved is through a promised delay (or there is none).
 */
export function typicalDelayNote(
  state: VaultState,
  venues: readonly ExitVenue[],
  queueExits: readonly QueueOrder[],
  maxWait: bigint,
): string | null {
  const promised = new Set(venues.filter((v) => v.promised === true).map((v) => v.adapter.toLowerCase()));
  const through = new Set<string>();
  for (const a of state.adapters) if (a.pendingExits > 0n && !promised.has(a.address.toLowerCase())) through.add(a.address);
  for (const q of queueExits) if (!promised.has(q.adapter.toLowerCase())) through.add(q.adapter);
  if (through.size === 0) return null;
  return `expected times use typical protocol delays no protocol promises (${[...through].join(", ")}): the bound is each request's due time (requested + ${maxWait} s), after which the queue's paid instant path serves it`;
}

/**
 * When each listed request is expected to be fulfilled: liquidity arrives from idle (now), from exits on the way
 * (within their protocol's delay), from the exits this plan requests (after their delay) and from instant exits
 * (now when overdue, else at the head's due time); a request is fulfilled one keeper cycle after the cumulative
 * arrivals cover the cumulative owed up to it.
 */
export function expectedFulfilment(
  state: VaultState,
  queue: QueueState,
  venues: readonly ExitVenue[],
  queueExits: readonly QueueOrder[],
  instantExits: readonly QueueOrder[],
  options: Pick<QueuePlanOptions, "cycleSeconds">,
): bigint[] {
  const now = state.timestamp;
  const delay = new Map(venues.map((v) => [v.adapter.toLowerCase(), BigInt(v.delaySeconds)]));
  const slowest = venues.reduce((m, v) => (BigInt(v.delaySeconds) > m ? BigInt(v.delaySeconds) : m), 0n);
  const arrivals: { at: bigint; assets: bigint }[] = [{ at: now, assets: state.idle }];
  for (const a of state.adapters) {
    if (a.pendingExits > 0n) arrivals.push({ at: now + (delay.get(a.address.toLowerCase()) ?? slowest), assets: a.pendingExits });
  }
  for (const q of queueExits) arrivals.push({ at: now + (delay.get(q.adapter.toLowerCase()) ?? slowest), assets: q.assets });
  const instantAt = queue.overdue ? now : queue.headDueAt;
  for (const q of instantExits) arrivals.push({ at: instantAt, assets: q.assets });
  arrivals.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  const cycle = BigInt(options.cycleSeconds);
  const out: bigint[] = [];
  let need = 0n;
  let k = 0;
  let have = 0n;
  let at = now;
  for (const r of queue.requests) {
    need += r.owed;
    while (have < need && k < arrivals.length) {
      have += arrivals[k]!.assets;
      at = arrivals[k]!.at;
      k++;
    }
    // Not covered by anything planned: the liveness path opens at the request's own due time.
    const dueAt = r.requestedAt + queue.maxWait;
    const when = have >= need ? (at > now ? at + cycle : now) : dueAt;
    out.push(when);
  }
  return out;
}

/**
 * The vault as the planner should see it while requests are pending: the WETH the queue is owed beyond the exits
 * already on the way is not idle for allocation, so the optimiser keeps `buffer floor + owed` liquid. When exits
 * on the way exceed what the queue is owed, the surplus is counted as idle for the buffer floor (it is landing)
 * but the plan may not allocate this cycle (that WETH is not there yet): every adapter is closed to entry.
 */
export function stateForPlanner(state: VaultState, queue: QueueState | undefined): { state: VaultState; entryClosed: boolean } {
  if (queue === undefined || queue.owedAssets === 0n) return { state, entryClosed: false };
  const onTheWay = pendingExitsOf(state);
  const liquid = state.idle + onTheWay;
  const idle = liquid > queue.owedAssets ? liquid - queue.owedAssets : 0n;
  return { state: { ...state, idle }, entryClosed: idle > state.idle };
}
