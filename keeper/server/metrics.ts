/**
 * Prometheus metrics on a registry of their own (never the global default), so importing the keeper
 * registers nothing and two keepers in one process (tests) do not collide. Every sample carries the
 * `vault` and `chain` labels (set by `label()`), and the registry has Node's process metrics.
 * ETH amounts are gauges in ETH (floats): for alerting, not accounting.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Queue metric names, filled from the vault state once it carries the redemption queue (labelled by queue). */
export const QUEUE_METRICS = {
  pendingRequests: "keeper_queue_pending_requests",
  pendingShares: "keeper_queue_pending_shares",
  owedAssets: "keeper_queue_owed_assets_eth",
  headAgeSeconds: "keeper_queue_head_age_seconds",
  overdue: "keeper_queue_overdue",
} as const;

export class KeeperMetrics {
  readonly registry = new Registry();
  private readonly g = (name: string, help: string) => new Gauge({ name, help, registers: [this.registry] });

  readonly cycles = new Counter({
    name: "keeper_cycles_total",
    help: "Keeper cycles by outcome",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly cycleFailures = new Counter({
    name: "keeper_cycle_failures_total",
    help: "Cycles that failed, by outcome: rejected, stuck (ended so) or retryable, fatal (threw)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly cycleSeconds = new Histogram({
    name: "keeper_cycle_duration_seconds",
    help: "Wall time of one keeper cycle",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: "keeper_errors_total",
    help: "Errors by class (retryable, fatal, revert, superseded)",
    labelNames: ["class"] as const,
    registers: [this.registry],
  });
  readonly txs = new Counter({
    name: "keeper_transactions_total",
    help: "Transactions by kind and final status",
    labelNames: ["kind", "status"] as const,
    registers: [this.registry],
  });
  readonly totalAssets = this.g("keeper_vault_total_assets_eth", "Vault total assets (ETH)");
  readonly sharePrice = this.g("keeper_vault_share_price_eth", "Assets per share as the vault prices them (pricePerShare, ETH)");
  readonly idle = this.g("keeper_vault_idle_eth", "Idle WETH in the vault (ETH)");
  readonly idleFloor = this.g("keeper_vault_idle_floor_eth", "Idle the buffer floor asks for: total assets x bufferFloorBps (ETH)");
  readonly reserve = this.g("keeper_vault_reserve_eth", "Insurance reserve assets (ETH)");
  readonly requiredReserve = this.g("keeper_vault_required_reserve_eth", "Insurance reserve the tiers require (ETH)");
  readonly reserveCoverage = this.g("keeper_vault_reserve_coverage_ratio", "Reserve assets / required reserve (Inf when nothing is required)");
  readonly paused = this.g("keeper_vault_paused", "1 while the vault is paused");
  readonly priceHalted = this.g("keeper_vault_price_halted", "1 while the share price is halted (a bound was breached; paused until resumed)");
  readonly lastReport = this.g("keeper_vault_last_report_timestamp_seconds", "Chain time of the share-price feed's latest round (the last report)");
  readonly headBlock = this.g("keeper_chain_head_block", "Latest block number the keeper read");
  readonly headTimestamp = this.g("keeper_chain_head_timestamp_seconds", "Timestamp of the latest block the keeper read");
  readonly accountBalance = this.g("keeper_account_balance_eth", "ETH balance of the keeper's signing account");
  readonly foreignTxs = new Counter({
    name: "keeper_shared_key_transactions_total",
    help: "Transactions from the keeper's account that this keeper did not send (another process uses its key)",
    registers: [this.registry],
  });
  readonly allocation = new Gauge({
    name: "keeper_adapter_allocation_eth",
    help: "Recorded allocation per adapter (ETH)",
    labelNames: ["adapter"] as const,
    registers: [this.registry],
  });
  readonly pendingExits = new Gauge({
    name: "keeper_adapter_pending_exits_eth",
    help: "Value queued for exit in the protocol's withdrawal queue per adapter (ETH)",
    labelNames: ["adapter"] as const,
    registers: [this.registry],
  });
  readonly apy = new Gauge({
    name: "keeper_adapter_apy",
    help: "Estimated APY per adapter as a fraction, by part (base measured, extras configured)",
    labelNames: ["adapter", "part"] as const,
    registers: [this.registry],
  });
  readonly guarded = new Gauge({
    name: "keeper_adapter_guarded",
    help: "1 when the depeg guard holds the adapter",
    labelNames: ["adapter"] as const,
    registers: [this.registry],
  });
  readonly rpcDisagreements = new Counter({
    name: "keeper_rpc_disagreements_total",
    help: "Cycles in which the RPC endpoints disagreed (kind: chainId, head, headAge, read) and nothing was sent",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly rpcDisagreeing = this.g("keeper_rpc_disagreeing", "1 while the last cycle ended in an RPC disagreement (nothing is sent until they agree)");
  readonly rpcEndpoints = this.g("keeper_rpc_endpoints", "RPC endpoints configured (decisions are cross-checked when 2 or more)");
  readonly headAge = this.g("keeper_chain_head_age_seconds", "Wall clock minus the latest block's timestamp when the keeper read it");
  readonly feeQuoteCuts = new Counter({
    name: "keeper_fee_quote_cuts_total",
    help: "Fee quotes cut before signing, by what cut them (tip cap, fee history, max-fee cap)",
    labelNames: ["cut"] as const,
    registers: [this.registry],
  });
  readonly gasSpentDay = this.g("keeper_gas_spent_24h_eth", "Gas the keeper's mined transactions cost in the last 24 hours (ETH)");
  readonly gasSpentWeek = this.g("keeper_gas_spent_7d_eth", "Gas the keeper's mined transactions cost in the last 7 days (ETH)");
  readonly gasBudget = this.g("keeper_gas_budget_24h_eth", "The daily gas budget, tx.dailyGasBudgetWei (ETH)");
  readonly gasBudgetExhausted = this.g("keeper_gas_budget_exhausted", "1 while a send was refused because it would pass the daily gas budget");
  readonly lastCycle = this.g("keeper_last_cycle_timestamp_seconds", "Unix time the last cycle finished without error");
  readonly queuePendingRequests = new Gauge({ name: QUEUE_METRICS.pendingRequests, help: "Redemption requests waiting in the queue", labelNames: ["queue"] as const, registers: [this.registry] });
  readonly queuePendingShares = new Gauge({ name: QUEUE_METRICS.pendingShares, help: "Shares escrowed by waiting requests (whole shares: 1e24 share units, the vault has 24 decimals)", labelNames: ["queue"] as const, registers: [this.registry] });
  readonly queueOwedAssets = new Gauge({ name: QUEUE_METRICS.owedAssets, help: "Assets owed to waiting requests (ETH)", labelNames: ["queue"] as const, registers: [this.registry] });
  readonly queueHeadAge = new Gauge({ name: QUEUE_METRICS.headAgeSeconds, help: "Age of the oldest waiting request (chain seconds)", labelNames: ["queue"] as const, registers: [this.registry] });
  readonly queueOverdue = new Gauge({ name: QUEUE_METRICS.overdue, help: "1 when the oldest request waited past the queue's maximum wait", labelNames: ["queue"] as const, registers: [this.registry] });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Puts `vault` and `chain` on every sample. */
  label(vault: string, chainId: number): void {
    this.registry.setDefaultLabels({ vault, chain: String(chainId) });
  }
}
