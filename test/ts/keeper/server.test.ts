/**
 * The status server as a host-facing surface: CSP, nosniff and frame headers on every answer, requests that
 * address it by a name it does not serve refused (DNS rebinding), a connection cap, and the store's files 0600.
 */
import { request as httpRequest } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import { KeeperMetrics } from "../../../keeper/server/metrics.js";
import { isLoopback, startServer, statusJson, toJson } from "../../../keeper/server/server.js";
import { KeeperStore, UNSENT_KEPT } from "../../../keeper/store/store.js";

const source = {
  health: () => ({ ok: true, checks: { cycles: { ok: true, detail: "" }, reports: { ok: true, detail: "" }, sharedKey: { ok: true, detail: "" } } }),
  status: () => ({ hello: 1 }),
};

let server: Server | null = null;
afterEach(async () => {
  if (server !== null) {
    server.closeAllConnections();
    await new Promise((r) => server!.close(r));
    server = null;
  }
});

function get(port: number, path: string, host: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("status server hardening", () => {
  it("sends CSP, nosniff and frame headers on the page, the JSON and the errors", async () => {
    server = await startServer("127.0.0.1", 0, new KeeperMetrics({ processMetrics: false }), source);
    const port = (server.address() as AddressInfo).port;
    for (const path of ["/", "/status", "/health", "/nope"]) {
      const r = await get(port, path, `127.0.0.1:${port}`);
      expect(r.headers["content-security-policy"], path).toMatch(/default-src 'none'; script-src 'self'.*frame-ancestors 'none'/);
      expect(r.headers["x-content-type-options"], path).toBe("nosniff");
      expect(r.headers["x-frame-options"], path).toBe("DENY");
    }
    expect((await get(port, "/status", `localhost:${port}`)).status).toBe(200);
  });

  it("refuses a Host it does not serve (421) and serves one listed in allowedHosts", async () => {
    server = await startServer("127.0.0.1", 0, new KeeperMetrics({ processMetrics: false }), source, { allowedHosts: ["keeper.internal"] });
    const port = (server.address() as AddressInfo).port;
    const evil = await get(port, "/status", `attacker.example:${port}`);
    expect(evil.status).toBe(421);
    expect(evil.body).not.toContain("hello");
    expect((await get(port, "/status", `keeper.internal:${port}`)).status).toBe(200);
    expect((await get(port, "/status", `[::1]:${port}`)).status).toBe(200);
  });

  it("caps open connections", async () => {
    server = await startServer("127.0.0.1", 0, new KeeperMetrics({ processMetrics: false }), source, { maxConnections: 2 });
    const port = (server.address() as AddressInfo).port;
    const open = (): Promise<Socket> => new Promise((resolve) => { const s = connect(port, "127.0.0.1", () => resolve(s)); });
    const sockets = [await open(), await open()];
    const third = await open();
    const closed = await new Promise<boolean>((resolve) => {
      third.once("close", () => resolve(true));
      setTimeout(() => resolve(false), 2_000);
    });
    expect(closed).toBe(true);
    for (const s of sockets) s.destroy();
  });

  it("knows loopback from beyond (beyond: a warning at start)", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("127.0.0.53")).toBe(true);
    expect(isLoopback("localhost")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
    expect(isLoopback("10.0.0.5")).toBe(false);
  });
});

describe("store files", () => {
  it("are created 0600, the WAL file too", () => {
    const path = join(mkdtempSync(join(tmpdir(), "store-")), "keeper.sqlite");
    const store = new KeeperStore(path);
    store.recordGasSpent(`0x${"ab".repeat(32)}`, 1n);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    store.close();
  });
});

describe("bounded growth", () => {
  it("rows that sent nothing (held cycles, dry runs) are kept only as the newest UNSENT_KEPT; sent ones all stay", () => {
    const store = new KeeperStore(":memory:");
    for (let i = 0; i < 10; i++) store.recordAction({ kind: "rebalance", status: "confirmed", txHash: `0x${i.toString(16).padStart(64, "0")}` });
    for (let i = 0; i < UNSENT_KEPT + 150; i++) store.recordAction({ kind: "rebalance", status: i % 2 === 0 ? "skipped" : "dry-run", detail: `held ${i}` });
    const rows = store.lastActions(10_000);
    expect(rows.filter((r) => r.status === "confirmed")).toHaveLength(10);
    const unsent = rows.filter((r) => r.status === "skipped" || r.status === "dry-run");
    expect(unsent).toHaveLength(UNSENT_KEPT);
    expect(unsent[0]!.detail).toBe(`held ${UNSENT_KEPT + 149}`); // the newest kept
    store.close();
  });

  it("the history /status draws is parsed once per change, not per request", () => {
    const store = new KeeperStore(":memory:");
    const snap = (block: number) => ({ block: BigInt(block), timestamp: block * 12, sharePrice: 10n ** 18n, totalAssets: 1n, idle: 1n, reserveAssets: 1n, requiredReserve: 1n, adapters: [] });
    for (let b = 1; b <= 50; b++) store.addSnapshot(snap(b));
    const first = store.snapshots(0);
    expect(store.snapshots(0)).toBe(first); // the same parsed rows
    store.addSnapshot(snap(51));
    const next = store.snapshots(0);
    expect(next).not.toBe(first);
    expect(next).toHaveLength(51);
    expect(store.pruneSnapshots(12 * 11)).toBe(10);
    expect(store.snapshots(0)).toHaveLength(41);
    store.close();
  });
});

describe("statusJson", () => {
  it("is the same JSON as toJson, with the history serialised once per history object", () => {
    const history = { t: [1, 2], sharePrice: [1.0, 1.1], adapters: [{ name: "weETH", allocation: [null, 2.5] }] };
    const value = { a: 1n, nested: { b: "x" }, history };
    expect(JSON.parse(statusJson(value))).toEqual(JSON.parse(toJson(value)));
    history.t.push(3); // the same object: the cached serialisation is served (the view hands out a new one per change)
    expect(JSON.parse(statusJson(value)).history.t).toEqual([1, 2]);
    expect(JSON.parse(statusJson({ ...value, history: { ...history } })).history.t).toEqual([1, 2, 3]);
  });
});
