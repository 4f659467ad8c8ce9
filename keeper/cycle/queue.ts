/**
 * Step "serve the queue": after exits are settled and before the rebalance is planned. Plans with
 * `strategy/queue.ts` (pure) and sends what the plan asks: `fulfil` when idle covers the head, queued protocol exits
 * (`requestExit`, as allocator) for what the queue is owed beyond idle and exits on the way, and, once the head is
 * overdue, the queue's `unwindInstant` (its penalty is charged to the requests served). The plan step then sees the
 * vault as it will be once the queue is paid (`stateForPlanner`).
 */
import type { Address } from "viem";
import { classifyError } from "../chain/errors.js";
import type { KeeperConfig } from "../config/schema.js";
import { fitExitRequest } from "../strategy/exits.js";
import { planQueue, type ExitVenue, type QueuePlan } from "../strategy/queue.js";
import type { QueueState, VaultState } from "../strategy/types.js";
import type { AdapterAnalysis } from "../analysis.js";
import { readExitLimits } from "./exits.js";
import { observe } from "./observe.js";
import { sendQueueCall, sendVaultCall, type QueueCall, type VaultCall } from "./tx.js";
import type { CycleContext, CycleStep, QueueTx } from "./types.js";

/** Every registered adapter as an exit venue: its configured protocol delay and its measured APY. */
export function venuesOf(config: KeeperConfig, state: VaultState, adapters: readonly AdapterAnalysis[]): ExitVenue[] {
  return state.adapters.map((a, i) => {
    const settings = Object.entries(config.adapters).find(([k]) => k.toLowerCase() === a.address.toLowerCase())?.[1];
    return {
      adapter: a.address,
      delaySeconds: settings?.exitDelaySeconds ?? 14 * 86_400,
      promised: settings?.exitDelayPromised ?? false,
      apy: adapters[i]?.apy.totalApy ?? 0,
    };
  });
}

export function queuePlanOf(config: KeeperConfig, state: VaultState, queue: QueueState, adapters: readonly AdapterAnalysis[]): QueuePlan {
  return planQueue(state, queue, venuesOf(config, state, adapters), {
    cycleSeconds: config.strategy.queue.cycleSeconds,
    minMoveWei: config.strategy.minMoveWei,
    maxBatch: config.strategy.queue.fulfilBatch,
  });
}

async function send(ctx: CycleContext, queue: Address, tx: Omit<QueueTx, "status" | "actionId" | "txHash">): Promise<void> {
  const { deps } = ctx;
  const plan = JSON.stringify({ adapter: tx.adapter, assets: tx.assets.toString(), count: tx.count });
  if (ctx.dryRun || deps.wallet === undefined) {
    const actionId = deps.store.recordAction({ kind: tx.kind, status: "dry-run", vaultNonce: ctx.state.rebalanceNonce, plan });
    deps.log.info({ ...tx }, `dry run: would send ${tx.kind}`);
    ctx.queueTxs.push({ ...tx, status: "dry-run", actionId });
    return;
  }
  const keyed = { ...deps, wallet: deps.wallet };
  try {
    const sent =
      tx.kind === "requestExit"
        ? await sendVaultCall(keyed, { functionName: "requestExit", args: [tx.adapter!, tx.assets] } satisfies VaultCall, { kind: tx.kind, plan })
        : await sendQueueCall(keyed, queue, queueCallOf(tx), { kind: tx.kind, plan });
    deps.log.info({ ...tx, tx: sent.hash, status: sent.status }, `${tx.kind} sent for the redemption queue`);
    ctx.queueTxs.push({ ...tx, status: sent.status, txHash: sent.hash, actionId: sent.actionId });
  } catch (err) {
    const error = classifyError(err);
    deps.metrics?.errors.inc({ class: error.kind });
    if (error.kind === "retryable" || error.kind === "fatal") throw err;
    const detail = `simulation: ${error.errorName ?? error.message}`;
    const actionId = deps.store.recordAction({ kind: tx.kind, status: "failed", vaultNonce: ctx.state.rebalanceNonce, plan, detail });
    deps.log.warn({ ...tx, reason: detail }, `${tx.kind} refused`);
    ctx.queueTxs.push({ ...tx, status: "failed", actionId });
  }
}

function queueCallOf(tx: Omit<QueueTx, "status" | "actionId" | "txHash">): QueueCall {
  if (tx.kind === "fulfil") return { functionName: "fulfil", args: [BigInt(tx.count ?? 0)] };
  return { functionName: "unwindInstant", args: [tx.adapter!, tx.assets] };
}

export const serveQueue: CycleStep = {
  name: "serve the queue",
  async run(ctx) {
    if (ctx.stale) {
      Object.assign(ctx, await observe(ctx.deps, { record: false }));
      ctx.stale = false;
    }
    const queue = ctx.state.queue;
    if (queue === undefined) return null;
    const m = ctx.deps.metrics;
    if (m !== undefined) {
      const label = { queue: queue.address };
      m.queuePendingRequests.set(label, Number(queue.pendingCount));
      m.queuePendingShares.set(label, Number(queue.pendingShares) / 1e24);
      m.queueOwedAssets.set(label, Number(queue.owedAssets) / 1e18);
      m.queueHeadAge.set(label, queue.headId === 0n ? 0 : Number(ctx.state.timestamp - queue.headRequestedAt));
      m.queueOverdue.set(label, queue.overdue ? 1 : 0);
    }
    if (queue.pendingCount === 0n) return null;
    const plan = queuePlanOf(ctx.deps.config, ctx.state, queue, ctx.adapters);
    ctx.queuePlan = plan;
    ctx.deps.log.info(
      {
        pending: queue.pendingCount,
        owedWei: queue.owedAssets,
        setAsideWei: queue.setAside,
        headAgeSeconds: queue.headId === 0n ? 0n : ctx.state.timestamp - queue.headRequestedAt,
        overdue: queue.overdue,
        route: plan.route,
        shortfallWei: plan.shortfall,
        fulfil: plan.fulfil,
        expectedFulfilAt: plan.expectedFulfilAt[0],
        notes: plan.notes,
      },
      "redemption queue",
    );
    if (ctx.inFlight) return null;
    if (plan.fulfil > 0) await send(ctx, queue.address, { kind: "fulfil", assets: 0n, count: plan.fulfil });
    for (const q of plan.queueExits) {
      // within the protocol's per-request limits (issue 18): cut to the maximum, the rest in later cycles
      const fitted = fitExitRequest(q, await readExitLimits(ctx.deps, q.adapter), BigInt(ctx.deps.config.strategy.minMoveWei));
      if (fitted.reason !== null) ctx.deps.log.info({ adapter: q.adapter, planned: q.assets, reason: fitted.reason }, "queue exit fitted to the protocol's limits");
      if (fitted.request !== null) await send(ctx, queue.address, { kind: "requestExit", adapter: q.adapter, assets: fitted.request.assets });
    }
    for (const q of plan.instantExits) await send(ctx, queue.address, { kind: "unwindInstant", adapter: q.adapter, assets: q.assets });
    if (ctx.queueTxs.some((t) => t.status === "stuck")) ctx.inFlight = true;
    if (ctx.queueTxs.some((t) => t.status === "confirmed" || t.status === "reverted")) ctx.stale = true;
    return null;
  },
};
