/**
 * Step "record": the one place a rebalance decision becomes a store row, and the one place a cycle's end is
 * counted and logged.
 */
import { errorText } from "../chain/errors.js";
import type { ActionStatus } from "../store/store.js";
import type { Plan } from "../strategy/planner.js";
import { movesJson } from "./tx.js";
import type { CycleContext, CycleEnd, CycleOutcome, CycleResult } from "./types.js";

/** Records the cycle's rebalance plan with `status`; returns the action id. */
export function recordRebalance(ctx: CycleContext, status: ActionStatus, detail: string): number {
  const plan = planOf(ctx);
  return ctx.deps.store.recordAction({
    kind: "rebalance",
    status,
    vaultNonce: ctx.state.rebalanceNonce,
    gainWei: plan.expectedGainWei,
    plan: movesJson(plan.moves),
    detail,
  });
}

/** The plan step's plan: every step after it may rely on it. */
export function planOf(ctx: CycleContext): Plan {
  if (ctx.plan === undefined) throw new Error("cycle pipeline: a step after \"plan\" ran before it");
  return ctx.plan;
}

/** A rejected plan or a stuck transaction needs an operator; another keeper moving first is worth a look. */
const LOG_LEVEL: Record<CycleOutcome, "info" | "warn" | "error"> = {
  sent: "info",
  "dry-run": "info",
  held: "info",
  "no-moves": "info",
  waiting: "warn",
  superseded: "warn",
  rejected: "error",
  stuck: "error",
};

/** Counts and logs how the cycle ended and assembles its result. */
export function recordCycle(ctx: CycleContext, end: CycleEnd): CycleResult {
  const { log, metrics } = ctx.deps;
  const plan = planOf(ctx);
  const r: CycleResult = {
    state: ctx.state,
    adapters: ctx.adapters,
    plan,
    exits: ctx.exits,
    ...(ctx.exposure === undefined ? {} : { exposure: ctx.exposure }),
    ...(ctx.queuePlan === undefined ? {} : { queue: ctx.queuePlan }),
    queueTxs: ctx.queueTxs,
    ...end,
  };
  metrics?.cycles.inc({ outcome: r.outcome });
  if (r.outcome === "rejected" || r.outcome === "stuck") metrics?.cycleFailures.inc({ outcome: r.outcome });
  if (r.outcome !== "stuck") metrics?.lastCycle.set(Date.now() / 1000);
  log[LOG_LEVEL[r.outcome]](
    {
      outcome: r.outcome,
      block: r.state.blockNumber,
      nonce: r.state.rebalanceNonce,
      moves: plan.moves.length,
      gainWei: plan.expectedGainWei,
      gasCostWei: r.gasCostWei,
      tx: r.txHash,
      reason: r.decision?.reason ?? errorText(r.error) ?? undefined,
    },
    "cycle done",
  );
  return r;
}
