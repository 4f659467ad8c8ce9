/**
 * Plays the scenario of steps.ts against a deployed devnet with the real keeper, then winds the vault down
 * and redeems every depositor, and returns what happened: one row per step (allocations, idle, reserve,
 * share price, the keeper's move), the reserve's and the share price's path, each depositor's ETH in and out.
 *
 * Each step: time moves (evm_setNextBlockTimestamp + evm_mine) -> the step's market and user actions -> the market
 * maker refreshes oracle, feeds and pools -> the keeper reports (`runReport`) -> the keeper runs one cycle
 * (`runCycle`, the same code its cron schedule runs).
 */
import { parseEventLogs, type Address, type TransactionReceipt } from "viem";
import { lrtVaultAbi } from "../../keeper/chain/abis.generated.js";
import { readVaultState } from "../../keeper/chain/read.js";
import { runCycle, runReport, type CycleDeps, type CycleResult } from "../../keeper/cycle.js";
import { formatEth } from "../../keeper/status.js";
import { PROTOCOLS, type Protocol } from "../lib/deploy.js";
import { MarketMaker } from "./marketMaker.js";
import { DAY, DEPOSITORS, JUNIOR, Ledger, LRT_NAMES, SCENARIO, type Depositor, type Redemption, type Step } from "./steps.js";
import { ACCOUNT, type World } from "./world.js";

/** The vault at one moment, as the summary shows it. */
export interface Snapshot {
  timestamp: bigint;
  allocations: Record<Protocol, bigint>;
  idle: bigint;
  totalAssets: bigint;
  reserveAssets: bigint;
  reserveShares: bigint;
  /** Junior (first-loss) capital: every vault share the tranche holds, in ETH. */
  juniorAssets: bigint;
  pricePerShare: bigint;
  paused: boolean;
}

export interface ReportOutcome {
  profit: bigint;
  loss: bigint;
  /** Part of the loss the reserve's burned shares paid. */
  coveredByReserve: bigint;
  reserveSharesBurned: bigint;
  /** Part of the loss junior capital paid, after the reserve. */
  coveredByJunior: bigint;
  /** Part of the loss that reached the share price. */
  priceLoss: bigint;
}

export interface StepRecord {
  label: string;
  marks: Step["marks"];
  events: string[];
  /** After the market moved, before the keeper's report. */
  beforeReport: Snapshot;
  report: ReportOutcome;
  afterReport: Snapshot;
  cycle: {
    outcome: CycleResult["outcome"];
    moves: string[];
    guarded: string[];
    /** Queued-exit transactions of the cycle (e.g. "requestExit 50.09 ezETH confirmed"). */
    exits: string[];
    /** The redemption queue this cycle: the route the keeper chose and what it sent ("fulfil 1 confirmed"). */
    queue: { route: string; owed: bigint; expectedFulfilAt: bigint | null; txs: string[] } | null;
    /** AVS slashes the cycle saw, each with the LRTs it hit (e.g. "EigenDA: weETH -1.95 %, ezETH -1.50 %"). */
    avsEvents: string[];
    /** The unguarded LRT with the highest measured APY this cycle (e.g. "pufETH 6.00 %"), "-" before any estimate. */
    bestYield: string;
    note: string | null;
    txHash: string | null;
  };
  afterCycle: Snapshot;
}

export interface DepositorResult {
  name: Depositor;
  account: number;
  deposited: bigint;
  /** Withdrawn during the scenario, plus redeemed at the end. */
  received: bigint;
  redeemedAtEnd: bigint;
}

export interface ScenarioSummary {
  steps: StepRecord[];
  start: Snapshot;
  end: Snapshot;
  depositors: DepositorResult[];
  /** Sum over every LossRecognised (and JuniorLossAbsorbed) event of the run. */
  losses: { total: bigint; coveredByReserve: bigint; coveredByJunior: bigint; priceLoss: bigint };
  /** The junior depositor: ETH in, ETH out (after the notice, the claim and the redeem of the vault shares paid). */
  junior: { name: string; deposited: bigint; received: bigint };
  /** Keeper cycles by outcome. */
  outcomes: Record<string, number>;
  /** Requests made through the redemption queue: value owed, the keeper's route, the wait, what was paid. */
  redemptions: RedemptionRecord[];
}

export interface RedemptionRecord extends Redemption {
  /** Share of total assets the request was, when made. */
  shareOfVault: number;
  /** The route the keeper chose in the cycle after the request, and the exits it sent for it. */
  route: string;
  exits: string[];
  /** What the keeper expected at the request (chain time), and when it was fulfilled. */
  expectedFulfilAt: bigint | null;
  fulfilledAt: bigint | null;
}

export interface ScenarioOptions {
  world: World;
  keeper: CycleDeps;
  /** Progress lines as the scenario runs. */
  progress?: (line: string) => void;
  steps?: readonly Step[];
  /** Aborts between steps. */
  signal?: AbortSignal;
}

const ZERO_ALLOCATIONS = (): Record<Protocol, bigint> => ({ etherfi: 0n, renzo: 0n, kelp: 0n, puffer: 0n, swell: 0n });

/** Reads the vault through the keeper's lens (one call) plus its share price. */
export async function snapshot(world: World): Promise<Snapshot> {
  const { deployment } = world;
  const state = await readVaultState(world.client, deployment.vault, deployment.lens);
  const allocations = ZERO_ALLOCATIONS();
  for (const protocol of PROTOCOLS) {
    const a = state.adapters.find((x) => x.address.toLowerCase() === deployment.adapters[protocol].toLowerCase());
    if (a === undefined) throw new Error(`adapter of ${protocol} (${deployment.adapters[protocol]}) is not registered in the vault`);
    allocations[protocol] = a.allocation;
  }
  return {
    timestamp: state.timestamp,
    allocations,
    idle: state.idle,
    totalAssets: state.totalAssets,
    reserveAssets: state.reserveAssets,
    reserveShares: state.reserveShares,
    juniorAssets: state.junior?.capitalAssets ?? 0n,
    pricePerShare: await world.pricePerShare(),
    paused: state.paused,
  };
}

function reportOutcome(receipt: TransactionReceipt | null): ReportOutcome {
  const outcome: ReportOutcome = { profit: 0n, loss: 0n, coveredByReserve: 0n, reserveSharesBurned: 0n, coveredByJunior: 0n, priceLoss: 0n };
  if (receipt === null) return outcome;
  for (const log of parseEventLogs({ abi: lrtVaultAbi, logs: receipt.logs })) {
    if (log.eventName === "Report") {
      outcome.profit = log.args.profit;
      outcome.loss = log.args.loss;
    } else if (log.eventName === "LossRecognised") {
      outcome.coveredByReserve += log.args.coveredByReserve;
      outcome.reserveSharesBurned += log.args.reserveSharesBurned;
      outcome.priceLoss += log.args.priceLoss;
    } else if (log.eventName === "JuniorLossAbsorbed") {
      outcome.coveredByJunior += log.args.assets;
    }
  }
  return outcome;
}

function nameOf(world: World, adapter: Address): string {
  for (const protocol of PROTOCOLS) {
    if (world.deployment.adapters[protocol].toLowerCase() === adapter.toLowerCase()) return LRT_NAMES[protocol];
  }
  return adapter;
}

function describeCycle(world: World, result: CycleResult): StepRecord["cycle"] {
  const amount = (wei: bigint) => formatEth(wei, wei < 10n ** 16n ? 4 : 2);
  const moves = result.outcome === "sent" ? result.plan.moves.map((m) => `${m.deposit ? "+" : "-"}${amount(m.assets)} ${nameOf(world, m.adapter)}`) : [];
  const guarded = result.adapters.filter((a) => a.guard.guarded).map((a) => `${a.name}: ${a.guard.reasons.join("; ")}`);
  const exits = result.exits.map((e) => `${e.kind} ${amount(e.assets)} ${nameOf(world, e.adapter)} ${e.status}`);
  const queueTxs = result.queueTxs.map((t) =>
    t.kind === "fulfil" ? `fulfil ${t.count ?? 0} ${t.status}` : `${t.kind} ${amount(t.assets)} ${nameOf(world, t.adapter!)} ${t.status}`,
  );
  const queue =
    result.queue === undefined
      ? null
      : { route: result.queue.route, owed: result.state.queue?.owedAssets ?? 0n, expectedFulfilAt: result.queue.expectedFulfilAt[0] ?? null, txs: queueTxs };
  const avsEvents = (result.exposure?.events ?? []).map(
    (e) => `${e.avs}: ${e.hits.map((h) => `${nameOf(world, h.adapter)} -${(h.lossShare * 100).toFixed(2)} %`).join(", ")}`,
  );
  const note = result.decision?.reason ?? result.error?.message ?? (result.plan.notes.length > 0 ? result.plan.notes.join("; ") : null);
  let best: { name: string; apy: number } | null = null;
  for (const a of result.adapters) {
    if (a.guard.guarded || a.apy.baseApy === null) continue;
    if (best === null || a.apy.totalApy > best.apy) best = { name: a.name, apy: a.apy.totalApy };
  }
  const bestYield = best === null ? "-" : `${best.name} ${(best.apy * 100).toFixed(2)} %`;
  return { outcome: result.outcome, moves, guarded, exits, queue, avsEvents, bestYield, note, txHash: result.txHash ?? null };
}

function keeperText(c: StepRecord["cycle"]): string {
  const base = c.outcome === "sent" ? `moved ${c.moves.join(" ")}` : c.outcome;
  if (c.queue === null || c.queue.txs.length === 0) return base;
  return `${base}; queue (${c.queue.route}): ${c.queue.txs.join(", ")}`;
}

async function keeperReport(world: World, keeper: CycleDeps): Promise<ReportOutcome> {
  const hash = await runReport(keeper);
  return reportOutcome(hash === null ? null : await world.client.getTransactionReceipt({ hash }));
}

/**
 * Queues the exit of every position (the allocator's `requestExit`; queues pay the fair rate, no pool
 * impact), lets every protocol's withdrawal delay pass, claims, reports.
 */
async function windDown(world: World, market: MarketMaker, keeper: CycleDeps, progress: (line: string) => void): Promise<void> {
  const { deployment } = world;
  const state = await readVaultState(world.client, deployment.vault, deployment.lens);
  const queued: Address[] = [];
  for (const a of state.adapters) {
    const held = a.realAssets - a.pendingExits;
    // Puffer refuses requests under 0.01 pufETH; anything that small stays as dust in the adapter.
    if (held < 10n ** 16n) continue;
    await world.send(ACCOUNT.keeper, { address: deployment.vault, abi: lrtVaultAbi, functionName: "requestExit", args: [a.address, held] });
    queued.push(a.address);
    progress(`  wind-down: queued the exit of ${formatEth(held, 4)} ETH from ${nameOf(world, a.address)}`);
  }
  // The longest protocol delay is Puffer's 14 days.
  await world.advanceTime(15 * DAY);
  await market.tick();
  for (const adapter of [...queued, ...state.adapters.filter((a) => a.pendingExits > 0n && !queued.includes(a.address)).map((a) => a.address)]) {
    await world.send(ACCOUNT.keeper, { address: deployment.vault, abi: lrtVaultAbi, functionName: "claimExits", args: [adapter] });
  }
  await keeperReport(world, keeper);
  progress(`  wind-down: claimed ${queued.length} queued exit(s) after 15 days`);
}

/** Plays `steps` (default: the scenario of steps.ts), winds down, redeems every depositor. */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioSummary> {
  const { world, keeper } = options;
  const progress = options.progress ?? (() => undefined);
  const market = new MarketMaker(world);
  const ledger = new Ledger();
  const records: StepRecord[] = [];
  const outcomes: Record<string, number> = {};

  await world.fixBlockInterval(1);
  await market.tick();
  const start = await snapshot(world);
  for (const step of options.steps ?? SCENARIO) {
    if (options.signal?.aborted) throw new Error(`scenario interrupted before "${step.label}"`);
    if (step.advance > 0) await world.advanceTime(step.advance);
    const events = step.act === undefined ? [] : await step.act({ world, market, ledger });
    await market.tick();
    events.push(...market.roleNotes);
    const beforeReport = await snapshot(world);
    const report = await keeperReport(world, keeper);
    const afterReport = await snapshot(world);
    const cycle = describeCycle(world, await runCycle(keeper));
    outcomes[cycle.outcome] = (outcomes[cycle.outcome] ?? 0) + 1;
    const afterCycle = await snapshot(world);
    const record: StepRecord = { label: step.label, marks: step.marks, events, beforeReport, report, afterReport, cycle, afterCycle };
    records.push(record);
    progress(progressLine(record));
  }

  await windDown(world, market, keeper, progress);
  const depositors: DepositorResult[] = [];
  for (const [name, account] of Object.entries(DEPOSITORS) as [Depositor, number][]) {
    const shares = await world.shareBalance(account);
    const redeemed = shares === 0n ? 0n : await world.redeemEth(account, shares);
    depositors.push({
      name,
      account,
      deposited: ledger.deposited.get(name) ?? 0n,
      received: (ledger.withdrawn.get(name) ?? 0n) + redeemed,
      redeemedAtEnd: redeemed,
    });
    progress(`  ${name} redeems everything: ${formatEth(redeemed, 4)} ETH`);
  }
  const junior = await juniorExit(world, market, ledger, progress);
  const end = await snapshot(world);

  const losses = { total: 0n, coveredByReserve: 0n, coveredByJunior: 0n, priceLoss: 0n };
  const lossEvents = await world.client.getContractEvents({
    address: world.deployment.vault,
    abi: lrtVaultAbi,
    eventName: "LossRecognised",
    fromBlock: 0n,
    toBlock: "latest",
  });
  for (const e of lossEvents) {
    losses.total += e.args.loss ?? 0n;
    losses.coveredByReserve += e.args.coveredByReserve ?? 0n;
    losses.priceLoss += e.args.priceLoss ?? 0n;
  }
  const juniorEvents = await world.client.getContractEvents({
    address: world.deployment.vault,
    abi: lrtVaultAbi,
    eventName: "JuniorLossAbsorbed",
    fromBlock: 0n,
    toBlock: "latest",
  });
  for (const e of juniorEvents) losses.coveredByJunior += e.args.assets ?? 0n;
  const redemptions: RedemptionRecord[] = [];
  for (const r of ledger.redemptions) {
    const step = records.find((x) => x.events.some((e) => e.includes(`(#${r.requestId},`)));
    const q = step?.cycle.queue ?? null;
    redemptions.push({
      ...r,
      shareOfVault: step === undefined ? 0 : Number((r.owed * 10_000n) / step.beforeReport.totalAssets) / 10_000,
      route: q?.route ?? "none",
      exits: q?.txs.filter((t) => !t.startsWith("fulfil")) ?? [],
      expectedFulfilAt: q?.expectedFulfilAt ?? null,
      fulfilledAt: await world.fulfilledAt(r.requestId),
    });
  }
  return { steps: records, start, end, depositors, losses, outcomes, redemptions, junior };
}

/** The junior depositor leaves: requests every junior share, waits the notice, claims the vault shares, redeems them. */
async function juniorExit(world: World, market: MarketMaker, ledger: Ledger, progress: (line: string) => void): Promise<ScenarioSummary["junior"]> {
  const result = { name: JUNIOR.name, deposited: ledger.juniorDeposited, received: 0n };
  if (ledger.juniorDeposited === 0n) return result;
  const { requestId, claimableAt } = await world.juniorRequestAll(JUNIOR.account);
  await world.advanceTime(Number(claimableAt - (await world.now())) + 1);
  // Fresh feeds, and any loss visible at an adapter recognised: a claim is refused while an incident is open.
  await market.tick();
  await world.send(ACCOUNT.operator, { address: world.deployment.vault, abi: lrtVaultAbi, functionName: "recognizeLosses" });
  const shares = await world.juniorClaim(JUNIOR.account, requestId);
  result.received = await world.redeemEth(JUNIOR.account, shares);
  progress(`  ${JUNIOR.name} leaves the junior tranche after its notice: ${formatEth(result.received, 4)} ETH`);
  return result;
}

function days(seconds: bigint): string {
  return `${(Number(seconds) / 86_400).toFixed(2)} d`;
}

/** One line per queued redemption: value, the keeper's route, the wait, what was paid. */
export function redemptionLines(s: ScenarioSummary): string[] {
  return s.redemptions.map((r) => {
    const wait = r.fulfilledAt === null ? "not fulfilled" : `fulfilled after ${days(r.fulfilledAt - r.requestedAt)}`;
    const expected = r.expectedFulfilAt === null ? "" : ` (keeper expected ${days(r.expectedFulfilAt - r.requestedAt)})`;
    const exits = r.exits.length === 0 ? "" : `: ${r.exits.join("; ")}`;
    return `redemption queue: ${r.who} #${r.requestId} queued ${formatEth(r.owed, 4)} ETH (${(r.shareOfVault * 100).toFixed(1)} % of the vault); keeper route ${r.route}${exits}; ${wait}${expected}, due within ${days(r.dueAt - r.requestedAt)}; paid ${r.paid === undefined ? "-" : `${formatEth(r.paid, 4)} ETH`}`;
  });
}

export function progressLine(r: StepRecord): string {
  const parts = [`[${r.label}]`];
  if (r.events.length > 0) parts.push(r.events.join(", "));
  if (r.report.loss > 0n) {
    parts.push(
      `report: loss ${formatEth(r.report.loss, 4)} ETH, reserve paid ${formatEth(r.report.coveredByReserve, 4)}, junior paid ${formatEth(r.report.coveredByJunior, 4)}`,
    );
  } else if (r.report.profit > 0n) {
    parts.push(`report: profit ${formatEth(r.report.profit, 4)} ETH`);
  }
  parts.push(`keeper: ${keeperText(r.cycle)}`);
  if (r.cycle.exits.length > 0) parts.push(`queued exits: ${r.cycle.exits.join("; ")}`);
  if (r.cycle.queue !== null) {
    parts.push(`redemption queue: ${formatEth(r.cycle.queue.owed, 2)} ETH owed, route ${r.cycle.queue.route}${r.cycle.queue.txs.length > 0 ? ` (${r.cycle.queue.txs.join("; ")})` : ""}`);
  }
  if (r.cycle.avsEvents.length > 0) parts.push(`AVS slash seen: ${r.cycle.avsEvents.join("; ")}`);
  if (r.cycle.guarded.length > 0) parts.push(`guard: ${r.cycle.guarded.join("; ")}`);
  parts.push(`price ${formatEth(r.afterCycle.pricePerShare, 6)}`);
  return parts.join(" | ");
}

/** Columns padded to their widest cell (numbers right-aligned), a dashed rule under the header. */
function pad(cells: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const [header, ...rows] = cells;
  return [line(header!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

/** The width every line of the summary fits in: a terminal, a README code block. */
export const SUMMARY_WIDTH = 120;

/** `text` broken at spaces into lines of at most `width` columns; continuation lines indented by `indent`. */
export function wrapText(text: string, width: number, first = "", indent = "  "): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(" ")) {
    const candidate = line === first || line === indent ? `${line}${word}` : `${line} ${word}`;
    if (candidate.length > width && line !== first && line !== indent) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * The summary table `npm start` prints at the end, in at most SUMMARY_WIDTH columns: one row of numbers per step,
 * and under it, indented, what happened and what the keeper did (wrapped).
 */
export function formatSummary(s: ScenarioSummary): string {
  const header = ["step", "best yield", ...PROTOCOLS.map((p) => LRT_NAMES[p]), "idle", "reserve", "junior", "price/share"];
  const row = (label: string, best: string, snap: Snapshot) => [
    label,
    best,
    ...PROTOCOLS.map((p) => formatEth(snap.allocations[p], 2)),
    formatEth(snap.idle, 2),
    formatEth(snap.reserveAssets, 2),
    formatEth(snap.juniorAssets, 2),
    formatEth(snap.pricePerShare, 6),
  ];
  const rows = [row("start", "-", s.start)];
  const notes: string[][] = [wrapText("deployed, reserve seeded", SUMMARY_WIDTH, "    ", "    ")];
  for (const r of s.steps) {
    const what = [...r.events];
    if (r.report.loss > 0n) {
      what.push(`loss ${formatEth(r.report.loss, 2)} (reserve paid ${formatEth(r.report.coveredByReserve, 2)}, junior paid ${formatEth(r.report.coveredByJunior, 2)})`);
    }
    rows.push(row(r.label, r.cycle.bestYield, r.afterCycle));
    const keeper = keeperText(r.cycle);
    notes.push([
      ...(what.length > 0 ? wrapText(what.join("; "), SUMMARY_WIDTH, "    ", "      ") : []),
      ...(keeper === "held" || keeper === "no-moves" ? [] : wrapText(keeper, SUMMARY_WIDTH, "    keeper: ", "      ")),
    ]);
  }
  rows.push(row("end", "-", s.end));
  notes.push(wrapText("wind-down, everyone redeemed", SUMMARY_WIDTH, "    ", "    "));
  const firstNumber = 2;
  const numeric = new Set(Array.from({ length: PROTOCOLS.length + 4 }, (_, i) => firstNumber + i));
  const [head, rule, ...body] = pad([header, ...rows], numeric);
  const lines = [head!, rule!, ...body.flatMap((line, i) => [line, ...(notes[i] ?? [])])];

  const depositorLines = pad(
    [
      ["depositor", "deposited ETH", "received ETH", "result ETH"],
      ...s.depositors.map((d) => [d.name, formatEth(d.deposited, 4), formatEth(d.received, 4), formatEth(d.received - d.deposited, 4)]),
      [`${s.junior.name} (junior)`, formatEth(s.junior.deposited, 4), formatEth(s.junior.received, 4), formatEth(s.junior.received - s.junior.deposited, 4)],
    ],
    new Set([1, 2, 3]),
  );
  const outcomes = Object.entries(s.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return [
    ...wrapText(
      "Allocations, idle, reserve and junior capital in ETH after each step's keeper cycle; best yield: the keeper's highest measured APY among unguarded LRTs. Under each step: what happened, and the keeper's moves (none: it held).",
      SUMMARY_WIDTH,
      "",
      "",
    ),
    ...lines,
    "",
    ...depositorLines,
    "",
    ...[
      `losses recognised ${formatEth(s.losses.total, 4)} ETH, by layer: reserve paid ${formatEth(s.losses.coveredByReserve, 4)}, junior capital paid ${formatEth(s.losses.coveredByJunior, 4)}, share price took ${formatEth(s.losses.priceLoss, 4)}`,
      `reserve ${formatEth(s.start.reserveAssets, 4)} -> ${formatEth(s.end.reserveAssets, 4)} ETH; junior: ${s.junior.name} put in ${formatEth(s.junior.deposited, 4)}, took out ${formatEth(s.junior.received, 4)} ETH; share price ${formatEth(s.start.pricePerShare, 6)} -> ${formatEth(s.end.pricePerShare, 6)}`,
      ...redemptionLines(s),
      `keeper cycles: ${outcomes}`,
    ].flatMap((line) => wrapText(line, SUMMARY_WIDTH)),
  ].join("\n");
}
