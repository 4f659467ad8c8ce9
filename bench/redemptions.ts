/**
 * Redemption replay: a year of seeded redemption demand against the vault's queue, hour by hour, for three ways
 * of serving it. Pure: no chain, no I/O. The LRT paths come from the yield replay's scenario (bench/scenario.ts),
 * instant exits sell into the same constant-product pools as there, and queued exits pay the fair value at request
 * after each protocol's delay (the devnet simulations' delays).
 *
 * Demand: requests arrive as a Poisson process (`requestsPerDay`); most are small (lognormal around
 * `smallMedianEth`), some large (uniform in `largeEth`), plus one exit of `bigExitShare` of the vault on a seeded
 * day. Deposits arrive at the demand's expected rate, so the vault stays about its size. Each day the idle WETH above
 * `buffer floor + what the queue still lacks` is put back to work equally across the LRTs (the same for every
 * strategy), so the buffer is what it would be under the keeper.
 *
 * Strategies (the keeper cycles hourly here; one cycle = `cycleHours`):
 *  - keeper: `planQueue` (keeper/strategy/queue.ts) every cycle, exactly as the "serve the queue" step runs it:
 *    fulfil what idle covers, queue protocol exits that land by the head's due time (cheapest first), instant exits
 *    through the queue once the head is overdue (their cost charged to the requests served);
 *  - alwaysSell: whatever idle does not cover is sold at once through the pools (cheapest first), then fulfilled;
 *  - alwaysQueue: whatever idle and the exits on the way do not cover is queued at once (cheapest delay first,
 *    whatever the due time), never sold.
 * Measured per strategy: slippage paid (pool fees and price impact of sales for the queue, ETH and bps of demand)
 * and time to fulfilment (median and worst, hours).
 */
import { planQueue, type ExitVenue, type QueueState, type VaultState } from "../keeper/strategy/index.js";
import { DEFAULT_SCENARIO, generateScenario, normal, seededRandom, type Scenario } from "./scenario.js";
import { median } from "./stats.js";

export interface RedemptionParams {
  vaultEth: number;
  bufferFloorBps: number;
  poolDepthEth: number;
  poolFeeBps: number;
  /** The queue's maximum wait, days (the deployment's: at least the slowest protocol delay). */
  maxWaitDays: number;
  cycleHours: number;
  requestsPerDay: number;
  smallMedianEth: number;
  largeShare: number;
  largeEth: readonly [number, number];
  /** One exit of this share of the vault, on a seeded day. */
  bigExitShare: number;
}

export const DEFAULT_REDEMPTIONS: RedemptionParams = {
  vaultEth: 1_000,
  bufferFloorBps: 500,
  poolDepthEth: 200_000,
  poolFeeBps: 5,
  maxWaitDays: 15,
  cycleHours: 1,
  requestsPerDay: 1.5,
  smallMedianEth: 2,
  largeShare: 0.15,
  largeEth: [20, 100],
  bigExitShare: 0.4,
};

export type RedemptionStrategy = "keeper" | "alwaysSell" | "alwaysQueue";
export const REDEMPTION_STRATEGIES: readonly RedemptionStrategy[] = ["keeper", "alwaysSell", "alwaysQueue"];

export interface RedemptionOutcome {
  requests: number;
  demandEth: number;
  /** Pool fees and price impact of sales made for the queue, ETH. */
  slippageEth: number;
  slippageBps: number;
  medianHours: number;
  worstHours: number;
  /** Median time of the requests the buffer did not cover (they waited longer than one cycle), hours; 0 if none. */
  medianBeyondBufferHours: number;
  /** Share of demand raised by protocol queues, by instant sales, and met from idle. */
  queuedShare: number;
  soldShare: number;
  /** Median protocol delay of the queued exits made (days); 0 when none. */
  queueDelayDays: number;
}

export interface RedemptionResult {
  seed: number;
  outcomes: Record<RedemptionStrategy, RedemptionOutcome>;
}

const HOUR = 3_600;
const T0 = 1_700_000_000;
const WEI = 1e18;
const wei = (eth: number): bigint => BigInt(Math.floor(Math.max(0, eth) * WEI));
const eth = (w: bigint): number => Number(w) / WEI;
const address = (i: number) => `0x${(0xad00 + i).toString(16).padStart(40, "0")}` as const;

interface Request {
  id: number;
  at: number; // hours, fractional
  owed: number;
  paidAt?: number;
}

interface Book {
  idle: number;
  tokens: number[];
  queued: { i: number; assets: number; landsAt: number }[];
  pending: Request[];
  done: Request[];
  slippage: number;
  sold: number;
  queuedTotal: number;
  delays: number[];
}

/** The seeded demand: request times (hours) and sizes (ETH). */
export function generateDemand(seed: number, p: RedemptionParams, hours: number): { at: number; eth: number }[] {
  const random = seededRandom(seed * 7_919 + 17);
  const out: { at: number; eth: number }[] = [];
  const perHour = p.requestsPerDay / 24;
  let t = 0;
  for (;;) {
    t += -Math.log(Math.max(random(), Number.MIN_VALUE)) / perHour;
    if (t >= hours) break;
    const large = random() < p.largeShare;
    const size = large ? p.largeEth[0] + (p.largeEth[1] - p.largeEth[0]) * random() : p.smallMedianEth * Math.exp(0.8 * normal(random));
    out.push({ at: t, eth: Math.max(0.05, size) });
  }
  const bigAt = Math.floor(random() * (hours - 24 * 40)) + 24 * 10 + random();
  out.push({ at: bigAt, eth: p.bigExitShare * p.vaultEth });
  return out.sort((x, y) => x.at - y.at);
}

class Model {
  constructor(
    readonly s: Scenario,
    readonly p: RedemptionParams,
  ) {}

  day(h: number): number {
    return Math.min(this.s.days, Math.floor(h / 24));
  }

  unit(i: number, h: number): number {
    const d = this.day(h);
    return Math.min(this.s.fair[i]![d]!, this.s.market[i]![d]!);
  }

  /** WETH out for selling `value` (booked value) of LRT i, and the slippage it cost. */
  sell(i: number, h: number, value: number): number {
    const d = this.day(h);
    const tokens = value / this.unit(i, h);
    const weth = this.p.poolDepthEth;
    const lrt = weth / this.s.market[i]![d]!;
    const input = tokens * (1 - this.p.poolFeeBps / 10_000);
    return (weth * input) / (lrt + input);
  }

  positionValue(b: Book, i: number, h: number): number {
    return b.tokens[i]! * this.unit(i, h);
  }

  venues(): ExitVenue[] {
    return this.s.lrts.map((l, i) => ({ adapter: address(i), delaySeconds: l.withdrawalDelayDays * 86_400, apy: l.meanAprBps / 10_000 }));
  }

  vaultState(b: Book, h: number): VaultState {
    const adapters = this.s.lrts.map((spec, i) => {
      const value = wei(this.positionValue(b, i, h));
      const pending = wei(b.queued.filter((q) => q.i === i).reduce((s, q) => s + q.assets, 0));
      const preview = value === 0n ? 0n : wei(this.sell(i, h, eth(value)));
      return {
        address: address(i),
        lrt: address(100 + i),
        allocation: value + pending,
        realAssets: value + pending,
        fairRate: wei(this.s.fair[i]![this.day(h)]!),
        marketRate: wei(this.s.market[i]![this.day(h)]!),
        pendingExits: pending,
        cap: wei(1e9),
        tier: spec.tier,
        exitAmount: value,
        exitPreview: preview,
        errors: 0,
      };
    });
    const idle = wei(b.idle);
    const totalAssets = idle + adapters.reduce((s, a) => s + a.allocation, 0n);
    return {
      vault: "0x00000000000000000000000000000000000000f1",
      blockNumber: BigInt(Math.floor(h)),
      timestamp: BigInt(T0 + Math.floor(h * HOUR)),
      totalAssets,
      totalSupply: totalAssets,
      idle,
      lockedProfit: 0n,
      reserveShares: 0n,
      reserveAssets: 0n,
      requiredReserve: 0n,
      rebalanceNonce: 0n,
      paused: false,
      bufferFloorBps: this.p.bufferFloorBps,
      maxSlippageBps: 50,
      tiers: [0, 1, 2].map((id) => ({ id, capBps: 10_000, coverageBps: 0 })),
      adapters,
    };
  }

  queueState(b: Book): QueueState {
    const maxWait = BigInt(this.p.maxWaitDays * 86_400);
    const head = b.pending[0];
    const ts = (hours: number) => BigInt(T0 + Math.floor(hours * HOUR));
    return {
      address: "0x00000000000000000000000000000000000000a1",
      pendingCount: BigInt(b.pending.length),
      pendingShares: 0n,
      owedAssets: wei(b.pending.reduce((s, r) => s + r.owed, 0)),
      setAside: 0n,
      headId: head === undefined ? 0n : BigInt(head.id),
      headRequestedAt: head === undefined ? 0n : ts(head.at),
      headDueAt: head === undefined ? 0n : ts(head.at) + maxWait,
      maxWait,
      overdue: false,
      minRequestAssets: 10n ** 16n,
      requests: b.pending.slice(0, 32).map((r) => ({ id: BigInt(r.id), owed: wei(r.owed), shares: 0n, requestedAt: ts(r.at) })),
    };
  }
}

/** Pays pending requests FIFO from idle while it covers the head. */
function fulfil(b: Book, h: number, max = Infinity): void {
  let n = 0;
  while (b.pending.length > 0 && n < max && b.pending[0]!.owed <= b.idle + 1e-12) {
    const r = b.pending.shift()!;
    b.idle -= r.owed;
    r.paidAt = h;
    b.done.push(r);
    n++;
  }
}

/** Sells `value` from the positions, cheapest first; the slippage is charged to the head requests (FIFO). */
function sellFor(m: Model, b: Book, h: number, value: number): void {
  const order = b.tokens.map((_, i) => i).sort((x, y) => 1 - m.sell(x, h, 1) - (1 - m.sell(y, h, 1)));
  let left = value;
  for (const i of order) {
    if (left <= 1e-9) break;
    const take = Math.min(left, m.positionValue(b, i, h));
    if (take <= 0) continue;
    const out = m.sell(i, h, take);
    b.tokens[i] = b.tokens[i]! - take / m.unit(i, h);
    b.idle += out;
    b.slippage += take - out;
    b.sold += take;
    left -= take;
    let cost = take - out;
    for (const r of b.pending) {
      if (cost <= 0) break;
      const c = Math.min(cost, r.owed);
      r.owed -= c;
      cost -= c;
    }
  }
}

function queueFrom(m: Model, b: Book, h: number, i: number, value: number): void {
  const take = Math.min(value, m.positionValue(b, i, h));
  if (take <= 0) return;
  b.tokens[i] = b.tokens[i]! - take / m.unit(i, h);
  const delay = m.s.lrts[i]!.withdrawalDelayDays;
  b.queued.push({ i, assets: take, landsAt: h + delay * 24 });
  b.queuedTotal += take;
  b.delays.push(delay);
}

/** Runs one strategy over the year. */
export function replayRedemptions(seed: number, strategy: RedemptionStrategy, p: RedemptionParams = DEFAULT_REDEMPTIONS): RedemptionOutcome {
  const s = generateScenario(seed, DEFAULT_SCENARIO);
  const m = new Model(s, p);
  const hours = s.days * 24;
  const demand = generateDemand(seed, p, hours);
  const n = s.lrts.length;
  const invested = p.vaultEth * (1 - p.bufferFloorBps / 10_000);
  const b: Book = {
    idle: p.vaultEth - invested,
    tokens: s.lrts.map((_, i) => invested / n / m.unit(i, 0)),
    queued: [],
    pending: [],
    done: [],
    slippage: 0,
    sold: 0,
    queuedTotal: 0,
    delays: [],
  };
  const inflowPerHour = demand.reduce((sum, d) => sum + d.eth, 0) / hours;
  const venues = m.venues();
  const cycle = p.cycleHours;
  let next = 0;
  for (let h = cycle; h <= hours; h += cycle) {
    while (next < demand.length && demand[next]!.at < h) {
      b.pending.push({ id: next + 1, at: demand[next]!.at, owed: demand[next]!.eth });
      next++;
    }
    b.idle += inflowPerHour * cycle;
    b.queued = b.queued.filter((q) => {
      if (q.landsAt > h) return true;
      b.idle += q.assets;
      return false;
    });
    if (strategy === "keeper") {
      const state = m.vaultState(b, h);
      const queue = m.queueState(b);
      const overdue = queue.headId !== 0n && state.timestamp > queue.headDueAt;
      const plan = planQueue(state, { ...queue, overdue }, venues, { cycleSeconds: cycle * HOUR, minMoveWei: 10n ** 15n, maxBatch: 50 });
      fulfil(b, h, plan.fulfil);
      for (const q of plan.queueExits) queueFrom(m, b, h, Number(BigInt(q.adapter) - 0xad00n), eth(q.assets));
      for (const q of plan.instantExits) sellFor(m, b, h, eth(q.assets));
      fulfil(b, h, 50);
    } else {
      const owed = b.pending.reduce((sum, r) => sum + r.owed, 0);
      const onTheWay = b.queued.reduce((sum, q) => sum + q.assets, 0);
      if (strategy === "alwaysSell" && owed > b.idle) sellFor(m, b, h, owed - b.idle);
      if (strategy === "alwaysQueue" && owed > b.idle + onTheWay) {
        let left = owed - b.idle - onTheWay;
        const byDelay = s.lrts.map((_, i) => i).sort((x, y) => s.lrts[x]!.withdrawalDelayDays - s.lrts[y]!.withdrawalDelayDays);
        for (const i of byDelay) {
          if (left <= 1e-9) break;
          const take = Math.min(left, m.positionValue(b, i, h));
          queueFrom(m, b, h, i, take);
          left -= take;
        }
      }
      fulfil(b, h);
    }
    if (h % 24 === 0) {
      // Daily: idle above the floor and what the queue still lacks goes back to work, equally.
      const total = b.idle + b.tokens.reduce((sum, t, i) => sum + t * m.unit(i, h), 0) + b.queued.reduce((sum, q) => sum + q.assets, 0);
      const owed = b.pending.reduce((sum, r) => sum + r.owed, 0);
      const onTheWay = b.queued.reduce((sum, q) => sum + q.assets, 0);
      const keep = (total * p.bufferFloorBps) / 10_000 + Math.max(0, owed - onTheWay);
      const spare = b.idle - keep;
      if (spare > 0) {
        for (let i = 0; i < n; i++) b.tokens[i] = b.tokens[i]! + spare / n / m.unit(i, h);
        b.idle -= spare;
      }
    }
  }
  const times = b.done.map((r) => r.paidAt! - r.at);
  const beyond = times.filter((t) => t > cycle);
  const demandEth = demand.reduce((sum, d) => sum + d.eth, 0);
  return {
    requests: b.done.length,
    demandEth,
    slippageEth: b.slippage,
    slippageBps: (b.slippage / demandEth) * 10_000,
    medianHours: median(times),
    worstHours: Math.max(...times),
    medianBeyondBufferHours: beyond.length === 0 ? 0 : median(beyond),
    queuedShare: b.queuedTotal / demandEth,
    soldShare: b.sold / demandEth,
    queueDelayDays: b.delays.length === 0 ? 0 : median(b.delays),
  };
}

/** Every strategy on one seed. */
export function replayRedemptionSeed(seed: number, p: RedemptionParams = DEFAULT_REDEMPTIONS): RedemptionResult {
  const outcomes = Object.fromEntries(REDEMPTION_STRATEGIES.map((st) => [st, replayRedemptions(seed, st, p)])) as Record<
    RedemptionStrategy,
    RedemptionOutcome
  >;
  return { seed, outcomes };
}
