/**
 * Keeper figures: the optimiser's time against the number of adapters (pure, process.hrtime over repeated
 * runs), and one dry-run cycle against anvil with the deployed devnet, counting RPC requests through a
 * wrapped viem transport.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { createWalletClient, http, parseEther, type EIP1193RequestFn, type Transport } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { lrtVaultAbi } from "../keeper/chain/abis.generated.js";
import { parseConfig, type KeeperConfig } from "../keeper/config/index.js";
import { statusJson } from "../keeper/server/server.js";
import { statusView } from "../keeper/server/view.js";
import { KeeperStore } from "../keeper/store/store.js";
import { observe, runCycle, runReport } from "../keeper/cycle.js";
import { buildDeps } from "../keeper/runtime.js";
import { planRebalance, solveAllocation } from "../keeper/strategy/index.js";
import { ANVIL_KEYS, startAnvil } from "../script/lib/anvil.js";
import { deploy, devnetRiskConfig } from "../script/lib/deploy.js";
import { repoRoot } from "../script/lib/foundry.js";
import { optimiserInput } from "./replay.js";
import { median, msSince, quantile, timeRuns } from "./stats.js";

export interface OptimiserTiming {
  adapters: number;
  runs: number;
  /** solveAllocation: the LP alone. */
  solveMedianMs: number;
  solveP95Ms: number;
  /** planRebalance: the LP, rounding to wei, and the exact rule check. */
  planMedianMs: number;
  planP95Ms: number;
  /** Variables and rows of the LP. */
  lpSize: string;
}

const time = timeRuns;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Times the optimiser for N = 2..16 adapters on realistic states (see `optimiserInput`). */
export function timeOptimiser(counts: readonly number[], runs = 200, warmup = 20): OptimiserTiming[] {
  return counts.map((n) => {
    const input = optimiserInput(n, 1000 + n);
    const options = { minMoveWei: 10n ** 15n };
    const solve = time(() => solveAllocation(input), runs, warmup);
    const plan = time(() => planRebalance(input, options), runs, warmup);
    const lp = solveAllocation(input).lp;
    return {
      adapters: n,
      runs,
      solveMedianMs: round3(median(solve)),
      solveP95Ms: round3(quantile(solve, 0.95)),
      planMedianMs: round3(median(plan)),
      planP95Ms: round3(quantile(plan, 0.95)),
      lpSize: lp === null ? "-" : `${lp.objective.length} x ${lp.constraints.length}`,
    };
  });
}

export interface RpcCount {
  total: number;
  byMethod: Record<string, number>;
}

/** Wraps an HTTP transport so every JSON-RPC request is counted by method. */
export function countingTransport(url: string): { transport: Transport; take: () => RpcCount } {
  let byMethod: Record<string, number> = {};
  const inner = http(url, { retryCount: 0 });
  const transport: Transport = (params) => {
    const t = inner(params);
    const request: EIP1193RequestFn = async (args, options) => {
      byMethod[args.method] = (byMethod[args.method] ?? 0) + 1;
      return t.request(args, options);
    };
    return { ...t, request };
  };
  return {
    transport,
    take: () => {
      const taken = { total: Object.values(byMethod).reduce((a, b) => a + b, 0), byMethod };
      byMethod = {};
      return taken;
    },
  };
}

export interface CycleFigures {
  /** RPC requests of the cycle's read (observe: the lens snapshot, and the ExposureLens read of every LRT's AVS exposure). */
  read: RpcCount;
  /** RPC requests of one whole dry-run cycle (read, plan, simulate, gas and fee estimates). */
  cycle: RpcCount;
  cycleWallMs: number;
  outcome: string;
  moves: number;
  /** Seconds of rate history the cycle's estimates used. */
  historySeconds: number;
  /**
   * One dry-run cycle with one RPC endpoint against two (the second a distinct URL of the same anvil): every read a
   * transaction rests on is then made on both and compared, and every endpoint's chain id and head checked.
   * Medians of alternating runs on the same store and chain state.
   */
  rpcCompare: { runs: number; oneRpcMedianMs: number; twoRpcMedianMs: number };
  /** Building and serialising /status with the store at its history cap (2,000 snapshots of 5 adapters). */
  statusAtCap: StatusTiming;
  /** The same plan then sent for real, and a report, on the devnet's five real adapters: gas used. */
  devnet: { rebalanceGas: number; rebalanceMoves: number; reportGas: number; adapters: number };
}

export interface StatusTiming {
  snapshots: number;
  /** The first /status after a cycle (history parsed and serialised). */
  firstMs: number;
  /** Every later /status until the next cycle. */
  medianMs: number;
  p95Ms: number;
}

/** Times /status's JSON (statusView + statusJson, as the server answers it) at the store's history cap. */
export function timeStatusAtCap(snapshots = 2_000, runs = 200): StatusTiming {
  const store = new KeeperStore(":memory:");
  const names = ["weETH", "ezETH", "rsETH", "pufETH", "rswETH"];
  for (let b = 1; b <= snapshots; b++) {
    store.addSnapshot({
      block: BigInt(b),
      timestamp: b * 300,
      sharePrice: 10n ** 18n + BigInt(b),
      totalAssets: 10n ** 20n,
      idle: 10n ** 19n,
      reserveAssets: 10n ** 18n,
      requiredReserve: 10n ** 18n,
      adapters: names.map((name, i) => ({ name, address: `0x${String(i + 1).repeat(40)}` as `0x${string}`, allocation: 10n ** 19n, baseApy: 0.03, extrasApy: 0.01 })),
    });
  }
  const check = { ok: true, detail: "" };
  const answer = () =>
    statusJson(
      statusView({
        chainId: 31_337,
        vault: "0x0000000000000000000000000000000000000001",
        lens: null,
        dryRun: false,
        startedMs: 0,
        account: null,
        last: null,
        lastCycleMs: null,
        ops: null,
        health: { ok: true, checks: { cycles: check, reports: check, sharedKey: check } },
        foreignTxs: 0,
        reportTx: null,
        history: store.snapshots(0),
        transactions: store.transactions(50),
        risk: null,
      }),
    );
  const start = process.hrtime.bigint();
  answer();
  const firstMs = msSince(start);
  const times = time(answer, runs, 10);
  store.close();
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { snapshots, firstMs: r3(firstMs), medianMs: r3(median(times)), p95Ms: r3(quantile(times, 0.95)) };
}

/** Dry-run cycle wall time with one endpoint and with two (see CycleFigures.rpcCompare), on `store`. */
async function compareRpcs(config: KeeperConfig, store: KeeperStore, port: number, runs = 7): Promise<CycleFigures["rpcCompare"]> {
  const build = (c: KeeperConfig) =>
    buildDeps(c, { account: privateKeyToAccount(ANVIL_KEYS[1]), logger: pino({ level: "silent" }), store });
  const one = await build(config);
  const two = await build({ ...config, rpcUrls: [`http://localhost:${port}`] });
  const times: { one: number[]; two: number[] } = { one: [], two: [] };
  await runCycle(one, { dryRun: true }); // warm both
  await runCycle(two, { dryRun: true });
  for (let i = 0; i < runs; i++) {
    for (const [name, deps] of [["one", one], ["two", two]] as const) {
      const start = process.hrtime.bigint();
      await runCycle(deps, { dryRun: true });
      times[name].push(msSince(start));
    }
  }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { runs, oneRpcMedianMs: r1(median(times.one)), twoRpcMedianMs: r1(median(times.two)) };
}

async function rpc(url: string, method: string, params: unknown[]): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
}

/**
 * Starts anvil, deploys the devnet (script/Deploy.s.sol), deposits 100 ETH, lets the keeper record one
 * sample, moves chain time on two hours, then measures the read and one full dry-run cycle (with the keeper
 * key, so the plan is simulated and its gas estimated as in a real cycle; nothing is sent). Then sends the
 * plan and a report for real, for the gas of both on the real adapters.
 */
export async function measureCycle(): Promise<CycleFigures> {
  const anvil = await startAnvil();
  const outFile = path.join(repoRoot, "deployments", `test-bench-${anvil.port}.json`);
  try {
    const d = await deploy({ rpcUrl: anvil.rpcUrl, outFile });
    const depositor = createWalletClient({ account: privateKeyToAccount(ANVIL_KEYS[5]), transport: http(anvil.rpcUrl) });
    await depositor.writeContract({
      chain: null,
      address: d.vault,
      abi: lrtVaultAbi,
      functionName: "depositETH",
      args: [depositor.account.address, 0n],
      value: parseEther("100"),
    });
    const config = parseConfig({
      rpcUrl: anvil.rpcUrl,
      chainId: anvil.chainId,
      vault: d.vault,
      lens: d.lens,
      storePath: ":memory:",
      server: { enabled: false },
      logLevel: "silent",
      ...devnetRiskConfig(d),
    });
    const counter = countingTransport(anvil.rpcUrl);
    const deps = await buildDeps(config, {
      account: privateKeyToAccount(ANVIL_KEYS[1]),
      transport: counter.transport,
      logger: pino({ level: "silent" }),
    });
    try {
      await observe(deps, { record: true });
      await rpc(anvil.rpcUrl, "evm_increaseTime", [7_200]);
      await rpc(anvil.rpcUrl, "evm_mine", []);
      counter.take();
      await observe(deps, { record: false });
      const read = counter.take();
      const start = process.hrtime.bigint();
      const result = await runCycle(deps, { dryRun: true });
      const cycleWallMs = Math.round(msSince(start) * 10) / 10;
      const cycle = counter.take();
      const rpcCompare = await compareRpcs(config, deps.store, anvil.port);
      const statusAtCap = timeStatusAtCap();
      const sent = await runCycle(deps);
      if (sent.outcome !== "sent" || sent.txHash === undefined) {
        throw new Error(`bench: the devnet rebalance was not sent (outcome ${sent.outcome}: ${sent.decision?.reason ?? sent.error?.message ?? ""})`);
      }
      const rebalance = await deps.client.getTransactionReceipt({ hash: sent.txHash });
      const reportHash = await runReport(deps);
      if (reportHash === null) throw new Error("bench: the devnet report was not sent");
      const report = await deps.client.getTransactionReceipt({ hash: reportHash });
      return {
        read,
        cycle,
        cycleWallMs,
        rpcCompare,
        statusAtCap,
        outcome: result.outcome,
        moves: result.plan.moves.length,
        historySeconds: Math.max(0, ...result.adapters.map((a) => a.apy.spanSeconds)),
        devnet: {
          rebalanceGas: Number(rebalance.gasUsed),
          rebalanceMoves: sent.plan.moves.length,
          reportGas: Number(report.gasUsed),
          adapters: sent.state.adapters.length,
        },
      };
    } finally {
      deps.store.close();
    }
  } finally {
    await anvil.stop();
    rmSync(outFile, { force: true });
  }
}
