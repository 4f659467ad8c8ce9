/**
 * One keeper cycle, as a pipeline of named steps over one context (keeper/cycle/):
 *
 *   reconcile -> observe -> settle exits -> serve the queue -> plan -> decide -> act -> record
 *
 * `openCycle` settles what an earlier cycle left open and reads the vault (one eth_call, rate samples
 * stored); then each step of CYCLE_STEPS runs in order until one ends the cycle; `act` is the last step
 * and always ends it; `recordCycle` counts and logs the end. A new step (serving the withdrawal queue goes
 * between "settle exits" and "plan"; AVS exposure extends "observe" and "plan") is a module of its own
 * added to the list, never more code here.
 *
 * Safety rests on the vault's rebalance nonce: a plan carries the nonce it was made for, so a second
 * keeper, a restart that re-plans, or a re-sent duplicate can never move funds twice. The store only
 * makes the keeper's own view honest (what it sent, what became of it).
 */
import { act } from "./cycle/act.js";
import { decide } from "./cycle/decide.js";
import { settleExits } from "./cycle/exits.js";
import { observe } from "./cycle/observe.js";
import { plan } from "./cycle/plan.js";
import { serveQueue } from "./cycle/queue.js";
import { recordCycle } from "./cycle/record.js";
import { reconcileOpenActions } from "./cycle/settle.js";
import type { CycleContext, CycleDeps, CycleOptions, CycleResult, CycleStep } from "./cycle/types.js";

export type { CycleContext, CycleDeps, CycleEnd, CycleOptions, CycleOutcome, CycleResult, CycleStep, ExitTx, Observation } from "./cycle/types.js";
export { observe } from "./cycle/observe.js";
export { reconcileOpenActions } from "./cycle/settle.js";
export { manageQueuedExits } from "./cycle/exits.js";
export { runReport } from "./cycle/report.js";
export { GAS_PER_MOVE_FALLBACK } from "./cycle/decide.js";
export { movesJson, txPolicyOf } from "./cycle/tx.js";

/** The steps after the vault is read, in order; the terminal step `act` follows them. */
export const CYCLE_STEPS: readonly CycleStep[] = [settleExits, serveQueue, plan, decide];

/** Settles earlier actions (not in a dry run) and reads the vault: the context every step works on. */
async function openCycle(deps: CycleDeps, dryRun: boolean): Promise<CycleContext> {
  const inFlight = dryRun ? false : await reconcileOpenActions(deps);
  const observation = await observe(deps, { record: true });
  return { ...observation, deps, dryRun, inFlight, stale: false, exits: [], queueTxs: [] };
}

/** Runs one cycle. Throws only for retryable or fatal chain errors; every decision is in the result. */
export async function runCycle(deps: CycleDeps, options: CycleOptions = {}): Promise<CycleResult> {
  const stopTimer = deps.metrics?.cycleSeconds.startTimer();
  try {
    const ctx = await openCycle(deps, options.dryRun ?? false);
    for (const step of CYCLE_STEPS) {
      const end = await step.run(ctx);
      if (end !== null) return recordCycle(ctx, end);
    }
    return recordCycle(ctx, await act(ctx));
  } finally {
    stopTimer?.();
  }
}
