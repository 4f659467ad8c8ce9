/**
 * One keeper cycle: settle what an earlier cycle left open, read the vault (one eth_call), store rate
 * samples, estimate yields, guard, solve, plan, simulate, decide (hysteresis), send, record.
 *
 * Safety rests on the vault's rebalance nonce: a plan carries the nonce it was made for, so a second
 * keeper, a restart that re-plans, or a re-sent duplicate can never move funds twice. The store only
 * makes the keeper's own view honest (what it sent, what became of it).
 */
import type { Logger } from "pino";
import { TransactionReceiptNotFoundError, type Address, type Hex, type PublicClient } from "viem";
import { analyseAdapters, historyStart, type AdapterAnalysis } from "./analysis.js";
import { lrtVaultAbi } from "./chain/abis.generated.js";
import { classifyError, type ClassifiedError } from "./chain/errors.js";
import { readRebalanceNonce, readVaultState } from "./chain/read.js";
import { boundGas, initialFees, sendContractTx, StuckTransactionError, type KeeperWallet, type TxPolicy } from "./chain/send.js";
import type { KeeperConfig } from "./config/schema.js";
import type { KeeperMetrics } from "./server/metrics.js";
import type { KeeperStore } from "./store/store.js";
import { decideSend, planRebalance, type Plan, type SendDecision } from "./strategy/planner.js";
import { LensError, SECONDS_PER_YEAR, type Move, type VaultState } from "./strategy/types.js";

export interface CycleDeps {
  config: KeeperConfig;
  client: PublicClient;
  /** Absent: read-only (a dry run without a key); gas is then estimated per move. */
  wallet?: KeeperWallet;
  store: KeeperStore;
  log: Logger;
  metrics?: KeeperMetrics;
}

export interface CycleOptions {
  /** Plan, simulate and print; send nothing. */
  dryRun?: boolean;
}

export type CycleOutcome =
  | "sent" // mined and succeeded
  | "dry-run" // would have been sent
  | "held" // not worth its gas (hysteresis)
  | "no-moves" // the vault is where it should be
  | "waiting" // an earlier transaction of ours is still in flight
  | "superseded" // another keeper moved first (nonce mismatch)
  | "rejected" // the simulation or the mined transaction reverted
  | "stuck"; // sent, not mined after every re-send

export interface CycleResult {
  outcome: CycleOutcome;
  state: VaultState;
  adapters: AdapterAnalysis[];
  plan: Plan;
  decision?: SendDecision;
  gasCostWei?: bigint;
  txHash?: Hex;
  actionId?: number;
  error?: ClassifiedError;
}

/** Gas assumed per move when no key is at hand to simulate with (dry run without a key). */
export const GAS_PER_MOVE_FALLBACK = 300_000n;
const GAS_BASE_FALLBACK = 60_000n;

export function txPolicyOf(config: KeeperConfig): TxPolicy {
  return {
    gasLimitCap: BigInt(config.tx.gasLimitCap),
    maxFeePerGas: BigInt(Math.round(config.tx.maxFeePerGasGwei * 1e9)),
    receiptTimeoutMs: config.tx.receiptTimeoutMs,
    feeBumpBps: config.tx.feeBumpBps,
    maxResends: config.tx.maxResends,
    pollMs: Math.min(1_000, Math.max(50, Math.floor(config.tx.receiptTimeoutMs / 20))),
  };
}

/** JSON for the store: bigints as decimal strings. */
export function movesJson(moves: readonly Move[]): string {
  return JSON.stringify(moves.map((m) => ({ ...m, assets: m.assets.toString(), limit: m.limit.toString() })));
}

/**
 * Settles actions an earlier cycle (or process) left "pending" or "sent". Returns true when one of our
 * transactions may still be in flight, in which case this cycle must not send another.
 */
export async function reconcileOpenActions(deps: CycleDeps): Promise<boolean> {
  const { client, store, log, config } = deps;
  const open = store.openActions();
  if (open.length === 0) return false;
  const vaultNonce = await readRebalanceNonce(client, config.vault);
  let inFlight = false;
  for (const action of open) {
    if (action.txHash !== null) {
      const receipt = await client.getTransactionReceipt({ hash: action.txHash }).catch((err: unknown) => {
        if (err instanceof TransactionReceiptNotFoundError) return null;
        throw err;
      });
      if (receipt !== null) {
        const status = receipt.status === "success" ? "confirmed" : "reverted";
        store.updateAction(action.id, { status, detail: `settled after restart in block ${receipt.blockNumber}` });
        log.info({ action: action.id, tx: action.txHash, status }, "settled an earlier transaction");
        continue;
      }
    }
    const moved = action.vaultNonce !== null && vaultNonce > action.vaultNonce;
    if (moved) {
      // Our transaction (its hash unknown or replaced) or another keeper's: either way the plan is spent.
      store.updateAction(action.id, { status: "superseded", detail: `vault nonce moved to ${vaultNonce}` });
      log.info({ action: action.id, vaultNonce }, "earlier action superseded: the vault nonce moved on");
      continue;
    }
    if (deps.wallet !== undefined) {
      const address = deps.wallet.account.address;
      const [latest, pending] = await Promise.all([
        client.getTransactionCount({ address, blockTag: "latest" }),
        client.getTransactionCount({ address, blockTag: "pending" }),
      ]);
      if (pending > latest) {
        inFlight = true;
        log.warn({ action: action.id, tx: action.txHash }, "an earlier transaction is still pending: not sending");
        continue;
      }
    }
    store.updateAction(action.id, { status: "failed", detail: "never mined and no longer pending" });
    log.warn({ action: action.id, tx: action.txHash }, "earlier action was never mined");
  }
  return inFlight;
}

function updateMetrics(m: KeeperMetrics, state: VaultState, adapters: AdapterAnalysis[]): void {
  m.totalAssets.set(Number(state.totalAssets) / 1e18);
  m.reserveCoverage.set(state.requiredReserve === 0n ? Infinity : Number(state.reserveAssets) / Number(state.requiredReserve));
  state.adapters.forEach((a, i) => {
    const info = adapters[i]!;
    m.allocation.set({ adapter: info.name }, Number(a.allocation) / 1e18);
    m.apy.set({ adapter: info.name, part: "base" }, info.apy.baseApy ?? 0);
    m.apy.set({ adapter: info.name, part: "extras" }, info.apy.extrasApy);
    m.guarded.set({ adapter: info.name }, info.guard.guarded ? 1 : 0);
  });
}

/** Reads the vault, stores the rate samples, and analyses every adapter. */
export async function observe(deps: CycleDeps, options: { record: boolean }): Promise<{ state: VaultState; adapters: AdapterAnalysis[] }> {
  const { config, client, store } = deps;
  const state = await readVaultState(client, config.vault, config.lens);
  const now = Number(state.timestamp);
  if (options.record) {
    store.addSamples(
      state.adapters
        .filter((a) => (a.errors & LensError.fairRate) === 0)
        .map((a) => ({
          adapter: a.address,
          lrt: a.lrt,
          block: state.blockNumber,
          timestamp: now,
          fairRate: a.fairRate,
          marketRate: a.marketRate,
        })),
    );
    store.pruneSamples(historyStart(config, now) - 86_400);
  }
  const since = historyStart(config, now);
  const adapters = analyseAdapters(state, (a) => store.samples(a, since), config);
  return { state, adapters };
}

/** Gas for `moves` at `nonce`: simulated when a key is at hand. Throws what the simulation throws. */
async function simulateRebalance(deps: CycleDeps, moves: readonly Move[], nonce: bigint): Promise<bigint> {
  const { client, wallet, config } = deps;
  if (wallet === undefined) return GAS_BASE_FALLBACK + GAS_PER_MOVE_FALLBACK * BigInt(moves.length);
  const args = [moves.map((m) => ({ ...m })), nonce] as const;
  await client.simulateContract({ address: config.vault, abi: lrtVaultAbi, functionName: "rebalance", args, account: wallet.account });
  return client.estimateContractGas({ address: config.vault, abi: lrtVaultAbi, functionName: "rebalance", args, account: wallet.account });
}

/** Runs one cycle. Throws only for retryable or fatal chain errors; every decision is in the result. */
export async function runCycle(deps: CycleDeps, options: CycleOptions = {}): Promise<CycleResult> {
  const { config, client, store, log, metrics } = deps;
  const dryRun = options.dryRun ?? false;
  const stopTimer = metrics?.cycleSeconds.startTimer();
  try {
    const inFlight = dryRun ? false : await reconcileOpenActions(deps);
    const { state, adapters } = await observe(deps, { record: true });
    if (metrics !== undefined) updateMetrics(metrics, state, adapters);
    const plan = planRebalance(
      {
        state,
        outlook: adapters.map((a) => a.outlook),
        params: { horizonYears: (config.strategy.horizonDays * 86_400) / SECONDS_PER_YEAR, slippageBps: config.strategy.slippageBps },
      },
      { minMoveWei: config.strategy.minMoveWei, forceToleranceBps: config.strategy.forceToleranceBps },
    );
    for (const a of adapters) {
      if (a.guard.guarded) log.warn({ adapter: a.name, reasons: a.guard.reasons }, "depeg guard holds adapter");
    }
    const base = { state, adapters, plan };
    const finish = (r: CycleResult): CycleResult => {
      metrics?.cycles.inc({ outcome: r.outcome });
      if (r.outcome !== "stuck") metrics?.lastCycle.set(Date.now() / 1000);
      log.info(
        {
          outcome: r.outcome,
          block: state.blockNumber,
          nonce: state.rebalanceNonce,
          moves: plan.moves.length,
          gainWei: plan.expectedGainWei,
          gasCostWei: r.gasCostWei,
          tx: r.txHash,
          reason: r.decision?.reason ?? r.error?.message,
        },
        "cycle done",
      );
      return r;
    };
    if (plan.moves.length === 0) return finish({ ...base, outcome: "no-moves" });
    if (inFlight) return finish({ ...base, outcome: "waiting" });

    const policy = txPolicyOf(config);
    let gas: bigint;
    try {
      gas = await simulateRebalance(deps, plan.moves, state.rebalanceNonce);
    } catch (err) {
      const error = classifyError(err);
      metrics?.errors.inc({ class: error.kind });
      if (error.kind === "retryable" || error.kind === "fatal") throw err;
      const status = error.kind === "superseded" ? "superseded" : "failed";
      const actionId = store.recordAction({
        kind: "rebalance",
        status,
        vaultNonce: state.rebalanceNonce,
        gainWei: plan.expectedGainWei,
        plan: movesJson(plan.moves),
        detail: `simulation: ${error.errorName ?? error.message}`,
      });
      return finish({ ...base, outcome: error.kind === "superseded" ? "superseded" : "rejected", error, actionId });
    }
    const fees = await initialFees(client, policy);
    const gasCostWei = gas * fees.maxFeePerGas;
    const decision = decideSend(plan, gasCostWei, {
      gainOverGasMarginBps: config.strategy.gainOverGasMarginBps,
      minGainWei: config.strategy.minGainWei,
    });
    if (!decision.send) {
      const actionId = store.recordAction({
        kind: "rebalance",
        status: "skipped",
        vaultNonce: state.rebalanceNonce,
        gainWei: plan.expectedGainWei,
        plan: movesJson(plan.moves),
        detail: decision.reason,
      });
      return finish({ ...base, outcome: "held", decision, gasCostWei, actionId });
    }
    if (dryRun || deps.wallet === undefined) {
      const actionId = store.recordAction({
        kind: "rebalance",
        status: "dry-run",
        vaultNonce: state.rebalanceNonce,
        gainWei: plan.expectedGainWei,
        plan: movesJson(plan.moves),
        detail: decision.reason,
      });
      return finish({ ...base, outcome: "dry-run", decision, gasCostWei, actionId });
    }

    const actionId = store.recordAction({
      kind: "rebalance",
      status: "pending",
      vaultNonce: state.rebalanceNonce,
      gainWei: plan.expectedGainWei,
      plan: movesJson(plan.moves),
      detail: decision.reason,
    });
    try {
      const sent = await sendContractTx(
        client,
        deps.wallet,
        {
          address: config.vault,
          abi: lrtVaultAbi,
          functionName: "rebalance",
          args: [plan.moves.map((m) => ({ ...m })), state.rebalanceNonce],
          gas: boundGas(gas, policy.gasLimitCap),
        },
        policy,
        (hash, accountNonce, send) => {
          store.updateAction(actionId, { status: "sent", txHash: hash, accountNonce });
          log.info({ tx: hash, accountNonce, send }, send === 1 ? "rebalance sent" : "rebalance re-sent with a higher fee");
        },
        fees,
      );
      if (sent.receipt.status === "success") {
        store.updateAction(actionId, { status: "confirmed", txHash: sent.hash });
        metrics?.txs.inc({ kind: "rebalance", status: "confirmed" });
        return finish({ ...base, outcome: "sent", decision, gasCostWei, txHash: sent.hash, actionId });
      }
      // Mined but reverted: if the nonce moved past ours, another keeper's plan landed first.
      const nonceNow = await readRebalanceNonce(client, config.vault);
      const superseded = nonceNow > state.rebalanceNonce;
      store.updateAction(actionId, {
        status: superseded ? "superseded" : "reverted",
        txHash: sent.hash,
        detail: superseded ? `vault nonce moved to ${nonceNow} first` : "reverted on chain",
      });
      metrics?.txs.inc({ kind: "rebalance", status: superseded ? "superseded" : "reverted" });
      return finish({ ...base, outcome: superseded ? "superseded" : "rejected", decision, gasCostWei, txHash: sent.hash, actionId });
    } catch (err) {
      if (err instanceof StuckTransactionError) {
        metrics?.txs.inc({ kind: "rebalance", status: "stuck" });
        store.updateAction(actionId, { status: "sent", detail: err.message });
        return finish({ ...base, outcome: "stuck", decision, gasCostWei, actionId, txHash: err.hashes.at(-1) });
      }
      const error = classifyError(err);
      metrics?.errors.inc({ class: error.kind });
      // A retryable error may have hidden a send that reached the node: leave the action open so the
      // next cycle settles it against the vault nonce. Anything else was refused before sending.
      if (error.kind !== "retryable") store.updateAction(actionId, { status: "failed", detail: error.errorName ?? error.message });
      throw err;
    }
  } finally {
    stopTimer?.();
  }
}

/** Calls `report()` (its own schedule). Returns the tx hash, or null in a dry run. */
export async function runReport(deps: CycleDeps, options: CycleOptions = {}): Promise<Hex | null> {
  const { config, client, store, log, wallet } = deps;
  if (options.dryRun || wallet === undefined) {
    log.info("report: dry run, nothing sent");
    return null;
  }
  const policy = txPolicyOf(config);
  const vault: Address = config.vault;
  await client.simulateContract({ address: vault, abi: lrtVaultAbi, functionName: "report", account: wallet.account });
  const gas = await client.estimateContractGas({ address: vault, abi: lrtVaultAbi, functionName: "report", account: wallet.account });
  const actionId = store.recordAction({ kind: "report", status: "pending" });
  try {
    const sent = await sendContractTx(
      client,
      wallet,
      { address: vault, abi: lrtVaultAbi, functionName: "report", args: [], gas: boundGas(gas, policy.gasLimitCap) },
      policy,
      (hash, accountNonce) => store.updateAction(actionId, { status: "sent", txHash: hash, accountNonce }),
    );
    const status = sent.receipt.status === "success" ? "confirmed" : "reverted";
    store.updateAction(actionId, { status });
    deps.metrics?.txs.inc({ kind: "report", status });
    log.info({ tx: sent.hash, status }, "report done");
    return sent.hash;
  } catch (err) {
    if (err instanceof StuckTransactionError) {
      store.updateAction(actionId, { status: "sent", detail: err.message });
    } else if (classifyError(err).kind !== "retryable") {
      store.updateAction(actionId, { status: "failed", detail: classifyError(err).message });
    }
    throw err;
  }
}
