/**
 * Sending the vault calls a cycle makes apart from `rebalance` (report, requestExit, claimExits), each its
 * own transaction, recorded in the store from "pending" to its mined status.
 */
import type { Abi, Address, Hex } from "viem";
import { lrtVaultAbi, redemptionQueueAbi } from "../chain/abis.generated.js";
import { classifyError } from "../chain/errors.js";
import { priceFees, type PricedFees } from "../chain/fees.js";
import { confirmedRead, pinnedBlock } from "../chain/quorum.js";
import { checkGasBudget, recordSpend } from "../runtime/budget.js";
import { boundGas, sendContractTx, StuckTransactionError, type KeeperWallet, type TxPolicy } from "../chain/send.js";
import type { KeeperConfig } from "../config/schema.js";
import type { ActionKind } from "../store/store.js";
import type { Move } from "../strategy/types.js";
import type { CycleDeps } from "./types.js";

export type VaultCall =
  | { functionName: "report"; args: readonly [] }
  | { functionName: "requestExit"; args: readonly [Address, bigint] }
  | { functionName: "claimExits"; args: readonly [Address] };

/** The redemption queue's calls a cycle makes when serving the queue (anyone may make them). */
export type QueueCall =
  | { functionName: "fulfil"; args: readonly [bigint] }
  | { functionName: "unwindInstant"; args: readonly [Address, bigint] };

export function txPolicyOf(config: KeeperConfig): TxPolicy {
  return {
    gasLimitCap: BigInt(config.tx.gasLimitCap),
    maxFeePerGas: BigInt(Math.round(config.tx.maxFeePerGasGwei * 1e9)),
    maxPriorityFeePerGas: BigInt(Math.round(config.tx.maxPriorityFeePerGasGwei * 1e9)),
    receiptTimeoutMs: config.tx.receiptTimeoutMs,
    feeBumpBps: config.tx.feeBumpBps,
    maxResends: config.tx.maxResends,
    pollMs: Math.min(1_000, Math.max(50, Math.floor(config.tx.receiptTimeoutMs / 20))),
  };
}

/** Says (warn) that the node's fee quote was cut, and by what: a quote above the fee history is a lie or a spike. */
export function logFeeCuts(deps: CycleDeps, what: string, priced: PricedFees): void {
  deps.metrics?.feeQuoteCuts.inc({ cut: priced.cuts.join("+") });
  deps.log.warn(
    {
      tx: what,
      cuts: priced.cuts,
      quotedMaxFeePerGas: priced.quoted.maxFeePerGas,
      quotedTip: priced.quoted.maxPriorityFeePerGas,
      nextBaseFee: priced.nextBaseFee,
      maxFeePerGas: priced.maxFeePerGas,
      tip: priced.maxPriorityFeePerGas,
    },
    "fee quote cut to the caps and the fee history",
  );
}

/** JSON for the store: bigints as decimal strings. */
export function movesJson(moves: readonly Move[]): string {
  return JSON.stringify(moves.map((m) => ({ ...m, assets: m.assets.toString(), limit: m.limit.toString() })));
}

/**
 * Simulates `call` (it must succeed), records it, sends it and waits. Returns the sent transaction's outcome;
 * a stuck transaction stays "sent" in the store for the next cycle to settle. Throws what classifies as
 * retryable or fatal (after recording what is known); a refused simulation is recorded "failed".
 */
export async function sendVaultCall(
  deps: CycleDeps & { wallet: KeeperWallet },
  call: VaultCall,
  record: { kind: Exclude<ActionKind, "rebalance">; vaultNonce?: bigint; plan?: string },
): Promise<SentCall> {
  return sendCall(deps, { address: deps.config.vault, abi: lrtVaultAbi }, call, record);
}

/** `sendVaultCall` for a call to the redemption queue at `queue`. */
export async function sendQueueCall(
  deps: CycleDeps & { wallet: KeeperWallet },
  queue: Address,
  call: QueueCall,
  record: { kind: Exclude<ActionKind, "rebalance">; vaultNonce?: bigint; plan?: string },
): Promise<SentCall> {
  return sendCall(deps, { address: queue, abi: redemptionQueueAbi }, call, record);
}

export interface SentCall {
  status: "confirmed" | "reverted" | "stuck";
  hash?: Hex;
  actionId: number;
  stuck?: StuckTransactionError;
}

async function sendCall(
  deps: CycleDeps & { wallet: KeeperWallet },
  target: { address: Address; abi: Abi },
  call: VaultCall | QueueCall,
  record: { kind: Exclude<ActionKind, "rebalance">; vaultNonce?: bigint; plan?: string },
): Promise<SentCall> {
  const { config, client, store, wallet, metrics, quorum } = deps;
  const policy = txPolicyOf(config);
  // One body for both contracts: the call is typed by VaultCall / QueueCall above, the ABI by `target`.
  // With several endpoints the simulation runs at a block they all have, on two of them, and is compared.
  const at = await pinnedBlock(quorum);
  const request = { ...target, account: wallet.account, ...call, ...at } as Parameters<typeof client.simulateContract>[0];
  await confirmedRead(quorum, client, `${call.functionName} simulation`, async (c) => (await c.simulateContract(request)).result);
  const gas = await client.estimateContractGas(request as Parameters<typeof client.estimateContractGas>[0]);
  const priced = await priceFees(client, policy, quorum, at.blockNumber);
  if (priced.cuts.length > 0) logFeeCuts(deps, call.functionName, priced);
  const fees = { maxFeePerGas: priced.maxFeePerGas, maxPriorityFeePerGas: priced.maxPriorityFeePerGas };
  const gasLimit = boundGas(gas, policy.gasLimitCap);
  checkGasBudget(store, BigInt(config.tx.dailyGasBudgetWei), gasLimit * fees.maxFeePerGas);
  const actionId = store.recordAction({ ...record, status: "pending" });
  try {
    const sent = await sendContractTx(
      client,
      wallet,
      { ...target, ...call, gas: gasLimit } as Parameters<typeof sendContractTx>[2],
      policy,
      (hash, accountNonce) => store.updateAction(actionId, { status: "sent", txHash: hash, accountNonce }),
      fees,
    );
    recordSpend(store, sent.receipt);
    const status = sent.receipt.status === "success" ? "confirmed" : "reverted";
    store.updateAction(actionId, { status, txHash: sent.hash });
    metrics?.txs.inc({ kind: record.kind, status });
    return { status, hash: sent.hash, actionId };
  } catch (err) {
    if (err instanceof StuckTransactionError) {
      store.updateAction(actionId, { status: "sent", detail: err.message });
      metrics?.txs.inc({ kind: record.kind, status: "stuck" });
      return { status: "stuck", hash: err.hashes.at(-1), actionId, stuck: err };
    }
    const error = classifyError(err);
    if (error.kind !== "retryable") store.updateAction(actionId, { status: "failed", detail: error.errorName ?? error.message });
    throw err;
  }
}
