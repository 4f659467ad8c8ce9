/**
 * The keeper under faults, on its own anvil: RPC errors and timeouts at every request of a cycle,
 * a restart mid-cycle, a transaction that reverts once mined, two keepers at once, a stuck transaction.
 * Each test starts from the same chain snapshot and a copy of the same store.
 */
import { copyFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWalletClient, http, keccak256, parseEther, parseTransaction, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { classifyError } from "../../../keeper/chain/errors.js";
import { readVaultState } from "../../../keeper/chain/read.js";
import { runCycle, type CycleDeps, type CycleResult } from "../../../keeper/cycle.js";
import type { VaultState } from "../../../keeper/strategy/types.js";
import {
  DEPLOY_TIMEOUT_MS,
  GUARDIAN_KEY,
  OWNER_KEY,
  reader,
  SECOND_KEEPER_KEY,
  simAbi,
  startDevnet,
  tempStorePath,
  vaultScenarioAbi,
  type Devnet,
} from "./helpers/devnet.js";
import { faultyTransport, type Fault } from "./helpers/faultyTransport.js";

let net: Devnet;
let baseStore: string;
let snapshot: Hex;
let base: VaultState;
const opened: CycleDeps[] = [];

const state = () => readVaultState(reader(net.anvil.rpcUrl), net.d.vault);
const swellShare = (s: VaultState) =>
  Number(s.adapters.find((a) => a.address === net.adapter("swell"))!.allocation) / Number(s.totalAssets);

/**
 * After a plan lands, the next cycle may find a small top-up (the plan kept room for worst-case
 * slippage that did not happen). A minimum gain keeps such follow-ups out, so "one move" is exact here.
 */
const strategy = {
  horizonDays: 365,
  minGainWei: "50000000000000000",
  apy: { windowsSeconds: [7_200], minCoverage: 0.9, minSpanSeconds: 3_600 },
};

/** Keeper deps on a fresh copy of the warmed-up store (one sample per adapter, two hours old). */
async function freshDeps(options: Parameters<Devnet["deps"]>[0] = {}): Promise<CycleDeps> {
  const storePath = options.storePath ?? tempStorePath();
  if (options.storePath === undefined) copyFileSync(baseStore, storePath);
  const deps = await net.deps({ ...options, storePath, config: { strategy, ...(options.config ?? {}) } });
  opened.push(deps);
  return deps;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pendingTxs = async () => (await net.test.getBlock({ blockTag: "pending" })).transactions.length;

beforeAll(async () => {
  net = await startDevnet(100);
  await net.send(OWNER_KEY, net.sim("swell").protocol, simAbi, "setAprBps", [900n]);
  baseStore = tempStorePath();
  const warm = await net.deps({ storePath: baseStore });
  await runCycle(warm, { dryRun: true }); // first samples
  warm.store.close();
  await net.warp(7_200);
  base = await state();
  snapshot = await net.test.snapshot();
}, DEPLOY_TIMEOUT_MS);

beforeEach(async () => {
  for (const d of opened.splice(0)) d.store.close();
  await net.test.setAutomine(true);
  await net.test.revert({ id: snapshot });
  snapshot = await net.test.snapshot();
});

afterAll(async () => {
  for (const d of opened.splice(0)) d.store.close();
  await net?.stop();
});

describe("keeper under faults", () => {
  it("an RPC error or timeout at any request of a cycle, then a restart, moves funds exactly once", async () => {
    // A clean cycle first, to count its requests and know the target.
    const probe = faultyTransport(net.anvil.rpcUrl);
    const clean = await freshDeps({ transport: probe.transport });
    probe.arm(null);
    expect((await runCycle(clean)).outcome).toBe("sent");
    const requests = probe.log.length;
    expect(probe.log).toContain("eth_sendRawTransaction");
    const target = swellShare(await state());

    const cases: Fault[] = [];
    for (let at = 1; at <= requests; at++) {
      cases.push({ at, mode: "before", kind: at % 2 === 0 ? "timeout" : "http" });
      cases.push({ at, mode: "after", kind: at % 2 === 0 ? "http" : "timeout" });
    }
    for (const fault of cases) {
      for (const d of opened.splice(0)) d.store.close();
      await net.test.revert({ id: snapshot });
      snapshot = await net.test.snapshot();
      const where = `fault ${fault.mode} request ${fault.at} (${fault.kind})`;
      const faulty = faultyTransport(net.anvil.rpcUrl);
      const first = await freshDeps({ transport: faulty.transport });
      faulty.arm(fault);
      let firstResult: CycleResult | null = null;
      try {
        firstResult = await runCycle(first);
      } catch (err) {
        expect(classifyError(err).kind, where).toBe("retryable");
      }
      first.store.close();
      // Restart: a new process on the same store file, with a healthy RPC.
      const second = await freshDeps({ storePath: first.config.storePath });
      const again = await runCycle(second);
      const s = await state();
      expect(s.rebalanceNonce, `${where}: first ${firstResult?.outcome ?? "threw"}, then ${again.outcome}`).toBe(
        base.rebalanceNonce + 1n,
      );
      expect(Math.abs(swellShare(s) - target), where).toBeLessThan(0.001);
      expect(second.store.sampleCount(net.adapter("swell")), where).toBeGreaterThanOrEqual(2);
      expect(second.store.openActions(), where).toEqual([]);
    }
  });

  it("a transaction that reverts once mined is recorded as rejected and moves nothing", async () => {
    const keeper = await freshDeps();
    await net.test.setAutomine(false);
    const cycle = runCycle(keeper);
    await until("the keeper's transaction", async () => (await pendingTxs()) >= 1);
    // The guardian pauses first (higher tip, same block): the keeper's allocations revert.
    const guardian = createWalletClient({ account: privateKeyToAccount(GUARDIAN_KEY), transport: http(net.anvil.rpcUrl), chain: foundry });
    await guardian.writeContract({
      address: net.d.vault,
      abi: vaultScenarioAbi,
      functionName: "pause",
      gas: 200_000n,
      maxFeePerGas: parseEther("0.000001"),
      maxPriorityFeePerGas: parseEther("0.0000005"),
    });
    await net.test.mine({ blocks: 1 });
    const r = await cycle;
    expect(r.outcome).toBe("rejected");
    expect(keeper.store.lastActions(1)[0]!.status).toBe("reverted");
    const s = await state();
    expect(s.paused).toBe(true);
    expect(s.rebalanceNonce).toBe(base.rebalanceNonce);
    expect(s.adapters.map((a) => a.allocation)).toEqual(base.adapters.map((a) => a.allocation));
  });

  it("two keepers at once: one plan lands, the other is superseded by the nonce", async () => {
    // Grant the allocator role to a second key, as the admin (the timelock) would.
    const timelock = net.d.timelock;
    await net.test.impersonateAccount({ address: timelock });
    await net.test.setBalance({ address: timelock, value: parseEther("1") });
    const admin = createWalletClient({ account: timelock, transport: http(net.anvil.rpcUrl), chain: foundry });
    const role = await net.test.readContract({ address: net.d.vault, abi: vaultScenarioAbi, functionName: "ALLOCATOR_ROLE" });
    const secondAddress = privateKeyToAccount(SECOND_KEEPER_KEY).address;
    const grant = await admin.writeContract({
      account: timelock,
      address: net.d.vault,
      abi: vaultScenarioAbi,
      functionName: "setRole",
      args: [role, secondAddress, true],
    });
    await net.test.waitForTransactionReceipt({ hash: grant });
    await net.test.stopImpersonatingAccount({ address: timelock });
    const nonce = (await state()).rebalanceNonce;

    const a = await freshDeps();
    const b = await freshDeps({ key: SECOND_KEEPER_KEY });
    await net.test.setAutomine(false);
    const both = Promise.all([runCycle(a), runCycle(b)]);
    await until("both keepers' transactions", async () => (await pendingTxs()) >= 2);
    await net.test.mine({ blocks: 1 });
    const outcomes = (await both).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(["sent", "superseded"]);
    const s = await state();
    expect(s.rebalanceNonce).toBe(nonce + 1n);
    expect(swellShare(s)).toBeLessThanOrEqual(0.5); // one plan's worth, not two
    expect(swellShare(s)).toBeGreaterThan(0.49);
  });

  it("a stuck transaction is re-sent with the same nonce and a higher fee until mined", async () => {
    const watch = faultyTransport(net.anvil.rpcUrl);
    const keeper = await freshDeps({ transport: watch.transport, config: { tx: { receiptTimeoutMs: 400, maxResends: 5, maxFeePerGasGwei: 1_000 } } });
    watch.arm(null);
    await net.test.setAutomine(false);
    const cycle = runCycle(keeper);
    await until("a re-send", async () => watch.rawTxs.length >= 2);
    await net.test.mine({ blocks: 1 });
    const r = await cycle;
    expect(r.outcome).toBe("sent");
    const sent = watch.rawTxs.map((raw) => ({ hash: keccak256(raw), tx: parseTransaction(raw) }));
    expect(new Set(sent.map((s) => s.tx.nonce)).size).toBe(1);
    expect(sent.at(-1)!.tx.maxFeePerGas!).toBeGreaterThan(sent[0]!.tx.maxFeePerGas!);
    expect(sent.map((s) => s.hash)).toContain(r.txHash);
    expect((await state()).rebalanceNonce).toBe(base.rebalanceNonce + 1n);
  });

  it("a restart while our transaction is still pending waits for it instead of sending again", async () => {
    await net.test.setAutomine(false);
    const first = await freshDeps({ config: { strategy, tx: { receiptTimeoutMs: 300, maxResends: 0, maxFeePerGasGwei: 1_000 } } });
    const stuck = await runCycle(first);
    expect(stuck.outcome).toBe("stuck");
    first.store.close();
    // The process restarts on the same store while the transaction sits in the mempool.
    const watch = faultyTransport(net.anvil.rpcUrl);
    const second = await freshDeps({ storePath: first.config.storePath, transport: watch.transport });
    watch.arm(null);
    expect((await runCycle(second)).outcome).toBe("waiting");
    expect(watch.rawTxs).toEqual([]);
    await net.test.mine({ blocks: 1 });
    await net.test.setAutomine(true);
    const settled = await runCycle(second);
    expect(second.store.lastActions(5).find((a) => a.txHash === stuck.txHash)?.status).toBe("confirmed");
    expect(["no-moves", "held"]).toContain(settled.outcome);
    expect((await state()).rebalanceNonce).toBe(base.rebalanceNonce + 1n);
  });
});
