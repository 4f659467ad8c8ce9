/**
 * The depositors' app (app/): bundled with esbuild (viem and the generated ABIs from node_modules and the repo, no
 * CDN) and served as static files with its `config.json` (addresses and the RPC URL). The server only serves
 * files: the page reads the chain itself. Its Content-Security-Policy allows requests to this origin and the RPC
 * alone, so the browser itself refuses any other.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "esbuild";
import type { AppConfig } from "../../app/src/config.js";
import { LRT_NAMES } from "../scenario/steps.js";
import { PROTOCOLS, type Deployment } from "./deploy.js";
import { repoRoot } from "./foundry.js";

const APP_DIR = path.join(repoRoot, "app");

/** The page's config for a deployment (names and EigenLayer stakers keyed by adapter address). */
export function appConfig(d: Deployment, rpcUrl: string, extras?: AppConfig["extras"]): AppConfig {
  const el = d.eigenLayer;
  return {
    rpcUrl,
    chainId: d.chainId,
    vault: d.vault,
    queue: d.queue,
    lens: d.lens,
    feed: d.feed,
    names: Object.fromEntries(PROTOCOLS.map((p) => [d.adapters[p], LRT_NAMES[p]])),
    ...(extras === undefined ? {} : { extras }),
    ...(el === undefined
      ? {}
      : {
          eigenLayer: {
            allocationManager: el.allocationManager,
            delegationManager: el.delegationManager,
            strategy: el.strategy,
            exposureLens: el.exposureLens,
            avs: el.avs,
            stakers: Object.fromEntries(PROTOCOLS.map((p) => [d.adapters[p], el.stakers[p]])),
          },
        }),
  };
}

/** Bundles app/src/main.ts for the browser (ES2022, minified). */
export async function bundleApp(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(APP_DIR, "src", "main.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error("esbuild produced no bundle for app/src/main.ts");
  return file.text;
}

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the app on 127.0.0.1:`port` (0: a free port). */
export async function startAppServer(config: AppConfig, port = 0): Promise<AppServer> {
  const js = await bundleApp();
  const files: Record<string, { type: string; body: string }> = {
    "/": { type: "text/html; charset=utf-8", body: readFileSync(path.join(APP_DIR, "index.html"), "utf8") },
    "/app.css": { type: "text/css; charset=utf-8", body: readFileSync(path.join(APP_DIR, "app.css"), "utf8") },
    "/app.js": { type: "text/javascript; charset=utf-8", body: js },
    "/config.json": { type: "application/json", body: JSON.stringify(config) },
  };
  files["/index.html"] = files["/"]!;
  const rpcOrigin = new URL(config.rpcUrl).origin;
  const csp = `default-src 'self'; connect-src 'self' ${rpcOrigin}; img-src 'self' data:; style-src 'self'; script-src 'self'`;
  const server: Server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    if ((req.method !== "GET" && req.method !== "HEAD") || file === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": file.type, "content-security-policy": csp, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
