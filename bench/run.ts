/**
 * `npm run bench`: measures gas (forge, isolation mode, against an OpenZeppelin reference compiled in the
 * same run), prints one dated markdown table, writes bench/results.json and puts the same table into
 * docs/performance.md between its markers. Benchmarks only: nothing here asserts a target, it reports them.
 *
 *   npm run bench                 every section
 *   npm run bench -- --only=gas   some sections (comma-separated); results.json and docs/performance.md are then
 *                                 left alone unless --write is given
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "./stats.js";
import { repoRoot } from "../script/lib/foundry.js";
import { ADAPTER_COUNTS, forgeVersion, measureGas, type GasResults } from "./gas.js";
import { measureCycle, timeOptimiser, type CycleFigures, type OptimiserTiming } from "./keeper.js";
import { DEFAULT_SCENARIO, type ScenarioOptions } from "./scenario.js";
import { defaultReplayParams, replaySeeds, STRATEGIES, type ReplayParams, type ReplaySummary, type StrategyName } from "./replay.js";
import { againstTarget, markdownTable } from "./table.js";
import { DEFAULT_REDEMPTIONS, REDEMPTION_STRATEGIES, replayRedemptionSeed, type RedemptionParams, type RedemptionStrategy } from "./redemptions.js";
import { compareSolvers, type LpComparison } from "./lpCompare.js";
import { INSURANCE_BPS, trancheRows, type TrancheRow } from "./tranche.js";

export const SECTIONS = ["gas", "optimiser", "cycle", "yield", "solvers", "redemptions"] as const;
/** AVS counts of the solver comparison (rows added to the allocation LP). */
export const SOLVER_AVS_COUNTS = [0, 4, 8, 16, 32];
/** Seeds of the yield replay: one simulated year each. */
export const YIELD_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
export const OPTIMISER_ADAPTERS = Array.from({ length: 15 }, (_, i) => i + 2);
/** Target for the read of one cycle, RPC round trips. */
export const READ_ROUND_TRIPS_TARGET = 2;
export type Section = (typeof SECTIONS)[number];

export interface Machine {
  node: string;
  forge: string;
  cpus: number;
  cpuModel: string;
  platform: string;
}

export interface BenchResults {
  date: string;
  machine: Machine;
  /** Wall time of the whole run, seconds. */
  runSeconds: number;
  gas?: GasResults;
  optimiser?: OptimiserTiming[];
  cycle?: CycleFigures & { readTarget: number };
  /** The keeper's simplex against HiGHS (WebAssembly) on the same allocation programs. */
  solvers?: LpComparison[];
  yield?: {
    summary: Omit<ReplaySummary, "runs">;
    perSeed: { seed: number; keeperPctOfHindsight: number; yieldPct: Record<StrategyName, number>; events: ReplaySummary["runs"][number]["events"] }[];
    keeperActivity: {
      medianRebalances: number;
      medianForced: number;
      /** Median per year of forced plans by the rule the state broke before them ("guard": a guarded exit). */
      medianForcedBy: Record<string, number>;
      medianGasEth: number;
      medianMoveCostEth: number;
    };
    /** The same seeds with events switched off: where the gap to hindsight comes from. */
    attribution: { variant: string; keeperPctOfHindsight: number; keeperYieldPct: number; hindsightYieldPct: number }[];
    /** The keeper under other per-AVS caps (same seeds, same events): what the cap trades between yield and the worst event. */
    capSweep: { avsCapBps: number; keeperYieldPct: number; keeperPctOfHindsight: number; worstEventMedianPct: number; worstEventMaxPct: number; worstEvent: string }[];
    /** The keeper's years split into loss layers: senior and junior returns with junior capital of 0, 5 and 10 %. */
    tranches: TrancheRow[];
    scenario: ScenarioOptions;
    params: Omit<ReplayParams, "strategy" | "tiers"> & { tiers: ReplayParams["tiers"]; strategy: Record<string, unknown> };
  };
  redemptions?: RedemptionSummary;
}

/** A year of seeded redemption demand per seed (bench/redemptions.ts): medians over the seeds. */
export interface RedemptionSummary {
  seeds: number[];
  params: RedemptionParams;
  /** Per strategy: median over seeds of slippage (bps of demand, ETH), of the median time and the worst time. */
  strategies: Record<
    RedemptionStrategy,
    { slippageBps: number; slippageEth: number; medianHours: number; medianBeyondBufferHours: number; worstHours: number; soldShare: number; queuedShare: number }
  >;
  demandEth: number;
  requests: number;
  /** The keeper's chosen protocol delay (median of its queued exits), days. */
  keeperQueueDelayDays: number;
  /**
   * Target: the keeper's median time to fulfilment <= chosen delay + one cycle, for all requests and for those the
   * buffer did not cover; keeper slippage below always selling.
   */
  met: { time: boolean; cost: boolean };
}

export function redemptionSummary(seeds: readonly number[], params: RedemptionParams = DEFAULT_REDEMPTIONS): RedemptionSummary {
  const runs = seeds.map((seed) => replayRedemptionSeed(seed, params));
  const med = (f: (r: (typeof runs)[number]) => number) => Math.round(median(runs.map(f)) * 100) / 100;
  const strategies = Object.fromEntries(
    REDEMPTION_STRATEGIES.map((k) => [
      k,
      {
        slippageBps: med((r) => r.outcomes[k].slippageBps),
        slippageEth: med((r) => r.outcomes[k].slippageEth),
        medianHours: med((r) => r.outcomes[k].medianHours),
        medianBeyondBufferHours: med((r) => r.outcomes[k].medianBeyondBufferHours),
        worstHours: med((r) => r.outcomes[k].worstHours),
        soldShare: med((r) => r.outcomes[k].soldShare),
        queuedShare: med((r) => r.outcomes[k].queuedShare),
      },
    ]),
  ) as RedemptionSummary["strategies"];
  const delay = med((r) => r.outcomes.keeper.queueDelayDays);
  return {
    seeds: [...seeds],
    params,
    strategies,
    demandEth: med((r) => r.outcomes.keeper.demandEth),
    requests: med((r) => r.outcomes.keeper.requests),
    keeperQueueDelayDays: delay,
    met: {
      time: Math.max(strategies.keeper.medianHours, strategies.keeper.medianBeyondBufferHours) <= delay * 24 + params.cycleHours,
      cost: strategies.keeper.slippageEth < strategies.alwaysSell.slippageEth,
    },
  };
}

const REDEMPTION_LABELS: Record<RedemptionStrategy, string> = {
  keeper: "keeper (planQueue: idle, protocol queues by the due time, instant once overdue)",
  alwaysSell: "always sell instantly",
  alwaysQueue: "always queue",
};

function redemptionsMarkdown(r: RedemptionSummary): string {
  const p = r.params;
  const h = (x: number) => (x >= 48 ? `${(x / 24).toFixed(1)} d` : `${x.toFixed(2)} h`);
  return [
    "#### Redemptions: a year of seeded demand through the queue",
    "",
    `${r.seeds.length} seeded years (bench/redemptions.ts, LRT paths from bench/scenario.ts): a ${p.vaultEth.toLocaleString("en-US")} ETH vault, ${p.bufferFloorBps / 100} % buffer, about ${r.requests} requests a year`,
    `(${p.requestsPerDay} a day; ${p.largeShare * 100} % of them ${p.largeEth[0]}..${p.largeEth[1]} ETH, the rest around ${p.smallMedianEth} ETH) plus one exit of ${p.bigExitShare * 100} % of the vault, ${Math.round(r.demandEth).toLocaleString("en-US")} ETH in all,`,
    `deposits at the same rate; the keeper cycles every ${p.cycleHours} h, maxWait ${p.maxWaitDays} days, protocol delays 7..14 days, ${p.poolDepthEth.toLocaleString("en-US")} ETH pools with a ${p.poolFeeBps} bps fee. Medians over seeds.`,
    "",
    markdownTable(
      ["strategy", "slippage paid", "sold / queued (share of demand)", "median time to fulfilment", "median beyond the buffer", "worst"],
      REDEMPTION_STRATEGIES.map((k) => {
        const s = r.strategies[k];
        return [REDEMPTION_LABELS[k], `${s.slippageEth.toFixed(3)} ETH (${s.slippageBps.toFixed(2)} bps)`, `${(s.soldShare * 100).toFixed(1)} % / ${(s.queuedShare * 100).toFixed(1)} %`, h(s.medianHours), h(s.medianBeyondBufferHours), h(s.worstHours)];
      }),
    ),
    "",
    `- keeper's median time to fulfilment ${h(r.strategies.keeper.medianHours)} (beyond the buffer ${h(r.strategies.keeper.medianBeyondBufferHours)}) against the chosen protocol delay (${r.keeperQueueDelayDays} d) + one cycle: ${r.met.time ? "met" : "NOT met"}`,
    `- keeper's slippage ${r.strategies.keeper.slippageEth.toFixed(3)} ETH against always selling ${r.strategies.alwaysSell.slippageEth.toFixed(3)} ETH: ${r.met.cost ? "below (met)" : "NOT below"}`,
  ].join("\n");
}

interface Args {
  sections: Section[];
  write: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  let sections: Section[] = [...SECTIONS];
  let write: boolean | undefined;
  for (const arg of argv) {
    if (arg.startsWith("--only=")) {
      const wanted = arg.slice("--only=".length).split(",").filter((s) => s !== "");
      const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
      if (unknown.length > 0 || wanted.length === 0) {
        throw new Error(`--only: unknown section(s) "${unknown.join(",")}"; known: ${SECTIONS.join(", ")}`);
      }
      sections = wanted as Section[];
    } else if (arg === "--write") write = true;
    else throw new Error(`unknown argument "${arg}"; usage: npm run bench [-- --only=${SECTIONS.join(",")}] [--write]`);
  }
  return { sections, write: write ?? sections.length === SECTIONS.length };
}

function gasMarkdown(g: GasResults): string {
  const d = g.depositor;
  const row = (label: string, key: keyof typeof d.project) =>
    [label, d.project[key], d.reference[key], `${(d.project[key] / d.reference[key]).toFixed(3)}x`] as const;
  const depositor = markdownTable(
    ["depositor path (gas per transaction)", "LRTVault", "OZ ERC4626 reference", "ratio"],
    [
      row("deposit WETH, first ever", "depositFirst"),
      row("deposit WETH, later (new holder)", "depositLater"),
      row("depositETH, first ever", "depositETHFirst"),
      row("depositETH, later (new holder)", "depositETHLater"),
      row("redeem to WETH from the buffer", "redeem"),
      row("redeemETH from the buffer", "redeemETH"),
    ],
  );
  const maxK = ADAPTER_COUNTS[ADAPTER_COUNTS.length - 1]!;
  const ks: number[] = [];
  for (let k = 1; k <= maxK; k *= 2) ks.push(k);
  const scaling = markdownTable(
    ["N adapters", "report()", ...ks.map((k) => `rebalance k=${k}`), "pricePerShare()", "convertToAssets()", "latestRoundData()"],
    g.scaling.map((r) => [
      r.adapters,
      r.report,
      ...ks.map((k) => r.rebalance[`k${k}`] ?? "-"),
      r.pricePerShare,
      r.convertToAssets,
      r.latestRoundData,
    ]),
  );
  return [
    "#### Gas",
    "",
    "Gas a sender pays per transaction (`forge test --isolate`: 21,000 base and calldata included, refunds",
    "deducted, storage cold at the start). The reference is OpenZeppelin's ERC4626 over the same WETH, compiled",
    "in the same run. Later deposits are by a holder new to a vault that already has deposits, an allocation,",
    "locked profit and a reserve.",
    "",
    depositor,
    "",
    `- depositVsReference: ${againstTarget(d.ratios.depositVsReference, d.targets.depositVsReference, "lower")}`,
    `- redeemVsReference: ${againstTarget(d.ratios.redeemVsReference, d.targets.redeemVsReference, "lower")}`,
    "",
    "Keeper paths and price reads against N registered adapters (MockAdapter; a rebalance touching k adapters",
    "is one allocation for k = 1, else k/2 instant exits then k/2 allocations of 1 WETH; price reads are the",
    "gas a calling contract spends on the view, cold):",
    "",
    scaling,
    "",
    `- report(): about ${g.reportPerAdapter.toLocaleString("en-US")} gas per registered adapter (fit from N = 1 to 16).`,
    `- price reads: ${g.priceReadSpread === 0 ? "flat in N (identical gas for N = 1 to 16)" : `vary by ${g.priceReadSpread} gas over N`}.`,
    "",
    "Redemption queue on the real vault (1 WETH requests; one mock adapter with a 1 % instant exit; a request already",
    "queued, so the measured ones are later ones):",
    "",
    markdownTable(
      ["queue path (gas per transaction)", "gas"],
      [
        ["requestRedeem", g.queue.requestRedeem],
        ["cancelRedeemRequest (shares back)", g.queue.cancelRedeemRequest],
        ["fulfil, 1 request", g.queue.fulfil1],
        [`fulfil, batch of 10 (${g.queue.fulfilPerRequestOf10.toLocaleString("en-US")} per request)`, g.queue.fulfil10],
        ["claim (WETH)", g.queue.claim],
        ["claimETH", g.queue.claimETH],
        ["instantRedeem (paid instant exit through one adapter)", g.queue.instantRedeem],
        ["redeem from the buffer, same size", g.queue.bufferRedeem],
      ],
    ),
    "",
    `- instant exit against a buffer redeem: ${g.queue.instantVsBuffer.toFixed(2)}x the gas (it recognises losses, escrows, sells through the adapter, burns the penalty and settles).`,
    "",
    "Share-price feed read by a lender's contract (cold, a day after a report while profit unlocks; the latest round",
    "follows the vault's price under the growth cap, one call into the vault):",
    "",
    markdownTable(
      ["feed read", "gas"],
      [
        ["latestRoundData (v3, live answer)", g.feed.latestRoundData],
        ["latestAnswer (v2, Aave's read)", g.feed.latestAnswer],
        ["latestTimestamp (v2)", g.feed.latestTimestamp],
        ["getAnswer(latestRound) (v2)", g.feed.getAnswerLatest],
        ["today's read: a stored round (what latestRoundData cost before it followed the price)", g.feed.storedRound],
      ],
    ),
    "",
    "Junior tranche (JuniorTranche beside the real vault; one mock adapter; report() with a junior layer against the",
    "same report when the same ETH sat in the vault as a senior deposit, from the same state: a profit report that",
    "mints junior's premium, and a loss larger than the reserve that burns junior capital):",
    "",
    markdownTable(
      ["junior path (gas per transaction)", "gas"],
      [
        ["depositETH (a later deposit)", g.junior.juniorDeposit],
        ["requestRedeem (notice starts)", g.junior.juniorRequest],
        ["claim (after the notice, vault shares out)", g.junior.juniorClaim],
        ["report(), profit, without / with a junior layer", `${g.junior.reportProfitWithoutJunior} / ${g.junior.reportProfitWithJunior}`],
        ["report(), first loss beyond the reserve, without / with a junior layer", `${g.junior.reportLossWithoutJunior} / ${g.junior.reportLossWithJunior}`],
        ["report(), a second loss at the same adapter, without / with", `${g.junior.reportLossAgainWithoutJunior} / ${g.junior.reportLossAgainWithJunior}`],
      ],
    ),
    "",
    `- report() with a junior layer: profit ${againstTarget(g.junior.reportProfitRatio, g.junior.target, "lower", "x")}; first junior loss at an adapter ${againstTarget(g.junior.reportLossRatio, g.junior.target, "lower", "x")} (its juniorDebt slot goes from zero to non-zero: 20,000 gas, a slot of its own because packing it beside the flags costs bytecode the vault's EIP-3860 initcode limit has no room for); later losses ${againstTarget(g.junior.reportLossAgainRatio, g.junior.target, "lower", "x")}`,
  ].join("\n");
}

function optimiserMarkdown(rows: readonly OptimiserTiming[]): string {
  return [
    "#### Keeper: optimiser time",
    "",
    `Median and p95 of ${rows[0]?.runs ?? 0} runs (process.hrtime, after warm-up) on a realistic state per N: \`solveAllocation\` is`,
    "the LP alone, `planRebalance` adds rounding to wei and the exact integer rule check.",
    "",
    markdownTable(
      ["N adapters", "LP vars x rows", "solve median ms", "solve p95 ms", "plan median ms", "plan p95 ms"],
      rows.map((r) => [r.adapters, r.lpSize, r.solveMedianMs.toFixed(3), r.solveP95Ms.toFixed(3), r.planMedianMs.toFixed(3), r.planP95Ms.toFixed(3)]),
    ),
  ].join("\n");
}

function cycleMarkdown(c: NonNullable<BenchResults["cycle"]>): string {
  const methods = (m: Record<string, number>) =>
    Object.entries(m)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  return [
    "#### Keeper: one dry-run cycle against anvil",
    "",
    "Devnet deployed by script/Deploy.s.sol, 100 ETH deposited, two hours of rate history, the devnet's restaking",
    "risk model on; the keeper key is loaded so the plan is simulated and its gas estimated as in a real cycle, and",
    "nothing is sent.",
    "",
    `- read of the whole vault and every LRT's AVS exposure (risk model on): ${againstTarget(c.read.byMethod.eth_call ?? 0, c.readTarget, "lower", " round trip(s)")} of eth_call, ` +
      `plus ${c.read.total - (c.read.byMethod.eth_call ?? 0)} per endpoint for its chain id and head, checked each cycle (${methods(c.read.byMethod)})`,
    `- whole cycle: ${c.cycle.total} round trips (${methods(c.cycle.byMethod)}), outcome ${c.outcome} with ${c.moves} move(s)`,
    `- wall time of the cycle: ${c.cycleWallMs} ms`,
    `- /status at the history cap (${c.statusAtCap.snapshots} snapshots of 5 adapters): first answer after a cycle ${c.statusAtCap.firstMs} ms, then median ${c.statusAtCap.medianMs} ms (p95 ${c.statusAtCap.p95Ms} ms)`,
    `- dry-run cycle with one RPC endpoint vs two (every decision read confirmed on both; median of ${c.rpcCompare.runs} alternating runs): ${c.rpcCompare.oneRpcMedianMs} ms vs ${c.rpcCompare.twoRpcMedianMs} ms`,
    `- the same plan sent for real on the devnet's ${c.devnet.adapters} real adapters (protocol deposits, not mocks): rebalance of ${c.devnet.rebalanceMoves} move(s) ${c.devnet.rebalanceGas.toLocaleString("en-US")} gas; report() ${c.devnet.reportGas.toLocaleString("en-US")} gas`,
  ].join("\n");
}

function solversMarkdown(rows: readonly LpComparison[]): string {
  const faster = rows.filter((r) => r.simplexMedianMs < r.highsMedianMs).length;
  const gap = Math.max(...rows.map((r) => r.objectiveGap));
  const viol = (r: LpComparison) => Math.max(r.simplexMaxViolation, r.highsMaxViolation);
  const ms = (x: number) => x.toFixed(3);
  const sci = (x: number) => (x === 0 ? "0" : x.toExponential(1));
  const ratio = rows.map((r) => r.highsMedianMs / r.simplexMedianMs).sort((a, b) => a - b);
  return [
    "#### Keeper: LP solver, hand-written simplex against HiGHS",
    "",
    "The allocation LP with the AVS-exposure rule (one row per AVS any LRT is exposed to; seeded overlapping exposures,",
    "cap 25 %) for N = 2..16 adapters and K AVSs, solved by the keeper's dense simplex (`keeper/strategy/lp.ts`) and by",
    "HiGHS 1.15.3 compiled to WebAssembly (npm `highs`, CPLEX-LP text in, columns out, module loaded once before",
    "timing). Median and p95 of 30 solves each; objective gap |simplex - HiGHS|; largest row or bound violation of",
    "either solution.",
    "",
    markdownTable(
      ["N", "K AVSs", "vars x rows", "simplex median ms", "simplex p95 ms", "HiGHS median ms", "HiGHS p95 ms", "objective gap", "max violation"],
      rows.map((r) => [r.adapters, r.avs, r.size, ms(r.simplexMedianMs), ms(r.simplexP95Ms), ms(r.highsMedianMs), ms(r.highsP95Ms), sci(r.objectiveGap), sci(viol(r))]),
    ),
    "",
    `- exactness: the same optimum on all ${rows.length} programs (largest objective gap ${sci(gap)}, largest violation ${sci(Math.max(...rows.map(viol)))})`,
    `- time: the simplex is faster on ${faster} of ${rows.length} (HiGHS / simplex median time: ${ratio[0]!.toFixed(0)}x to ${ratio[ratio.length - 1]!.toFixed(0)}x)`,
    "- kept: the hand-written simplex (no dependency in the keeper; at most 32 variables and 37 rows a dense tableau",
    "  solves in well under a millisecond, while HiGHS spends its time on parsing, presolve and set-up)",
  ].join("\n");
}

const STRATEGY_LABELS: Record<StrategyName, string> = {
  keeper: "keeper (estimator, guard, optimiser, planner, hysteresis, AVS exposure model)",
  keeperNoExposure: "keeper without the exposure model (measured APY, no AVS cap)",
  hindsight: "hindsight optimum (optimiser with the year's true yields, held)",
  foresight: "rolling foresight (the planner knowing the next 30 days)",
  equalWeight: "equal weight (held)",
  singleBest: "single best LRT by hindsight (held)",
};

function yieldMarkdown(y: NonNullable<BenchResults["yield"]>): string {
  const s = y.summary;
  const pct = (x: number) => `${x.toFixed(2)} %`;
  const table = markdownTable(
    ["strategy (same rules)", "median yield over a year", "worst single-event loss (median of years)", "worst single-event loss (all years)"],
    STRATEGIES.map((k) => [
      STRATEGY_LABELS[k],
      pct(s.medianYieldPct[k]),
      pct(s.worstEventLossPct[k].median),
      `${pct(s.worstEventLossPct[k].max)} (${s.worstEventLossPct[k].event})`,
    ]),
  );
  const worst = s.worstEventLossPct;
  const baselines = (["keeperNoExposure", "hindsight", "equalWeight", "singleBest"] as const).filter((k) => worst[k].max <= worst.keeper.max);

  const h = s.keeperPctOfHindsight;
  const f = s.keeperPctOfForesight;
  const sc = y.scenario;
  const avsLine = sc.avs.map((a) => `${a.name} ${a.slashesPerYear}/yr`).join(", ");
  return [
    "#### Yield: a simulated year, replayed",
    "",
    `${s.seeds.length} seeded years (seeds ${s.seeds[0]}..${s.seeds[s.seeds.length - 1]}) of daily rate paths for the five devnet LRTs: APRs drifting with`,
    `${sc.regimesPerYear} regime changes per LRT-year (offsets ${sc.regimeOffsetBps[0]}..${sc.regimeOffsetBps[1]} bps), ${sc.slashesPerYear} slashes per LRT-year`,
    `(${sc.slashBps[0]}..${sc.slashBps[1]} bps) and ${sc.depegsPerYear} depegs per LRT-year (${sc.depegBps[0]}..${sc.depegBps[1]} bps, recovering over ${sc.depegDays[0]}..${sc.depegDays[1]} days).`,
    `A ${y.params.vaultEth.toLocaleString("en-US")} ETH vault under the devnet's rules (tiers, 5 % buffer, reserve ${y.params.reserveBps / 100} %, 50 bps move bound),`,
    `AVS slashes on top: ${sc.avs.length} AVSs (${avsLine}), each event slashing ${(sc.avs[0]!.severity[0] * 100).toFixed(0)}..${(sc.avs[0]!.severity[1] * 100).toFixed(0)} % of the stake allocated to it and`,
    "hitting every exposed LRT on the same day by its exposure x that share (the devnet's exposures). The keeper's",
    `risk model is configured with each AVS's true rate and mean severity and a per-AVS cap of ${y.params.avsCapBps / 100} % of assets.`,
    `exits through ${y.params.poolDepthEth.toLocaleString("en-US")} ETH-deep pools with a ${y.params.poolFeeBps} bps fee, rebalance gas ${y.params.gasBase / 1000}k + ${y.params.gasPerMove / 1000}k per move. Pure TypeScript (bench/scenario.ts, bench/replay.ts).`,
    "",
    table,
    "",
    `- keeper as a share of the hindsight optimum: median ${h.median.toFixed(1)} %, min ${h.min.toFixed(1)} %, max ${h.max.toFixed(1)} % -> ${againstTarget(Math.round(h.median * 10) / 10, s.target, "higher", " %")}`,
    `- keeper as a share of rolling foresight: median ${f.median.toFixed(1)} %, min ${f.min.toFixed(1)} %`,
    `- worst single-event loss (all years): keeper ${pct(worst.keeper.max)} against keeper without the model ${pct(worst.keeperNoExposure.max)}, hindsight ${pct(worst.hindsight.max)}, equal weight ${pct(worst.equalWeight.max)}, single best ${pct(worst.singleBest.max)} -> target (below every baseline): ${baselines.length === 0 ? "met" : `NOT met (not below ${baselines.join(", ")})`}`,
    `- keeper activity (median per year): ${y.keeperActivity.medianRebalances} rebalances (${y.keeperActivity.medianForced} of them forced: ${Object.entries(y.keeperActivity.medianForcedBy)
      .map(([rule, n]) => `${rule} ${n}`)
      .join(", ")}), ${y.keeperActivity.medianGasEth.toFixed(3)} ETH of gas at ${y.params.gasPriceGwei} gwei, ${y.keeperActivity.medianMoveCostEth.toFixed(3)} ETH lost to exit and entry costs`,
    "",
    "Where the gap comes from (same seeds, events switched off or one keeper setting changed; medians):",
    "",
    markdownTable(
      ["scenario", "keeper", "hindsight", "keeper / hindsight"],
      [
        ["as above", pct(s.medianYieldPct.keeper), pct(s.medianYieldPct.hindsight), `${h.median.toFixed(1)} %`],
        ...y.attribution.map((a) => [a.variant, pct(a.keeperYieldPct), pct(a.hindsightYieldPct), `${a.keeperPctOfHindsight.toFixed(1)} %`]),
      ],
    ),
    "",
    "What the per-AVS cap trades (same seeds and events, the keeper under other caps; medians over years, worst of all years):",
    "",
    markdownTable(
      ["per-AVS cap", "keeper yield", "keeper / hindsight", "worst single-event loss (median of years)", "worst single-event loss (all years)"],
      y.capSweep.map((c) => [
        `${c.avsCapBps / 100} %${c.avsCapBps === y.params.avsCapBps ? " (default)" : ""}`,
        pct(c.keeperYieldPct),
        `${c.keeperPctOfHindsight.toFixed(1)} %`,
        pct(c.worstEventMedianPct),
        `${pct(c.worstEventMaxPct)} (${c.worstEvent})`,
      ]),
    ),
    "",
    trancheMarkdown(y.tranches, y.params.reserveBps),
  ].join("\n");
}

function trancheMarkdown(rows: readonly TrancheRow[], reserveBps: number): string {
  const pct = (x: number) => `${x.toFixed(2)} %`;
  const junior = rows.filter((r) => r.junior !== null);
  const worstJunior = junior.length === 0 ? null : Math.min(...junior.map((r) => r.junior!.worstYearPct));
  return [
    "Risk tiers (bench/tranche.ts): the same keeper years split into loss layers. A slash burns the reserve",
    `(${reserveBps / 100} % of assets at the start, refilled to that target by the ${INSURANCE_BPS / 100} % insurance cut) first, then junior capital, then the senior`,
    "price; the cut beyond the target is junior's premium by its share of the coverage held. Returns over each year,",
    "median and worst over the seeds; worst single event: the largest share of that layer's capital one slash took.",
    "",
    markdownTable(
      ["junior capital", "senior: median year", "senior: worst year", "senior: worst single event", "junior: median year", "junior: worst year", "junior: worst single event"],
      rows.map((r) => [
        r.juniorShare === 0 ? "none" : `${(r.juniorShare * 100).toFixed(0)} % of assets`,
        pct(r.senior.medianPct),
        pct(r.senior.worstYearPct),
        pct(r.senior.worstEventPct),
        r.junior === null ? "-" : pct(r.junior.medianPct),
        r.junior === null ? "-" : pct(r.junior.worstYearPct),
        r.junior === null ? "-" : pct(r.junior.worstEventPct),
      ]),
    ),
    "",
    `- worst year for a junior holder: ${worstJunior === null ? "n/a" : pct(worstJunior)}`,
  ].join("\n");
}

export function resultsMarkdown(r: BenchResults): string {
  const m = r.machine;
  const parts = [
    `Measured ${r.date.slice(0, 10)} by \`npm run bench\` (node ${m.node}, ${m.forge}, ${m.cpus} x ${m.cpuModel}, ${m.platform}; run took ${r.runSeconds} s).`,
  ];
  if (r.gas !== undefined) parts.push(gasMarkdown(r.gas));
  if (r.optimiser !== undefined) parts.push(optimiserMarkdown(r.optimiser));
  if (r.cycle !== undefined) parts.push(cycleMarkdown(r.cycle));
  if (r.yield !== undefined) parts.push(yieldMarkdown(r.yield));
  if (r.solvers !== undefined) parts.push(solversMarkdown(r.solvers));
  if (r.redemptions !== undefined) parts.push(redemptionsMarkdown(r.redemptions));
  return parts.join("\n\n");
}

/** Per-AVS caps the bench also replays the keeper under (bps of total assets), the default among them. */
export const AVS_CAP_SWEEP_BPS = [1_000, 1_500, 2_000, 3_000, 5_000] as const;

/** Replays of the same seeds with one thing changed: the scenario (events switched off) or the keeper's params. */
const ATTRIBUTION: readonly { variant: string; options?: Partial<ScenarioOptions>; params?: (p: ReplayParams) => ReplayParams }[] = [
  { variant: "no slashes, no depegs (drifting yields only)", options: { slashesPerYear: 0, depegsPerYear: 0, avs: [] } },
  { variant: "protocol and AVS slashes, no depegs", options: { depegsPerYear: 0 } },
  { variant: "AVS slashes only", options: { slashesPerYear: 0, depegsPerYear: 0 } },
  { variant: "depegs, no slashes", options: { slashesPerYear: 0, avs: [] } },
  { variant: "no AVS slashes (the bench before the exposure model)", options: { avs: [] } },
  {
    variant: "as above, guard sells after AVS slashes too (strategy.guard.avsSlash exit)",
    params: (p) => ({ ...p, strategy: { ...p.strategy, guard: { ...p.strategy.guard, avsSlash: "exit" } } }),
  },
];

function yieldResults(summary: ReplaySummary, params: ReplayParams): NonNullable<BenchResults["yield"]> {
  const { runs, ...rest } = summary;
  const keeper = runs.map((r) => r.outcomes.keeper);
  const med = (f: (o: (typeof keeper)[number]) => number) => median(keeper.map(f));
  return {
    summary: rest,
    perSeed: runs.map((r) => ({
      seed: r.seed,
      keeperPctOfHindsight: Math.round(r.keeperPctOfHindsight * 10) / 10,
      yieldPct: Object.fromEntries(STRATEGIES.map((k) => [k, Math.round(r.outcomes[k].yieldPct * 1000) / 1000])) as Record<StrategyName, number>,
      events: r.events,
    })),
    keeperActivity: {
      medianRebalances: med((o) => o.rebalances),
      medianForced: med((o) => o.forced),
      medianForcedBy: Object.fromEntries(
        [...new Set(keeper.flatMap((o) => Object.keys(o.forcedBy)))].sort().map((rule) => [rule, med((o) => o.forcedBy[rule] ?? 0)]),
      ),
      medianGasEth: med((o) => o.gasEth),
      medianMoveCostEth: med((o) => o.moveCostEth),
    },
    attribution: ATTRIBUTION.map(({ variant, options, params: change }) => {
      const v = replaySeeds(summary.seeds, change === undefined ? params : change(params), { ...DEFAULT_SCENARIO, ...options });
      return {
        variant,
        keeperPctOfHindsight: Math.round(v.keeperPctOfHindsight.median * 10) / 10,
        keeperYieldPct: Math.round(v.medianYieldPct.keeper * 1000) / 1000,
        hindsightYieldPct: Math.round(v.medianYieldPct.hindsight * 1000) / 1000,
      };
    }),
    capSweep: AVS_CAP_SWEEP_BPS.map((avsCapBps) => {
      const v = avsCapBps === params.avsCapBps ? summary : replaySeeds(summary.seeds, { ...params, avsCapBps });
      const w = v.worstEventLossPct.keeper;
      return {
        avsCapBps,
        keeperYieldPct: Math.round(v.medianYieldPct.keeper * 1000) / 1000,
        keeperPctOfHindsight: Math.round(v.keeperPctOfHindsight.median * 10) / 10,
        worstEventMedianPct: Math.round(w.median * 1000) / 1000,
        worstEventMaxPct: Math.round(w.max * 1000) / 1000,
        worstEvent: w.event,
      };
    }),
    tranches: trancheRows(summary, params),
    scenario: DEFAULT_SCENARIO,
    params: { ...params, strategy: { ...params.strategy, minMoveWei: params.strategy.minMoveWei.toString(), minGainWei: params.strategy.minGainWei.toString() } },
  };
}

const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";
/** The page the tables go to, between its markers: the performance reference, not the newcomer's README. */
export const RESULTS_DOC = path.join("docs", "performance.md");

/** Replaces the text between the results page's markers with `markdown`. */
export function spliceResults(doc: string, markdown: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${RESULTS_DOC}: markers ${START} ... ${END} not found`);
  return `${doc.slice(0, start + START.length)}\n${markdown}\n${doc.slice(end)}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      forge: await forgeVersion(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
      platform: `${os.platform()} ${os.arch()}`,
    },
    runSeconds: 0,
  };
  if (args.sections.includes("gas")) {
    process.stderr.write("bench: gas (compiling and running test/bench/GasBench.t.sol with forge --isolate)...\n");
    results.gas = await measureGas();
  }
  if (args.sections.includes("optimiser")) {
    process.stderr.write(`bench: optimiser time for N = ${OPTIMISER_ADAPTERS[0]}..${OPTIMISER_ADAPTERS.at(-1)} adapters...\n`);
    results.optimiser = timeOptimiser(OPTIMISER_ADAPTERS);
  }
  if (args.sections.includes("cycle")) {
    process.stderr.write("bench: one dry-run keeper cycle against anvil (deploying the devnet)...\n");
    results.cycle = { ...(await measureCycle()), readTarget: READ_ROUND_TRIPS_TARGET };
  }
  if (args.sections.includes("yield")) {
    process.stderr.write(`bench: yield replay over ${YIELD_SEEDS.length} simulated years...\n`);
    results.yield = yieldResults(replaySeeds(YIELD_SEEDS, defaultReplayParams()), defaultReplayParams());
  }
  if (args.sections.includes("solvers")) {
    process.stderr.write(`bench: simplex vs HiGHS on the allocation LP, N = 2..16, K = ${SOLVER_AVS_COUNTS.join(", ")} AVSs...\n`);
    results.solvers = await compareSolvers(OPTIMISER_ADAPTERS, SOLVER_AVS_COUNTS, 30);
  }
  if (args.sections.includes("redemptions")) {
    process.stderr.write(`bench: redemption replay over ${YIELD_SEEDS.length} simulated years...\n`);
    results.redemptions = redemptionSummary(YIELD_SEEDS);
  }
  results.runSeconds = Math.round(Number(process.hrtime.bigint() - started) / 1e8) / 10;

  const markdown = resultsMarkdown(results);
  process.stdout.write(`${markdown}\n`);
  if (args.write) {
    const json = JSON.stringify(results, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
    writeFileSync(path.join(repoRoot, "bench", "results.json"), `${json}\n`);
    const docPath = path.join(repoRoot, RESULTS_DOC);
    writeFileSync(docPath, spliceResults(readFileSync(docPath, "utf8"), markdown));
    process.stderr.write(`bench: wrote bench/results.json and the tables in ${RESULTS_DOC}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
