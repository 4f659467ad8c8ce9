/**
 * Running the keeper as an operator does, against one devnet with history: start checks and exit codes, a taken
 * server port, RPC failures named, health over cycles, reports and the key, metrics and /status against the
 * chain, `keeper status` and `once` output, the status page in headless Chromium (screenshot under
 * test-output/), the shared-key watch, and SIGTERM to the `npm run keeper` launcher.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import net from "node:net";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../helpers/browser.js";
import { createWalletClient, http, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lrtVaultAbi, sharePriceFeedAbi, vaultLensAbi } from "../../../keeper/chain/abis.generated.js";
import { main } from "../../../keeper/cli.js";
import { runCycle, type CycleDeps } from "../../../keeper/cycle.js";
import { startKeeper, type RunningKeeper } from "../../../keeper/runtime.js";
import type { StatusView } from "../../../keeper/server/view.js";
import { formatEth } from "../../../keeper/status.js";
import { KeeperStore } from "../../../keeper/store/store.js";
import { ANVIL_KEYS, freePort } from "../../../script/lib/anvil.js";
import { repoRoot } from "../../../script/lib/foundry.js";
import { DEPLOY_TIMEOUT_MS, KEEPER_KEY, OWNER_KEY, reader, simAbi, startDevnet, tempStorePath, type Devnet } from "./helpers/devnet.js";

let dnet: Devnet;
let storePath: string;
let deps: CycleDeps;
let keeper: RunningKeeper;
let url: string;
const keeperAddress = privateKeyToAccount(KEEPER_KEY).address;
const OUT_DIR = join(repoRoot, "test-output");

function cliIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env }, out, err };
}

/** A keeper config file for this devnet (what an operator writes), with `over` merged in. */
function configFile(over: Record<string, unknown> = {}): string {
  const raw = {
    rpcUrl: dnet.anvil.rpcUrl,
    chainId: 31337,
    vault: dnet.d.vault,
    lens: dnet.d.lens,
    storePath,
    adapters: Object.fromEntries(Object.entries(dnet.d.adapters).map(([name, a]) => [a, { name }])),
    strategy: { horizonDays: 365, apy: { windowsSeconds: [7_200], minCoverage: 0.9, minSpanSeconds: 3_600 } },
    tx: { receiptTimeoutMs: 10_000, maxResends: 2, maxFeePerGasGwei: 1_000 },
    rpc: { timeoutMs: 2_000, retries: 0 },
    server: { enabled: false },
    logLevel: "silent",
    ...over,
  };
  const path = `${tempStorePath()}.json`;
  writeFileSync(path, JSON.stringify(raw));
  return path;
}

const withKey = (key: string = KEEPER_KEY) => ({ KEEPER_PRIVATE_KEY: key });
const getJson = async <T>(path: string) => (await (await fetch(`${url}${path}`)).json()) as T;
const metricValue = (text: string, name: string): number => {
  const m = new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, "m").exec(text);
  if (m === null) throw new Error(`metric ${name} not found`);
  return Number(m[1]);
};

beforeAll(async () => {
  dnet = await startDevnet(100);
  storePath = tempStorePath();
  deps = await dnet.deps({ storePath });
  await dnet.send(OWNER_KEY, dnet.sim("swell").protocol, simAbi, "setAprBps", [900n]);
}, DEPLOY_TIMEOUT_MS);

afterAll(async () => {
  await keeper?.stop();
  deps?.store.close();
  await dnet?.stop();
});

describe("start checks: nothing runs against the wrong contracts, key or node", () => {
  it("exits 4 when vault is not an LRTVault or lens not a VaultLens, with a sentence instead of a viem dump", async () => {
    const notVault = cliIo(withKey());
    expect(await main(["once", "--config", configFile({ vault: dnet.d.lens, lens: undefined })], notVault.io)).toBe(4);
    expect(notVault.err.join("\n")).toMatch(new RegExp(`^keeper: vault: ${dnet.d.lens} on chain 31337 is not an LRTVault \\(\\w+\\(\\) failed: .{1,200}\\)$`));
    const notLens = cliIo(withKey());
    expect(await main(["once", "--config", configFile({ lens: dnet.d.vault })], notLens.io)).toBe(4);
    expect(notLens.err.join("\n")).toMatch(new RegExp(`^keeper: lens: ${dnet.d.vault} on chain 31337 is not a VaultLens for vault ${dnet.d.vault} \\(snapshot\\(\\) failed: `));
    for (const e of [...notVault.err, ...notLens.err]) expect(e).not.toMatch(/Request Arguments|Contract Call:|Docs:|Version: viem/);
  });

  it("exits 4 naming ALLOCATOR_ROLE and the account when the key lacks the role (it used to exit 0)", async () => {
    const stranger = privateKeyToAccount(ANVIL_KEYS[6]).address;
    const { io, err } = cliIo(withKey(ANVIL_KEYS[6]));
    expect(await main(["once", "--config", configFile()], io)).toBe(4);
    expect(err.join("\n")).toMatch(new RegExp(`account ${stranger} does not hold ALLOCATOR_ROLE \\(0x[0-9a-f]{64}\\) on vault ${dnet.d.vault}`));
  });

  it("exits 3 (not 2, bad config) when the RPC is down, naming the URL and the cause: refused, HTTP status, timeout", async () => {
    const closed = await freePort();
    const refused = cliIo(withKey());
    expect(await main(["once", "--config", configFile({ rpcUrl: `http://127.0.0.1:${closed}` })], refused.io)).toBe(3);
    expect(refused.err.join("\n")).toBe(`keeper: rpcUrl: RPC http://127.0.0.1:${closed}: connection refused (ECONNREFUSED) (is the node up and reachable?)`);

    const sick = createHttpServer((req, res) => (req.url === "/slow" ? undefined : res.writeHead(503).end("upstream down")));
    await new Promise<void>((r) => sick.listen(0, "127.0.0.1", r));
    const port = (sick.address() as net.AddressInfo).port;
    try {
      const busy = cliIo(withKey());
      expect(await main(["status", "--config", configFile({ rpcUrl: `http://127.0.0.1:${port}/` })], busy.io)).toBe(3);
      expect(busy.err.join("\n")).toMatch(new RegExp(`^keeper: rpcUrl: RPC http://127.0.0.1:${port}: HTTP 503 `));
      const slow = cliIo(withKey());
      expect(await main(["status", "--config", configFile({ rpcUrl: `http://127.0.0.1:${port}/slow`, rpc: { timeoutMs: 300, retries: 0 } })], slow.io)).toBe(3);
      expect(slow.err.join("\n")).toMatch(new RegExp(`^keeper: rpcUrl: RPC http://127.0.0.1:${port}/slow: timed out`));
    } finally {
      sick.closeAllConnections();
      await new Promise((r) => sick.close(r));
    }
  });

  it("exits 2 with a clear message for a ws:// RPC URL", async () => {
    const { io, err } = cliIo(withKey());
    expect(await main(["once", "--config", configFile({ rpcUrl: "ws://127.0.0.1:8546" })], io)).toBe(2);
    expect(err.join("\n")).toMatch(/rpcUrl: ws:\/\/ and wss:\/\/ are not supported: give the node's http:\/\/ or https:\/\/ JSON-RPC URL/);
  });

  it("`run` with server.port taken exits 4 naming server.port and schedules nothing (it used to trade on without a server)", async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
    const port = (holder.address() as net.AddressInfo).port;
    const ownStore = tempStorePath();
    const txsBefore = await dnet.test.getTransactionCount({ address: keeperAddress });
    try {
      const { io, err } = cliIo(withKey());
      const code = await main(["run", "--config", configFile({ storePath: ownStore, server: { enabled: true, host: "127.0.0.1", port } })], io);
      expect(code).toBe(4);
      expect(err.join("\n")).toBe(`keeper: server.port: 127.0.0.1:${port} is already in use (another keeper or program listens there): stop it or set server.port`);
    } finally {
      await new Promise((r) => holder.close(r));
    }
    expect(await dnet.test.getTransactionCount({ address: keeperAddress })).toBe(txsBefore);
    const store = new KeeperStore(ownStore);
    expect(store.lastActions(10)).toEqual([]);
    expect(store.sampleCount(dnet.adapter("swell"))).toBe(0); // not even a cycle's read
    store.close();
  });
});

describe("once and status say what happened", () => {
  it("`once` says confirmed when its rebalance is mined", async () => {
    expect((await runCycle(deps)).outcome).toBe("no-moves"); // the first rate samples
    await dnet.warp(7_200);
    const { io, out } = cliIo(withKey());
    expect(await main(["once", "--config", configFile()], io)).toBe(0);
    expect(out.join("\n")).toMatch(/^outcome: sent, confirmed \(.+\) tx 0x[0-9a-f]{64}$/m);
  });
});

describe("the running keeper: health, metrics, /status, the page", () => {
  it("builds history over cycles and reports; /health goes 503 when the chain's last report is older than the schedule allows", async () => {
    const running = await dnet.deps({
      storePath,
      // report.maxAgeSeconds 0: every report asked for is sent (these tests are about reports, not whether one pays).
      config: { schedule: { cycle: "*/5 * * * *", report: "0 */6 * * *" }, report: { maxAgeSeconds: 0 }, server: { enabled: true, host: "127.0.0.1", port: 0 } },
    });
    keeper = await startKeeper(running);
    const address = keeper.server!.address() as net.AddressInfo;
    url = `http://127.0.0.1:${address.port}`;
    await keeper.jobs.idle();
    const aprs: [string, bigint][] = [["puffer", 1_500n], ["renzo", 1_200n], ["etherfi", 400n], ["kelp", 700n]];
    for (const [i, [name, apr]] of aprs.entries()) {
      await dnet.send(OWNER_KEY, dnet.sim(name).protocol, simAbi, "setAprBps", [apr]);
      await dnet.warp(2 * 3_600);
      await keeper.runNow("cycle");
      if (i % 2 === 1) await keeper.runNow("report");
    }
    await keeper.runNow("cycle");
    let res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);

    await dnet.warp(7 * 3_600); // no report for 7 h under a 6-hourly schedule
    await keeper.runNow("cycle");
    res = await fetch(`${url}/health`);
    expect(res.status).toBe(503);
    const sick = (await res.json()) as StatusView["keeper"]["health"];
    expect(sick.checks.cycles.ok).toBe(true);
    expect(sick.checks.reports.ok).toBe(false);
    expect(sick.checks.reports.detail).toMatch(/the share-price feed's last round is \d+ s old at the chain head \(limit 22530 s/);

    await keeper.runNow("report");
    await keeper.runNow("cycle");
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it("/metrics: share price, idle/floor, reserve/required, account balance, last report, head, with vault and chain labels", async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const chain = reader(dnet.anvil.rpcUrl);
    const price = await chain.readContract({ address: dnet.d.vault, abi: lrtVaultAbi, functionName: "pricePerShare" });
    const feed = await chain.readContract({ address: dnet.d.vault, abi: lrtVaultAbi, functionName: "priceFeed" });
    const round = await chain.readContract({ address: feed, abi: sharePriceFeedAbi, functionName: "latestRoundData" });
    const balance = await chain.getBalance({ address: keeperAddress });
    expect(metricValue(text, "keeper_vault_share_price_eth")).toBeCloseTo(Number(price) / 1e18, 12);
    expect(metricValue(text, "keeper_vault_last_report_timestamp_seconds")).toBe(Number(round[3]));
    expect(metricValue(text, "keeper_account_balance_eth")).toBeCloseTo(Number(balance) / 1e18, 9);
    expect(metricValue(text, "keeper_chain_head_block")).toBe(Number(await chain.getBlockNumber()));
    for (const name of ["keeper_vault_idle_eth", "keeper_vault_idle_floor_eth", "keeper_vault_reserve_eth", "keeper_vault_required_reserve_eth", "keeper_vault_price_halted"]) {
      expect(text).toMatch(new RegExp(`^${name}\\{vault="${dnet.d.vault}",chain="31337"\\} `, "m"));
    }
    expect(text).toMatch(new RegExp(`^keeper_queue_overdue\\{queue="0x[0-9a-fA-F]{40}",vault="${dnet.d.vault}",chain="31337"\\} 0$`, "m"));
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{vault="0x[0-9a-fA-F]{40}",chain="31337"\} \d+/m);
  });

  it("/status carries the vault now (checked against the chain at its block), tier use, history and only real transactions", async () => {
    const s = await getJson<StatusView>("/status");
    const v = s.vault!;
    const chain = reader(dnet.anvil.rpcUrl);
    const blockNumber = BigInt(v.block);
    const snap = await chain.readContract({ address: dnet.d.lens, abi: vaultLensAbi, functionName: "snapshot", args: [dnet.d.vault], blockNumber });
    expect(v.totalAssets).toBe(snap.totalAssets.toString());
    expect(v.idle).toBe(snap.idle.toString());
    expect(v.reserveAssets).toBe(snap.reserveAssets.toString());
    expect(v.requiredReserve).toBe(snap.requiredReserve.toString());
    expect(v.idleFloor).toBe(((snap.totalAssets * BigInt(snap.bufferFloorBps)) / 10_000n).toString());
    expect(s.adapters.map((a) => a.allocation)).toEqual(snap.adapters.map((a) => a.allocation.toString()));
    expect(v.queue).toMatchObject({
      address: snap.queue.queue,
      pendingCount: snap.queue.summary.pendingCount.toString(),
      owedAssets: snap.queue.summary.owedAssets.toString(),
      setAside: snap.queue.summary.setAside.toString(),
      overdue: snap.queue.summary.overdue,
    });
    expect(s.tiers.length).toBeGreaterThan(0);
    for (const t of s.tiers) expect(t.usedBps).toBeLessThanOrEqual(t.capBps);
    expect(s.keeper.account).toBe(keeperAddress);
    expect(s.history.t.length).toBeGreaterThanOrEqual(6);
    expect(s.history.adapters).toHaveLength(5);
    expect(s.actions.length).toBeGreaterThanOrEqual(3);
    for (const a of s.actions) expect(a.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(s.actions.some((a) => a.kind === "report" && a.status === "confirmed")).toBe(true);
  });

  it("`keeper status` adds share price, queued exits, last report, the account and its balance, tier use; fits 120 columns", async () => {
    const { io, out } = cliIo(withKey());
    expect(await main(["status", "--config", configFile()], io)).toBe(0);
    const text = out.join("\n");
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(join(OUT_DIR, "keeper-status.txt"), `${text}\n`);
    for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(120);
    const chain = reader(dnet.anvil.rpcUrl);
    const price = await chain.readContract({ address: dnet.d.vault, abi: lrtVaultAbi, functionName: "pricePerShare" });
    expect(text).toContain(`share price ${formatEth(price, 6)} ETH`);
    expect(text).toMatch(/queued exits \d+\.\d{4} ETH/);
    expect(text).toMatch(/^last report \d{4}-\d\d-\d\d \d\d:\d\d UTC \((\d+[dhms] ?)+ ago at the chain head\)\n  this keeper's last report: tx 0x[0-9a-f]{64}$/m);
    expect(text).toContain(`keeper account ${keeperAddress}  balance ${formatEth(await chain.getBalance({ address: keeperAddress }))} ETH`);
    expect(text).toMatch(/^tier\s+allocation ETH\s+used\s+cap\s+coverage$/m);
    const txs = text.slice(text.indexOf("last transactions:")).split("\n").slice(1);
    expect(txs.length).toBeGreaterThan(0);
    const rows = txs.filter((l) => l.startsWith("  #"));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const line of rows) expect(line).toMatch(/^  #\d+ \d{4}-\d\d-\d\d \d\d:\d\d \w+ (confirmed|reverted|superseded|sent|failed) tx 0x[0-9a-f]{64}$/);
    expect(rows.some((l) => / rebalance confirmed /.test(l))).toBe(true);
    expect(text).not.toMatch(/ skipped /);
  });

  it("the status page renders in headless Chromium, shows the chain's numbers, draws five charts and lists the transactions", async () => {
    const browser: Browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
      const failures: string[] = [];
      page.on("pageerror", (e) => failures.push(e.message));
      page.on("requestfailed", (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
      page.on("request", (r) => {
        if (!r.url().startsWith(url)) failures.push(`external request ${r.url()}`);
      });
      await page.goto(`${url}/`);
      await page.waitForSelector("body[data-ready='1']");
      const s = await getJson<StatusView>("/status");
      const v = s.vault!;
      const chain = reader(dnet.anvil.rpcUrl);
      const blockNumber = BigInt(v.block);
      const snap = await chain.readContract({ address: dnet.d.lens, abi: vaultLensAbi, functionName: "snapshot", args: [dnet.d.vault], blockNumber });
      const price = await chain.readContract({ address: dnet.d.vault, abi: lrtVaultAbi, functionName: "pricePerShare", blockNumber });
      const shown = (field: string) => page.textContent(`[data-field='${field}']`);
      expect(await page.getAttribute("body", "data-block")).toBe(v.block);
      expect(await shown("vault.totalAssets")).toBe(formatEth(snap.totalAssets));
      expect(await shown("vault.sharePrice")).toBe(formatEth(price, 6));
      expect(await shown("vault.idle")).toBe(formatEth(snap.idle));
      expect(await shown("vault.idleFloor")).toBe(formatEth((snap.totalAssets * BigInt(snap.bufferFloorBps)) / 10_000n));
      expect(await shown("vault.reserveAssets")).toBe(formatEth(snap.reserveAssets));
      expect(await shown("vault.requiredReserve")).toBe(formatEth(snap.requiredReserve));
      expect(await page.textContent("#mode")).toBe(snap.paused ? "PAUSED" : "live");
      expect(await shown("vault.queue.pendingCount")).toBe(snap.queue.summary.pendingCount.toString());
      expect(await shown("vault.queue.owedAssets")).toBe(formatEth(snap.queue.summary.owedAssets));
      for (const a of snap.adapters) {
        expect(await page.textContent(`#adapters tr[data-adapter='${a.adapter}'] td.allocation`)).toBe(formatEth(a.allocation));
      }
      expect(await page.locator(".charts canvas").count()).toBe(5);
      expect(await page.isVisible("#config-gaps")).toBe(true);
      expect(await page.locator("#config-gaps li").allTextContents()).toEqual(s.keeper.configGaps);
      expect(s.keeper.configGaps[0]).toMatch(/^restaking risk model off: /);
      const txCells = await page.locator("#actions td.tx").allTextContents();
      expect(txCells.length).toBe(s.actions.length);
      for (const tx of txCells) expect(tx).toMatch(/^0x[0-9a-f]{64}$/);
      expect(failures).toEqual([]);
      mkdirSync(OUT_DIR, { recursive: true });
      await page.screenshot({ path: join(OUT_DIR, "status-page.png"), fullPage: true });
      expect(existsSync(join(OUT_DIR, "status-page.png"))).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it("notices another process sending from the keeper's account: /health 503 (sharedKey), a metric and an error log", async () => {
    const other = createWalletClient({ account: privateKeyToAccount(KEEPER_KEY), chain: foundry, transport: http(dnet.anvil.rpcUrl) });
    const hash = await other.sendTransaction({ to: other.account.address, value: 0n });
    await dnet.test.waitForTransactionReceipt({ hash });
    await keeper.runNow("cycle");
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(503);
    const health = (await res.json()) as StatusView["keeper"]["health"];
    expect(health.checks.sharedKey).toEqual({
      ok: false,
      detail: `1 transaction(s) from ${keeperAddress} that this keeper did not send: another process uses its key`,
    });
    expect(metricValue(await (await fetch(`${url}/metrics`)).text(), "keeper_shared_key_transactions_total")).toBe(1);
  });

  it("a keeper started a day after the last report sends a catch-up report at once and is healthy; it and the first keeper, on one key, both flag it", async () => {
    await dnet.warp(86_400); // the feed's last round is now a day old: past what the 6-hourly schedule allows
    const secondDeps = await dnet.deps({
      storePath: tempStorePath(),
      // report.maxAgeSeconds 0: every report asked for is sent (these tests are about reports, not whether one pays).
      config: { schedule: { cycle: "*/5 * * * *", report: "0 */6 * * *" }, report: { maxAgeSeconds: 0 }, server: { enabled: true, host: "127.0.0.1", port: 0 } },
    });
    const second = await startKeeper(secondDeps);
    try {
      await second.jobs.idle(); // its first cycle, then the catch-up report it queued
      const reports = second.status().actions.filter((a) => a.kind === "report");
      expect(reports.map((a) => a.status)).toEqual(["confirmed"]);
      const health = second.health();
      expect(health.checks.reports.ok).toBe(true);
      expect(health.checks.reports.detail).toMatch(/^the share-price feed's last round is \d+ s old at the chain head \(limit 22530 s/);
      expect(second.status().keeper.configGaps).toEqual([
        "restaking risk model off: no `risk` section and no deployment with an `eigenLayer` section to read it from, so AVS exposure is neither measured, priced nor capped",
      ]);

      // The first keeper sends, then the second sends right after it: each must see the other's transaction.
      const firstBefore = keeper.health().checks.sharedKey;
      expect(firstBefore.ok).toBe(false); // the previous test's foreign transaction
      await keeper.runNow("report");
      await second.runNow("report");
      await keeper.runNow("cycle");
      const firstForeign = Number(/^(\d+) transaction/.exec(keeper.health().checks.sharedKey.detail)![1]);
      expect(firstForeign).toBeGreaterThanOrEqual(1 + 2); // + the second's catch-up report and its report
      expect(second.health().checks.sharedKey).toEqual({
        ok: false,
        detail: `1 transaction(s) from ${keeperAddress} that this keeper did not send: another process uses its key`,
      });
      const secondUrl = `http://127.0.0.1:${(second.server!.address() as net.AddressInfo).port}`;
      expect((await fetch(`${secondUrl}/health`)).status).toBe(503);
    } finally {
      await second.stop();
    }
  });
});

describe("production launcher", () => {
  it("SIGTERM to `npm run keeper -- run` stops the keeper: exit 0, port freed, stderr one JSON stream", async () => {
    const port = await freePort();
    const cfg = configFile({ storePath: tempStorePath(), logLevel: "info", server: { enabled: true, host: "127.0.0.1", port } });
    const child = spawn("npm", ["run", "keeper", "--", "run", "--dry-run", "--config", cfg], {
      cwd: repoRoot,
      env: { ...process.env, ...withKey() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    let up = false;
    for (let i = 0; i < 600 && !up; i++) {
      up = await fetch(`http://127.0.0.1:${port}/health`).then(() => true, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    expect(up).toBe(true);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    const lines = stderr.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line).not.toMatch(/\u001b\[/);
      expect(() => JSON.parse(line), line).not.toThrow();
    }
    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toContain("keeper ready");
    expect(messages).toContain("keeper started");
    expect(messages.at(-1)).toBe("keeper stopped");
    const ready = JSON.parse(lines[messages.indexOf("keeper ready")]!) as { account: Address; vault: Address; chain: number };
    expect(ready).toMatchObject({ account: keeperAddress, vault: dnet.d.vault, chain: 31337 });
  }, 120_000);
});
