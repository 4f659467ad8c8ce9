/**
 * Step "settle exits": queued exits, before the rebalance is planned (each request moves the vault's rebalance nonce;
 * a claim does not, so nobody's claim can supersede a plan).
 */
import type { Address } from "viem";
import type { AdapterAnalysis } from "../analysis.js";
import { adapterAbi, lrtVaultAbi } from "../chain/abis.generated.js";
import { classifyError } from "../chain/errors.js";
import { confirmedRead } from "../chain/quorum.js";
import { claimCandidates, fitExitRequest, planExitRequests, type ExitLimits, type ExitRequestPlan } from "../strategy/exits.js";
import type { VaultState } from "../strategy/types.js";
import { sendVaultCall, type VaultCall } from "./tx.js";
import type { CycleDeps, CycleStep, ExitTx } from "./types.js";

/**
 * Queued exits:
 *  - claims: for every adapter with pending exits, `claimExits` is simulated and sent only when it would pay
 *    more than 0 (no gas spent on a queue that is not final yet);
 *  - requests: every depegged position routed to the queue (strategy.guard.depegExit "queue") that is not
 *    queued yet. The lens's pendingExits is the record of what is queued, so a restart never asks twice. Each
 *    request is fitted into the protocol's per-request limits read from the adapter (`exitRequestLimits`): cut to
 *    the maximum (the rest next cycle) or skipped below the minimum, the reason logged and recorded.
 * A refused simulation is recorded and logged; the guard keeps the adapter closed to new allocation meanwhile.
 */
export async function manageQueuedExits(
  deps: CycleDeps,
  state: VaultState,
  adapters: readonly AdapterAnalysis[],
  dryRun: boolean,
): Promise<ExitTx[]> {
  const { config, client, store, log, wallet } = deps;
  const out: ExitTx[] = [];
  const minMove = BigInt(config.strategy.minMoveWei);
  const planned = planExitRequests(
    state,
    adapters.map((a) => a.exit),
    minMove,
  );
  const requests: ExitRequestPlan[] = [];
  for (const plan of planned) {
    const fitted = fitExitRequest(plan, await readExitLimits(deps, plan.adapter), minMove);
    if (fitted.reason !== null) {
      log.info({ adapter: plan.adapter, planned: plan.assets, sent: fitted.request?.assets ?? 0n, reason: fitted.reason }, "queued exit fitted to the protocol's limits");
      if (fitted.request === null) {
        store.recordAction({ kind: "requestExit", status: "skipped", plan: exitJson(plan.adapter, plan.assets), detail: fitted.reason });
      }
    }
    if (fitted.request !== null) requests.push(fitted.request);
  }
  const claims = claimCandidates(state);
  if (wallet === undefined) {
    // Without a key nothing can be simulated as the allocator: print what would be requested.
    for (const r of requests) {
      const actionId = store.recordAction({ kind: "requestExit", status: "dry-run", plan: exitJson(r.adapter, r.assets) });
      log.info({ adapter: r.adapter, assets: r.assets }, "dry run: would request a queued exit");
      out.push({ kind: "requestExit", adapter: r.adapter, assets: r.assets, status: "dry-run", actionId });
    }
    return out;
  }
  const keyed = { ...deps, wallet };
  const attempt = async (tx: Omit<ExitTx, "status" | "actionId" | "txHash">, call: VaultCall): Promise<void> => {
    const plan = exitJson(tx.adapter, tx.assets);
    if (dryRun) {
      await client.simulateContract({ address: config.vault, abi: lrtVaultAbi, account: wallet.account, ...call });
      const actionId = store.recordAction({ kind: tx.kind, status: "dry-run", vaultNonce: state.rebalanceNonce, plan });
      log.info({ adapter: tx.adapter, assets: tx.assets }, `dry run: would send ${tx.kind}`);
      out.push({ ...tx, status: "dry-run", actionId });
      return;
    }
    try {
      const vaultNonce = state.rebalanceNonce + BigInt(out.filter((t) => t.kind === "requestExit" && t.status === "confirmed").length);
      const sent = await sendVaultCall(keyed, call, { kind: tx.kind, vaultNonce, plan });
      log.info({ adapter: tx.adapter, assets: tx.assets, tx: sent.hash, status: sent.status }, `${tx.kind} sent`);
      out.push({ ...tx, status: sent.status, txHash: sent.hash, actionId: sent.actionId });
    } catch (err) {
      const error = classifyError(err);
      deps.metrics?.errors.inc({ class: error.kind });
      if (error.kind === "retryable" || error.kind === "fatal") throw err;
      const detail = `simulation: ${error.errorName ?? error.message}`;
      const actionId = store.recordAction({ kind: tx.kind, status: "failed", vaultNonce: state.rebalanceNonce, plan, detail });
      log.warn({ adapter: tx.adapter, reason: detail }, `${tx.kind} refused`);
      out.push({ ...tx, status: "failed", actionId });
    }
  };
  for (const adapter of claims) {
    const at = deps.quorum === undefined ? {} : { blockNumber: state.blockNumber };
    const result = await confirmedRead(deps.quorum, client, "claimExits simulation", async (c) => {
      const sim = await c.simulateContract({ address: config.vault, abi: lrtVaultAbi, functionName: "claimExits", args: [adapter], account: wallet.account, ...at });
      return sim.result;
    });
    if (result > 0n) await attempt({ kind: "claimExits", adapter, assets: result }, { functionName: "claimExits", args: [adapter] });
  }
  for (const r of requests) {
    await attempt({ kind: "requestExit", adapter: r.adapter, assets: r.assets }, { functionName: "requestExit", args: [r.adapter, r.assets] });
  }
  return out;
}

/** The adapter's per-request limits now; null when it cannot say (an older adapter): the plan is sent as it is. */
export async function readExitLimits(deps: CycleDeps, adapter: Address): Promise<ExitLimits | null> {
  try {
    const [minAssets, maxAssets] = await deps.client.readContract({ address: adapter, abi: adapterAbi, functionName: "exitRequestLimits" });
    return { minAssets, maxAssets };
  } catch (err) {
    deps.log.warn({ adapter, reason: (err as Error).message.split("\n")[0] }, "exit request limits unreadable: request sent as planned");
    return null;
  }
}

function exitJson(adapter: Address, assets: bigint): string {
  return JSON.stringify({ adapter, assets: assets.toString() });
}

/** Skipped while a transaction of ours is in flight; a stuck exit holds the account nonce, so the rebalance waits. */
export const settleExits: CycleStep = {
  name: "settle exits",
  async run(ctx) {
    if (ctx.inFlight) return null;
    ctx.exits = await manageQueuedExits(ctx.deps, ctx.state, ctx.adapters, ctx.dryRun);
    if (ctx.exits.some((e) => e.status === "stuck")) ctx.inFlight = true;
    // Every mined exit transaction moved the allocations (a request also the rebalance nonce).
    if (ctx.exits.some((e) => e.status === "confirmed" || e.status === "reverted")) ctx.stale = true;
    return null;
  },
};
