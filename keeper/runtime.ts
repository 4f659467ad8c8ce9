/**
 * Wiring: clients, store, logger and metrics from a config, the start checks, and the scheduler that runs
 * cycles and reports on their cron schedules one at a time (they share one account nonce), queued, never
 * dropped. After every job the operator's reads (share price, last report, account balance and nonce, head)
 * feed the metrics, the status page's history and the shared-key watch.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { Server } from "node:http";
import { createPublicClient, createWalletClient, defineChain, fallback, http, type Chain, type PublicClient, type Transport } from "viem";
import type { LocalAccount } from "viem/accounts";
import { readOps, type OpsReading } from "./chain/ops.js";
import { classifyError } from "./chain/errors.js";
import { describeError, redactUrl } from "./chain/rpc.js";
import type { KeeperWallet } from "./chain/send.js";
import { maxHeadAgeSeconds, rpcEndpoints, type KeeperConfig } from "./config/schema.js";
import { configGaps } from "./config/gaps.js";
import { RpcDisagreementError, RpcQuorum } from "./chain/quorum.js";
import { runCycle, runReport, type CycleDeps, type CycleResult } from "./cycle.js";
import { EXIT, StartError } from "./runtime/exit.js";
import { JobQueue } from "./runtime/jobs.js";
import { DAY_MS, GasBudgetError } from "./runtime/budget.js";
import { createLogger, cronLogger } from "./runtime/logger.js";
import { preflight, type Preflight } from "./runtime/preflight.js";
import { reportOverdue, reportsCheck, type CatchUp } from "./runtime/reports.js";
import { SharedKeyWatch } from "./runtime/sharedKey.js";
import { KeeperMetrics } from "./server/metrics.js";
import { publishOps } from "./server/publish.js";
import { isLoopback, PortInUseError, startServer } from "./server/server.js";
import { statusView, type HealthReport } from "./server/view.js";
import { exposureStatus } from "./status.js";
import { KeeperStore } from "./store/store.js";

export { createLogger } from "./runtime/logger.js";
export { EXIT, StartError } from "./runtime/exit.js";
export { JobQueue } from "./runtime/jobs.js";

/** Chart history the page shows (chain time). */
const HISTORY_SECONDS = 90 * 86_400;

export function keeperChain(config: KeeperConfig): Chain {
  return defineChain({
    id: config.chainId,
    name: `chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: rpcEndpoints(config) } },
  });
}

/** One endpoint's HTTP transport (timeout and retries from config). */
function endpointTransport(config: KeeperConfig, url: string): Transport {
  return http(url, { timeout: config.rpc.timeoutMs, retryCount: config.rpc.retries });
}

/**
 * The transport for everything that is not a confirmed read (sends, receipts, fees, the operator's reads):
 * viem's `fallback` over every configured endpoint in order (the next one when one fails), or the one endpoint.
 */
export function keeperTransport(config: KeeperConfig): Transport {
  const urls = rpcEndpoints(config);
  if (urls.length === 1) return endpointTransport(config, urls[0]!);
  return fallback(urls.map((u) => endpointTransport(config, u)), { rank: false, retryCount: 0 });
}

/**
 * Every endpoint as its own client, for the reads a decision rests on (chain/quorum.ts). The first endpoint
 * uses `primary` (which carries an injected transport in tests); one endpoint alone is checked (chain id, head)
 * but not cross-checked.
 */
export function keeperQuorum(config: KeeperConfig, chain: Chain, primary: PublicClient, injected: boolean): RpcQuorum {
  const urls = rpcEndpoints(config);
  const endpoints = urls.map((url, i) => ({
    url,
    client:
      i === 0 && (injected || urls.length === 1)
        ? primary
        : (createPublicClient({ chain, transport: endpointTransport(config, url) }) as PublicClient),
  }));
  return new RpcQuorum(endpoints, {
    chainId: config.chainId,
    maxHeadLagBlocks: config.rpc.maxHeadLagBlocks,
    maxHeadAgeSeconds: maxHeadAgeSeconds(config),
  });
}

export interface BuildOptions {
  /** A local key or a remote signer (chain/signer.ts). */
  account?: LocalAccount;
  /** Replaces the HTTP transport (tests inject faults through it). */
  transport?: Transport;
  logger?: Logger;
  metrics?: KeeperMetrics;
  store?: KeeperStore;
}

/** Cycle deps plus what the start checks found. */
export type KeeperDeps = CycleDeps & { preflight: Preflight };

/**
 * Everything a cycle needs, built from `config`, after the start checks (see runtime/preflight.ts): throws a
 * StartError (exit code and a message naming the field) before opening the store when one fails.
 */
export async function buildDeps(config: KeeperConfig, options: BuildOptions = {}): Promise<KeeperDeps> {
  const chain = keeperChain(config);
  const transport = options.transport ?? keeperTransport(config);
  const client = createPublicClient({ chain, transport }) as PublicClient;
  const quorum = keeperQuorum(config, chain, client, options.transport !== undefined);
  const checked = await preflight(client, config, options.account?.address, quorum);
  const wallet: KeeperWallet | undefined =
    options.account === undefined ? undefined : createWalletClient({ chain, transport, account: options.account });
  const log = options.logger ?? createLogger(config.logLevel);
  log.info(
    { account: options.account?.address ?? null, vault: config.vault, lens: config.lens ?? null, chain: checked.chainId, rpc: quorum.endpoints.map((e) => redactUrl(e.url)) },
    "keeper ready",
  );
  for (const gap of configGaps(config)) log.warn({ feature: gap.feature }, `config leaves out a safety feature: ${gap.message}`);
  if (!quorum.crossChecked) {
    log.warn({ rpc: redactUrl(config.rpcUrl) }, "one RPC endpoint configured: decisions rest on its answers alone (add rpcUrls from other providers)");
  }
  return {
    config,
    client,
    quorum,
    wallet,
    store: options.store ?? new KeeperStore(config.storePath),
    log,
    metrics: options.metrics ?? new KeeperMetrics(),
    preflight: checked,
  };
}

export interface RunningKeeper {
  stop(): Promise<void>;
  server: Server | null;
  jobs: JobQueue;
  lastResult(): CycleResult | null;
  /** Queues a job now (as its cron would) and resolves when it has run. */
  runNow(job: "cycle" | "report"): Promise<void>;
  health(): HealthReport;
  status(): ReturnType<typeof statusView>;
}

/** Milliseconds between two consecutive runs of `task`. */
function intervalOf(task: ScheduledTask, fallbackMs: number): number {
  const next = task.getNextRuns(2);
  return next.length === 2 ? next[1]!.getTime() - next[0]!.getTime() : fallbackMs;
}

const secondsText = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Serves health, metrics, status and the page, then schedules cycles and reports (node-cron). The server
 * starts first: a taken `server.port` fails the start (StartError, exit 4) before any job is scheduled.
 */
export async function startKeeper(deps: CycleDeps & { preflight?: Preflight }, options: { dryRun?: boolean } = {}): Promise<RunningKeeper> {
  const { config, log, client, store, wallet } = deps;
  const dryRun = options.dryRun ?? false;
  const metrics = deps.metrics ?? new KeeperMetrics();
  const checked = deps.preflight ?? (await preflight(client, config, wallet?.account.address));
  metrics.label(config.vault, checked.chainId);
  const cycleDeps: CycleDeps = { ...deps, metrics };
  const jobs = new JobQueue(log);
  const started = Date.now();
  const account = wallet?.account.address ?? null;
  let lastSuccess: number | null = null;
  let lastCycleAt: number | null = null;
  let last: CycleResult | null = null;
  let ops: OpsReading | null = null;
  /** The last cycle's RPC disagreement (nothing was sent), cleared by the next cycle the endpoints agree in. */
  let rpcProblem: { atMs: number; message: string } | null = null;
  const quorum = deps.quorum;
  const endpointCount = quorum?.endpoints.length ?? 1;
  metrics.rpcEndpoints.set(endpointCount);
  const headAgeLimit = maxHeadAgeSeconds(config);
  const budgetWei = BigInt(config.tx.dailyGasBudgetWei);
  metrics.gasBudget.set(Number(budgetWei) / 1e18);
  /** The last send the daily gas budget refused, cleared by the next job that ends without a refusal. */
  let budgetRefusal: string | null = null;
  const publishSpend = () => {
    const now = Date.now();
    metrics.gasSpentDay.set(Number(store.gasSpentSince(now - DAY_MS)) / 1e18);
    metrics.gasSpentWeek.set(Number(store.gasSpentSince(now - 7 * DAY_MS)) / 1e18);
    metrics.gasBudgetExhausted.set(budgetRefusal === null ? 0 : 1);
  };
  const gaps = configGaps(config).map((g) => g.message);

  const baseline = account === null ? 0 : await client.getTransactionCount({ address: account, blockTag: "pending" });
  const keyWatch = new SharedKeyWatch(baseline, () => store.accountNoncesSince(started));

  /** The operator's reads after a job; a failure is logged and leaves the previous reading. */
  const observeOps = async (result: CycleResult | null): Promise<void> => {
    try {
      ops = await readOps(client, config.vault, checked.vault.priceFeed, account ?? undefined);
    } catch (err) {
      log.warn({ err: describeError(err, config.rpcUrl) }, "operator reads failed: metrics and page keep the previous reading");
      return;
    }
    publishOps(metrics, ops);
    metrics.headAge.set(Math.floor(Date.now() / 1000) - Number(ops.headTimestamp));
    if (ops.account !== undefined) {
      const foreign = keyWatch.check(ops.account.pendingNonce);
      if (foreign > 0) {
        metrics.foreignTxs.inc(foreign);
        log.error(
          { account, foreign, pendingNonce: ops.account.pendingNonce },
          "another process sends from this keeper's account: run one key per keeper (nonces collide, fee bumps replace)",
        );
      }
    }
    if (result !== null) {
      const s = result.state;
      store.addSnapshot({
        block: s.blockNumber,
        timestamp: Number(s.timestamp),
        sharePrice: ops.sharePrice,
        totalAssets: s.totalAssets,
        idle: s.idle,
        reserveAssets: s.reserveAssets,
        requiredReserve: s.requiredReserve,
        adapters: result.adapters.map((a, i) => ({
          name: a.name,
          address: a.address,
          allocation: s.adapters[i]!.allocation,
          baseApy: a.apy.baseApy,
          extrasApy: a.apy.extrasApy,
        })),
      });
      store.pruneSnapshots(Number(s.timestamp) - HISTORY_SECONDS);
    }
  };

  const failed = (job: string, err: unknown) => {
    if (err instanceof GasBudgetError) budgetRefusal = err.message;
    if (err instanceof RpcDisagreementError) {
      metrics.rpcDisagreements.inc({ kind: err.kind });
      metrics.rpcDisagreeing.set(1);
      rpcProblem = { atMs: Date.now(), message: err.message };
    }
    const e = classifyError(err);
    metrics.errors.inc({ class: e.kind });
    if (job === "cycle") metrics.cycleFailures.inc({ outcome: e.kind });
    log.error({ class: e.kind, err: describeError(err, config.rpcUrl) }, `${job} failed`);
  };
  let catchUp: CatchUp = null;
  let catchUpDecided = false;
  /**
   * At the first chain reading: a report already overdue is queued now (right behind the running cycle, so
   * `jobs.idle()` covers it), not left to the next scheduled time.
   */
  const catchUpReport = (): void => {
    if (catchUpDecided || ops === null) return;
    catchUpDecided = true;
    const age = Number(ops.headTimestamp - ops.lastReportAt);
    if (dryRun || !reportOverdue(age, reportLimitSeconds)) return;
    catchUp = { state: "running", ageSeconds: age };
    log.warn({ ageSeconds: age, limitSeconds: reportLimitSeconds }, "the share-price feed's last round is older than the report schedule allows: catch-up report now");
    void report().then((ok) => {
      catchUp = ok ? null : { state: "failed", ageSeconds: age };
    });
  };
  const cycle = () =>
    jobs.run("cycle", async () => {
      let result: CycleResult | null = null;
      try {
        result = await runCycle(cycleDeps, { dryRun });
        rpcProblem = null;
        budgetRefusal = null;
        metrics.rpcDisagreeing.set(0);
        last = result;
        lastCycleAt = Date.now();
        lastSuccess = lastCycleAt;
      } catch (err) {
        failed("cycle", err);
      }
      publishSpend();
      await observeOps(result);
      catchUpReport();
    });
  /** Resolves true when the report was sent (or had nothing to do), false when it failed. */
  const report = () =>
    jobs.run("report", async () => {
      let ok = true;
      try {
        await runReport(cycleDeps, { dryRun, onlyWhenWorthIt: true });
        budgetRefusal = null;
      } catch (err) {
        ok = false;
        failed("report", err);
      }
      publishSpend();
      await observeOps(null);
      return ok;
    });

  const logger = cronLogger(log);
  const tasks: ScheduledTask[] = [
    cron.createTask(config.schedule.cycle, () => void cycle(), { name: "keeper-cycle", logger }),
    cron.createTask(config.schedule.report, () => void report(), { name: "keeper-report", logger }),
  ];
  const cycleMs = intervalOf(tasks[0]!, 300_000);
  const reportMs = intervalOf(tasks[1]!, 6 * 3_600_000);
  const staleAfterMs = 3 * cycleMs + config.tx.receiptTimeoutMs * (config.tx.maxResends + 1);
  const reportLimitSeconds = Math.round((reportMs + staleAfterMs) / 1000);

  const health = (): HealthReport => {
    const now = Date.now();
    const age = now - (lastSuccess ?? started);
    const cyclesOk = age <= staleAfterMs;
    const cycles = {
      ok: cyclesOk,
      detail:
        lastSuccess === null
          ? `no good cycle yet, started ${secondsText(age)} ago (limit ${secondsText(staleAfterMs)})`
          : `last good cycle ${secondsText(age)} ago (limit ${secondsText(staleAfterMs)})`,
    };
    const reportAge = ops === null ? null : Number(ops.headTimestamp - ops.lastReportAt);
    const reports = reportsCheck({ dryRun, ageSeconds: reportAge, limitSeconds: reportLimitSeconds, catchUp });
    const sharedKey =
      keyWatch.foreign === 0
        ? { ok: true, detail: account === null ? "no key" : "no transactions from this account but this keeper's" }
        : { ok: false, detail: `${keyWatch.foreign} transaction(s) from ${account} that this keeper did not send: another process uses its key` };
    const rpc =
      rpcProblem !== null
        ? { ok: false, detail: `${secondsText(now - rpcProblem.atMs)} ago: ${rpcProblem.message}` }
        : {
            ok: true,
            detail:
              endpointCount > 1
                ? `${endpointCount} endpoints; the reads behind every transaction agree on two of them`
                : "one endpoint: its answers are not cross-checked (add rpcUrls from other providers)",
          };
    const headAge = ops === null ? null : Math.floor(now / 1000) - Number(ops.headTimestamp);
    const chainHead =
      headAge === null
        ? { ok: true, detail: "no chain reading yet" }
        : headAgeLimit === 0
          ? { ok: true, detail: `head ${ops!.headBlock} is ${headAge} s old by the wall clock (not checked: rpc.maxHeadAgeSeconds is 0)` }
          : {
              ok: headAge <= headAgeLimit,
              detail: `head ${ops!.headBlock} is ${headAge} s old by the wall clock (limit ${headAgeLimit} s)`,
            };
    const spent = store.gasSpentSince(now - DAY_MS);
    const feeBudget = {
      ok: budgetRefusal === null,
      detail:
        budgetRefusal ?? `${(Number(spent) / 1e18).toFixed(6)} ETH of gas in the last 24 h, budget ${(Number(budgetWei) / 1e18).toFixed(6)} ETH`,
    };
    const checks = { cycles, reports, sharedKey, rpc, chainHead, feeBudget };
    return { ok: Object.values(checks).every((c) => c.ok), checks };
  };
  const status = () =>
    statusView({
      chainId: checked.chainId,
      vault: config.vault,
      lens: config.lens ?? null,
      dryRun,
      startedMs: started,
      account,
      last,
      lastCycleMs: lastCycleAt,
      ops,
      health: health(),
      foreignTxs: keyWatch.foreign,
      reportTx: store.lastWith("report", "confirmed"),
      history: store.snapshots(last === null ? 0 : Number(last.state.timestamp) - HISTORY_SECONDS),
      transactions: store.transactions(50),
      risk: last?.exposure === undefined ? null : exposureStatus(last.exposure, last.adapters, store.avsEvents(5)),
      configGaps: gaps,
    });

  let server: Server | null = null;
  if (config.server.enabled) {
    try {
      server = await startServer(config.server.host, config.server.port, metrics, { health, status }, {
        allowedHosts: config.server.allowedHosts,
        maxConnections: config.server.maxConnections,
      });
      if (!isLoopback(config.server.host)) {
        log.warn(
          { host: config.server.host, port: config.server.port },
          "status server bound beyond loopback: /status shows the account, balances and transactions to anyone who reaches it; firewall it or keep 127.0.0.1 behind a proxy",
        );
      }
    } catch (err) {
      for (const t of tasks) await t.destroy();
      if (err instanceof PortInUseError) throw new StartError(EXIT.refused, err.message);
      throw err;
    }
  }
  for (const t of tasks) await t.start();
  log.info(
    { account, vault: config.vault, chain: checked.chainId, cycle: config.schedule.cycle, report: config.schedule.report, port: server === null ? null : config.server.port, dryRun },
    "keeper started",
  );
  // A first cycle at once rather than waiting for the first cron tick.
  void cycle();
  return {
    server,
    jobs,
    lastResult: () => last,
    runNow: (job) => (job === "cycle" ? cycle() : report().then(() => undefined)),
    health,
    status,
    async stop() {
      for (const t of tasks) await t.destroy();
      await new Promise<void>((resolve) => {
        if (server === null) return resolve();
        server.close(() => resolve());
        server.closeAllConnections(); // a browser's keep-alive connection must not hold the stop
      });
      await jobs.idle();
      store.close();
      log.info("keeper stopped");
    },
  };
}
