/**
 * The depositors' app (app/) in headless Chromium against a devnet, with an injected EIP-1193 wallet (announced
 * through EIP-6963) backed by an anvil account: it deposits, requests, and claims through the page, and each number
 * the page shows is checked against the chain. Any page error, failed request or request to anywhere but the app
 * and the RPC fails the test. Screenshots at 1280 and 420 px go to docs/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { parseAbi, parseEther, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lrtVaultAbi, redemptionQueueAbi, vaultLensAbi } from "../../../keeper/chain/abis.generated.js";
import { appConfig, startAppServer, type AppServer } from "../../../script/lib/app.js";
import { ANVIL_KEYS } from "../../../script/lib/anvil.js";
import { repoRoot } from "../../../script/lib/foundry.js";
import { MarketMaker } from "../../../script/scenario/marketMaker.js";
import { World } from "../../../script/scenario/world.js";
import { launchChromium } from "../helpers/browser.js";
import { DEPLOY_TIMEOUT_MS, KEEPER_KEY, OWNER_KEY, reader, startDevnet, type Devnet } from "../keeper/helpers/devnet.js";

const keeperAbi = parseAbi(["function allocate(address adapter, uint256 assets, uint256 minValueOut) returns (uint256)", "function report() returns (uint256, uint256)"]);
const queueAbi = parseAbi(["function fulfil(uint256 maxRequests) returns (uint256, uint256)"]);

let dnet: Devnet;
let app: AppServer;
let browser: Browser;
const HOLDER_KEY = ANVIL_KEYS[7];
const holder: Address = privateKeyToAccount(HOLDER_KEY).address;
const DOCS = join(repoRoot, "docs");

/** An EIP-1193 provider over the devnet's RPC for an account anvil has unlocked, announced through EIP-6963. */
function injectWallet(rpcUrl: string, account: Address, chainId: number): string {
  return `(() => {
    let id = 0;
    const provider = {
      async request({ method, params }) {
        if (method === "eth_requestAccounts" || method === "eth_accounts") return [${JSON.stringify(account)}];
        if (method === "eth_chainId") return "0x${chainId.toString(16)}";
        const res = await fetch(${JSON.stringify(rpcUrl)}, { method: "POST", headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }) });
        const body = await res.json();
        if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
        return body.result;
      },
      on() {}, removeListener() {},
    };
    const detail = Object.freeze({ info: { uuid: "0b1e7e57-0000-4000-8000-000000000001", name: "Test Wallet", icon: "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>", rdns: "test.wallet" }, provider });
    const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
    window.addEventListener("eip6963:requestProvider", announce);
    announce();
  })();`;
}

beforeAll(async () => {
  dnet = await startDevnet(100);
  // History for the yield and the risk tables: two LRTs hold WETH, a day of rate growth, a report.
  await dnet.send(KEEPER_KEY, dnet.d.vault, keeperAbi, "allocate", [dnet.adapter("etherfi"), parseEther("30"), 0n]);
  await dnet.send(KEEPER_KEY, dnet.d.vault, keeperAbi, "allocate", [dnet.adapter("kelp"), parseEther("20"), 0n]);
  await dnet.warp(86_400);
  await new MarketMaker(new World(dnet.anvil.rpcUrl, dnet.d)).tick(); // fresh market feeds, as on the devnet
  await dnet.send(KEEPER_KEY, dnet.d.vault, keeperAbi, "report", []);
  await dnet.warp(3_600);
  app = await startAppServer(appConfig(dnet.d, dnet.anvil.rpcUrl));
  browser = await launchChromium();
}, DEPLOY_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await dnet?.stop();
});

interface Watched {
  page: Page;
  failures: string[];
}

async function open(width: number): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const failures: string[] = [];
  const rpcOrigin = new URL(dnet.anvil.rpcUrl).origin;
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") failures.push(`console error: ${m.text()}`);
  });
  page.on("requestfailed", (r) => failures.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    const origin = new URL(r.url()).origin;
    if (!r.url().startsWith(app.url) && origin !== rpcOrigin && !r.url().startsWith("data:")) failures.push(`outside request: ${r.url()}`);
  });
  await page.addInitScript(injectWallet(dnet.anvil.rpcUrl, holder, dnet.d.chainId));
  await page.goto(app.url);
  await page.waitForSelector("body[data-ready='true']");
  return { page, failures };
}

const weiOf = async (page: Page, selector: string) => BigInt((await page.getAttribute(`${selector} [data-wei]`, "data-wei")) ?? "NaN");

async function actAndWait(page: Page, button: string, what: string): Promise<void> {
  await page.click(button);
  await page.waitForFunction((w) => document.getElementById("status")?.textContent?.startsWith(`${w}: done`) ?? false, what, { timeout: 30_000 });
}

async function connect(page: Page): Promise<void> {
  await page.click("button[data-rdns='test.wallet']");
  await page.waitForSelector("#wallet-panel:not([hidden]) [data-testid='shares'] [data-wei]");
}

describe("the depositors' app against the devnet", () => {
  it("shows the chain's numbers without a wallet, then deposits, requests and claims through an EIP-6963 wallet", async () => {
    const chain = reader(dnet.anvil.rpcUrl);
    const { page, failures } = await open(1280);
    const vaultRead = <T>(functionName: string, args: readonly unknown[] = []) =>
      chain.readContract({ address: dnet.d.vault, abi: lrtVaultAbi, functionName: functionName as never, args: args as never }) as Promise<T>;

    // Without a wallet: price, total assets, allocation and the queue, from the chain.
    expect(await weiOf(page, "#price")).toBe(await vaultRead<bigint>("pricePerShare"));
    const snap = await chain.readContract({ address: dnet.d.lens, abi: vaultLensAbi, functionName: "snapshot", args: [dnet.d.vault] });
    expect(await weiOf(page, "#tvl")).toBe(snap.totalAssets);
    for (const a of snap.adapters) expect(await weiOf(page, `#allocation tr[data-adapter='${a.adapter}'] td:nth-child(3)`)).toBe(a.allocation);
    expect(await page.textContent("[data-testid='queue-count']")).toBe(snap.queue.summary.pendingCount.toString());
    const junior = await vaultRead<Address>("juniorTranche");
    expect(await page.textContent("#junior")).toMatch(junior === "0x0000000000000000000000000000000000000000" ? /^No junior tranche/ : new RegExp(junior));
    for (const d of [7, 30, 365]) expect(await page.textContent(`[data-testid='apy-${d}'] .big`)).toMatch(/^\d+\.\d\d %$/);
    const etherfiGrowth = await weiOf(page, "#sources tr:nth-child(1) td.r");
    expect(etherfiGrowth).toBeGreaterThan(0n); // a day of weETH rate growth on 30 WETH, from AdapterRevalued

    // Connect, deposit 2 ETH.
    await connect(page);
    await page.fill("#deposit-amount", "2");
    const preview = await vaultRead<bigint>("previewDeposit", [parseEther("2")]);
    const minShares = (preview * 9_950n) / 10_000n; // the preview less the page's 0.5 % tolerance
    await page.waitForSelector(`[data-testid='min-shares'][data-wei='${minShares}']`);
    await actAndWait(page, "#deposit-button", "deposit");
    const shares = await vaultRead<bigint>("balanceOf", [holder]);
    expect(shares).toBeGreaterThanOrEqual(minShares);
    expect(await weiOf(page, "[data-testid='shares']")).toBe(shares);
    expect(await weiOf(page, "[data-testid='value']")).toBe(await vaultRead<bigint>("convertToAssets", [shares]));

    // Request 0.5 WETH of value through the queue.
    await page.fill("#exit-amount", "0.5");
    await actAndWait(page, "#request-button", "request");
    const ids = await chain.getContractEvents({ address: dnet.d.queue, abi: redemptionQueueAbi, eventName: "RedeemRequest", args: { controller: holder }, fromBlock: 0n });
    expect(ids.length).toBe(1);
    const id = ids[0]!.args.requestId!;
    const request = await chain.readContract({ address: dnet.d.queue, abi: redemptionQueueAbi, functionName: "getRequest", args: [id] });
    expect(await weiOf(page, `#requests tr[data-request='${id}'] td.r`)).toBe(BigInt(request.owed));
    expect(await weiOf(page, "[data-testid='owed']")).toBe(BigInt(request.owed));
    expect(await page.textContent(`#requests tr[data-request='${id}'] td:nth-child(4)`)).toMatch(/^due in \d+ d \d+ h$/);
    expect(await weiOf(page, "[data-testid='shares']")).toBe(await vaultRead<bigint>("balanceOf", [holder]));

    // Anyone fulfils (the keeper would); the page then offers the claim, which pays native ETH.
    await dnet.send(OWNER_KEY, dnet.d.queue, queueAbi, "fulfil", [10n]);
    const payout = await chain.readContract({ address: dnet.d.queue, abi: redemptionQueueAbi, functionName: "claimableAssets", args: [id] });
    expect(payout).toBeGreaterThan(0n);
    await page.reload();
    await page.waitForSelector("body[data-ready='true']");
    await connect(page);
    expect(await page.textContent(`#requests tr[data-request='${id}'] td:nth-child(2)`)).toBe("claimable");
    const ethBefore = await chain.getBalance({ address: holder });
    await actAndWait(page, `button[data-claim='${id}']`, `claim #${id}`);
    const claimed = await chain.getContractEvents({ address: dnet.d.queue, abi: redemptionQueueAbi, eventName: "RedeemClaimed", args: { controller: holder }, fromBlock: 0n });
    expect(claimed.map((c) => c.args.assets)).toEqual([payout]);
    const ethAfter = await chain.getBalance({ address: holder });
    expect(ethAfter - ethBefore).toBeGreaterThan(payout - parseEther("0.01")); // less the claim's gas
    expect(await page.textContent("#requests")).toContain("no pending or claimable requests");

    // Profit and loss: value held + paid back - paid in, all from the chain.
    const sharesNow = await vaultRead<bigint>("balanceOf", [holder]);
    const valueNow = await vaultRead<bigint>("convertToAssets", [sharesNow]);
    expect(await weiOf(page, "[data-testid='pnl']")).toBe(valueNow + payout - parseEther("2"));

    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, "depositor-app.png"), fullPage: true });
    expect(failures).toEqual([]);
    await page.close();
  });

  it("fits a 420 px screen without sideways scrolling", async () => {
    const { page, failures } = await open(420);
    await connect(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await page.screenshot({ path: join(DOCS, "depositor-app-420.png"), fullPage: true });
    expect(failures).toEqual([]);
    await page.close();
  });
});
