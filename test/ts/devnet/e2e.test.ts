/**
 * End to end: the main job `npm start` runs (runDevnet), on a fresh anvil with its own port and its own
 * deployments file, asserted on its outcome; then the loud failures of the CLI and the manual mode's
 * deposit-and-stop path. Needs the forge artifacts (npm test runs forge first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { createPublicClient, createWalletClient, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lrtVaultAbi } from "../../../keeper/chain/abis.generated.js";
import { parseDevnetArgs, runDevnet, type DevnetResult } from "../../../script/devnet.js";
import { ANVIL_KEYS, assertPortFree, freePort } from "../../../script/lib/anvil.js";
import { readDeployment } from "../../../script/lib/deploy.js";
import { repoRoot } from "../../../script/lib/foundry.js";
import type { StepRecord } from "../../../script/scenario/scenario.js";

const deploymentsFile = (port: number) => path.join(repoRoot, "deployments", `test-e2e-${port}.json`);

function cleanUp(port: number): void {
  for (const suffix of [".json", ".keeper.json", ".keeper.sqlite", ".keeper.sqlite-wal", ".keeper.sqlite-shm"]) {
    rmSync(deploymentsFile(port).replace(/\.json$/, suffix), { force: true });
  }
}

/** Command lines of every process: /proc on Linux (no dependency on a ps binary), else `ps`. */
async function commandLines(): Promise<string[]> {
  if (existsSync("/proc/self/cmdline")) {
    return readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .map((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
        } catch {
          return ""; // the process ended meanwhile
        }
      });
  }
  const ps = await new Promise<string>((resolve, reject) => {
    const child = spawn("ps", ["-eo", "args"], { stdio: ["ignore", "pipe", "ignore"] });
    let text = "";
    child.stdout.on("data", (c: Buffer) => (text += c.toString()));
    child.on("error", reject);
    child.on("exit", () => resolve(text));
  });
  return ps.split("\n");
}

/** Anvil processes started with `--port <port>` (an orphan would show here). */
async function anvilsOnPort(port: number): Promise<string[]> {
  return (await commandLines()).filter((line) => /anvil/.test(line) && line.includes(`--port ${port} `));
}

/**
 * Runs the CLI as `npm start` does (node --import tsx script/devnet.ts), without building. `onStdout` sees the output so far
 * each time more arrives, with the child, to interact with it (send a signal).
 */
async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStdout?: (text: string, child: ChildProcess) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // As `npm start` runs it: one node process with tsx's loader (no tsx CLI wrapper relaying signals).
    const child = spawn(process.execPath, ["--import", "tsx", "script/devnet.ts", "--no-build", ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

function step(result: DevnetResult, marks: NonNullable<StepRecord["marks"]>): StepRecord {
  const found = result.summary?.steps.find((s) => s.marks === marks);
  if (found === undefined) throw new Error(`the scenario has no step marked ${marks}`);
  return found;
}

describe("npm start: the scenario on a fresh devnet", () => {
  let port: number;
  let result: DevnetResult;
  const lines: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    result = await runDevnet({ port, build: false, outFile: deploymentsFile(port), out: (l) => lines.push(l), env: {}, logLevel: "silent" });
  });
  afterAll(() => cleanUp(port));

  it("writes the deployment, prints progress and the summary table, and stops anvil", async () => {
    expect(result.deployment.chainId).toBe(31337);
    expect(lines.some((l) => l.startsWith("[day 3]"))).toBe(true);
    const printed = lines.join("\n").split("\n");
    expect(printed.some((l) => l.startsWith("step ") && l.includes("price/share"))).toBe(true);
    expect(printed.some((l) => l.startsWith("alice ") && l.includes("40.0000"))).toBe(true);
    // The summary (the README's quick-start sample) fits 120 columns.
    const summary = printed.slice(printed.findIndex((l) => l.startsWith("Allocations, idle, reserve and junior")));
    expect(summary.length).toBeGreaterThan(40);
    expect(summary.filter((l) => l.length > 120)).toEqual([]);
    expect(lines.at(-1)).toBe("anvil: stopped");
    await expect(assertPortFree(port)).resolves.toBeUndefined();
  });

  it("moves funds to the higher-yield LRT after yields drift (ether.fi down, Puffer up)", () => {
    const move = step(result, "move");
    expect(step(result, "drift").cycle.bestYield).toMatch(/^ezETH /);
    expect(move.cycle.bestYield).toMatch(/^pufETH /);
    expect(move.cycle.outcome).toBe("sent");
    expect(move.beforeReport.allocations.puffer).toBe(0n);
    expect(move.afterCycle.allocations.puffer).toBeGreaterThan(parseEther("40"));
    expect(move.afterCycle.allocations.etherfi).toBeLessThan(move.beforeReport.allocations.etherfi);
  });

  it("takes a slash out of the insurance reserve before depositors: reserve shares down, share price not down", () => {
    const slash = step(result, "slash");
    expect(slash.report.loss).toBeGreaterThan(0n);
    expect(slash.report.coveredByReserve).toBe(slash.report.loss);
    expect(slash.report.priceLoss).toBe(0n);
    expect(slash.afterReport.reserveShares).toBeLessThan(slash.beforeReport.reserveShares);
    expect(slash.afterReport.pricePerShare).toBeGreaterThanOrEqual(slash.beforeReport.pricePerShare);
  });

  it("holds pufETH after its 2 % slash: the guard proposes no exit, the weighing in its reasons (no panic round trip)", () => {
    const slash = step(result, "slash");
    const reasons = slash.cycle.guarded.find((g) => g.startsWith("pufETH: "));
    expect(reasons).toMatch(/fair rate fell (19|20)\d\.\d\d bps.*after the drop, hold: expected further loss 0\.0 bps .* no forward-risk signal/);
    // (what the cycle then sells, if anything, is the optimiser's rebalancing under the rules, not the guard's exit)
  });

  it("sells nothing into ezETH's 0.22 hour (the 24 April 2024 low): its exit is already queued at the fair rate", () => {
    const low = step(result, "depeg-low");
    expect(low.cycle.moves.filter((m) => m.endsWith(" ezETH"))).toEqual([]);
    expect(low.cycle.exits.filter((e) => e.startsWith("requestExit"))).toEqual([]);
    expect(low.cycle.guarded.some((g) => /^ezETH: depeg: market 7\d{3}\.\d\d bps below fair/.test(g))).toBe(true);
    expect(low.afterCycle.pricePerShare).toBeGreaterThanOrEqual(low.beforeReport.pricePerShare);
  });

  it("queues the depegged LRT's exit at the first sign (not sold at the depegged price), once, and adds nothing through the trough", () => {
    const start = step(result, "depeg-start");
    const trough = step(result, "depeg-trough");
    expect(start.beforeReport.allocations.renzo).toBeGreaterThan(0n);
    expect(start.cycle.exits).toHaveLength(1);
    expect(start.cycle.exits[0]).toMatch(/^requestExit [\d.]+ ezETH confirmed$/);
    expect(start.cycle.moves.some((m) => m.endsWith(" ezETH"))).toBe(false);
    // The queued value is booked at the fair rate: no loss realised, the recorded allocation does not grow.
    expect(start.afterCycle.allocations.renzo).toBeLessThanOrEqual(start.afterReport.allocations.renzo);
    expect(trough.cycle.exits.filter((e) => e.startsWith("requestExit"))).toEqual([]);
    // (a report revalues the queued part at the fair rate; the keeper itself puts nothing in)
    expect(trough.afterCycle.allocations.renzo).toBeLessThanOrEqual(trough.afterReport.allocations.renzo);
  });

  it("restores the buffer floor after Bob's withdrawal from a healthy LRT, though the queued ezETH exit keeps its tier over the cap", () => {
    const withdrawal = step(result, "withdrawal");
    // Deploy.s.sol sets a 5 % buffer floor; the keeper's default forceToleranceBps is 50.
    const floorBps = 500n;
    const toleranceBps = 50n;
    const { idle, totalAssets } = withdrawal.afterReport;
    // The withdrawal drained the buffer well beyond the tolerance ...
    expect(idle * 10_000n).toBeLessThan(totalAssets * (floorBps - toleranceBps));
    // ... and the queued ezETH exit is still there, so the rules cannot all be restored.
    expect(withdrawal.afterCycle.allocations.renzo).toBeGreaterThan(0n);
    expect(withdrawal.cycle.outcome).toBe("sent");
    const after = withdrawal.afterCycle;
    expect(after.idle * 10_000n).toBeGreaterThanOrEqual(after.totalAssets * (floorBps - toleranceBps));
    // ... from the healthy LRTs (which one depends on the path: the one the optimiser gives up least yield on).
    const healthy = (x: typeof after) => x.allocations.etherfi + x.allocations.kelp + x.allocations.puffer + x.allocations.swell;
    expect(healthy(after)).toBeLessThan(healthy(withdrawal.afterReport));
  });

  it("pays a withdrawal of about 40 % of the vault, beyond the buffer, through the queue: protocol exits queued, fulfilled when they land, claimed", () => {
    const summary = result.summary!;
    const request = step(result, "queue-request");
    const [r] = summary.redemptions;
    expect(r).toBeDefined();
    expect(r!.who).toBe("alice");
    expect(r!.shareOfVault).toBeGreaterThan(0.3);
    expect(r!.owed).toBeGreaterThan(request.beforeReport.idle * 3n);
    // The keeper chose the protocol queues (fair rate, no price impact) and sent the exits in the same cycle.
    expect(r!.route).toBe("queue");
    expect(r!.exits.some((e) => e.startsWith("requestExit ") && e.endsWith(" confirmed"))).toBe(true);
    expect(request.cycle.queue?.owed).toBe(r!.owed);
    // Fulfilled in the step after the slowest chosen protocol exit landed (at most Puffer's 14 days), before the
    // 15-day due time, and when the keeper said it would be (within the scenario's step).
    expect(r!.fulfilledAt).not.toBeNull();
    expect(r!.fulfilledAt! - r!.requestedAt).toBeLessThanOrEqual(BigInt(14 * 86_400 + 2 * 3_600));
    expect(r!.fulfilledAt!).toBeLessThan(r!.dueAt);
    expect(r!.expectedFulfilAt).not.toBeNull();
    expect(r!.fulfilledAt! - r!.expectedFulfilAt!).toBeLessThanOrEqual(BigInt(2 * 3_600));
    expect(step(result, "queue-claim").cycle.queue?.txs.some((t) => t === "fulfil 1 confirmed")).toBe(true);
    // Paid min(value at request, value now): the share price did not fall, so her whole value at request.
    expect(r!.paid).toBe(r!.owed);
    const printed = lines.join("\n");
    expect(printed).toMatch(/redemption queue: alice #1 queued \d+\.\d+ ETH \(\d+\.\d % of the vault\); keeper route queue/);
  });

  it("books a loss Kelp's stored rate does not show yet, from Kelp's own totals, before anyone updates the rate", () => {
    const stale = step(result, "stale-rate");
    const m = stale.events[0]!.match(/^rsETH loses 3\.00 %: Kelp's stored rate still ([\d.]+), the adapter reads ([\d.]+) from Kelp's totals$/);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeLessThan(Number(m![1]) * 0.975);
    expect(stale.beforeReport.allocations.kelp).toBeGreaterThan(0n);
    // the vault recognised it first: the report took the loss (reserve first) while rsETHPrice had not moved
    expect(stale.report.loss).toBeGreaterThan(0n);
    expect(stale.report.coveredByReserve).toBe(stale.report.loss);
    expect(stale.report.priceLoss).toBe(0n);
  });

  it("one EigenDA slash hits several LRTs in one block; the next cycle records it as one AVS event; the reserve pays first, then junior capital", () => {
    const avs = step(result, "avs-slash");
    expect(avs.events[0]).toMatch(/^EigenDA slashes its operators 5\.00 %: weETH -1\.9\d %, ezETH -1\.5\d %, rsETH -0\.4\d %, pufETH -1\.6\d %$/);
    expect(avs.cycle.avsEvents).toHaveLength(1);
    const [event] = avs.cycle.avsEvents;
    expect(event).toMatch(/^EigenDA: /);
    expect(event!.split(", ").length).toBeGreaterThanOrEqual(3);
    // the vault held some of the hit LRTs: the report books the loss; what is left of the reserve pays first, then
    // Dave's junior capital, and nothing reaches the share price
    expect(avs.report.loss).toBeGreaterThan(0n);
    // (junior capital pays only once the reserve is spent: how much is left of it by day 8 depends on the path,
    // e.g. whether the keeper sold after Puffer's slash)
    expect(avs.report.coveredByReserve).toBeGreaterThan(0n);
    expect(avs.report.coveredByReserve + avs.report.coveredByJunior).toBe(avs.report.loss);
    expect(avs.report.priceLoss).toBe(0n);
    if (avs.report.coveredByJunior > 0n) expect(avs.afterReport.reserveAssets).toBeLessThan(parseEther("0.001"));
    else expect(avs.report.coveredByReserve).toBe(avs.report.loss);
    // junior capital fell by what it paid (to a micro-ETH: its shares are valued at the price of each snapshot)
    const juniorFell = avs.beforeReport.juniorAssets - avs.afterReport.juniorAssets;
    expect(juniorFell > avs.report.coveredByJunior ? juniorFell - avs.report.coveredByJunior : avs.report.coveredByJunior - juniorFell).toBeLessThan(10n ** 12n);
    expect(lines.join("\n")).toMatch(/by layer: reserve paid \d+\.\d+, junior capital paid \d+\.\d+, share price took 0\.0000/);
  });

  it("never lowers the share price and never sends a plan that reverts", () => {
    const summary = result.summary!;
    let price = summary.start.pricePerShare;
    for (const s of summary.steps) {
      for (const snap of [s.beforeReport, s.afterReport, s.afterCycle]) {
        expect(snap.pricePerShare).toBeGreaterThanOrEqual(price);
        price = snap.pricePerShare;
      }
      expect(["rejected", "stuck"]).not.toContain(s.cycle.outcome);
    }
  });

  it("redeems every depositor at the end for at least what they put in, less any loss the reserve did not cover", () => {
    const summary = result.summary!;
    expect(summary.depositors.map((d) => d.name)).toEqual(["alice", "bob", "carol"]);
    expect(summary.losses.total).toBeGreaterThan(0n);
    for (const d of summary.depositors) {
      expect(d.deposited).toBeGreaterThan(0n);
      // Alice left through the redemption queue before the end; the others redeem at the end.
      if (d.name === "alice") expect(d.redeemedAtEnd).toBe(0n);
      else expect(d.redeemedAtEnd).toBeGreaterThan(0n);
      expect(d.received).toBeGreaterThanOrEqual(d.deposited - summary.losses.priceLoss);
    }
    // The junior depositor left after the notice with his capital less what he paid for the slash, plus his premium.
    expect(summary.junior.deposited).toBe(parseEther("10"));
    expect(summary.junior.received).toBeGreaterThan(summary.junior.deposited - summary.losses.coveredByJunior);
    // A claim pays min(value at request, value at claim): what the layer earned during Dave's notice stays in the
    // tranche for whoever joins next (as the queue's surplus stays with those who stay). With no junior holder left
    // that is a dust of premium, not anyone's capital.
    expect(summary.end.juniorAssets).toBeLessThan(parseEther("0.001"));
    // Only the reserve and the fee recipient are left in the vault.
    expect(summary.end.totalAssets - summary.end.reserveAssets).toBeLessThan(parseEther("0.1"));
  });
});

describe("npm start: loud failures leave no anvil behind", () => {
  it("exits non-zero naming the port when the port is taken", async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const run = await runCli(["--port", String(port)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(await anvilsOnPort(port)).toEqual([]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  /** Runs the CLI on a free port with `env`, expects exit 1 with `message` on stderr and anvil gone. */
  async function failsAfterAnvilStarted(env: NodeJS.ProcessEnv, message: string): Promise<void> {
    const port = await freePort();
    try {
      const run = await runCli(["--port", String(port), "--deployments", deploymentsFile(port)], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toContain("anvil: stopped");
      await expect(assertPortFree(port)).resolves.toBeUndefined();
      expect(await anvilsOnPort(port)).toEqual([]);
    } finally {
      cleanUp(port);
    }
  }

  it("exits non-zero with forge's message when the deploy script fails, and stops anvil", async () => {
    // A reserve seed beyond the deployer's 1,000,000 ETH: the script's WETH deposit cannot be paid.
    await failsAfterAnvilStarted({ RESERVE_SEED_ETH: "5000000" }, "deploy script (forge script) against");
  });

  it("exits non-zero naming the bad keeper config field, and stops anvil", async () => {
    await failsAfterAnvilStarted({ KEEPER_CYCLE_CRON: "every tuesday" }, "schedule.cycle (from KEEPER_CYCLE_CRON)");
  });

  it("stops keeper and anvil on Ctrl-C mid-scenario and exits 130", async () => {
    const port = await freePort();
    let interrupted = false;
    try {
      const run = await runCli(["--port", String(port), "--deployments", deploymentsFile(port)], {}, (stdout, child) => {
        if (interrupted || !stdout.includes("[day 1]")) return;
        interrupted = true;
        child.kill("SIGINT");
      });
      expect(interrupted).toBe(true);
      expect(run.code).toBe(130);
      expect(run.stderr).toContain("devnet: interrupted (scenario interrupted before");
      expect(run.stdout).not.toContain("[day 8]");
      expect(run.stdout.trimEnd().endsWith("anvil: stopped")).toBe(true);
      await expect(assertPortFree(port)).resolves.toBeUndefined();
      expect(await anvilsOnPort(port)).toEqual([]);
    } finally {
      cleanUp(port);
    }
  });

  it("refuses an unknown argument or a bad value with the usage, before starting anything", () => {
    expect(() => parseDevnetArgs(["--scenario-of-doom"], {})).toThrow(/unknown argument "--scenario-of-doom"[\s\S]*usage: npm start/);
    expect(() => parseDevnetArgs(["--port", "eighty"], {})).toThrow('--port needs a whole number, got "eighty"');
    expect(() => parseDevnetArgs(["--port", "70000"], {})).toThrow("--port must be in 0..65535, got 70000");
    expect(() => parseDevnetArgs([], { DEVNET_PORT: "x" })).toThrow("DEVNET_PORT needs a whole number");
    expect(parseDevnetArgs(["--no-scenario", "--port=9545", "--log-level", "debug"], {})).toEqual({ scenario: false, port: 9545, logLevel: "debug" });
  });
});

describe("npm start -- --no-scenario: manual use", () => {
  it("takes a deposit made with viem from an anvil account into the keeper's next cycle; Ctrl-C stops keeper and anvil", async () => {
    const port = await freePort();
    const rpcUrl = `http://127.0.0.1:${port}`;
    const client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 });
    const wallet = createWalletClient({ account: privateKeyToAccount(ANVIL_KEYS[7]), transport: http(rpcUrl) });
    let idleAfterDeposit = -1n;
    let idleAfterCycle = -1n;
    let userError: unknown = null;
    let started = false;

    /** Deposits 10 ETH once the devnet is up, waits for the keeper to place it, then presses Ctrl-C. */
    const depositThenInterrupt = async (child: ChildProcess) => {
      try {
        const { vault } = readDeployment(deploymentsFile(port));
        const hash = await wallet.writeContract({
          chain: null,
          address: vault,
          abi: lrtVaultAbi,
          functionName: "depositETH",
          args: [wallet.account.address, 0n],
          value: parseEther("10"),
        });
        await client.waitForTransactionReceipt({ hash });
        idleAfterDeposit = await client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "idleAssets" });
        idleAfterCycle = idleAfterDeposit;
        const deadline = Date.now() + 60_000;
        while (idleAfterCycle === idleAfterDeposit && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          idleAfterCycle = await client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "idleAssets" });
        }
      } catch (err) {
        userError = err;
      } finally {
        child.kill("SIGINT");
      }
    };

    try {
      const run = await runCli(
        ["--no-scenario", "--port", String(port), "--deployments", deploymentsFile(port), "--keeper-port", "0", "--app-port", "0", "--log-level", "silent"],
        { KEEPER_CYCLE_CRON: "*/2 * * * * *" },
        (stdout, child) => {
          if (started || !stdout.includes("devnet up")) return;
          started = true;
          void depositThenInterrupt(child);
        },
      );
      expect(userError).toBeNull();
      expect(idleAfterDeposit).toBeGreaterThan(parseEther("10"));
      expect(idleAfterCycle).toBeLessThan(idleAfterDeposit);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("SIGINT: stopping the keeper and anvil");
      expect(run.stdout).toContain("devnet: keeper stopped");
      expect(run.stdout.trimEnd().endsWith("anvil: stopped")).toBe(true);
      await expect(assertPortFree(port)).resolves.toBeUndefined();
      expect(await anvilsOnPort(port)).toEqual([]);
    } finally {
      cleanUp(port);
    }
  });
});
