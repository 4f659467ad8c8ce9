/**
 * The operator's status page (keeper/server/page/*) in headless Chromium against crafted /status documents, one
 * test per defect found in the trial: the share-price chart at a 1e-7 price range, chain time against wall time,
 * raw wei in the last cycle, one colour per LRT, lines across time gaps, empty tables, idle below the floor, and
 * the page at 420 px. The page's files are served as the keeper serves them (its own files and uPlot from
 * node_modules); the keeper's live page is tested against a devnet in operator.test.ts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../../script/lib/foundry.js";
import { launchChromium } from "../helpers/browser.js";

const require = createRequire(import.meta.url);
const PAGE = join(repoRoot, "keeper", "server", "page");
const FILES: Record<string, [string, string]> = {
  "/": [join(PAGE, "index.html"), "text/html; charset=utf-8"],
  "/page.js": [join(PAGE, "page.js"), "text/javascript; charset=utf-8"],
  "/page.css": [join(PAGE, "page.css"), "text/css; charset=utf-8"],
  "/vendor/uPlot.iife.min.js": [require.resolve("uplot/dist/uPlot.iife.min.js"), "text/javascript; charset=utf-8"],
  "/vendor/uPlot.min.css": [require.resolve("uplot/dist/uPlot.min.css"), "text/css; charset=utf-8"],
};
const E = 10n ** 18n;
const NAMES = ["weETH", "ezETH", "rsETH", "pufETH", "rswETH"];

let server: Server;
let url: string;
let browser: Browser;
let status: unknown;

/** A /status document with `over` applied: five adapters, a young vault (price flat to 1e-7), hourly history. */
function statusDoc(over: (s: ReturnType<typeof base>) => void = () => undefined) {
  const s = base();
  over(s);
  return s;
}

function base() {
  const t0 = 1_800_000_000;
  const t = Array.from({ length: 24 }, (_, i) => t0 + i * 3_600);
  const chainNow = new Date((t0 + 30 * 86_400) * 1000).toISOString(); // a devnet 30 days ahead of its start
  return {
    keeper: { chainId: 31337, vault: "0x00000000000000000000000000000000000000aa", lens: null, dryRun: false, startedAt: new Date().toISOString(), account: null, balanceWei: null, foreignTransactions: 0, health: { ok: true, checks: { cycles: { ok: true, detail: "ok" } } }, configGaps: [] as string[] },
    cycle: { at: new Date().toISOString(), outcome: "rebalanced", reason: "gain 1234500000000000000 wei beats gas 210000000000000 wei", txHash: null },
    lastReport: { at: chainNow, ageSeconds: 600, txHash: null },
    vault: {
      block: "1234",
      timestamp: chainNow,
      totalAssets: (100n * E).toString(),
      totalSupply: (100n * E * 1_000_000n).toString(),
      sharePrice: E.toString(),
      idle: (2n * E).toString(),
      idleFloor: (5n * E).toString(),
      bufferFloorBps: 500,
      reserveAssets: "0",
      requiredReserve: "0",
      reserveCoverage: null,
      lockedProfit: "0",
      rebalanceNonce: "3",
      paused: false,
      priceHalted: false,
      pendingExits: "0",
      queue: null,
    },
    adapters: NAMES.map((name, i) => ({ address: `0x${(i + 1).toString(16).padStart(40, "0")}`, name, tier: 0, allocation: (18n * E).toString(), share: 0.18, pendingExits: "0", baseApy: 0.03, extrasApy: 0, guarded: false, reasons: [] as string[] })),
    tiers: [{ id: 0, capBps: 10_000, coverageBps: 0, allocation: (90n * E).toString(), usedBps: 9_000 }],
    exits: [],
    queuePlan: null,
    plan: [],
    history: {
      t,
      // A young vault: the price moves by 1e-7 over the day.
      sharePrice: t.map((_, i) => 1 + (i * 1e-7) / 23),
      totalAssets: t.map(() => 100),
      reserveCoverage: t.map(() => null as number | null),
      adapters: NAMES.map((name) => ({ name, allocation: t.map(() => 18), baseApy: t.map(() => 0.03), extrasApy: t.map(() => 0) })),
    },
    actions: [] as unknown[],
    risk: null,
    outcome: "rebalanced",
    block: "1234",
    nonce: "3",
    totalAssets: (100n * E).toString(),
    txHash: null,
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/status") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(status));
      return;
    }
    const file = FILES[path];
    if (file === undefined) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": file[1] }).end(readFileSync(file[0]));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => server?.close(() => r()));
});

/** Opens the page on `doc`; fails on any page error, failed request or request elsewhere. */
async function open(doc: unknown, width = 1280): Promise<{ page: Page; failures: string[] }> {
  status = doc;
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const failures: string[] = [];
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => failures.push(`request failed: ${r.url()}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(url)) failures.push(`outside request: ${r.url()}`);
  });
  await page.goto(`${url}/`);
  await page.waitForSelector("body[data-ready='1']");
  return { page, failures };
}

describe("the status page's defects, each fixed", () => {
  it("draws the share-price chart when the price range is about 1e-7 (it threw Invalid array length)", async () => {
    const { page, failures } = await open(statusDoc());
    expect(await page.getAttribute("body", "data-error")).toBeNull();
    expect(await page.locator("#chart-price canvas").count()).toBe(1);
    expect(await page.locator(".charts canvas").count()).toBe(5);
    expect(failures).toEqual([]);
    await page.close();
  });

  it("labels chain time and wall time apart and says how far the chain is ahead", async () => {
    const doc = statusDoc();
    const { page, failures } = await open(doc);
    const header = (await page.textContent("header .sub")) ?? "";
    expect(header).toContain(`chain time ${doc.vault.timestamp.slice(0, 16).replace("T", " ")} UTC`);
    expect(header).toMatch(/wall clock \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(await page.textContent("#time-skew")).toMatch(/^\(chain ahead by \d+d/);
    expect(await page.textContent("#actions thead")).toContain("sent (wall clock, UTC)");
    expect(failures).toEqual([]);
    await page.close();
  });

  it("writes the last cycle's wei amounts in ETH", async () => {
    const { page, failures } = await open(statusDoc());
    const reason = (await page.textContent("[data-field='cycle.reason']")) ?? "";
    expect(reason).toBe("gain 1.2345 ETH beats gas 0.0002 ETH");
    expect(reason).not.toMatch(/\d{10,}/);
    expect(failures).toEqual([]);
    await page.close();
  });

  it("gives every LRT its own colour, the same in every chart", async () => {
    const { page, failures } = await open(statusDoc());
    const colours = async (id: string) => Object.fromEntries(((await page.getAttribute(`#${id}`, "data-series")) ?? "").split(";").map((p) => p.split("=")));
    const allocation = await colours("chart-allocation");
    expect(Object.keys(allocation)).toEqual(NAMES);
    expect(new Set(Object.values(allocation)).size).toBe(NAMES.length);
    expect(allocation.ezETH).not.toBe(allocation.rswETH);
    expect(await colours("chart-apy")).toEqual(allocation);
    expect(failures).toEqual([]);
    await page.close();
  });

  it("breaks lines across a gap in the history instead of joining them", async () => {
    const doc = statusDoc((s) => {
      // The keeper was down for 2 days between sample 11 and 12.
      s.history.t = s.history.t.map((x, i) => (i >= 12 ? x + 2 * 86_400 : x));
    });
    const { page, failures } = await open(doc);
    expect(await page.locator("#chart-price canvas").count()).toBe(1);
    // The page's own gap rule (a classic script's functions are the window's): a null point between samples more
    // than three median intervals apart, so uPlot (spanGaps off) stops the line there.
    const gapped = await page.evaluate(() => {
      const fn = (window as unknown as { withGaps: (d: number[][]) => (number | null)[][] }).withGaps;
      const t = [0, 1, 2, 3, 100, 101];
      return fn([t, [1, 1, 1, 1, 2, 2]]);
    });
    const fromDoc = await page.evaluate((d) => {
      const fn = (window as unknown as { withGaps: (d: number[][]) => (number | null)[][] }).withGaps;
      return fn(d).map((series) => series.length);
    }, [doc.history.t, doc.history.sharePrice]);
    expect(gapped[0]!.length).toBe(7);
    expect(gapped[1]![4]).toBeNull();
    expect(fromDoc).toEqual([25, 25]); // the crafted history's one 2-day gap gets one null
    expect(failures).toEqual([]);
    await page.close();
  });

  it("says so when a table is empty", async () => {
    const { page, failures } = await open(statusDoc((s) => (s.adapters = [])));
    expect(await page.textContent("#actions tbody")).toBe("no transactions sent yet");
    expect(await page.textContent("#adapters tbody")).toBe("no adapters read yet");
    expect(failures).toEqual([]);
    await page.close();
  });

  it("colours idle below the buffer floor as a warning, and not above it", async () => {
    const below = await open(statusDoc());
    expect(await below.page.getAttribute("#idle-card", "class")).toBe("card warn");
    await below.page.close();
    const above = await open(statusDoc((s) => (s.vault.idle = (9n * E).toString())));
    expect(await above.page.getAttribute("#idle-card", "class")).toBe("card");
    expect([...below.failures, ...above.failures]).toEqual([]);
    await above.page.close();
  });

  it("fits 420 px without sideways scrolling; wide tables scroll inside their box", async () => {
    const { page, failures } = await open(statusDoc(), 420);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await page.screenshot({ path: join(repoRoot, "docs", "status-page-420.png"), fullPage: true });
    expect(failures).toEqual([]);
    await page.close();
  });
});
