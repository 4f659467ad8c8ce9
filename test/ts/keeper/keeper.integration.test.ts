/**
 * The keeper against a real chain: its own anvil, the real deployment, real cycles.
 * One devnet for the file; the tests run in order and build on each other's state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEther, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { main } from "../../../keeper/cli.js";
import { readVaultState } from "../../../keeper/chain/read.js";
import { classifyError } from "../../../keeper/chain/errors.js";
import { lrtVaultAbi } from "../../../keeper/chain/abis.generated.js";
import { runCycle, runReport, type CycleDeps } from "../../../keeper/cycle.js";
import { startKeeper } from "../../../keeper/runtime.js";
import type { VaultState } from "../../../keeper/strategy/types.js";
import { countingTransport, DEPLOY_TIMEOUT_MS, feedAbi, KEEPER_KEY, OWNER_KEY, reader, simAbi, startDevnet, type Devnet } from "./helpers/devnet.js";

let net: Devnet;
let deps: CycleDeps;

const allocationOf = (s: VaultState, adapter: Address) => s.adapters.find((a) => a.address === adapter)!.allocation;
const state = () => readVaultState(reader(net.anvil.rpcUrl), net.d.vault);

beforeAll(async () => {
  net = await startDevnet(100);
  deps = await net.deps();
  await net.send(OWNER_KEY, net.sim("swell").protocol, simAbi, "setAprBps", [900n]);
}, DEPLOY_TIMEOUT_MS);

afterAll(async () => {
  deps?.store.close();
  await net?.stop();
});

describe("keeper on a devnet", () => {
  it("reads the whole vault in one RPC round trip", async () => {
    const counter = countingTransport(net.anvil.rpcUrl);
    const counting = counter.transport;
    const client = (await net.deps({ transport: counting })).client;
    counter.requests = 0;
    const s = await readVaultState(client, net.d.vault);
    expect(counter.requests).toBe(1);
    expect(s.adapters).toHaveLength(5);
    expect(s.totalAssets).toBeGreaterThan(parseEther("100"));
    // The lens the deploy script deployed answers the same as the undeployed one, in one request too.
    counter.requests = 0;
    const deployed = await readVaultState(client, net.d.vault, net.d.lens);
    expect(counter.requests).toBe(1);
    expect(deployed).toEqual(s);
  });

  it("refuses to start on a wrong chain id or a vault address without code, naming the field", async () => {
    await expect(net.deps({ config: { chainId: 1 } })).rejects.toThrow(/^chainId: the RPC at .* serves chain 31337, the config says 1$/);
    const eoa = privateKeyToAccount(KEEPER_KEY).address;
    await expect(net.deps({ config: { vault: eoa } })).rejects.toThrow(`vault: no contract at ${eoa} on chain 31337`);
  });

  it("a cycle moves funds to the better LRT, within its tier cap", async () => {
    const first = await runCycle(deps);
    expect(first.outcome).toBe("no-moves"); // no rate history yet: nothing is known to pay
    await net.warp(7_200);
    const second = await runCycle(deps);
    expect(second.outcome).toBe("sent");
    const s = await state();
    const swell = allocationOf(s, net.adapter("swell"));
    // Swell (9 %) fills tier 1 up to its 50 % cap; Renzo (3.3 %, tier 1 too) gets nothing.
    expect(Number(swell) / Number(s.totalAssets)).toBeGreaterThan(0.49);
    expect(Number(swell) / Number(s.totalAssets)).toBeLessThanOrEqual(0.5);
    expect(allocationOf(s, net.adapter("renzo"))).toBe(0n);
    for (const a of s.adapters) expect(a.allocation).toBeLessThanOrEqual(swell);
    expect(s.rebalanceNonce).toBe(second.state.rebalanceNonce + 1n);
    expect(s.idle * 10_000n).toBeGreaterThanOrEqual(s.totalAssets * 500n); // the 5 % buffer stays
  });

  it("moves funds again when the yields cross", async () => {
    await net.send(OWNER_KEY, net.sim("swell").protocol, simAbi, "setAprBps", [100n]);
    await net.send(OWNER_KEY, net.sim("renzo").protocol, simAbi, "setAprBps", [1_500n]);
    await net.warp(7_200);
    const r = await runCycle(deps);
    expect(r.outcome).toBe("sent");
    expect(r.plan.moves.some((m) => m.adapter === net.adapter("swell") && !m.deposit)).toBe(true);
    expect(r.plan.moves.some((m) => m.adapter === net.adapter("renzo") && m.deposit)).toBe(true);
    const firstDeposit = r.plan.moves.findIndex((m) => m.deposit);
    expect(r.plan.moves.slice(0, firstDeposit).every((m) => !m.deposit)).toBe(true);
    const s = await state();
    expect(allocationOf(s, net.adapter("renzo"))).toBeGreaterThan(allocationOf(s, net.adapter("swell")));
  });

  it("a dry run prints the plan and sends nothing", async () => {
    await net.send(OWNER_KEY, net.sim("puffer").protocol, simAbi, "setAprBps", [3_000n]);
    await net.warp(7_200);
    const keeper = privateKeyToAccount(KEEPER_KEY).address;
    const before = await state();
    const txCount = await net.test.getTransactionCount({ address: keeper });
    const r = await runCycle(deps, { dryRun: true });
    expect(r.outcome).toBe("dry-run");
    expect(r.plan.moves.length).toBeGreaterThan(0);
    // The CLI the same way: prints the plan, exits 0.
    const out: string[] = [];
    const cfgPath = `${deps.config.storePath}.json`;
    const { writeFileSync } = await import("node:fs");
    writeFileSync(cfgPath, JSON.stringify({ rpcUrl: net.anvil.rpcUrl, chainId: 31337, vault: net.d.vault, storePath: deps.config.storePath, logLevel: "silent", server: { enabled: false }, strategy: { horizonDays: 365, apy: { windowsSeconds: [7200], minSpanSeconds: 3600 } } }));
    const code = await main(["once", "--dry-run", "--config", cfgPath], { out: (l) => out.push(l), err: () => {}, env: { KEEPER_PRIVATE_KEY: KEEPER_KEY } });
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/plan for nonce \d+: \d+ move\(s\)/);
    expect(out.join("\n")).toMatch(/outcome: dry-run/);
    const after = await state();
    expect(after.rebalanceNonce).toBe(before.rebalanceNonce);
    expect(after.adapters.map((a) => a.allocation)).toEqual(before.adapters.map((a) => a.allocation));
    expect(await net.test.getTransactionCount({ address: keeper })).toBe(txCount);
    expect(deps.store.lastActions(1)[0]!.status).toBe("dry-run");
  });

  it("a depeg with depegExit \"sell\" triggers an instant exit and no new allocation", async () => {
    const selling = await net.deps({ config: { strategy: { horizonDays: 365, guard: { depegExit: "sell" } } } });
    try {
      // The largest position apart from Renzo (kept for the queued exit below).
      const held = (await state()).adapters.filter((a) => a.address !== net.adapter("renzo")).sort((a, b) => (b.allocation > a.allocation ? 1 : -1))[0]!;
      expect(held.allocation).toBeGreaterThan(parseEther("1"));
      const name = Object.entries(net.d.adapters).find(([, address]) => address === held.address)![0];
      const rate = await net.test.readContract({ address: net.sim(name).protocol, abi: simAbi, functionName: "accruedRate" });
      await net.send(OWNER_KEY, net.sim(name).marketFeed, feedAbi, "setPrice", [(rate * 90n) / 100n]);
      const r = await runCycle(selling);
      const sold = r.adapters.find((a) => a.address === held.address)!;
      expect(sold.guard.guarded).toBe(true);
      expect(sold.guard.reasons.join()).toMatch(/depeg/);
      expect(sold.exit).toBe("sell");
      expect(r.exits).toEqual([]);
      expect(r.plan.forced).toBe(true);
      expect(r.outcome).toBe("sent");
      expect(r.plan.moves.filter((m) => m.adapter === held.address).every((m) => !m.deposit)).toBe(true);
      const after = (await state()).adapters.find((a) => a.address === held.address)!;
      expect(after.realAssets).toBeLessThan(parseEther("0.001"));
      expect(after.pendingExits).toBe(0n);
    } finally {
      selling.store.close();
    }
  });

  it("a depeg (default depegExit \"queue\") requests a queued exit once, and a later cycle claims it into idle", async () => {
    const renzoAddr = net.adapter("renzo");
    const before = (await state()).adapters.find((a) => a.address === renzoAddr)!;
    expect(before.allocation).toBeGreaterThan(parseEther("1"));
    const depeg = async () => {
      const rate = await net.test.readContract({ address: net.sim("renzo").protocol, abi: simAbi, functionName: "accruedRate" });
      await net.send(OWNER_KEY, net.sim("renzo").marketFeed, feedAbi, "setPrice", [(rate * 90n) / 100n]);
    };
    await depeg();
    const depegged = (await state()).adapters.find((a) => a.address === renzoAddr)!;
    const r = await runCycle(deps);
    const renzo = r.adapters.find((a) => a.address === renzoAddr)!;
    expect(renzo.guard.reasons.join()).toMatch(/depeg/);
    expect(renzo.exit).toBe("queue");
    expect(r.exits).toHaveLength(1);
    expect(r.exits[0]).toMatchObject({ kind: "requestExit", adapter: renzoAddr, status: "confirmed" });
    // Queued at the fair rate: worth more than the position's market value, which the vault records.
    expect(r.exits[0]!.assets).toBeGreaterThan((depegged.realAssets * 105n) / 100n);
    expect(Number(r.exits[0]!.assets) / Number(before.realAssets)).toBeCloseTo(1, 3);
    expect(r.plan.moves.some((m) => m.adapter === renzoAddr)).toBe(false); // not sold, not topped up
    const queued = (await state()).adapters.find((a) => a.address === renzoAddr)!;
    expect(queued.pendingExits).toBeGreaterThan(before.realAssets);
    expect(queued.realAssets - queued.pendingExits).toBeLessThan(parseEther("0.001"));
    expect(deps.store.lastActions(1, "requestExit")[0]).toMatchObject({ kind: "requestExit", status: "confirmed" });

    // Before the protocol's delay: nothing requested again, nothing worth claiming, nothing sent for exits.
    const again = await runCycle(deps);
    expect(again.exits).toEqual([]);
    expect((await state()).adapters.find((a) => a.address === renzoAddr)!.pendingExits).toBe(queued.pendingExits);

    // Past Renzo's 7-day cool-down (the market feed answered again so it is not stale).
    await net.warp(7 * 86_400 + 3_600);
    await depeg();
    const idleBefore = (await state()).idle;
    const claim = await runCycle(deps);
    expect(claim.exits).toHaveLength(1);
    expect(claim.exits[0]).toMatchObject({ kind: "claimExits", adapter: renzoAddr, status: "confirmed" });
    // Paid min(value at request, value at finalisation) at the fair rate, into idle.
    expect(claim.exits[0]!.assets).toBe(queued.pendingExits);
    expect(claim.state.idle - idleBefore).toBe(claim.exits[0]!.assets);
    const done = (await state()).adapters.find((a) => a.address === renzoAddr)!;
    expect(done.pendingExits).toBe(0n);
    expect(deps.store.lastActions(1, "claimExits")[0]).toMatchObject({ kind: "claimExits", status: "confirmed" });
  });

  it("the vault rejects a plan that breaks a rule even when the keeper's own check is bypassed", async () => {
    const s = await state();
    // Everything idle into Kelp (tier 2, capped at 25 % of total assets): past the tier cap and the buffer.
    const hostile = [{ adapter: net.adapter("kelp"), deposit: true, assets: s.idle, limit: 0n }];
    const account = privateKeyToAccount(KEEPER_KEY);
    const err = await deps.client
      .simulateContract({ address: net.d.vault, abi: lrtVaultAbi, functionName: "rebalance", args: [hostile, s.rebalanceNonce], account })
      .then(() => null, (e: unknown) => e);
    expect(classifyError(err)).toMatchObject({ kind: "revert" });
    expect(["TierCapExceeded", "BufferBelowFloor"]).toContain(classifyError(err).errorName);
    // Sent anyway with a fixed gas limit (no simulation): mined, reverted, nothing moved.
    const hash = await deps.wallet!.writeContract({
      address: net.d.vault,
      abi: lrtVaultAbi,
      functionName: "rebalance",
      args: [hostile, s.rebalanceNonce],
      gas: 3_000_000n,
      chain: deps.wallet!.chain,
    });
    const receipt = await net.test.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("reverted");
    const after = await state();
    expect(after.rebalanceNonce).toBe(s.rebalanceNonce);
    expect(allocationOf(after, net.adapter("kelp"))).toBe(allocationOf(s, net.adapter("kelp")));
  });

  it("report() runs and is recorded", async () => {
    await net.warp(3_600);
    const hash = await runReport(deps);
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    const receipt = await net.test.getTransactionReceipt({ hash: hash! });
    expect(receipt.status).toBe("success");
    expect(deps.store.lastActions(1, "report")[0]).toMatchObject({ kind: "report", status: "confirmed" });
  });

  it("runs on its schedule and serves health, metrics and status", async () => {
    const scheduled = await net.deps({
      config: { schedule: { cycle: "* * * * * *", report: "0 0 1 1 *" }, server: { enabled: true, host: "127.0.0.1", port: 0 } },
    });
    const keeper = await startKeeper(scheduled);
    try {
      const address = keeper.server!.address();
      const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
      const deadline = Date.now() + 15_000;
      while (keeper.lastResult() === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(keeper.lastResult()).not.toBeNull();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/keeper_cycles_total\{outcome="[a-z-]+",vault="0x[0-9a-fA-F]{40}",chain="31337"\} [1-9]/);
      const status = (await (await fetch(`${url}/status`)).json()) as { adapters: unknown[] };
      expect(status.adapters).toHaveLength(5);
    } finally {
      await keeper.stop();
    }
  });
});
