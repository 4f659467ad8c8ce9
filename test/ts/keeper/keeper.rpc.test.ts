/**
 * A lying RPC (test/ts/keeper/helpers/lyingProxy.ts, a real HTTP proxy in front of this file's anvil) against a
 * keeper configured with more than one endpoint: a forged vault read, a frozen head, a wrong chain id, slow
 * answers. In each the keeper signs nothing (no raw transaction reaches any endpoint, the account nonce stays),
 * says why, counts it, and stores nothing from the forged reading. The same forged read with the liar as the
 * only endpoint is shown to be effective (the keeper signs), so the cross-check is what stops it. Forged fee
 * quotes meet the tip and max-fee caps (alone) or a disagreement on the fee history (beside an honest endpoint);
 * the daily gas budget stops sending. A remote signer (anvil's eth_signTransaction) signs a real report.
 */
import { copyFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseGwei, parseTransaction, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { classifyError } from "../../../keeper/chain/errors.js";
import { RpcDisagreementError } from "../../../keeper/chain/quorum.js";
import { runCycle, runReport, type CycleDeps } from "../../../keeper/cycle.js";
import pino from "pino";
import { remoteSignerAccount } from "../../../keeper/chain/signer.js";
import { buildDeps, startKeeper } from "../../../keeper/runtime.js";
import { KeeperStore } from "../../../keeper/store/store.js";
import { KeeperMetrics } from "../../../keeper/server/metrics.js";
import { DEPLOY_TIMEOUT_MS, KEEPER_KEY, OWNER_KEY, simAbi, startDevnet, tempStorePath, type Devnet } from "./helpers/devnet.js";
import { startLyingProxy, type LyingProxy } from "./helpers/lyingProxy.js";

let net: Devnet;
let liar: LyingProxy;
let second: LyingProxy;
let baseStore: string;
let snapshot: Hex;
/** The adapter holding the most after the first honest rebalance: the one a forged rate would make the keeper sell. */
let target: Address;
const opened: CycleDeps[] = [];
const keeper = privateKeyToAccount(KEEPER_KEY).address;

const strategy = { horizonDays: 365, minGainWei: "50000000000000000", apy: { windowsSeconds: [7_200], minCoverage: 0.9, minSpanSeconds: 3_600 } };

async function deps(rpcUrl: string, rpcUrls: string[], extra: Record<string, unknown> = {}): Promise<CycleDeps> {
  const storePath = tempStorePath();
  copyFileSync(baseStore, storePath);
  const d = await net.deps({ storePath, config: { strategy, rpcUrl, rpcUrls, ...extra } });
  opened.push(d);
  return d;
}

/** Cuts the target adapter's fair rate by 2 % in every lens snapshot the liar answers. */
function forgeRate(p: LyingProxy): void {
  p.lies.snapshot = (s) => ({
    ...s,
    adapters: s.adapters.map((a) => (a.adapter === target ? { ...a, fairRate: (a.fairRate * 98n) / 100n } : a)),
  });
}

const nonce = () => net.test.getTransactionCount({ address: keeper, blockTag: "pending" });
const sampleCount = (d: CycleDeps) => d.store.samples(target, 0).length;

beforeAll(async () => {
  net = await startDevnet(100);
  liar = await startLyingProxy(net.anvil.rpcUrl);
  second = await startLyingProxy(net.anvil.rpcUrl);
  await net.send(OWNER_KEY, net.sim("swell").protocol, simAbi, "setAprBps", [900n]);
  baseStore = tempStorePath();
  const warm = await net.deps({ storePath: baseStore, config: { strategy } });
  await runCycle(warm, { dryRun: true }); // first samples
  await net.warp(7_200);
  expect((await runCycle(warm)).outcome).toBe("sent"); // an honest rebalance: the vault holds LRTs now
  const state = (await runCycle(warm, { dryRun: true })).state;
  target = [...state.adapters].sort((a, b) => (b.allocation > a.allocation ? 1 : -1))[0]!.address;
  warm.store.close();
  await net.warp(600);
  snapshot = await net.test.snapshot();
}, DEPLOY_TIMEOUT_MS);

beforeEach(async () => {
  for (const d of opened.splice(0)) d.store.close();
  liar.honest();
  second.honest();
  await net.test.revert({ id: snapshot });
  snapshot = await net.test.snapshot();
});

afterAll(async () => {
  for (const d of opened.splice(0)) d.store.close();
  await liar?.stop();
  await second?.stop();
  await net?.stop();
});

describe("a lying RPC", () => {
  it("alone, a forged fair rate makes the keeper sign a forced exit (what the cross-check is for)", async () => {
    // "exit": sell on any sharp drop, as before the forward-risk weighing, so a forged drop alone leads to a signature
    // (with "weigh" the keeper would hold a single drop and the lie would cost nothing here).
    const d = await deps(liar.url, [], { strategy: { ...strategy, guard: { slashExit: "exit" } } });
    forgeRate(liar);
    const before = await nonce();
    const result = await runCycle(d);
    expect(result.adapters.find((a) => a.address === target)!.guard.guarded).toBe(true);
    expect(liar.rawTxs.length).toBeGreaterThan(0);
    expect(await nonce()).toBeGreaterThan(before);
  });

  for (const order of ["liar first", "liar second"] as const) {
    it(`with a second endpoint (${order}), the forged vault read is a disagreement: nothing signed, nothing stored`, async () => {
      const [a, b] = order === "liar first" ? [liar.url, net.anvil.rpcUrl] : [net.anvil.rpcUrl, liar.url];
      const d = await deps(a, [b]);
      forgeRate(liar);
      const before = await nonce();
      const samples = sampleCount(d);
      const err = await runCycle(d).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RpcDisagreementError);
      expect((err as RpcDisagreementError).kind).toBe("read");
      expect((err as Error).message).toMatch(/vault read/);
      expect((err as Error).message).toMatch(/fairRate/);
      expect(classifyError(err).kind).toBe("retryable");
      expect(liar.rawTxs).toEqual([]);
      expect(await nonce()).toBe(before);
      expect(sampleCount(d)).toBe(samples); // the forged reading was not stored
    });
  }

  it("the running keeper counts the disagreement, fails /health's rpc check and clears it once the endpoints agree", async () => {
    const d = await deps(liar.url, [net.anvil.rpcUrl]);
    forgeRate(liar);
    const metrics = new KeeperMetrics({ processMetrics: false });
    const running = await startKeeper({ ...d, metrics });
    try {
      await running.jobs.idle();
      const health = running.health();
      expect(health.ok).toBe(false);
      expect(health.checks.rpc!.ok).toBe(false);
      expect(health.checks.rpc!.detail).toMatch(/RPC disagreement \(read\) on vault read/);
      expect((running.status() as { keeper: { health: typeof health } }).keeper.health.checks.rpc!.ok).toBe(false);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/keeper_rpc_disagreements_total\{kind="read"[^}]*\} 1/);
      expect(text).toMatch(/keeper_rpc_disagreeing\{[^}]*\} 1/);
      expect(text).toMatch(/keeper_rpc_endpoints\{[^}]*\} 2/);
      expect(liar.rawTxs).toEqual([]);

      liar.honest();
      await running.runNow("cycle");
      expect(running.health().checks.rpc!.ok).toBe(true);
      expect(await metrics.registry.metrics()).toMatch(/keeper_rpc_disagreeing\{[^}]*\} 0/);
    } finally {
      await running.stop();
      opened.splice(opened.indexOf(d), 1); // stop() closed its store
    }
  });

  it("a frozen head is left out; with only one endpoint left nothing is sent", async () => {
    const d = await deps(liar.url, [net.anvil.rpcUrl]);
    liar.lies.frozenAt = (await net.test.getBlock({ blockTag: "latest" })).number;
    await net.test.mine({ blocks: 10 });
    const before = await nonce();
    const err = await runCycle(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcDisagreementError);
    expect((err as RpcDisagreementError).kind).toBe("head");
    expect((err as Error).message).toMatch(/10 blocks behind/);
    expect(liar.rawTxs).toEqual([]);
    expect(await nonce()).toBe(before);
  });

  it("a frozen head among three endpoints is left out and the other two decide", async () => {
    const d = await deps(liar.url, [net.anvil.rpcUrl, second.url]);
    liar.lies.frozenAt = (await net.test.getBlock({ blockTag: "latest" })).number;
    await net.test.mine({ blocks: 10 });
    const result = await runCycle(d, { dryRun: true });
    expect(result.state.blockNumber).toBe((await net.test.getBlock({ blockTag: "latest" })).number);
    expect(liar.lies.frozenAt).toBe(result.state.blockNumber - 10n);
  });

  it("a chain id that changes after the start stops the next cycle", async () => {
    const d = await deps(net.anvil.rpcUrl, [liar.url]);
    liar.lies.chainId = 1;
    const before = await nonce();
    const err = await runCycle(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcDisagreementError);
    expect((err as RpcDisagreementError).kind).toBe("chainId");
    expect((err as Error).message).toMatch(/serves chain 1, the config says 31337/);
    expect(await nonce()).toBe(before);
  });

  it("a chain id wrong at the start refuses the start (exit 4)", async () => {
    liar.lies.chainId = 1;
    await expect(deps(net.anvil.rpcUrl, [liar.url])).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(/rpcUrls: .* serves chain 1/) });
  });

  it("slow answers: the slow endpoint times out, too few answer, nothing is sent (retryable)", async () => {
    const d = await deps(liar.url, [net.anvil.rpcUrl], { rpc: { timeoutMs: 300, retries: 0 } });
    liar.lies.delayMs = 1_500;
    const before = await nonce();
    const err = await runCycle(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe("RpcQuorumError");
    expect(classifyError(err).kind).toBe("retryable");
    expect(await nonce()).toBe(before);
    liar.lies.delayMs = undefined;
  });
});

/** The keeper's tx settings at the defaults (the devnet helper raises the max fee for its own tests). */
const defaultTx = { receiptTimeoutMs: 10_000, maxResends: 2 };

describe("forged fees and the daily gas budget", () => {
  it("alone, a liar quoting a 5,000 gwei tip and a 2,000 gwei base fee gets a report signed at the caps, not 300 gwei", async () => {
    const d = await deps(liar.url, [], { tx: defaultTx });
    liar.lies.fees = { tip: parseGwei("5000"), baseFee: parseGwei("2000") };
    const hash = await runReport(d);
    expect(hash).not.toBeNull();
    expect(liar.rawTxs).toHaveLength(1);
    const tx = parseTransaction(liar.rawTxs[0]!);
    expect(tx.maxPriorityFeePerGas).toBe(parseGwei("2"));
    expect(tx.maxFeePerGas).toBe(parseGwei("50"));
  });

  it("with a second endpoint, the forged fee history is a disagreement: nothing signed", async () => {
    const d = await deps(liar.url, [net.anvil.rpcUrl], { tx: defaultTx });
    liar.lies.fees = { tip: parseGwei("5000"), baseFee: parseGwei("2000") };
    const before = await nonce();
    const err = await runReport(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcDisagreementError);
    expect((err as Error).message).toMatch(/fee history/);
    expect(liar.rawTxs).toEqual([]);
    expect(await nonce()).toBe(before);
  });

  it("a send past the daily gas budget is refused: nothing signed, /health feeBudget fails, the gauge says so", async () => {
    const d = await deps(net.anvil.rpcUrl, [], { tx: { ...defaultTx, dailyGasBudgetWei: "1000" }, report: { maxAgeSeconds: 60 } });
    const metrics = new KeeperMetrics({ processMetrics: false });
    const running = await startKeeper({ ...d, metrics });
    try {
      await running.jobs.idle();
      const before = await nonce();
      await running.runNow("report");
      expect(await nonce()).toBe(before);
      const check = running.health().checks.feeBudget!;
      expect(check.ok).toBe(false);
      expect(check.detail).toMatch(/tx.dailyGasBudgetWei: \d+ wei spent in the last 24 h plus up to \d+ wei for this transaction is above the budget of 1000 wei/);
      expect(await metrics.registry.metrics()).toMatch(/keeper_gas_budget_exhausted\{[^}]*\} 1/);
    } finally {
      await running.stop();
      opened.splice(opened.indexOf(d), 1);
    }
  });

  it("mined transactions count against the budget", async () => {
    const d = await deps(net.anvil.rpcUrl, [], { tx: defaultTx });
    const before = d.store.gasSpentSince(0); // the warm-up rebalance's
    expect(before).toBeGreaterThan(0n);
    const hash = await runReport(d);
    const receipt = await net.test.getTransactionReceipt({ hash: hash! });
    expect(d.store.gasSpentSince(0) - before).toBe(receipt.gasUsed * receipt.effectiveGasPrice);
  });
});

describe("a remote signer", () => {
  it("signs a real devnet transaction over eth_signTransaction (anvil's unlocked keeper account): the keeper holds no key", async () => {
    const storePath = tempStorePath();
    copyFileSync(baseStore, storePath);
    const cfg = net.config({ strategy, storePath, tx: defaultTx, signer: { url: net.anvil.rpcUrl, address: keeper } });
    const d = await buildDeps(cfg, {
      account: remoteSignerAccount({ ...cfg.signer!, timeoutMs: 5_000 }),
      logger: pino({ level: "silent" }),
      store: new KeeperStore(cfg.storePath),
    });
    opened.push(d);
    const before = await nonce();
    const hash = await runReport(d);
    const receipt = await net.test.getTransactionReceipt({ hash: hash! });
    expect(receipt.status).toBe("success");
    expect(receipt.from.toLowerCase()).toBe(keeper.toLowerCase());
    expect(await nonce()).toBe(before + 1);
    expect(d.store.lastActions(1, "report")[0]).toMatchObject({ status: "confirmed", txHash: hash });
  });
});
