/**
 * A small local HTTP server: /health (200 while cycles succeed on time, 503 otherwise), /metrics
 * (Prometheus text) and /status (JSON of the last cycle). Bound to 127.0.0.1 by default.
 */
import { createServer, type Server } from "node:http";
import type { KeeperMetrics } from "./metrics.js";

export interface HealthSource {
  /** Unix ms of the last cycle that finished without throwing, or null before the first. */
  lastSuccessMs(): number | null;
  /** Unix ms the keeper started. */
  startedMs(): number;
  /** Consider the keeper unhealthy when no cycle succeeded for this long. */
  staleAfterMs: number;
  /** The last cycle as JSON-ready data. */
  status(): unknown;
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** Starts the server; resolves once it listens. `port` 0 picks a free one (see `address()`). */
export async function startServer(host: string, port: number, metrics: KeeperMetrics, health: HealthSource): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") {
      res.writeHead(405, { "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (path === "/health") {
      const now = Date.now();
      const last = health.lastSuccessMs();
      const reference = last ?? health.startedMs();
      const ok = now - reference <= health.staleAfterMs;
      res
        .writeHead(ok ? 200 : 503, { "content-type": "application/json" })
        .end(toJson({ ok, lastSuccess: last === null ? null : new Date(last).toISOString(), staleAfterMs: health.staleAfterMs }));
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
      res.writeHead(200, { "content-type": "application/json" }).end(toJson(health.status()));
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /health, /metrics or /status\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
