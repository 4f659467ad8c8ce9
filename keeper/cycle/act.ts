/**
 * Step "act", the last: sends the decided rebalance, re-sends it with a higher fee while stuck, and settles
 * what became of it. Always ends the cycle (or throws a retryable/fatal chain error).
 */
import { lrtVaultAbi } from "../chain/abis.generated.js";
import { classifyError } from "../chain/errors.js";
import { readRebalanceNonce } from "../chain/read.js";
import { boundGas, sendContractTx, StuckTransactionError } from "../chain/send.js";
import { recordSpend } from "../runtime/budget.js";
import { planOf, recordRebalance } from "./record.js";
import { txPolicyOf } from "./tx.js";
import type { CycleContext, CycleEnd } from "./types.js";

export async function act(ctx: CycleContext): Promise<CycleEnd> {
  const { config, client, store, log, metrics, wallet } = ctx.deps;
  const plan = planOf(ctx);
  if (ctx.decided === undefined || wallet === undefined) throw new Error("cycle pipeline: \"act\" ran without a decision to send");
  const { gas, fees, gasCostWei, decision } = ctx.decided;
  const policy = txPolicyOf(config);
  const nonce = ctx.state.rebalanceNonce;
  const actionId = recordRebalance(ctx, "pending", decision.reason);
  const sentEnd = { decision, gasCostWei, actionId };
  try {
    const sent = await sendContractTx(
      client,
      wallet,
      {
        address: config.vault,
        abi: lrtVaultAbi,
        functionName: "rebalance",
        args: [plan.moves.map((m) => ({ ...m })), nonce],
        gas: boundGas(gas, policy.gasLimitCap),
      },
      policy,
      (hash, accountNonce, send) => {
        store.updateAction(actionId, { status: "sent", txHash: hash, accountNonce });
        log.info({ tx: hash, accountNonce, send }, send === 1 ? "rebalance sent" : "rebalance re-sent with a higher fee");
      },
      fees,
    );
    recordSpend(store, sent.receipt);
    if (sent.receipt.status === "success") {
      store.updateAction(actionId, { status: "confirmed", txHash: sent.hash });
      metrics?.txs.inc({ kind: "rebalance", status: "confirmed" });
      return { ...sentEnd, outcome: "sent", txHash: sent.hash };
    }
    // Mined but reverted: if the nonce moved past ours, another keeper's plan landed first.
    const nonceNow = await readRebalanceNonce(client, config.vault);
    const superseded = nonceNow > nonce;
    store.updateAction(actionId, {
      status: superseded ? "superseded" : "reverted",
      txHash: sent.hash,
      detail: superseded ? `vault nonce moved to ${nonceNow} first` : "reverted on chain",
    });
    metrics?.txs.inc({ kind: "rebalance", status: superseded ? "superseded" : "reverted" });
    return { ...sentEnd, outcome: superseded ? "superseded" : "rejected", txHash: sent.hash };
  } catch (err) {
    if (err instanceof StuckTransactionError) {
      metrics?.txs.inc({ kind: "rebalance", status: "stuck" });
      store.updateAction(actionId, { status: "sent", detail: err.message });
      return { ...sentEnd, outcome: "stuck", txHash: err.hashes.at(-1) };
    }
    const error = classifyError(err);
    metrics?.errors.inc({ class: error.kind });
    // A retryable error may have hidden a send that reached the node: leave the action open so the
    // next cycle settles it against the vault nonce. Anything else was refused before sending.
    if (error.kind !== "retryable") store.updateAction(actionId, { status: "failed", detail: error.errorName ?? error.message });
    throw err;
  }
}
