/**
 * Sending the vault calls a cycle makes apart from `rebalance` (report, requestExit, claimExits), each its
 * own transaction, recorded in the store from "pending" to its mined status.
 */
import type { Address, Hex } from "viem";
import { lrtVaultAbi } from "../chain/abis.generated.js";
import { classifyError } from "../chain/errors.js";
import { boundGas, sendContractTx, StuckTransactionError, type KeeperWallet, type TxPolicy } from "../chain/send.js";
import type { KeeperConfig } from "../config/schema.js";
import type { ActionKind } from "../store/store.js";
import type { Move } from "../strategy/types.js";
import type { CycleDeps } from "./types.js";

export type VaultCall =
  | { functionName: "report"; args: readonly [] }
  | { functionName: "requestExit"; args: readonly [Address, bigint] }
  | { functionName: "claimExits"; args: readonly [Address] };

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
 * Simulates `call` (it must succeed), records it, sends it and waits. Returns the sent transaction's outcome;
 * a stuck transaction stays "sent" in the store for the next cycle to settle. Throws what classifies as
 * retryable or fatal (after recording what is known); a refused simulation is recorded "failed".
 */
export async function sendVaultCall(
  deps: CycleDeps & { wallet: KeeperWallet },
  call: VaultCall,
  record: { kind: Exclude<ActionKind, "rebalance">; vaultNonce?: bigint; plan?: string },
): Promise<{ status: "confirmed" | "reverted" | "stuck"; hash?: Hex; actionId: number; stuck?: StuckTransactionError }> {
  const { config, client, store, wallet, metrics } = deps;
  const policy = txPolicyOf(config);
  const request = { address: config.vault, abi: lrtVaultAbi, account: wallet.account, ...call } as const;
  await client.simulateContract(request);
  const gas = await client.estimateContractGas(request);
  const actionId = store.recordAction({ ...record, status: "pending" });
  try {
    const sent = await sendContractTx(
      client,
      wallet,
      { address: config.vault, abi: lrtVaultAbi, ...call, gas: boundGas(gas, policy.gasLimitCap) },
      policy,
      (hash, accountNonce) => store.updateAction(actionId, { status: "sent", txHash: hash, accountNonce }),
    );
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
