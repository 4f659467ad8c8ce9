/**
 * Step "decide": simulates the plan at the vault's rebalance nonce, prices its gas, and applies hysteresis.
 * Ends the cycle "waiting" (ours in flight), "rejected"/"superseded" (simulation refused), "held" (not worth
 * its gas) or "dry-run"; otherwise leaves the decision for "act".
 */
import { lrtVaultAbi } from "../chain/abis.generated.js";
import { classifyError } from "../chain/errors.js";
import { confirmedRead } from "../chain/quorum.js";
import { priceFees } from "../chain/fees.js";
import { boundGas } from "../chain/send.js";
import { checkGasBudget } from "../runtime/budget.js";
import { decideSend } from "../strategy/planner.js";
import type { Move } from "../strategy/types.js";
import { planOf, recordRebalance } from "./record.js";
import { logFeeCuts, txPolicyOf } from "./tx.js";
import type { CycleDeps, CycleStep } from "./types.js";

/** Gas assumed per move when no key is at hand to simulate with (dry run without a key). */
export const GAS_PER_MOVE_FALLBACK = 300_000n;
const GAS_BASE_FALLBACK = 60_000n;

/** Gas for `moves` at `nonce`: simulated when a key is at hand. Throws what the simulation throws. */
async function simulateRebalance(deps: CycleDeps, moves: readonly Move[], nonce: bigint, block: bigint): Promise<bigint> {
  const { client, wallet, config, quorum } = deps;
  if (wallet === undefined) return GAS_BASE_FALLBACK + GAS_PER_MOVE_FALLBACK * BigInt(moves.length);
  const args = [moves.map((m) => ({ ...m })), nonce] as const;
  // With several endpoints: simulated at the vault read's block on two of them, the outcomes compared.
  const at = quorum === undefined ? {} : { blockNumber: block };
  const request = { address: config.vault, abi: lrtVaultAbi, functionName: "rebalance", args, account: wallet.account, ...at } as const;
  await confirmedRead(quorum, client, "rebalance simulation", async (c) => (await c.simulateContract(request)).result);
  return client.estimateContractGas(request);
}

export const decide: CycleStep = {
  name: "decide",
  async run(ctx) {
    const { deps } = ctx;
    const plan = planOf(ctx);
    if (ctx.inFlight) return { outcome: "waiting" };
    let gas: bigint;
    try {
      gas = await simulateRebalance(deps, plan.moves, ctx.state.rebalanceNonce, ctx.state.blockNumber);
    } catch (err) {
      const error = classifyError(err);
      deps.metrics?.errors.inc({ class: error.kind });
      if (error.kind === "retryable" || error.kind === "fatal") throw err;
      const superseded = error.kind === "superseded";
      const actionId = recordRebalance(ctx, superseded ? "superseded" : "failed", `simulation: ${error.errorName ?? error.message}`);
      return { outcome: superseded ? "superseded" : "rejected", error, actionId };
    }
    const policy = txPolicyOf(deps.config);
    const priced = await priceFees(deps.client, policy, deps.quorum, deps.quorum === undefined ? undefined : ctx.state.blockNumber);
    if (priced.cuts.length > 0) logFeeCuts(deps, "rebalance", priced);
    const fees = { maxFeePerGas: priced.maxFeePerGas, maxPriorityFeePerGas: priced.maxPriorityFeePerGas };
    const gasCostWei = gas * fees.maxFeePerGas;
    const decision = decideSend(plan, gasCostWei, {
      gainOverGasMarginBps: deps.config.strategy.gainOverGasMarginBps,
      minGainWei: deps.config.strategy.minGainWei,
    });
    if (!decision.send) return { outcome: "held", decision, gasCostWei, actionId: recordRebalance(ctx, "skipped", decision.reason) };
    if (ctx.dryRun || deps.wallet === undefined) {
      return { outcome: "dry-run", decision, gasCostWei, actionId: recordRebalance(ctx, "dry-run", decision.reason) };
    }
    // The worst case of this send (its gas limit at its max fee) must fit the daily gas budget.
    checkGasBudget(deps.store, BigInt(deps.config.tx.dailyGasBudgetWei), boundGas(gas, policy.gasLimitCap) * fees.maxFeePerGas);
    ctx.decided = { gas, fees, gasCostWei, decision };
    return null;
  },
};
