import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { main, parseArgs } from "../../../keeper/cli.js";
import { JobQueue } from "../../../keeper/runtime.js";
import { KeeperMetrics } from "../../../keeper/server/metrics.js";
import { startServer } from "../../../keeper/server/server.js";
import { formatEth } from "../../../keeper/status.js";
import { ago, evaluateGuard } from "../../../keeper/strategy/guard.js";
import { adapter, E } from "./helpers/state.js";

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

  it("rejects an unknown command or option naming it, with where to find help", async () => {
    const { io, err } = cliIo();
    expect(await main(["launch"], io)).toBe(2);
    expect(err.join()).toMatch(/unknown command 'launch'\nrun "lrt-keeper --help"/);
    expect(() => parseArgs(["status", "--dry-run"], {})).toThrow(/unknown option '--dry-run'/);
    expect(() => parseArgs([], {})).toThrow(/missing command[\s\S]*run /);
    expect(parseArgs(["once", "--dry-run", "--config=x.json"], {})).toEqual({ command: "once", configPath: "x.json", dryRun: true });
    expect(parseArgs(["run"], { KEEPER_CONFIG: "/etc/k.json" }).configPath).toBe("/etc/k.json");
    expect(parseArgs(["status", "-c", "s.json"], {})).toEqual({ command: "status", configPath: "s.json", dryRun: false });
  });
});

describe("CLI: --help for the program and every command, exit 0, nothing started", () => {
  it("lists the commands and the exit codes", async () => {
    const { io, out } = cliIo();
    expect(await main(["--help"], io)).toBe(0);
    const text = out.join("\n");
    for (const cmd of ["run", "once", "status"]) expect(text).toMatch(new RegExp(`^  ${cmd} `, "m"));
    expect(text).toMatch(/Exit codes: 0 done or stopped, 1 a cycle failed, 2 bad config\/key\/arguments, 3 RPC unreachable, 4 /);
  });

  it.each([
    ["run", ["--config", "--dry-run"]],
    ["once", ["--config", "--dry-run"]],
    ["status", ["--config"]],
  ])("%s --help shows its options", async (cmd, options) => {
    const { io, out } = cliIo();
    expect(await main([cmd, "--help"], io)).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(new RegExp(`^Usage: lrt-keeper ${cmd} \\[options\\]`, "m"));
    for (const o of options) expect(text).toContain(o);
    if (cmd === "status") expect(text).not.toContain("--dry-run");
  });
});

describe("scheduler: jobs never overlap, and a due job is queued, never dropped", () => {
  it("runs a report triggered while a cycle runs as soon as the cycle ends (the old runner skipped it)", async () => {
    const jobs = new JobQueue(silent);
    const order: string[] = [];
    let release!: () => void;
    const cycle = jobs.run("cycle", () => new Promise<string>((r) => (release = () => (order.push("cycle"), r("cycle")))));
    expect(jobs.running).toBe("cycle");
    const report = jobs.run("report", async () => (order.push("report"), "report"));
    expect(jobs.queued).toEqual(["report"]);
    release();
    expect(await cycle).toBe("cycle");
    expect(await report).toBe("report");
    expect(order).toEqual(["cycle", "report"]);
    await jobs.idle();
    expect(jobs.running).toBeNull();
  });

  it("joins a trigger to the same job already waiting, so a slow cycle cannot pile up behind itself", async () => {
    const jobs = new JobQueue(silent);
    let runs = 0;
    let release!: () => void;
    const first = jobs.run("cycle", () => new Promise<void>((r) => (release = r)));
    const second = jobs.run("cycle", async () => ++runs);
    const third = jobs.run("cycle", async () => ++runs);
    expect(jobs.queued).toEqual(["cycle"]);
    release();
    await first;
    expect(await second).toBe(1);
    expect(await third).toBe(1);
    expect(runs).toBe(1);
  });

  it("goes on with the queue after a job throws", async () => {
    const jobs = new JobQueue(silent);
    const failing = jobs.run("cycle", async () => {
      throw new Error("boom");
    });
    const next = jobs.run("report", async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    expect(await next).toBe("ran");
  });
});

const healthy = (ok: boolean) => ({
  ok,
  checks: { cycles: { ok, detail: "d" }, reports: { ok: true, detail: "d" }, sharedKey: { ok: true, detail: "d" } },
});

describe("server: /health, /metrics, /status, the page", () => {
  it("answers health from the checks, and serves metrics, status and the page's assets from the package", async () => {
    const metrics = new KeeperMetrics();
    metrics.cycles.inc({ outcome: "sent" });
    metrics.label("0x5FbDB2315678afecb367f032d93F642f64180aa3", 31337);
    let ok = false;
    const server = await startServer("127.0.0.1", 0, metrics, {
      health: () => healthy(ok),
      status: () => ({ outcome: "sent", totalAssets: 10n ** 18n }),
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const sick = await fetch(`${url}/health`);
      expect(sick.status).toBe(503);
      expect(((await sick.json()) as { checks: { cycles: { ok: boolean } } }).checks.cycles.ok).toBe(false);
      ok = true;
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(text).toMatch(/keeper_cycles_total\{outcome="sent",vault="0x5FbDB2315678afecb367f032d93F642f64180aa3",chain="31337"\} 1/);
      expect(text).toMatch(/^process_cpu_seconds_total\{/m); // Node process metrics
      expect(text).not.toMatch(/^keeper_queue_/m); // defined, but never filled with a placeholder
      expect(await (await fetch(`${url}/status`)).json()).toEqual({ outcome: "sent", totalAssets: "1000000000000000000" });
      const page = await fetch(`${url}/`);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).not.toMatch(/https?:\/\/(?!127)/); // no CDN: every asset is served by the keeper
      for (const asset of [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!)) {
        expect((await fetch(`${url}${asset}`)).status, asset).toBe(200);
      }
      expect(await (await fetch(`${url}/vendor/uPlot.iife.min.js`)).text()).toMatch(/uPlot/);
      expect((await fetch(`${url}/nope`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("refuses a taken port naming server.port", async () => {
    const metrics = new KeeperMetrics({ processMetrics: false });
    const src = { health: () => healthy(true), status: () => ({}) };
    const first = await startServer("127.0.0.1", 0, metrics, src);
    const port = (first.address() as AddressInfo).port;
    try {
      await expect(startServer("127.0.0.1", port, metrics, src)).rejects.toThrow(`server.port: 127.0.0.1:${port} is already in use`);
    } finally {
      await new Promise((r) => first.close(r));
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

describe("guard reasons an operator can read", () => {
  it("gives a fair-rate drop's time as UTC with how long ago and how long it holds (was t=<unix seconds>)", () => {
    const now = 1_700_000_000; // 2023-11-14 22:13:20 UTC
    const history = [
      { timestamp: now - 7_200, fairRate: E },
      { timestamp: now - 5_400, fairRate: (E * 990n) / 1000n },
    ];
    const v = evaluateGuard(adapter(0), history, now, { depegBps: 200, dropBps: 50, cooldownSeconds: 86_400 });
    expect(v.reasons[0]).toBe("fair rate fell 100.00 bps at 2023-11-14 20:43 UTC (1h 30m ago; limit 50; held 1d)");
    expect([ago(12), ago(2_700), ago(90_000), ago(3 * 86_400)]).toEqual(["12s", "45m", "1d 1h", "3d"]);
  });
});
