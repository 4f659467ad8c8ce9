/**
 * Peers: the allocators a depositor could pick instead of the keeper, each written from its public description and
 * replayed under the same vault rules (adapter and tier caps, buffer floor, reserve rule, the 50 bps move bound) and
 * the same costs (entries at the fair rate, exits through the same pools, the same gas per move) as the keeper.
 * None of them reads the market price, queues an exit or knows the AVS exposures: that is not in their design.
 *
 *  - yearnDebtAllocator, after Yearn V3's DebtAllocator (yearn/vault-periphery, contracts/debtAllocators): per
 *    strategy a target ratio and a max ratio; a keeper moves debt toward the target only once the difference
 *    exceeds `minimumChange` and `minimumWait` has passed since the strategy's last update; a debt optimizer sets
 *    the targets from each strategy's APR. Here: targets re-set from the trailing 7-day APR, the best LRTs filled
 *    greedily up to a max ratio of 40 % each; minimumChange 1 % of assets; minimumWait 7 days.
 *  - morphoReallocator, after the reallocation bots that move a Morpho vault's liquidity with the public allocator
 *    (Morpho docs, "Public Allocator"; curators' rebalancing bots): every cycle, liquidity moves toward the market
 *    with the highest current supply rate, within each market's supply cap and the public allocator's flow caps
 *    (most that may enter or leave a market). Here: the current rate is the last day's APR; the highest rates are
 *    filled greedily up to a supply cap of 50 % of assets each; the target is re-set when its current rate beats the
 *    held target's by 50 bps; every day it moves toward the target, at most 10 % of assets per LRT (flow cap), when the difference is above 0.1 % of assets.
 *  - marketSizeIndex, after market-cap-weighted token indexes (the way an index such as Index Coop's dsETH weights
 *    its components): weights by each LRT's supply (`LRT_SUPPLY_ETH`), rebalanced every 30 days.
 *  - equalWeightMonthly: the same amount in every LRT, rebalanced every 30 days.
 * Every target is scaled down, as a whole, as far as the vault's rules require (bisection on the keeper's own rule
 * check); a move the vault would refuse (an entry into a paused protocol or at a loss beyond the move bound, an exit
 * beyond the bound) is left out, as its simulation would fail.
 */
import { checkRules, type Move } from "../keeper/strategy/index.js";
import { adapterAddress, bookEvents, emptyOutcome, eth, finish, gasCostWei, Market, wei, type Portfolio } from "./market.js";
import type { ReplayParams, StrategyOutcome } from "./replay.js";

export type PeerName = "yearnDebtAllocator" | "morphoReallocator" | "marketSizeIndex" | "equalWeightMonthly";
export const PEERS: readonly PeerName[] = ["yearnDebtAllocator", "morphoReallocator", "marketSizeIndex", "equalWeightMonthly"];

/**
 * Supply of each devnet LRT, ETH, for the market-size index: the order of magnitude of each token's supply in
 * 2025-26 (rsETH's from the exploit report: 116,500 rsETH about 15 % of it). Assumed inputs, not measured.
 */
export const LRT_SUPPLY_ETH: Readonly<Record<string, number>> = {
  weETH: 2_000_000,
  ezETH: 600_000,
  rsETH: 780_000,
  pufETH: 400_000,
  rswETH: 100_000,
};

/** One peer's decision on day d: target weights (fractions of total assets per LRT), or null to do nothing. */
interface PeerPolicy {
  /** Smallest difference (fraction of total assets) worth a move. */
  minChange: number;
  target(market: Market, d: number, lastUpdate: readonly number[]): number[] | null;
  /** Largest move per LRT per day, fraction of total assets (flow caps); unbounded when absent. */
  maxFlow?: number;
  /** Which LRTs may move on day d (per-strategy waits); all when absent. */
  mayMove?: (i: number, d: number, lastUpdate: readonly number[]) => boolean;
}

/** Trailing APR of LRT i over `days` up to day d from its fair rate (a plain rate oracle: slashes included). */
export function trailingApr(market: Market, i: number, d: number, days: number): number {
  const from = Math.max(0, d - days);
  if (from === d) return 0;
  const fair = market.s.fair[i]!;
  return Math.pow(fair[d]! / fair[from]!, 365 / (d - from)) - 1;
}

/** Greedy fill by descending score up to `maxEach` each, `total` in all. */
export function fillGreedy(scores: readonly number[], maxEach: number, total: number): number[] {
  const order = scores.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const w = scores.map(() => 0);
  let left = total;
  for (const [, i] of order) {
    const take = Math.min(maxEach, left);
    w[i] = take;
    left -= take;
    if (left <= 0) break;
  }
  return w;
}

function policy(name: PeerName, p: ReplayParams, n: number): PeerPolicy {
  const invested = 1 - p.bufferFloorBps / 10_000;
  switch (name) {
    case "yearnDebtAllocator":
      return {
        minChange: 0.01,
        target: (market, d) => fillGreedy(market.s.lrts.map((_, i) => trailingApr(market, i, d, 7)), 0.4, invested),
        mayMove: (i, d, last) => d === 0 || d - last[i]! >= 7,
      };
    case "morphoReallocator": {
      let held: number[] | null = null;
      return {
        minChange: 0.001,
        maxFlow: 0.1,
        target: (market, d) => {
          const rates = market.s.lrts.map((_, i) => trailingApr(market, i, d, 1));
          const next = fillGreedy(rates, 0.5, invested);
          const rateOf = (w: readonly number[]) => w.reduce((sum, x, i) => sum + x * rates[i]!, 0);
          // The bot reallocates when the best allocation's current rate beats the held target's by 50 bps.
          if (held === null || rateOf(next) - rateOf(held) > 0.005 * invested) held = next;
          return held;
        },
      };
    }
    case "marketSizeIndex":
      return {
        minChange: 0.001 / p.vaultEth,
        target: (market, d) => {
          if (d % 30 !== 0) return null;
          const supply = market.s.lrts.map((l) => LRT_SUPPLY_ETH[l.name] ?? 0);
          const sum = supply.reduce((x, y) => x + y, 0);
          return supply.map((x) => (sum > 0 ? (x / sum) * invested : invested / n));
        },
      };
    case "equalWeightMonthly":
      return { minChange: 0.001 / p.vaultEth, target: (_m, d) => (d % 30 === 0 ? Array.from({ length: n }, () => invested / n) : null) };
  }
}

/** The moves from the portfolio to `weights` x `scale` of total assets, those the vault would refuse left out. */
function movesToward(market: Market, p: ReplayParams, pf: Portfolio, d: number, weights: readonly number[], scale: number, pol: PeerPolicy, last: readonly number[]): Move[] {
  const total = market.total(pf, d);
  const slip = 1 - p.strategy.slippageBps / 10_000;
  const bound = p.maxSlippageBps / 10_000;
  const exits: Move[] = [];
  const entries: Move[] = [];
  weights.forEach((w, i) => {
    if (pol.mayMove !== undefined && !pol.mayMove(i, d, last)) return;
    const unit = market.unitValue(i, d);
    const value = pf.tokens[i]! * unit;
    const want = w * scale * total - value;
    const delta = pol.maxFlow === undefined ? want : Math.sign(want) * Math.min(Math.abs(want), pol.maxFlow * total);
    if (Math.abs(delta) <= pol.minChange * total) return;
    const adapter = adapterAddress(i);
    if (delta < 0) {
      const sold = -delta / unit;
      const out = market.exitProceeds(i, d, sold);
      if (-delta - out > -delta * bound) return;
      exits.push({ adapter, deposit: false, assets: wei(-delta), limit: wei(-delta * slip) });
    } else {
      const stress = market.stressOn(i, d);
      if (stress?.depositsPaused === true) return;
      if (1 - unit / market.s.fair[i]![d]! > bound) return;
      entries.push({ adapter, deposit: true, assets: wei(delta), limit: wei(delta * slip) });
    }
  });
  return [...exits, ...entries];
}

/** Replays one peer over the scenario. */
export function replayPeer(market: Market, p: ReplayParams, name: PeerName): StrategyOutcome {
  const n = market.s.lrts.length;
  const pol = policy(name, p, n);
  const out = emptyOutcome();
  const pf: Portfolio = { idle: p.vaultEth, tokens: market.s.lrts.map(() => 0), queued: [] };
  const last = market.s.lrts.map(() => -Infinity);
  for (let d = 0; d < market.s.days; d++) {
    bookEvents(market, pf, d, out);
    const weights = pol.target(market, d, last);
    if (weights === null) continue;
    const state = market.state(pf, d);
    // As much of the target as the rules allow: bisection on one scale for the whole target.
    let lo = 0;
    let hi = 1;
    if (checkRules(state, movesToward(market, p, pf, d, weights, 1, pol, last)).length === 0) lo = 1;
    else {
      for (let k = 0; k < 30; k++) {
        const mid = (lo + hi) / 2;
        if (checkRules(state, movesToward(market, p, pf, d, weights, mid, pol, last)).length === 0) lo = mid;
        else hi = mid;
      }
    }
    const moves = movesToward(market, p, pf, d, weights, lo, pol, last);
    if (moves.length === 0 || checkRules(state, moves).length > 0) continue;
    if (market.execute(pf, d, moves, out) !== null) {
      out.reverted++;
      continue;
    }
    market.s.lrts.forEach((_, i) => {
      if (moves.some((m) => m.adapter === adapterAddress(i))) last[i] = d;
    });
    out.rebalances++;
    out.moves += moves.length;
    out.gasEth += eth(gasCostWei(p, moves.length));
  }
  return finish(out, market, pf, p);
}
