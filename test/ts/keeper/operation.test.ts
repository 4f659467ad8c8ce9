import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { main, parseArgs } from "../../../keeper/cli.js";
import { SerialRunner } from "../../../keeper/runtime.js";
import { KeeperMetrics } from "../../../keeper/server/metrics.js";
import { startServer } from "../../../keeper/server/server.js";
import { formatEth } from "../../../keeper/status.js";

const silent = pino({ level: "silent" });

function cliIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env }, out, err };
}

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "keeper-cli-")), "keeper.config.json");
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const base = {
  rpcUrl: "http://127.0.0.1:9", // nothing listens: any RPC use would fail the test with exit 1, not 2
  chainId: 31337,
  vault: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  storePath: ":memory:",
};

describe("CLI: bad config or key exits 2 before any RPC", () => {
  it("names each bad field and exits 2", async () => {
    const { io, err } = cliIo();
    const code = await main(["once", "--config", configFile({ ...base, chainId: -1, strategy: { slippageBps: -5 } })], io);
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/chainId: /);
    expect(err.join("\n")).toMatch(/strategy\.slippageBps: /);
  });

  it("refuses to run without a key unless dry-running", async () => {
    const { io, err } = cliIo();
    expect(await main(["once", "--config", configFile(base)], io)).toBe(2);
    expect(err.join()).toMatch(/no signing key/);
  });

  it("rejects an unknown command or argument with the usage line", async () => {
    const { io, err } = cliIo();
    expect(await main(["launch"], io)).toBe(2);
    expect(err.join()).toMatch(/unknown command "launch"\nusage: keeper/);
    expect(() => parseArgs(["status", "--dry-run"], {})).toThrow(/unknown argument "--dry-run" for status/);
    expect(parseArgs(["once", "--dry-run", "--config=x.json"], {})).toEqual({ command: "once", configPath: "x.json", dryRun: true });
    expect(parseArgs(["run"], { KEEPER_CONFIG: "/etc/k.json" }).configPath).toBe("/etc/k.json");
  });
});

describe("scheduler: a cycle never overlaps the previous one", () => {
  it("skips a trigger while a job runs and runs the next one after", async () => {
    const runner = new SerialRunner(silent);
    let release!: () => void;
    const first = runner.run("cycle", () => new Promise<string>((r) => (release = () => r("first"))));
    expect(runner.running).toBe("cycle");
    expect(await runner.run("report", async () => "second")).toBeUndefined();
    release();
    expect(await first).toBe("first");
    expect(await runner.run("report", async () => "third")).toBe("third");
  });
});

describe("server: /health, /metrics, /status", () => {
  it("answers health by the age of the last good cycle, and serves metrics and status", async () => {
    const metrics = new KeeperMetrics();
    metrics.cycles.inc({ outcome: "sent" });
    let last: number | null = null;
    const server = await startServer("127.0.0.1", 0, metrics, {
      lastSuccessMs: () => last,
      startedMs: () => Date.now() - 10_000,
      staleAfterMs: 5_000,
      status: () => ({ outcome: "sent", totalAssets: 10n ** 18n }),
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/health`)).status).toBe(503); // started 10 s ago, no cycle yet
      last = Date.now();
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
      expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/keeper_cycles_total\{outcome="sent"\} 1/);
      expect(await (await fetch(`${url}/status`)).json()).toEqual({ outcome: "sent", totalAssets: "1000000000000000000" });
      expect((await fetch(`${url}/nope`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("formatting", () => {
  it("prints wei as ETH exactly, rounding half up", () => {
    expect(formatEth(1_234_567_890_000_000_000n)).toBe("1.2346");
    expect(formatEth(0n)).toBe("0.0000");
    expect(formatEth(-5n * 10n ** 17n, 2)).toBe("-0.50");
    expect(formatEth(10n ** 30n, 0)).toBe("1000000000000");
  });
});
