import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in script/lib/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export type FoundryTool = "forge" | "anvil" | "cast";

/**
 * Path of the native Foundry binary installed from npm (`@foundry-rs/<tool>-<platform>-<arch>`), the same file
 * `tools/foundry` execs. Never the `node_modules/.bin` wrapper: that Node wrapper (1.7.x) exits 0 whatever the
 * tool's status, and a signal sent to it does not reach the process holding anvil's port.
 */
export function foundryBinary(tool: FoundryTool): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const bin = path.join(repoRoot, "node_modules", "@foundry-rs", `${tool}-${process.platform}-${arch}`, "bin", tool);
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new Error(`${tool} is not installed: ${bin} is missing or not executable (run \`npm ci\` first)`);
  }
  return bin;
}

/** Result of a Foundry tool that exited 0: everything it printed (stdout and stderr, interleaved). */
export interface FoundryRun {
  output: string;
}

/**
 * Runs `tool args` from the repository root and resolves with its output when it exits 0; rejects with `what`, the
 * exit status (or the signal that ended it) and the output's tail otherwise, so no caller can mistake a failure.
 */
export function runFoundry(
  tool: FoundryTool,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; what?: string } = {},
): Promise<FoundryRun> {
  const what = options.what ?? `${tool} ${args.join(" ")}`;
  return new Promise((resolve, reject) => {
    const child = spawn(foundryBinary(tool), args, { cwd: repoRoot, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve({ output });
      else {
        const status = signal === null ? `exit ${code}` : `killed by ${signal}`;
        reject(new Error(`${what} failed (${status}):\n${output.slice(-4000)}`));
      }
    });
  });
}
