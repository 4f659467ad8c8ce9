/**
 * Prometheus metrics on a registry of their own (never the global default), so importing the keeper
 * registers nothing and two keepers in one process (tests) do not collide.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export class KeeperMetrics {
  readonly registry = new Registry();
  readonly cycles = new Counter({
    name: "keeper_cycles_total",
    help: "Keeper cycles by outcome",
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
  readonly totalAssets = new Gauge({
    name: "keeper_vault_total_assets_eth",
    help: "Vault total assets (ETH)",
    registers: [this.registry],
  });
  readonly reserveCoverage = new Gauge({
    name: "keeper_vault_reserve_coverage_ratio",
    help: "Reserve assets / required reserve (Inf when nothing is required)",
    registers: [this.registry],
  });
  readonly allocation = new Gauge({
    name: "keeper_adapter_allocation_eth",
    help: "Recorded allocation per adapter (ETH)",
    labelNames: ["adapter"] as const,
    registers: [this.registry],
  });
  readonly apy = new Gauge({
    name: "keeper_adapter_apy",
    help: "Estimated APY per adapter as a fraction, by part (base, extras)",
    labelNames: ["adapter", "part"] as const,
    registers: [this.registry],
  });
  readonly guarded = new Gauge({
    name: "keeper_adapter_guarded",
    help: "1 when the depeg guard holds the adapter",
    labelNames: ["adapter"] as const,
    registers: [this.registry],
  });
  readonly lastCycle = new Gauge({
    name: "keeper_last_cycle_timestamp_seconds",
    help: "Unix time the last cycle finished without error",
    registers: [this.registry],
  });
}
