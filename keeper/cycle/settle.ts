/**
 * Step "reconcile": settles actions an earlier cycle (or process) left "pending" or "sent", against their
 * receipts, the vault's rebalance nonce and the account's pending nonce.
 */
import { TransactionReceiptNotFoundError } from "viem";
import { readRebalanceNonce } from "../chain/read.js";
import type { CycleDeps } from "./types.js";

/** Returns true when one of our transactions may still be in flight, in which case this cycle must not send another. */
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
