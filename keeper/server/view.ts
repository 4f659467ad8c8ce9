/**
 * The status the keeper serves as `/status` JSON and the status page draws: the vault now, the keeper's own
 * state, its history for the charts, and its transactions. Pure: built from values the runtime already has.
 * Wei amounts stay bigints here (decimal strings in JSON); chart series are floats in ETH and fractions.
 */
import type { Address, Hex } from "viem";
import { errorText } from "../chain/errors.js";
import type { OpsReading } from "../chain/ops.js";
import type { CycleResult } from "../cycle.js";
import type { ActionRow, VaultSnapshot } from "../store/store.js";
import type { ExposureStatus } from "../status.js";
import { coverageByLayer, premiumRate } from "../strategy/junior.js";
import type { Move, QueueState, VaultState } from "../strategy/types.js";

export interface HealthCheck {
  ok: boolean;
  detail: string;
}

export interface HealthReport {
  ok: boolean;
  /** cycles, reports, sharedKey; the runtime adds rpc (endpoints agree), chainHead (head age) and feeBudget. */
  checks: { cycles: HealthCheck; reports: HealthCheck; sharedKey: HealthCheck } & Record<string, HealthCheck>;
}

export interface StatusInput {
  chainId: number;
  vault: Address;
  lens: Address | null;
  dryRun: boolean;
  startedMs: number;
  account: Address | null;
  last: CycleResult | null;
  lastCycleMs: number | null;
  ops: OpsReading | null;
  health: HealthReport;
  foreignTxs: number;
  reportTx: ActionRow | null;
  history: VaultSnapshot[];
  transactions: ActionRow[];
  /** The restaking-risk section (AVS exposure), when the risk model is configured. */
  risk: ExposureStatus | null;
  /** The safety features the config leaves out (config/gaps.ts), one sentence each. */
  configGaps?: readonly string[];
}

const NO_CAP = 10n ** 36n;
const iso = (seconds: bigint | number) => new Date(Number(seconds) * 1000).toISOString();
const ratio = (part: bigint, whole: bigint): number | null => (whole === 0n ? null : Number((part * 1_000_000n) / whole) / 1_000_000);
const eth = (wei: bigint) => Number(wei) / 1e18;

function vaultNow(r: CycleResult, ops: OpsReading | null) {
  const s = r.state;
  return {
    block: s.blockNumber,
    timestamp: iso(s.timestamp),
    totalAssets: s.totalAssets,
    totalSupply: s.totalSupply,
    sharePrice: ops?.sharePrice ?? null,
    idle: s.idle,
    idleFloor: (s.totalAssets * BigInt(s.bufferFloorBps)) / 10_000n,
    bufferFloorBps: s.bufferFloorBps,
    reserveAssets: s.reserveAssets,
    requiredReserve: s.requiredReserve,
    reserveCoverage: ratio(s.reserveAssets, s.requiredReserve),
    lockedProfit: s.lockedProfit,
    rebalanceNonce: s.rebalanceNonce,
    paused: s.paused,
    priceHalted: s.priceHalted === true,
    pendingExits: s.adapters.reduce((sum, a) => sum + a.pendingExits, 0n),
    queue: s.queue === undefined ? null : queueBrief(s.queue, s.timestamp),
    junior: juniorBrief(s),
  };
}

/** The junior tranche for /status and the page: capital, pending exits, coverage by layer, premium rate. */
function juniorBrief(s: VaultState) {
  const j = s.junior;
  if (j === undefined) return null;
  const layers = coverageByLayer(s);
  return {
    address: j.address,
    era: j.era,
    noticeDays: Number(j.noticePeriod) / 86_400,
    capitalAssets: j.capitalAssets,
    pendingAssets: j.pendingAssets,
    coveringAssets: j.coveringAssets,
    lockedPremiumAssets: j.lockedPremiumAssets,
    premiumRate: premiumRate(s),
    reserveTarget: j.reserveTarget,
    coverage: { reserve: layers.reserve, junior: layers.junior, juniorLeaving: layers.juniorLeaving, required: layers.required, ratio: layers.coverage },
  };
}

/** The queue's numbers for the page's card, exact (wei as decimal strings); the plan for it is `queue` below. */
function queueBrief(q: QueueState, now: bigint) {
  const waiting = q.pendingCount > 0n;
  return {
    address: q.address,
    pendingCount: q.pendingCount,
    pendingShares: q.pendingShares,
    owedAssets: q.owedAssets,
    setAside: q.setAside,
    maxWaitSeconds: Number(q.maxWait),
    headAgeSeconds: waiting ? Number(now - q.headRequestedAt) : null,
    headDueAt: waiting ? iso(q.headDueAt) : null,
    overdue: q.overdue,
    state: !waiting ? "empty" : q.overdue ? "OVERDUE" : "on time",
  };
}

function adaptersNow(r: CycleResult) {
  return r.adapters.map((a, i) => {
    const s = r.state.adapters[i]!;
    return {
      name: a.name,
      address: a.address,
      tier: s.tier,
      allocation: s.allocation,
      share: ratio(s.allocation, r.state.totalAssets),
      cap: s.cap >= NO_CAP ? null : s.cap,
      pendingExits: s.pendingExits,
      baseApy: a.apy.baseApy,
      extrasApy: a.apy.extrasApy,
      totalApy: a.apy.totalApy,
      apySource: a.apy.source,
      apyWindowSeconds: a.apy.windowSeconds,
      guarded: a.guard.guarded,
      reasons: a.guard.reasons,
    };
  });
}

/** Each tier's allocation against its cap (both as bps of total assets). */
export function tierUse(r: Pick<CycleResult, "state">) {
  const s = r.state;
  return s.tiers.map((t) => {
    const allocation = s.adapters.filter((a) => a.tier === t.id).reduce((sum, a) => sum + a.allocation, 0n);
    return {
      id: t.id,
      capBps: t.capBps,
      coverageBps: t.coverageBps,
      allocation,
      usedBps: s.totalAssets === 0n ? 0 : Number((allocation * 10_000n) / s.totalAssets),
    };
  });
}

/** The chart series per snapshot list: the store hands out the same list until a snapshot is added (once a cycle). */
const historyCache = new WeakMap<readonly VaultSnapshot[], ReturnType<typeof buildHistory>>();

function historyOf(snapshots: readonly VaultSnapshot[]) {
  let h = historyCache.get(snapshots);
  if (h === undefined) {
    h = buildHistory(snapshots);
    historyCache.set(snapshots, h);
  }
  return h;
}

function buildHistory(snapshots: readonly VaultSnapshot[]) {
  const names = [...new Set(snapshots.flatMap((s) => s.adapters.map((a) => a.name)))];
  return {
    t: snapshots.map((s) => s.timestamp),
    sharePrice: snapshots.map((s) => eth(s.sharePrice)),
    totalAssets: snapshots.map((s) => eth(s.totalAssets)),
    reserveCoverage: snapshots.map((s) => ratio(s.reserveAssets, s.requiredReserve)),
    adapters: names.map((name) => ({
      name,
      allocation: snapshots.map((s) => {
        const a = s.adapters.find((x) => x.name === name);
        return a === undefined ? null : eth(a.allocation);
      }),
      baseApy: snapshots.map((s) => s.adapters.find((x) => x.name === name)?.baseApy ?? null),
      extrasApy: snapshots.map((s) => s.adapters.find((x) => x.name === name)?.extrasApy ?? null),
    })),
  };
}

/** The keeper's plan for the redemption queue this cycle: the route, each request's expected fulfilment, what it sent. */
function queuePlanNow(r: CycleResult) {
  const q = r.state.queue;
  if (q === undefined || r.queue === undefined) return null;
  return {
    route: r.queue.route,
    expectedFulfilAt: r.queue.expectedFulfilAt.map((t, k) => ({ requestId: Number(q.requests[k]?.id ?? 0n), at: iso(t) })),
    txs: r.queueTxs.map((t) => ({ kind: t.kind, adapter: t.adapter ?? null, assetsEth: eth(t.assets), status: t.status, txHash: t.txHash ?? null })),
  };
}

function actionView(a: ActionRow) {
  return {
    id: a.id,
    at: new Date(a.createdAt).toISOString(),
    kind: a.kind,
    status: a.status,
    txHash: a.txHash,
    vaultNonce: a.vaultNonce,
    gainWei: a.gainWei,
    detail: a.detail,
  };
}

export function statusView(i: StatusInput) {
  const r = i.last;
  const reportAge = i.ops === null ? null : Number(i.ops.headTimestamp - i.ops.lastReportAt);
  return {
    keeper: {
      chainId: i.chainId,
      vault: i.vault,
      lens: i.lens,
      dryRun: i.dryRun,
      startedAt: new Date(i.startedMs).toISOString(),
      account: i.account,
      balanceWei: i.ops?.account?.balanceWei ?? null,
      foreignTransactions: i.foreignTxs,
      health: i.health,
      configGaps: i.configGaps ?? [],
    },
    cycle:
      r === null
        ? null
        : {
            at: i.lastCycleMs === null ? null : new Date(i.lastCycleMs).toISOString(),
            outcome: r.outcome,
            reason: r.decision?.reason ?? errorText(r.error),
            txHash: r.txHash ?? null,
          },
    lastReport:
      i.ops === null ? null : { at: iso(i.ops.lastReportAt), ageSeconds: reportAge, txHash: i.reportTx?.txHash ?? null },
    vault: r === null ? null : vaultNow(r, i.ops),
    adapters: r === null ? [] : adaptersNow(r),
    tiers: r === null ? [] : tierUse(r),
    exits: r?.exits ?? [],
    queuePlan: r === null ? null : queuePlanNow(r),
    plan: (r?.plan.moves ?? []) as readonly Move[],
    history: historyOf(i.history),
    actions: i.transactions.map(actionView),
    risk: i.risk,
    // The fields /status carried before the page, kept for scripts that read them.
    outcome: r?.outcome ?? null,
    block: r?.state.blockNumber ?? null,
    nonce: r?.state.rebalanceNonce ?? null,
    totalAssets: r?.state.totalAssets ?? null,
    txHash: (r?.txHash ?? null) as Hex | null,
  };
}

export type StatusView = ReturnType<typeof statusView>;
