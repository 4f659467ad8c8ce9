/**
 * The replay's model of the vault and its LRT positions on a scenario (see replay.ts for the model): valuation,
 * the exit pools, queued exits, the lens read and the execution of a rebalance under the vault's bounds. Pure.
 */
import type { AdapterState, Hex, Move, RateSample, VaultState } from "../keeper/strategy/index.js";
import type { ReplayParams, StrategyOutcome } from "./replay.js";
import type { Scenario, Stress } from "./scenario.js";

export const T0 = 1_700_000_000;
export const DAY = 86_400;
export const WEI = 1e18;

export const wei = (eth: number): bigint => BigInt(Math.floor(Math.max(0, eth) * WEI));
export const eth = (w: bigint): number => Number(w) / WEI;
export const adapterAddress = (i: number): Hex => `0x${(0xad00 + i).toString(16).padStart(40, "0")}` as Hex;

export interface Portfolio {
  idle: number;
  /** LRT tokens held per adapter (not queued). */
  tokens: number[];
  /** Queued exits: paid min(value at request, value at finalisation) at the fair rate, from `claimDay` on. */
  queued: QueuedExit[];
}

export interface QueuedExit {
  i: number;
  tokens: number;
  valueAtRequest: number;
  claimDay: number;
}

/** The scenario as the vault sees it on day d. */
export class Market {
  private readonly index: Map<string, number>;

  constructor(
    readonly s: Scenario,
    readonly p: ReplayParams,
    readonly avsNames: readonly string[] = [],
  ) {
    this.index = new Map(s.lrts.map((_, i) => [adapterAddress(i), i]));
  }

  /** Value of one token as the vault books it: min(fair, market). */
  unitValue(i: number, d: number): number {
    return Math.min(this.s.fair[i]![d]!, this.s.market[i]![d]!);
  }

  /** WETH out of the exit pool for `tokens`, the pool priced at the market rate with the configured depth. */
  exitProceeds(i: number, d: number, tokens: number): number {
    const weth = this.p.poolDepthEth * (this.stressOn(i, d)?.poolDepthFactor ?? 1);
    const lrt = weth / this.s.market[i]![d]!;
    const input = tokens * (1 - this.p.poolFeeBps / 10_000);
    return (weth * input) / (lrt + input);
  }

  /** What a queued exit is worth on day d (and pays once final): at the fair rate, at most its value at request. */
  queuedValue(q: QueuedExit, d: number): number {
    return Math.min(q.valueAtRequest, q.tokens * this.s.fair[q.i]![d]!);
  }

  total(pf: Portfolio, d: number): number {
    const queued = pf.queued.reduce((sum, q) => sum + this.queuedValue(q, d), 0);
    return pf.idle + queued + pf.tokens.reduce((sum, t, i) => sum + t * this.unitValue(i, d), 0);
  }

  /** Claims every queued exit final by day d into idle; returns how many adapters were claimed (one tx each). */
  claim(pf: Portfolio, d: number): number {
    const claimed = new Set<number>();
    pf.queued = pf.queued.filter((q) => {
      if (q.claimDay > d || this.stressOn(q.i, d)?.withdrawalsPaused === true) return true;
      pf.idle += this.queuedValue(q, d);
      claimed.add(q.i);
      return false;
    });
    return claimed.size;
  }

  /** The incident conditions on LRT i on day d, if any. */
  stressOn(i: number, d: number): Stress | undefined {
    const stress = (this.s as { stress?: readonly Stress[] }).stress;
    return stress?.find((x) => x.lrt === i && x.from <= d && d <= x.to);
  }

  /**
   * Queues `assets` of fair value of adapter i's tokens on day d (the vault's requestExit). False when the
   * protocol's withdrawals are paused (the request would revert; the keeper's simulation refuses it).
   */
  requestExit(pf: Portfolio, d: number, adapter: Hex, assets: bigint): boolean {
    const i = this.index.get(adapter);
    if (i === undefined) throw new Error(`requestExit names unknown adapter ${adapter}`);
    if (this.stressOn(i, d)?.withdrawalsPaused === true) return false;
    const fair = this.s.fair[i]![d]!;
    const tokens = Math.min(eth(assets) / fair, pf.tokens[i]!);
    pf.tokens[i] = pf.tokens[i]! - tokens;
    pf.queued.push({ i, tokens, valueAtRequest: tokens * fair, claimDay: d + this.s.lrts[i]!.withdrawalDelayDays });
    return true;
  }

  /** The VaultState a lens read would return on day d (recorded values = live values: a report each day). */
  state(pf: Portfolio, d: number): VaultState {
    const p = this.p;
    const adapters: AdapterState[] = this.s.lrts.map((spec, i) => {
      const value = wei(pf.tokens[i]! * this.unitValue(i, d));
      const pending = wei(pf.queued.filter((q) => q.i === i).reduce((sum, q) => sum + this.queuedValue(q, d), 0));
      return {
        address: adapterAddress(i),
        lrt: adapterAddress(100 + i),
        allocation: value + pending,
        realAssets: value + pending,
        fairRate: wei(this.s.fair[i]![d]!),
        marketRate: wei(this.s.market[i]![d]!),
        pendingExits: pending,
        cap: wei(p.adapterCapEth),
        tier: spec.tier,
        exitAmount: value,
        exitPreview: value === 0n ? 0n : wei(this.exitProceeds(i, d, pf.tokens[i]!)),
        errors: 0,
      };
    });
    const idle = wei(pf.idle);
    const totalAssets = idle + adapters.reduce((sum, a) => sum + a.allocation, 0n);
    const reserveAssets = (totalAssets * BigInt(p.reserveBps)) / 10_000n;
    const coverage = new Map(p.tiers.map((t) => [t.id, BigInt(t.coverageBps)]));
    const requiredReserve = adapters.reduce((sum, a) => sum + (a.allocation * (coverage.get(a.tier) ?? 0n)) / 10_000n, 0n);
    return {
      vault: "0x00000000000000000000000000000000000000f1",
      blockNumber: BigInt(d + 1),
      timestamp: BigInt(T0 + d * DAY),
      totalAssets,
      totalSupply: totalAssets,
      idle,
      lockedProfit: 0n,
      reserveShares: reserveAssets,
      reserveAssets,
      requiredReserve,
      rebalanceNonce: BigInt(d),
      paused: false,
      bufferFloorBps: p.bufferFloorBps,
      maxSlippageBps: p.maxSlippageBps,
      tiers: [...p.tiers],
      adapters,
    };
  }

  /**
   * Applies `moves` on day d as the vault would, all or nothing. Returns the reason when one move fails
   * (the whole plan then reverts and the portfolio is unchanged).
   */
  execute(pf: Portfolio, d: number, moves: readonly Move[], out?: StrategyOutcome): string | null {
    const next: Portfolio = { idle: pf.idle, tokens: [...pf.tokens], queued: pf.queued };
    let cost = 0;
    const maxLoss = this.p.maxSlippageBps / 10_000;
    for (const m of moves) {
      const i = this.index.get(m.adapter);
      if (i === undefined) return `move names unknown adapter ${m.adapter}`;
      const assets = eth(m.assets);
      const limit = eth(m.limit);
      const unit = this.unitValue(i, d);
      if (m.deposit) {
        if (this.stressOn(i, d)?.depositsPaused === true) return `${this.s.lrts[i]!.name}: deposits paused`;
        if (assets > next.idle * (1 + 1e-12)) return `entry of ${assets} ETH above idle ${next.idle}`;
        const minted = assets / this.s.fair[i]![d]!;
        const valueIn = minted * unit;
        if (valueIn < limit) return `${this.s.lrts[i]!.name}: entry value ${valueIn} below its limit ${limit}`;
        if (assets - valueIn > assets * maxLoss) return `${this.s.lrts[i]!.name}: entry loses more than the slippage bound`;
        next.idle = Math.max(0, next.idle - assets);
        next.tokens[i] = next.tokens[i]! + minted;
        cost += assets - valueIn;
      } else {
        const sold = Math.min(assets / unit, next.tokens[i]!);
        if (assets / unit > next.tokens[i]! * (1 + 1e-9)) return `${this.s.lrts[i]!.name}: exit above holdings`;
        const out = this.exitProceeds(i, d, sold);
        if (out < limit) return `${this.s.lrts[i]!.name}: exit paid ${out} below its limit ${limit}`;
        if (assets - out > assets * maxLoss) return `${this.s.lrts[i]!.name}: exit loses more than the slippage bound`;
        next.tokens[i] = next.tokens[i]! - sold;
        next.idle += out;
        cost += sold * unit - out;
      }
    }
    if (out !== undefined) out.moveCostEth += cost;
    pf.idle = next.idle;
    pf.tokens = next.tokens;
    return null;
  }
}

export function gasCostWei(p: ReplayParams, moves: number): bigint {
  return BigInt(p.gasBase + p.gasPerMove * moves) * BigInt(Math.round(p.gasPriceGwei * 1e9));
}

export function samplesUpTo(s: Scenario, i: number, d: number): RateSample[] {
  const out: RateSample[] = [];
  for (let k = 0; k <= d; k++) out.push({ timestamp: T0 + k * DAY, fairRate: wei(s.fair[i]![k]!) });
  return out;
}


/** Books each event of day d against the holdings carried into it: the worst one, as a share of assets. */
export function bookEvents(market: Market, pf: Portfolio, d: number, out: StrategyOutcome): void {
  const s = market.s;
  const todays = s.events.filter((e) => e.day === d && (e.kind === "slash" || e.kind === "avsSlash"));
  if (todays.length === 0) return;
  const before = market.total(pf, d - 1);
  if (before <= 0) return;
  for (const e of todays) {
    const share = (i: number) => (e.kind === "slash" ? (i === e.lrt ? e.bps / 10_000 : 0) : e.kind === "avsSlash" ? e.hits[i]! : 0);
    let loss = 0;
    pf.tokens.forEach((t, i) => {
      const f = share(i);
      if (f > 0) loss += (t * s.fair[i]![d]! * f) / (1 - f);
    });
    const pct = (loss / before) * 100;
    if (loss > 0) out.eventLosses.push({ day: d, lossEth: loss });
    const name = e.kind === "avsSlash" ? `AVS ${market.avsNames[e.avs] ?? `#${e.avs}`}` : `slash ${s.lrts[e.lrt]!.name}`;
    out.eventLossPct[`${name} day ${d}`] = pct;
    if (pct > out.worstEventLossPct) {
      out.worstEventLossPct = pct;
      out.worstEvent = name;
      out.worstEventDay = d;
    }
  }
}

export function emptyOutcome(): StrategyOutcome {
  return {
    yieldPct: 0,
    finalEth: 0,
    rebalances: 0,
    moves: 0,
    reverted: 0,
    held: 0,
    forced: 0,
    forcedBy: {},
    gasEth: 0,
    moveCostEth: 0,
    firstAllocationCostEth: 0,
    exitRequests: 0,
    exitClaims: 0,
    worstEventLossPct: 0,
    worstEvent: "none",
    worstEventDay: -1,
    eventLossPct: {},
    eventLosses: [],
  };
}

/** For a held allocation: books every day's events against it. */
export function bookHeld(market: Market, pf: Portfolio, out: StrategyOutcome): void {
  for (let d = 1; d <= market.s.days; d++) bookEvents(market, pf, d, out);
}

export function finish(out: StrategyOutcome, market: Market, pf: Portfolio, p: ReplayParams): StrategyOutcome {
  out.finalEth = market.total(pf, market.s.days);
  out.yieldPct = (out.finalEth / p.vaultEth - 1) * 100;
  return out;
}
