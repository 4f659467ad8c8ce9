/**
 * Yield replay: a year of a generated scenario (bench/scenario.ts), day by day, through the keeper's own pure
 * decision pipeline, against a simple model of the vault and its LRT positions. Pure: no chain, no I/O.
 *
 * The model, per day d (decisions at the day's close, moves at the day's prices):
 *  - a position is a number of LRT tokens, valued as the vault values it: tokens x min(fair, market);
 *  - an entry mints tokens at the fair rate (so entering a depegged LRT loses the discount at once);
 *  - an instant exit sells tokens into a constant-product LRT/WETH pool priced at the market rate, with the
 *    devnet's fee, refilled to the same depth every day (arbitrage);
 *  - a queued exit (the keeper's answer to a depeg, strategy.guard.depegExit "queue") takes the tokens out of the
 *    position at the fair rate and pays min(value at request, value at finalisation) into idle once the
 *    protocol's withdrawal delay has passed (the devnet simulations' delays); meanwhile it counts at that value;
 *  - each move is bounded as the vault bounds it: its own minimum-out limit and maxSlippageBps of the move; a
 *    move that fails makes the whole rebalance revert, as one transaction would;
 *  - the insurance reserve is a fixed share of total assets (its shares move with the share price).
 *
 * Strategies, all under the same rules (caps, tier caps, buffer floor, reserve rule, slippage bound):
 *  - keeper: estimateApy over past samples only (slashes left out of the growth), evaluateGuard, the queued-exit
 *    claims and requests, planRebalance, decideSend (hysteresis against the gas cost), exactly as a cycle runs
 *    them, with the keeper's default configuration, and its restaking risk model: each LRT's expected loss from
 *    its AVS exposures (the scenario's x_ia, as ExposureLens reads them) and the configured per-AVS risk (the
 *    scenario's slash rate and mean severity) taken off its APY, and the per-AVS exposure cap (avsCapBps);
 *  - keeperNoExposure: the same keeper without the risk model (measured APY, no AVS cap);
 *  - hindsight (the optimum the target is measured against): the keeper's optimiser run once, on day 0, with
 *    each LRT's true realised yield over the whole year (slashes and depegs included) and the true entry cost,
 *    then held: the best single allocation under the rules, in hindsight. Equal weight and single best are
 *    allocations the same rules allow, so hindsight is at least as good as either (up to rounding, under 0.005 percentage point);
 *  - foresight: the keeper's planner and hysteresis every day, given the true realised yield of each LRT over
 *    its horizon from that day and the true entry cost (a keeper that knows the next 30 days: it dodges
 *    slashes and depegs no estimator can see coming);
 *  - equal weight: day 0, the same amount into every LRT, as much as the rules allow, then held;
 *  - single best: day 0, the LRT with the best realised year (hindsight), as much as the rules allow, then held.
 */
import { parseConfig, type KeeperConfig } from "../keeper/config/index.js";
import {
  checkRules,
  decideSend,
  estimateApy,
  evaluateGuard,
  exitRoute,
  planExitRequests,
  planRebalance,
  SECONDS_PER_YEAR,
  type AdapterOutlook,
  type AdapterState,
  type AllocationInput,
  type ExitRoute,
  type Hex,
  type Move,
  type RateSample,
  type TierState,
  type VaultState,
} from "../keeper/strategy/index.js";
import { discountAvsDrops, expectedLoss, type AvsDrop, type AvsRisk } from "../keeper/strategy/exposure.js";
import type { ExposureRule } from "../keeper/strategy/optimizer.js";
import { avsExposure, DEFAULT_SCENARIO, DEVNET_LRTS, generateScenario, type Scenario, type ScenarioOptions } from "./scenario.js";
import { median } from "./stats.js";

export interface ReplayParams {
  /** Assets at day 0, ETH (all idle). */
  vaultEth: number;
  /** WETH side of each LRT's exit pool, ETH. */
  poolDepthEth: number;
  poolFeeBps: number;
  /** Insurance reserve as a share of total assets, bps. */
  reserveBps: number;
  bufferFloorBps: number;
  /** The vault's per-move slippage bound, bps. */
  maxSlippageBps: number;
  adapterCapEth: number;
  tiers: readonly TierState[];
  /**
   * Gas of a rebalance: base + per move, priced at gasPriceGwei for the keeper's hysteresis. The default is
   * of the order `npm run bench` measures on the devnet's real adapters (about 290k per move for a first entry).
   */
  gasBase: number;
  gasPerMove: number;
  gasPriceGwei: number;
  /** The keeper's strategy settings (its configuration defaults unless overridden). */
  strategy: KeeperConfig["strategy"];
  /** The keeper's per-AVS exposure cap, bps of total assets (risk.avsCapBps). */
  avsCapBps: number;
}

/** The keeper's configuration defaults, read from its own schema (one source of truth). */
export function keeperDefaults(): KeeperConfig["strategy"] {
  return parseConfig({
    rpcUrl: "http://127.0.0.1:8545",
    chainId: 31337,
    vault: "0x0000000000000000000000000000000000000001",
    storePath: ":memory:",
  }).strategy;
}

/** The devnet's settings (script/Deploy.s.sol, script/DeploySimulation.s.sol) on a 1,000 ETH vault. */
export function defaultReplayParams(): ReplayParams {
  return {
    vaultEth: 1_000,
    poolDepthEth: 200_000,
    poolFeeBps: 5,
    reserveBps: 150,
    bufferFloorBps: 500,
    maxSlippageBps: 50,
    adapterCapEth: 50_000,
    tiers: [
      { id: 0, capBps: 7_000, coverageBps: 100 },
      { id: 1, capBps: 5_000, coverageBps: 200 },
      { id: 2, capBps: 2_500, coverageBps: 400 },
    ],
    gasBase: 80_000,
    gasPerMove: 250_000,
    gasPriceGwei: 20,
    strategy: keeperDefaults(),
    avsCapBps: 3_000,
  };
}

export type StrategyName = "keeper" | "keeperNoExposure" | "hindsight" | "foresight" | "equalWeight" | "singleBest";
export const STRATEGIES: readonly StrategyName[] = ["keeper", "keeperNoExposure", "hindsight", "foresight", "equalWeight", "singleBest"];

export interface StrategyOutcome {
  /** Growth of total assets over the year, percent. */
  yieldPct: number;
  finalEth: number;
  /** Rebalances executed, and their moves. */
  rebalances: number;
  moves: number;
  /** Plans that reverted at execution (a move beyond its limit or the slippage bound). */
  reverted: number;
  /** Plans held back by the hysteresis (gain did not beat gas). */
  held: number;
  /** Executed plans that went out whatever their gain (a guarded exit, or restoring a rule the state broke). */
  forced: number;
  /** Why forced plans went out: per rule the state broke before the plan ("guard" for a guarded exit). */
  forcedBy: Record<string, number>;
  /** Gas the keeper would have paid, ETH at gasPriceGwei. */
  gasEth: number;
  /** Value lost moving: exits (booked value less WETH received) and entries (WETH in less value booked), ETH. */
  moveCostEth: number;
  /** Queued exits requested (a depeg with the keeper's depegExit "queue") and claims paid, each its own transaction. */
  exitRequests: number;
  exitClaims: number;
  /** The largest loss one event (a protocol slash, or an AVS slash across every exposed LRT) caused, % of assets. */
  worstEventLossPct: number;
  /** That event: "AVS <name>" or "slash <LRT>". */
  worstEvent: string;
  /** Every slash's loss to the vault, in day order (the loss layers' input: bench/tranche.ts). */
  eventLosses: { day: number; lossEth: number }[];
}

export interface ReplayResult {
  seed: number;
  days: number;
  outcomes: Record<StrategyName, StrategyOutcome>;
  /** keeper yield / hindsight yield, percent (the targeted figure). */
  keeperPctOfHindsight: number;
  /** keeper yield / rolling-foresight yield, percent. */
  keeperPctOfForesight: number;
  /** Name of the LRT the single-best baseline holds. */
  singleBestLrt: string;
  events: { slashes: number; depegs: number; regimes: number; avsSlashes: number };
}

const T0 = 1_700_000_000;
const DAY = 86_400;
const WEI = 1e18;

const wei = (eth: number): bigint => BigInt(Math.floor(Math.max(0, eth) * WEI));
const eth = (w: bigint): number => Number(w) / WEI;
const adapterAddress = (i: number): Hex => `0x${(0xad00 + i).toString(16).padStart(40, "0")}` as Hex;

interface Portfolio {
  idle: number;
  /** LRT tokens held per adapter (not queued). */
  tokens: number[];
  /** Queued exits: paid min(value at request, value at finalisation) at the fair rate, from `claimDay` on. */
  queued: QueuedExit[];
}

interface QueuedExit {
  i: number;
  tokens: number;
  valueAtRequest: number;
  claimDay: number;
}

/** The scenario as the vault sees it on day d. */
class Market {
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
    const weth = this.p.poolDepthEth;
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
      if (q.claimDay > d) return true;
      pf.idle += this.queuedValue(q, d);
      claimed.add(q.i);
      return false;
    });
    return claimed.size;
  }

  /** Queues `assets` of fair value of adapter i's tokens on day d (the vault's requestExit). */
  requestExit(pf: Portfolio, d: number, adapter: Hex, assets: bigint): void {
    const i = this.index.get(adapter);
    if (i === undefined) throw new Error(`requestExit names unknown adapter ${adapter}`);
    const fair = this.s.fair[i]![d]!;
    const tokens = Math.min(eth(assets) / fair, pf.tokens[i]!);
    pf.tokens[i] = pf.tokens[i]! - tokens;
    pf.queued.push({ i, tokens, valueAtRequest: tokens * fair, claimDay: d + this.s.lrts[i]!.withdrawalDelayDays });
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

function gasCostWei(p: ReplayParams, moves: number): bigint {
  return BigInt(p.gasBase + p.gasPerMove * moves) * BigInt(Math.round(p.gasPriceGwei * 1e9));
}

function samplesUpTo(s: Scenario, i: number, d: number): RateSample[] {
  const out: RateSample[] = [];
  for (let k = 0; k <= d; k++) out.push({ timestamp: T0 + k * DAY, fairRate: wei(s.fair[i]![k]!) });
  return out;
}

/** What each strategy sees on day d: one outlook per adapter, and (the keeper) how a proposed exit leaves. */
type Outlooks = (d: number, state: VaultState) => { outlook: AdapterOutlook[]; routes?: ExitRoute[]; exposure?: ExposureRule };

/** The keeper's risk model on the scenario: per AVS its configured risk (slash rate, mean severity), x_ia per LRT. */
function riskModel(s: Scenario, avs: ScenarioOptions["avs"], capBps: number): { loss: number[]; rule: ExposureRule } {
  const risk: AvsRisk[] = avs.map((a) => ({ name: a.name, slashProbability: a.slashesPerYear, severity: (a.severity[0] + a.severity[1]) / 2 }));
  const matrix = avs.map((a) => s.lrts.map((_, i) => avsExposure(a, i)));
  const loss = s.lrts.map((_, i) => expectedLoss(matrix.map((row) => row[i]!), risk));
  return { loss, rule: { matrix, capShare: capBps / 10_000 } };
}

function keeperOutlooks(s: Scenario, p: ReplayParams, avs?: ScenarioOptions["avs"]): Outlooks {
  const model = avs === undefined || avs.length === 0 ? null : riskModel(s, avs, p.avsCapBps);
  // What the keeper's exposure reads attribute to AVS slashes, per LRT: the drop, seen at the first read after it.
  const drops: AvsDrop[][] = s.lrts.map((_, i) =>
    s.events.flatMap((e) => (e.kind === "avsSlash" && e.hits[i]! > 0 ? [{ timestamp: T0 + e.day * DAY, lossShare: e.hits[i]! }] : [])),
  );
  const holdAvs = model !== null && p.strategy.guard.avsSlash === "hold";
  return (d, state) => {
    const routes: ExitRoute[] = [];
    const outlook = state.adapters.map((a, i) => {
      const history = samplesUpTo(s, i, d);
      // As a cycle does (analyseAdapters): a slash is left out of the growth, the guard acts on it.
      const apy = estimateApy(history, { ...p.strategy.apy, excludeDropsBps: p.strategy.guard.dropBps });
      const now = T0 + d * DAY;
      const seen = holdAvs ? drops[i]!.filter((x) => x.timestamp <= now) : [];
      const guard = evaluateGuard(a, discountAvsDrops(history, seen), now, p.strategy.guard);
      const route = exitRoute(guard, p.strategy.guard.depegExit);
      routes.push(route);
      const loss = model === null ? 0 : model.loss[i]!;
      return { apy: apy.totalApy - loss, guarded: guard.guarded, exit: route === "sell", entryCostBps: 0 };
    });
    return model === null ? { outlook, routes } : { outlook, routes, exposure: model.rule };
  };
}

/** Books each event of day d against the holdings carried into it: the worst one, as a share of assets. */
function bookEvents(market: Market, pf: Portfolio, d: number, out: StrategyOutcome): void {
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
    if (pct > out.worstEventLossPct) {
      out.worstEventLossPct = pct;
      out.worstEvent = e.kind === "avsSlash" ? `AVS ${market.avsNames[e.avs] ?? `#${e.avs}`}` : `slash ${s.lrts[e.lrt]!.name}`;
    }
  }
}


function foresightOutlooks(s: Scenario, p: ReplayParams, market: Market): Outlooks {
  const horizon = p.strategy.horizonDays;
  return (d) => ({
    outlook: s.lrts.map((_, i) => {
      const end = Math.min(s.days, d + Math.round(horizon));
      const growth = end > d ? market.unitValue(i, end) / market.unitValue(i, d) : 1;
      const apy = end > d ? Math.pow(growth, 365 / (end - d)) - 1 : 0;
      return trueOutlook(market, p, i, d, apy);
    }),
  });
}

/** An outlook with the true entry cost on day d; an entry the slippage bound would refuse is no option. */
function trueOutlook(market: Market, p: ReplayParams, i: number, d: number, apy: number): AdapterOutlook {
  const entryCostBps = Math.ceil((1 - market.unitValue(i, d) / market.s.fair[i]![d]!) * 10_000);
  return { apy, guarded: entryCostBps > p.maxSlippageBps, exit: false, entryCostBps: Math.min(entryCostBps, 1_000) };
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
    exitRequests: 0,
    exitClaims: 0,
    worstEventLossPct: 0,
    worstEvent: "none",
    eventLosses: [],
  };
}

/** For a held allocation: books every day's events against it. */
function bookHeld(market: Market, pf: Portfolio, out: StrategyOutcome): void {
  for (let d = 1; d <= market.s.days; d++) bookEvents(market, pf, d, out);
}

function finish(out: StrategyOutcome, market: Market, pf: Portfolio, p: ReplayParams): StrategyOutcome {
  out.finalEth = market.total(pf, market.s.days);
  out.yieldPct = (out.finalEth / p.vaultEth - 1) * 100;
  return out;
}

/** Runs the keeper's pipeline (or the foresight variant) every day of the scenario. */
function replayPlanner(market: Market, p: ReplayParams, outlooks: Outlooks): StrategyOutcome {
  const out = emptyOutcome();
  const pf: Portfolio = { idle: p.vaultEth, tokens: market.s.lrts.map(() => 0), queued: [] };
  const horizonYears = (p.strategy.horizonDays * DAY) / SECONDS_PER_YEAR;
  const exitTxGas = gasCostWei(p, 1);
  for (let d = 0; d < market.s.days; d++) {
    bookEvents(market, pf, d, out);
    // As a cycle does: claim what is final, request queued exits of depegged positions, then plan on a fresh read.
    const claims = market.claim(pf, d);
    out.exitClaims += claims;
    out.gasEth += eth(exitTxGas) * claims;
    let state = market.state(pf, d);
    let seen = outlooks(d, state);
    if (seen.routes !== undefined) {
      const requests = planExitRequests(state, seen.routes, BigInt(p.strategy.minMoveWei));
      for (const r of requests) market.requestExit(pf, d, r.adapter, r.assets);
      out.exitRequests += requests.length;
      out.gasEth += eth(exitTxGas) * requests.length;
      if (requests.length > 0) {
        state = market.state(pf, d);
        seen = outlooks(d, state);
      }
    }
    const plan = planRebalance(
      {
        state,
        outlook: seen.outlook,
        params: { horizonYears, slippageBps: p.strategy.slippageBps },
        ...(seen.exposure === undefined ? {} : { exposure: seen.exposure }),
      },
      { minMoveWei: p.strategy.minMoveWei },
    );
    if (plan.moves.length === 0) continue;
    const gas = gasCostWei(p, plan.moves.length);
    const decision = decideSend(plan, gas, {
      gainOverGasMarginBps: p.strategy.gainOverGasMarginBps,
      minGainWei: p.strategy.minGainWei,
    });
    if (!decision.send) {
      out.held++;
      continue;
    }
    if (market.execute(pf, d, plan.moves, out) !== null) {
      out.reverted++;
      continue;
    }
    out.rebalances++;
    if (plan.forced) {
      out.forced++;
      const reasons = plan.currentViolations.length > 0 ? [...new Set(plan.currentViolations.map((v) => v.rule))] : ["guard"];
      for (const r of reasons) out.forcedBy[r] = (out.forcedBy[r] ?? 0) + 1;
    }
    out.moves += plan.moves.length;
    out.gasEth += eth(gas);
  }
  return finish(out, market, pf, p);
}

/** Hindsight: the keeper's planner on day 0 given each LRT's true yield over the whole year, then held. */
function replayHindsight(market: Market, p: ReplayParams, yearGrowth: readonly number[]): StrategyOutcome {
  const out = emptyOutcome();
  const pf: Portfolio = { idle: p.vaultEth, tokens: market.s.lrts.map(() => 0), queued: [] };
  const state = market.state(pf, 0);
  const years = market.s.days / 365;
  // As an annual rate over `years`, so apy x horizon is exactly the year's growth.
  const outlook = yearGrowth.map((g, i) => trueOutlook(market, p, i, 0, (g - 1) / years));
  const plan = planRebalance(
    { state, outlook, params: { horizonYears: years, slippageBps: p.strategy.slippageBps } },
    { minMoveWei: p.strategy.minMoveWei },
  );
  if (plan.moves.length > 0) {
    const failed = market.execute(pf, 0, plan.moves, out);
    if (failed !== null) throw new Error(`replay: the hindsight plan reverted: ${failed}`);
    out.rebalances = 1;
    out.moves = plan.moves.length;
    out.gasEth = eth(gasCostWei(p, plan.moves.length));
  }
  bookHeld(market, pf, out);
  return finish(out, market, pf, p);
}

/**
 * Day 0: deposits in proportion to `weights`, scaled as far as the rules allow (bisection on the keeper's own
 * rule check), executed at once. Returns the plan's moves (empty when nothing fits).
 */
function allocateOnce(market: Market, p: ReplayParams, pf: Portfolio, weights: readonly number[], out: StrategyOutcome): Move[] {
  const state = market.state(pf, 0);
  const slip = BigInt(p.strategy.slippageBps);
  const movesAt = (x: number): Move[] =>
    weights.flatMap((w, i) => {
      const assets = wei(p.vaultEth * w * x);
      return assets === 0n ? [] : [{ adapter: adapterAddress(i), deposit: true, assets, limit: (assets * (10_000n - slip)) / 10_000n }];
    });
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 50; k++) {
    const mid = (lo + hi) / 2;
    if (checkRules(state, movesAt(mid)).length === 0) lo = mid;
    else hi = mid;
  }
  const moves = movesAt(lo);
  if (moves.length > 0) {
    const failed = market.execute(pf, 0, moves, out);
    if (failed !== null) throw new Error(`replay: the day-0 baseline plan reverted: ${failed}`);
    out.rebalances = 1;
    out.moves = moves.length;
    out.gasEth = eth(gasCostWei(p, moves.length));
  }
  return moves;
}

/** A baseline: `weights` allocated on day 0 as far as the rules allow, then held for the year. */
function replayStatic(market: Market, p: ReplayParams, weights: readonly number[]): StrategyOutcome {
  const out = emptyOutcome();
  const pf: Portfolio = { idle: p.vaultEth, tokens: market.s.lrts.map(() => 0), queued: [] };
  allocateOnce(market, p, pf, weights, out);
  bookHeld(market, pf, out);
  return finish(out, market, pf, p);
}

/**
 * A realistic input for the keeper's optimiser with `n` adapters (for timing it): a scenario over n LRTs (the
 * devnet's five, repeated across tiers), an equal-weight portfolio from day 0, the vault and the keeper's
 * outlooks (estimator and guard over past samples) on day `day`.
 */
export function optimiserInput(n: number, seed: number, day = 30, params: ReplayParams = defaultReplayParams()): AllocationInput {
  if (!Number.isInteger(n) || n < 1) throw new Error(`optimiserInput: n must be a positive integer, got ${n}`);
  const lrts = Array.from({ length: n }, (_, i) => {
    const base = DEVNET_LRTS[i % DEVNET_LRTS.length]!;
    return { ...base, name: `${base.name}-${i}`, tier: i % params.tiers.length };
  });
  const s = generateScenario(seed, { ...DEFAULT_SCENARIO, days: Math.max(day, 1), lrts });
  const market = new Market(s, params);
  const pf: Portfolio = { idle: params.vaultEth, tokens: lrts.map(() => 0), queued: [] };
  allocateOnce(market, params, pf, lrts.map(() => 1 / n), emptyOutcome());
  const state = market.state(pf, day);
  return {
    state,
    outlook: keeperOutlooks(s, params)(day, state).outlook,
    params: { horizonYears: (params.strategy.horizonDays * DAY) / SECONDS_PER_YEAR, slippageBps: params.strategy.slippageBps },
  };
}

/** Replays one seeded year under every strategy. */
export function replayYear(
  seed: number,
  params: ReplayParams = defaultReplayParams(),
  scenarioOptions: ScenarioOptions = DEFAULT_SCENARIO,
): ReplayResult {
  const s = generateScenario(seed, scenarioOptions);
  const market = new Market(s, params, scenarioOptions.avs.map((a) => a.name));
  const n = s.lrts.length;
  const yearGrowth = s.lrts.map((_, i) => market.unitValue(i, s.days) / market.unitValue(i, 0));
  const best = yearGrowth.indexOf(Math.max(...yearGrowth));
  const outcomes: Record<StrategyName, StrategyOutcome> = {
    keeper: replayPlanner(market, params, keeperOutlooks(s, params, scenarioOptions.avs)),
    keeperNoExposure: replayPlanner(market, params, keeperOutlooks(s, params)),
    hindsight: replayHindsight(market, params, yearGrowth),
    foresight: replayPlanner(market, params, foresightOutlooks(s, params, market)),
    equalWeight: replayStatic(market, params, s.lrts.map(() => 1 / n)),
    singleBest: replayStatic(market, params, s.lrts.map((_, i) => (i === best ? 1 : 0))),
  };
  const count = (kind: string) => s.events.filter((e) => e.kind === kind).length;
  return {
    seed,
    days: s.days,
    outcomes,
    keeperPctOfHindsight: (outcomes.keeper.yieldPct / outcomes.hindsight.yieldPct) * 100,
    keeperPctOfForesight: (outcomes.keeper.yieldPct / outcomes.foresight.yieldPct) * 100,
    singleBestLrt: s.lrts[best]!.name,
    events: { slashes: count("slash"), depegs: count("depeg"), regimes: count("regime"), avsSlashes: count("avsSlash") },
  };
}

export interface ReplaySummary {
  seeds: number[];
  runs: ReplayResult[];
  /** Median over seeds of each strategy's yield, percent. */
  medianYieldPct: Record<StrategyName, number>;
  keeperPctOfHindsight: { median: number; min: number; max: number };
  keeperPctOfForesight: { median: number; min: number; max: number };
  /** Per strategy, the worst single-event loss (% of assets): median over seeds of each year's worst, and the worst of all. */
  worstEventLossPct: Record<StrategyName, { median: number; max: number; event: string }>;
  target: number;
}

export const YIELD_TARGET_PCT = 95;

/** Replays every seed and summarises. */
export function replaySeeds(
  seeds: readonly number[],
  params: ReplayParams = defaultReplayParams(),
  scenarioOptions: ScenarioOptions = DEFAULT_SCENARIO,
): ReplaySummary {
  if (seeds.length === 0) throw new Error("replaySeeds: no seeds");
  const runs = seeds.map((seed) => replayYear(seed, params, scenarioOptions));
  const spread = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });
  return {
    seeds: [...seeds],
    runs,
    medianYieldPct: Object.fromEntries(STRATEGIES.map((k) => [k, median(runs.map((r) => r.outcomes[k].yieldPct))])) as Record<
      StrategyName,
      number
    >,
    keeperPctOfHindsight: spread(runs.map((r) => r.keeperPctOfHindsight)),
    keeperPctOfForesight: spread(runs.map((r) => r.keeperPctOfForesight)),
    worstEventLossPct: Object.fromEntries(
      STRATEGIES.map((k) => {
        const worst = runs.reduce((w, r) => (r.outcomes[k].worstEventLossPct > w.outcomes[k].worstEventLossPct ? r : w));
        return [
          k,
          {
            median: median(runs.map((r) => r.outcomes[k].worstEventLossPct)),
            max: worst.outcomes[k].worstEventLossPct,
            event: `${worst.outcomes[k].worstEvent}, seed ${worst.seed}`,
          },
        ];
      }),
    ) as ReplaySummary["worstEventLossPct"],
    target: YIELD_TARGET_PCT,
  };
}
