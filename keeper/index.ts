/**
 * The keeper as a library (no side effects on import): the devnet job and benchmarks use these.
 */
export * from "./strategy/index.js";
export * from "./config/index.js";
export { readVaultState, readRebalanceNonce } from "./chain/read.js";
export { classifyError, type ClassifiedError, type ErrorClass } from "./chain/errors.js";
export { sendContractTx, boundGas, StuckTransactionError, type TxPolicy, type KeeperWallet } from "./chain/send.js";
export { KeeperStore, type ActionRow, type ActionStatus, type SampleRow } from "./store/store.js";
export { analyseAdapters, adapterSettings, type AdapterAnalysis } from "./analysis.js";
export { runCycle, runReport, manageQueuedExits, observe, reconcileOpenActions, type CycleDeps, type CycleResult, type CycleOutcome, type ExitTx } from "./cycle.js";
export { buildDeps, startKeeper, createLogger, JobQueue, EXIT, StartError, type RunningKeeper, type KeeperDeps } from "./runtime.js";
export { KeeperMetrics } from "./server/metrics.js";
export { startServer } from "./server/server.js";
export { formatStatus, formatPlan, formatEth } from "./status.js";
export { main as keeperCli } from "./cli.js";
