/**
 * Wiring: clients, store, logger and metrics from a config; the scheduler that runs cycles and reports
 * on their cron schedules without ever overlapping (they share one account nonce).
 */
import cron, { type ScheduledTask } from "node-cron";
import pino, { type Logger } from "pino";
import type { Server } from "node:http";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Chain,
  type PublicClient,
  type Transport,
} from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import type { KeeperConfig } from "./config/schema.js";
import { runCycle, runReport, type CycleDeps, type CycleResult } from "./cycle.js";
import { classifyError } from "./chain/errors.js";
import type { KeeperWallet } from "./chain/send.js";
import { KeeperMetrics } from "./server/metrics.js";
import { startServer } from "./server/server.js";
import { exposureStatus } from "./status.js";
import { KeeperStore } from "./store/store.js";

export function keeperChain(config: KeeperConfig): Chain {
  return defineChain({
    id: config.chainId,
    name: `chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
}

/** The configured HTTP transport (timeout and retries from config). */
export function keeperTransport(config: KeeperConfig): Transport {
  return http(config.rpcUrl, { timeout: config.rpc.timeoutMs, retryCount: config.rpc.retries });
}

export interface BuildOptions {
  account?: PrivateKeyAccount;
  /** Replaces the HTTP transport (tests inject faults through it). */
  transport?: Transport;
  logger?: Logger;
  metrics?: KeeperMetrics;
  store?: KeeperStore;
}

/** Logs go to stderr as JSON lines, so stdout stays free for tables and plans. */
export function createLogger(config: KeeperConfig): Logger {
  return pino({ level: config.logLevel, base: { svc: "keeper" }, redact: ["privateKey", "*.privateKey"] }, pino.destination(2));
}

/** Everything a cycle needs, built from `config`. Checks the RPC serves the configured chain id. */
export async function buildDeps(config: KeeperConfig, options: BuildOptions = {}): Promise<CycleDeps> {
  const chain = keeperChain(config);
  const transport = options.transport ?? keeperTransport(config);
  const client = createPublicClient({ chain, transport }) as PublicClient;
  const chainId = await client.getChainId();
  if (chainId !== config.chainId) {
    throw new Error(`chainId: the RPC at ${config.rpcUrl} serves chain ${chainId}, the config says ${config.chainId}`);
  }
  for (const [field, address] of [["vault", config.vault], ["lens", config.lens]] as const) {
    if (address === undefined) continue;
    const code = await client.getCode({ address });
    if (code === undefined || code === "0x") throw new Error(`${field}: no contract at ${address} on chain ${chainId}`);
  }
  const wallet: KeeperWallet | undefined =
    options.account === undefined ? undefined : createWalletClient({ chain, transport, account: options.account });
  return {
    config,
    client,
    wallet,
    store: options.store ?? new KeeperStore(config.storePath),
    log: options.logger ?? createLogger(config),
    metrics: options.metrics ?? new KeeperMetrics(),
  };
}

/**
 * Runs jobs one at a time: a trigger while a job runs is skipped (logged), never queued, so a slow
 * cycle cannot pile up behind itself or race a report for the account nonce.
 */
export class SerialRunner {
  private busy: string | null = null;
  constructor(private readonly log: Logger) {}

  get running(): string | null {
    return this.busy;
  }

  /** Runs `job` unless another is running; resolves to its result, or undefined when skipped. */
  async run<T>(name: string, job: () => Promise<T>): Promise<T | undefined> {
    if (this.busy !== null) {
      this.log.warn({ job: name, running: this.busy }, "previous job still running: trigger skipped");
      return undefined;
    }
    this.busy = name;
    try {
      return await job();
    } finally {
      this.busy = null;
    }
  }
}

export interface RunningKeeper {
  stop(): Promise<void>;
  server: Server | null;
  runner: SerialRunner;
  lastResult(): CycleResult | null;
}

/** Schedules cycles and reports (node-cron) and serves health, metrics and status. */
export async function startKeeper(deps: CycleDeps, options: { dryRun?: boolean } = {}): Promise<RunningKeeper> {
  const { config, log } = deps;
  const metrics = deps.metrics ?? new KeeperMetrics();
  const runner = new SerialRunner(log);
  const started = Date.now();
  let lastSuccess: number | null = null;
  let last: CycleResult | null = null;

  const cycle = () =>
    runner.run("cycle", async () => {
      try {
        last = await runCycle({ ...deps, metrics }, options);
        lastSuccess = Date.now();
      } catch (err) {
        const e = classifyError(err);
        metrics.errors.inc({ class: e.kind });
        log.error({ class: e.kind, err: e.message }, "cycle failed");
      }
    });
  const report = () =>
    runner.run("report", async () => {
      try {
        await runReport(deps, options);
      } catch (err) {
        const e = classifyError(err);
        metrics.errors.inc({ class: e.kind });
        log.error({ class: e.kind, err: e.message }, "report failed");
      }
    });

  const tasks: ScheduledTask[] = [
    cron.schedule(config.schedule.cycle, cycle, { name: "keeper-cycle", noOverlap: true }),
    cron.schedule(config.schedule.report, report, { name: "keeper-report", noOverlap: true }),
  ];
  const nextCycle = tasks[0]!.getNextRuns(2);
  const interval = nextCycle.length === 2 ? nextCycle[1]!.getTime() - nextCycle[0]!.getTime() : 300_000;
  const server = config.server.enabled
    ? await startServer(config.server.host, config.server.port, metrics, {
        lastSuccessMs: () => lastSuccess,
        startedMs: () => started,
        staleAfterMs: 3 * interval + config.tx.receiptTimeoutMs * (config.tx.maxResends + 1),
        status: () =>
          last === null
            ? { cycle: null }
            : {
                outcome: last.outcome,
                block: last.state.blockNumber,
                nonce: last.state.rebalanceNonce,
                totalAssets: last.state.totalAssets,
                adapters: last.adapters.map((a, i) => ({
                  name: a.name,
                  address: a.address,
                  allocation: last!.state.adapters[i]!.allocation,
                  baseApy: a.apy.baseApy,
                  extrasApy: a.apy.extrasApy,
                  guarded: a.guard.guarded,
                  reasons: a.guard.reasons,
                })),
                plan: last.plan.moves,
                txHash: last.txHash ?? null,
                risk: last.exposure === undefined ? null : exposureStatus(last.exposure, last.adapters, deps.store.avsEvents(5)),
              },
      })
    : null;
  log.info({ cycle: config.schedule.cycle, report: config.schedule.report, port: config.server.port, dryRun: options.dryRun ?? false }, "keeper started");
  // A first cycle at once rather than waiting for the first cron tick.
  void cycle();
  return {
    server,
    runner,
    lastResult: () => last,
    async stop() {
      for (const t of tasks) await t.destroy();
      await new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
      while (runner.running !== null) await new Promise((r) => setTimeout(r, 50));
      deps.store.close();
      log.info("keeper stopped");
    },
  };
}
