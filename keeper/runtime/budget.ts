/**
 * The daily gas budget (`tx.dailyGasBudgetWei`): what mined transactions of the keeper cost in the last 24 hours
 * (the store's `gas_spent`, gas used x effective price), and the check before every send that the worst case of
 * the next one (its gas limit x its max fee) keeps the spend within the budget. A refused send throws
 * GasBudgetError: the keeper sends nothing more until older spend leaves the window; the runtime fails /health's
 * feeBudget check and sets `keeper_gas_budget_exhausted`.
 */
import type { TransactionReceipt } from "viem";
import type { KeeperStore } from "../store/store.js";

export const DAY_MS = 86_400_000;

export class GasBudgetError extends Error {
  readonly spentWei: bigint;
  readonly costWei: bigint;
  readonly budgetWei: bigint;
  constructor(spentWei: bigint, costWei: bigint, budgetWei: bigint) {
    super(
      `tx.dailyGasBudgetWei: ${spentWei} wei spent in the last 24 h plus up to ${costWei} wei for this transaction ` +
        `is above the budget of ${budgetWei} wei: nothing is sent until older spend leaves the window (or raise the budget)`,
    );
    this.name = "GasBudgetError";
    this.spentWei = spentWei;
    this.costWei = costWei;
    this.budgetWei = budgetWei;
  }
}

/** Throws GasBudgetError when `costWei` more would take the last 24 hours' spend above `budgetWei`. */
export function checkGasBudget(store: KeeperStore, budgetWei: bigint, costWei: bigint, nowMs = Date.now()): void {
  const spent = store.gasSpentSince(nowMs - DAY_MS);
  if (spent + costWei > budgetWei) throw new GasBudgetError(spent, costWei, budgetWei);
}

/** Records what a mined transaction cost. */
export function recordSpend(store: KeeperStore, receipt: TransactionReceipt): void {
  store.recordGasSpent(receipt.transactionHash, receipt.gasUsed * receipt.effectiveGasPrice);
}
