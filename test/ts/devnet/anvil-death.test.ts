/**
 * The devnet notices anvil dying: startAnvil reports an exit it did not ask for, and `npm start` (manual
 * mode, keeper running) stops and exits non-zero naming anvil instead of running on against a dead RPC.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, startAnvil } from "../../../script/lib/anvil.js";
import { repoRoot } from "../../../script/lib/foundry.js";

describe("anvil dying", () => {
  it("startAnvil reports an exit it did not ask for, naming anvil, its pid, URL and signal; a stop() is not a death", async () => {
    const anvil = await startAnvil();
    process.kill(anvil.pid, "SIGKILL");
    expect(await anvil.died).toBe(`anvil (pid ${anvil.pid}, ${anvil.rpcUrl}) died unexpectedly (signal SIGKILL)`);
    await anvil.stop();

    const calm = await startAnvil();
    await calm.stop();
    const marker = Symbol("alive");
    expect(await Promise.race([calm.died, new Promise((r) => setImmediate(() => r(marker)))])).toBe(marker);
  });

  it("npm start -- --no-scenario exits 1 naming anvil when anvil is killed under the running keeper", async () => {
    const port = await freePort();
    const file = path.join(repoRoot, "deployments", `test-death-${port}.json`);
    try {
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string; pid: number }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", "script/devnet.ts", "--no-build", "--no-scenario", "--port", String(port), "--deployments", file, "--keeper-port", "0", "--app-port", "0", "--log-level", "silent"],
          { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
        );
        let stdout = "";
        let stderr = "";
        let pid = -1;
        child.stdout.on("data", (c: Buffer) => {
          stdout += c.toString();
          const m = /anvil: pid (\d+) on/.exec(stdout);
          if (pid === -1 && m !== null && stdout.includes("devnet up")) {
            pid = Number(m[1]);
            process.kill(pid, "SIGKILL");
          }
        });
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("error", reject);
        child.on("exit", (code) => resolve({ code, stdout, stderr, pid }));
      });
      expect(run.pid).toBeGreaterThan(0);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`devnet: anvil (pid ${run.pid}, http://127.0.0.1:${port}) died unexpectedly (signal SIGKILL)`);
      expect(run.stdout).toContain("devnet: keeper stopped");
    } finally {
      for (const suffix of [".json", ".keeper.json", ".keeper.sqlite", ".keeper.sqlite-wal", ".keeper.sqlite-shm"]) rmSync(file.replace(/\.json$/, suffix), { force: true });
    }
  });
});
