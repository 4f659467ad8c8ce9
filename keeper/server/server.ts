/**
 * A small local HTTP server, bound to 127.0.0.1 by default, answering only requests whose Host header names it
 * (loopback names, `host`, `server.allowedHosts`), with CSP, nosniff and frame headers, and a connection cap:
 *   /         the status page (HTML; its script draws /status; uPlot served from node_modules, no CDN)
 *   /status   JSON of the vault now, the keeper, its history and transactions (bigints as decimal strings)
 *   /health   200 while cycles succeed on time, the chain's last report is fresh and no other process uses
 *             the key; 503 otherwise, with each check's detail
 *   /metrics  Prometheus text
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KeeperMetrics } from "./metrics.js";
import type { HealthReport } from "./view.js";

export interface ServerSource {
  health(): HealthReport;
  /** The status as JSON-ready data. */
  status(): unknown;
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

const HISTORY_MARK = "\u0000history\u0000";
/** The chart history's JSON per history object (the view hands out the same object until the next cycle). */
const historyJson = new WeakMap<object, string>();

/**
 * `/status` as JSON: the chart history (thousands of points at the cap) is serialised once per change, compactly,
 * and spliced in; the rest per request. Keeps a status read to a few ms however long the history.
 */
export function statusJson(value: unknown): string {
  const history = (value as { history?: unknown } | null)?.history;
  if (history === null || typeof history !== "object") return toJson(value);
  let json = historyJson.get(history);
  if (json === undefined) {
    json = JSON.stringify(history, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    historyJson.set(history, json);
  }
  return toJson({ ...(value as object), history: HISTORY_MARK }).replace(JSON.stringify(HISTORY_MARK), json);
}

interface Asset {
  type: string;
  body: Buffer;
}

/** The page and its assets, read once: the page's own files and uPlot's build from node_modules. */
function loadAssets(): Map<string, Asset> {
  const here = dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  const files: [string, string, string][] = [
    ["/", join(here, "page", "index.html"), "text/html; charset=utf-8"],
    ["/page.js", join(here, "page", "page.js"), "text/javascript; charset=utf-8"],
    ["/page.css", join(here, "page", "page.css"), "text/css; charset=utf-8"],
    ["/vendor/uPlot.iife.min.js", require.resolve("uplot/dist/uPlot.iife.min.js"), "text/javascript; charset=utf-8"],
    ["/vendor/uPlot.min.css", require.resolve("uplot/dist/uPlot.min.css"), "text/css; charset=utf-8"],
  ];
  return new Map(files.map(([path, file, type]) => [path, { type, body: readFileSync(file) }]));
}

/** Thrown when the port is taken: names the config field, so the operator knows what to change. */
export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(`server.port: ${host}:${port} is already in use (another keeper or program listens there): stop it or set server.port`);
    this.name = "PortInUseError";
  }
}

/** Sent with every answer: no framing, no MIME sniffing, nothing loaded from anywhere but the keeper itself. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
};

export interface ServerOptions {
  /**
   * Host names (without port) a request's Host header may carry; anything else is refused with 421 (a DNS
   * rebinding page in an operator's browser cannot read /status). Loopback names and `host` are always allowed.
   */
  allowedHosts?: readonly string[];
  /** Open connections at most; more are dropped. */
  maxConnections?: number;
}

const LOOPBACK = ["127.0.0.1", "localhost", "::1", "[::1]"];

/** True when `host` keeps the server on this machine. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host name of a Host header ("[::1]:9464" -> "[::1]", "example:80" -> "example"), lower case. */
function hostName(header: string | undefined): string | null {
  if (header === undefined || header === "") return null;
  const h = header.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0]!;
}

/** Starts the server; resolves once it listens. `port` 0 picks a free one (see `address()`). */
export async function startServer(
  host: string,
  port: number,
  metrics: KeeperMetrics,
  source: ServerSource,
  options: ServerOptions = {},
): Promise<Server> {
  const assets = loadAssets();
  const wildcard = host === "0.0.0.0" || host === "::" || host === "";
  const allowed = new Set([...LOOPBACK, ...(wildcard ? [] : [host.toLowerCase()]), ...(options.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const path = (req.url ?? "/").split("?")[0]!;
    const name = hostName(req.headers.host);
    if (name === null || !allowed.has(name)) {
      res.writeHead(421, { "content-type": "text/plain" }).end(`host not served here: add it to server.allowedHosts\n`);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (path === "/health") {
      const health = source.health();
      res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" }).end(toJson(health));
      return;
    }
    if (path === "/metrics") {
      metrics.registry
        .metrics()
        .then((text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text))
        .catch((err: unknown) => res.writeHead(500).end(String(err)));
      return;
    }
    if (path === "/status") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(statusJson(source.status()));
      return;
    }
    const asset = assets.get(path === "/index.html" ? "/" : path);
    if (asset !== undefined) {
      res.writeHead(200, { "content-type": asset.type, "cache-control": "no-cache" }).end(asset.body);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /, /health, /metrics or /status\n");
  });
  server.maxConnections = options.maxConnections ?? 64;
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(err.code === "EADDRINUSE" ? new PortInUseError(host, port) : err));
    server.listen(port, host, () => {
      server.removeAllListeners("error");
      resolve();
    });
  });
  return server;
}
