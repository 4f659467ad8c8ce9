/**
 * keeper CLI (run with tsx):
 *   keeper run    [--config FILE] [--dry-run]   scheduled cycles and reports, health/metrics server
 *   keeper once   [--config FILE] [--dry-run]   one cycle; --dry-run prints the plan and sends nothing
 *   keeper status [--config FILE]               allocations, APYs (base + extras), reserve, last actions
 * The config file defaults to $KEEPER_CONFIG, then ./keeper.config.json. Exit codes: 0 done,
 * 1 a cycle failed, 2 bad config, key or arguments (nothing was sent).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { PrivateKeyAccount } from "viem/accounts";
import { ConfigError, loadConfig } from "./config/load.js";
import { loadAccount } from "./config/key.js";
import type { KeeperConfig } from "./config/schema.js";
import { observe, runCycle } from "./cycle.js";
import { buildDeps, startKeeper } from "./runtime.js";
import { exposureStatus, formatEth, formatPlan, formatStatus } from "./status.js";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const USAGE = "usage: keeper <run|once|status> [--config FILE] [--dry-run]";

interface Args {
  command: "run" | "once" | "status";
  configPath: string;
  dryRun: boolean;
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Args {
  const [command, ...rest] = argv;
  if (command !== "run" && command !== "once" && command !== "status") {
    throw new Error(command === undefined ? `missing command\n${USAGE}` : `unknown command "${command}"\n${USAGE}`);
  }
  let configPath = env.KEEPER_CONFIG ?? "keeper.config.json";
  let dryRun = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--dry-run" && command !== "status") dryRun = true;
    else if (arg === "--config" && rest[i + 1] !== undefined) configPath = rest[++i]!;
    else if (arg.startsWith("--config=")) configPath = arg.slice("--config=".length);
    else throw new Error(`unknown argument "${arg}" for ${command}\n${USAGE}`);
  }
  return { command, configPath, dryRun };
}

function accountFor(args: Args, config: KeeperConfig, env: NodeJS.ProcessEnv): PrivateKeyAccount | undefined {
  if (args.command === "status") return undefined;
  try {
    return loadAccount(env, config.keystore);
  } catch (err) {
    // A dry run can plan without a key (gas is then estimated per move); a real run cannot.
    if (args.dryRun && /no signing key/.test((err as Error).message)) return undefined;
    throw err;
  }
}

/** Runs the CLI; resolves to the process exit code (`run` resolves only when stopped). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args;
  let config: KeeperConfig;
  let account: PrivateKeyAccount | undefined;
  try {
    args = parseArgs(argv, io.env);
    config = loadConfig(args.configPath, io.env);
    account = accountFor(args, config, io.env);
  } catch (err) {
    io.err(err instanceof ConfigError ? err.message : `keeper: ${(err as Error).message}`);
    return 2;
  }

  let deps;
  try {
    deps = await buildDeps(config, { account });
  } catch (err) {
    io.err(`keeper: ${(err as Error).message}`);
    return 2;
  }

  if (args.command === "status") {
    try {
      const { state, adapters, exposure } = await observe(deps, { record: false });
      const risk = exposure === undefined ? undefined : exposureStatus(exposure, adapters, deps.store.avsEvents(5));
      io.out(formatStatus(state, adapters, deps.store.lastActions(10), risk));
      return 0;
    } catch (err) {
      io.err(`keeper status: ${(err as Error).message}`);
      return 1;
    } finally {
      deps.store.close();
    }
  }

  if (args.command === "once") {
    try {
      const result = await runCycle(deps, { dryRun: args.dryRun });
      for (const e of result.exits) {
        const name = result.adapters.find((a) => a.address === e.adapter)?.name ?? e.adapter;
        io.out(`${e.kind} ${name} ${formatEth(e.assets)} ETH: ${e.status}${e.txHash === undefined ? "" : ` tx ${e.txHash}`}`);
      }
      io.out(formatPlan(result.plan, result.adapters, result.state));
      io.out(
        `outcome: ${result.outcome}` +
          (result.decision === undefined ? "" : ` (${result.decision.reason})`) +
          (result.error === undefined ? "" : ` (${result.error.errorName ?? result.error.message})`) +
          (result.txHash === undefined ? "" : ` tx ${result.txHash}`),
      );
      return result.outcome === "rejected" || result.outcome === "stuck" ? 1 : 0;
    } catch (err) {
      io.err(`keeper once: ${(err as Error).message}`);
      return 1;
    } finally {
      deps.store.close();
    }
  }

  const keeper = await startKeeper(deps, { dryRun: args.dryRun });
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      keeper.stop().then(resolveStop, resolveStop);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`keeper: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
