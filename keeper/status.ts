/**
 * The human view: a status table (share price, idle and floor, reserve coverage, last report, the keeper
 * account, allocations, APYs base + extras, tier use against cap, last transactions)
 * and a plan print-out for dry runs. Pure formatting of values the keeper already has.
 */
import type { Address, Hex } from "viem";
import type { AdapterAnalysis, ExposureView } from "./analysis.js";
import type { OpsReading } from "./chain/ops.js";
import { ago } from "./strategy/guard.js";
import { coverageByLayer, premiumRate } from "./strategy/junior.js";
import type { ActionRow, AvsEventRow } from "./store/store.js";
import type { Plan } from "./strategy/planner.js";
import type { VaultState } from "./strategy/types.js";

/** Wei as ETH with `digits` decimals, exact (no float). */
export function formatEth(wei: bigint, digits = 4): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const scale = 10n ** BigInt(18 - digits);
  const rounded = (abs + scale / 2n) / scale;
  const unit = 10n ** BigInt(digits);
  const text = digits === 0 ? `${rounded}` : `${rounded / unit}.${(rounded % unit).toString().padStart(digits, "0")}`;
  return negative ? `-${text}` : text;
}

function pct(x: number | null, digits = 2): string {
  return x === null ? "n/a" : `${(x * 100).toFixed(digits)} %`;
}

function share(part: bigint, total: bigint): string {
  return total === 0n ? "0.00 %" : `${(Number((part * 1_000_000n) / total) / 10_000).toFixed(2)} %`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function windowLabel(seconds: number | null): string {
  if (seconds === null) return "history";
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  return `${seconds}s`;
}

/** One recorded AVS slash as the status shows it. */
export interface AvsEventStatus {
  avs: string;
  block: string;
  recordedAt: string;
  /** The vault's loss, wei (decimal string). */
  vaultLoss: string;
  reserveCoverage: number | null;
  hits: { name: string; lossShare: number; vaultLoss: string; guarded: boolean }[];
  /** The guard's response to the event (strategy.guard.avsSlash). */
  response: string | null;
}

/** The restaking-risk part of the status (JSON-ready; `keeper status` prints the same numbers). */
export interface ExposureStatus {
  capBps: number;
  avs: { name: string; slashProbability: number; severity: number; exposure: bigint; limit: bigint; share: number; overLimit: boolean }[];
  lrts: { name: string; address: string; restaked: bigint | null; expectedLoss: number; riskAdjustedApy: number; atRisk: Record<string, bigint> }[];
  events: AvsEventStatus[];
}

function eventStatus(row: AvsEventRow): AvsEventStatus {
  const d = JSON.parse(row.detail) as {
    vaultLoss: string;
    reserveCoverage: number | null;
    hits: { name: string; lossShare: number; vaultLoss: string; guarded: boolean }[];
    response?: string;
  };
  return {
    avs: row.avs,
    block: row.toBlock.toString(),
    recordedAt: new Date(row.createdAt).toISOString(),
    vaultLoss: d.vaultLoss,
    reserveCoverage: d.reserveCoverage,
    hits: d.hits.map((h) => ({ name: h.name, lossShare: h.lossShare, vaultLoss: h.vaultLoss, guarded: h.guarded })),
    response: d.response ?? null,
  };
}

/** The exposure table's data: per AVS the vault's exposure against its limit, per LRT its ETH at risk per AVS. */
export function exposureStatus(view: ExposureView, adapters: AdapterAnalysis[], events: AvsEventRow[]): ExposureStatus {
  const reads = new Map(view.snapshot.lrts.map((e) => [e.adapter.toLowerCase(), e]));
  return {
    capBps: view.capBps,
    avs: view.vault.map((v, k) => ({
      name: v.avs,
      slashProbability: view.risk[k]!.slashProbability,
      severity: view.risk[k]!.severity,
      exposure: v.exposure,
      limit: v.limit,
      share: v.share,
      overLimit: v.exposure > v.limit,
    })),
    lrts: adapters.map((a, i) => ({
      name: a.name,
      address: a.address,
      restaked: reads.get(a.address.toLowerCase())?.restaked ?? null,
      expectedLoss: a.expectedLoss,
      riskAdjustedApy: a.outlook.apy,
      atRisk: Object.fromEntries(view.vault.map((v) => [v.avs, v.perAdapter[i]!])),
    })),
    events: events.map(eventStatus),
  };
}

/** The restaking-risk section of `keeper status`: ETH at risk per LRT and AVS, exposure per AVS vs its limit, AVS slashes. */
export function formatExposure(status: ExposureStatus): string {
  const avs = status.avs.map((a) => a.name);
  const lrtTable = table(
    ["ETH at risk", ...avs, "exp. loss/yr", "risk-adj. APY"],
    status.lrts.map((l) => [l.name, ...avs.map((n) => formatEth(l.atRisk[n] ?? 0n)), pct(l.expectedLoss, 3), pct(l.riskAdjustedApy)]),
  );
  const avsTable = table(
    ["AVS", "slash p/yr", "severity", "vault exposure ETH", "share", "limit ETH", "status"],
    status.avs.map((a) => [
      a.name,
      pct(a.slashProbability),
      pct(a.severity, 0),
      formatEth(a.exposure),
      pct(a.share),
      formatEth(a.limit),
      a.overLimit ? "OVER LIMIT" : "ok",
    ]),
  );
  const eventLines =
    status.events.length === 0
      ? ["  (none)"]
      : status.events.map(
          (e) =>
            `  ${e.avs} slash at block ${e.block} (${e.recordedAt}): vault lost ${formatEth(BigInt(e.vaultLoss))} ETH, reserve covers ` +
            `${e.reserveCoverage === null ? "n/a" : `${e.reserveCoverage.toFixed(1)}x`}; hit ` +
            e.hits.map((h) => `${h.name} -${pct(h.lossShare, 3)} (${formatEth(BigInt(h.vaultLoss))} ETH${h.guarded ? ", guarded" : ""})`).join(", ") +
            (e.response === null ? "" : `; guard: ${e.response}`),
        );
  return [
    `restaking exposure (EigenLayer), per-AVS limit ${(status.capBps / 100).toFixed(2)} % of total assets (off-chain rule):`,
    lrtTable,
    "",
    avsTable,
    "",
    "AVS slashes seen:",
    ...eventLines,
  ].join("\n");
}

/** What `keeper status` shows beside the lens snapshot. */
export interface StatusExtras {
  /** The operator's reads (share price, last report, account); null when they failed. */
  ops: OpsReading | null;
  account: Address | null;
  lastReportTx: Hex | null;
  /** The restaking-risk section, when the risk model is configured. */
  risk?: ExposureStatus;
}

const WIDTH = 120;

/** Breaks `text` at spaces into lines of at most WIDTH columns, continuation lines indented by `indent`. */
function wrap(text: string, indent = "    "): string[] {
  const out: string[] = [];
  const lead = /^ */.exec(text)![0];
  let line = lead;
  for (const word of text.slice(lead.length).split(" ")) {
    if (line.trim() !== "" && line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = indent + word;
    } else line = line.trim() === "" ? `${line}${word}` : `${line} ${word}`;
  }
  if (line.trim() !== "") out.push(line);
  return out;
}

const utc = (seconds: bigint | number) => `${new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The junior tranche: capital, pending exits, coverage by layer (in the order a loss takes them), premium rate. */
function formatJunior(state: VaultState): string {
  const j = state.junior!;
  const layers = coverageByLayer(state);
  const rate = premiumRate(state);
  const covered = layers.coverage === null ? "n/a (nothing required)" : `${(layers.coverage * 100).toFixed(1)} %`;
  return [
    `junior tranche ${j.address}  era ${j.era}  notice ${Number(j.noticePeriod) / 86_400} days`,
    `  capital ${formatEth(j.capitalAssets)} ETH   pending exits ${formatEth(j.pendingAssets)} ETH   ` +
      `premium ${rate === null ? "n/a" : pct(rate)} a year (streaming ${formatEth(j.lockedPremiumAssets)} ETH)`,
    `  coverage by layer: reserve ${formatEth(layers.reserve)} + junior ${formatEth(layers.junior)} ETH ` +
      `(leaving ${formatEth(layers.juniorLeaving)}) vs required ${formatEth(layers.required)} ETH = ${covered}`,
  ].join("\n");
}

/** The `keeper status` table: every line fits 120 columns. */
export function formatStatus(state: VaultState, adapters: AdapterAnalysis[], transactions: ActionRow[], extras: StatusExtras): string {
  const T = state.totalAssets;
  const coverage = state.requiredReserve === 0n ? "n/a (nothing required)" : share(state.reserveAssets, state.requiredReserve);
  const tiers = new Map(state.tiers.map((t) => [t.id, t]));
  const ops = extras.ops;
  const queued = state.adapters.reduce((sum, a) => sum + a.pendingExits, 0n);
  const floor = (T * BigInt(state.bufferFloorBps)) / 10_000n;
  const mode = state.priceHalted === true ? "PAUSED (price bound breached)" : state.paused ? "PAUSED" : "live";
  const header = [
    `Vault ${state.vault}  block ${state.blockNumber}  ${utc(state.timestamp)}  ${mode}  nonce ${state.rebalanceNonce}`,
    `total assets ${formatEth(T)} ETH   share price ${ops === null ? "n/a" : `${formatEth(ops.sharePrice, 6)} ETH`}   locked profit ${formatEth(state.lockedProfit)} ETH`,
    `idle ${formatEth(state.idle)} ETH (${share(state.idle, T)})   floor ${formatEth(floor)} ETH (${(state.bufferFloorBps / 100).toFixed(2)} %)   queued exits ${formatEth(queued)} ETH`,
    `reserve ${formatEth(state.reserveAssets)} ETH   required ${formatEth(state.requiredReserve)} ETH   coverage ${coverage}`,
    ops === null
      ? "last report: n/a (operator reads failed)"
      : `last report ${utc(ops.lastReportAt)} (${ago(Number(ops.headTimestamp - ops.lastReportAt))} ago at the chain head)` +
        (extras.lastReportTx === null ? "" : `\n  this keeper's last report: tx ${extras.lastReportTx}`),
    extras.account === null
      ? "keeper account: none (no key configured: read-only)"
      : `keeper account ${extras.account}  balance ${ops?.account === undefined ? "n/a" : `${formatEth(ops.account.balanceWei)} ETH`}`,
  ];
  if (state.queue !== undefined) header.push(formatQueue(state));
  if (state.junior !== undefined) header.push(formatJunior(state));
  const rows = state.adapters.map((a, i) => {
    const info = adapters[i]!;
    const t = tiers.get(a.tier);
    return [
      info.name,
      `${a.tier} (${t === undefined ? "?" : `${(t.capBps / 100).toFixed(0)}%/${(t.coverageBps / 100).toFixed(1)}%`})`,
      formatEth(a.allocation),
      share(a.allocation, T),
      a.cap >= 10n ** 36n ? "none" : formatEth(a.cap),
      a.pendingExits === 0n ? "-" : formatEth(a.pendingExits),
      pct(info.apy.baseApy),
      pct(info.apy.extrasApy),
      pct(info.apy.totalApy),
      info.apy.source === "window" ? windowLabel(info.apy.windowSeconds) : info.apy.source,
      info.guard.guarded ? "GUARDED" : "ok",
    ];
  });
  const adapterTable = table(
    ["adapter", "tier (cap/cover)", "allocation ETH", "share", "cap ETH", "queued ETH", "base APY", "extras", "total", "window", "guard"],
    rows,
  );
  const guardLines = adapters.filter((a) => a.guard.guarded).flatMap((a) => wrap(`  ${a.name} guarded: ${a.guard.reasons.join("; ")}`));
  const tierTable = table(
    ["tier", "allocation ETH", "used", "cap", "coverage"],
    state.tiers.map((t) => {
      const used = state.adapters.filter((a) => a.tier === t.id).reduce((sum, a) => sum + a.allocation, 0n);
      return [String(t.id), formatEth(used), share(used, T), `${(t.capBps / 100).toFixed(2)} %`, `${(t.coverageBps / 100).toFixed(2)} %`];
    }),
  );
  const txLines =
    transactions.length === 0
      ? ["  (none)"]
      : transactions.flatMap((a) => [
          // The hash on a line of its own: whole, to paste into an explorer, and never wrapped.
          `  #${a.id} ${new Date(a.createdAt).toISOString().slice(0, 16).replace("T", " ")} ${a.kind} ${a.status} tx ${a.txHash}`,
          ...wrap(
            `      ${a.vaultNonce === null ? "" : `vault nonce ${a.vaultNonce}`}` +
              (a.gainWei === null ? "" : `  gain ${formatEth(a.gainWei, 6)} ETH`) +
              (a.detail === null ? "" : `  ${a.detail}`),
            "      ",
          ),
        ]);
  return [
    ...header.flatMap((l) => l.split("\n")).flatMap((l) => wrap(l)),
    "",
    adapterTable,
    ...guardLines,
    "",
    tierTable,
    ...(extras.risk === undefined ? [] : ["", formatExposure(extras.risk)]),
    "",
    "last transactions:",
    ...txLines,
  ].join("\n");
}

function duration(seconds: bigint): string {
  const s = Number(seconds < 0n ? -seconds : seconds);
  const text = s >= 86_400 ? `${(s / 86_400).toFixed(1)}d` : s >= 3_600 ? `${(s / 3_600).toFixed(1)}h` : `${Math.round(s / 60)}m`;
  return seconds < 0n ? `-${text}` : text;
}

/** The redemption queue's line of `keeper status`: pending count and value, oldest age, WETH set aside. */
export function formatQueue(state: VaultState): string {
  const q = state.queue;
  if (q === undefined) return "queue: none";
  const head =
    q.headId === 0n
      ? "no pending request"
      : `oldest #${q.headId} ${duration(state.timestamp - q.headRequestedAt)} old, due in ${duration(q.headDueAt - state.timestamp)}${q.overdue ? " OVERDUE (anyone may unwind)" : ""}`;
  return `queue ${q.address}: ${q.pendingCount} pending, ${formatEth(q.owedAssets)} ETH owed   ${head}   WETH set aside ${formatEth(q.setAside)}   max wait ${duration(q.maxWait)}`;
}

/** A plan as text, for dry runs and logs. */
export function formatPlan(plan: Plan, adapters: AdapterAnalysis[], state: VaultState): string {
  const names = new Map(adapters.map((a) => [a.address.toLowerCase(), a.name]));
  const lines = plan.moves.map((m, i) => {
    const name = names.get(m.adapter.toLowerCase()) ?? m.adapter;
    return `  ${i + 1}. ${m.deposit ? "allocate  " : "deallocate"} ${formatEth(m.assets)} ETH ${m.deposit ? "into" : "from"} ${name} (min ${m.deposit ? "value in" : "WETH out"} ${formatEth(m.limit)})`;
  });
  const targets = state.adapters.map((a, i) => `  ${names.get(a.address.toLowerCase())}: ${formatEth(a.allocation)} -> ${formatEth(plan.targets[i]!)} ETH`);
  return [
    `plan for nonce ${state.rebalanceNonce}: ${plan.moves.length} move(s), expected gain ${formatEth(plan.expectedGainWei, 6)} ETH over the horizon${plan.forced ? " (forced)" : ""}`,
    ...lines,
    "targets:",
    ...targets,
    ...(plan.notes.length > 0 ? ["notes:", ...plan.notes.map((n) => `  ${n}`)] : []),
  ].join("\n");
}
