/**
 * keeper CLI (`npx lrt-keeper <command>`, `npm run keeper -- <command>`; every command has --help):
 *   run    [--config FILE] [--dry-run]   scheduled cycles and reports; status page, /status, /health, /metrics
 *   once   [--config FILE] [--dry-run]   one cycle; --dry-run prints the plan and sends nothing
 *   status [--config FILE]               the vault, its adapters and tiers, the keeper account, last transactions
 * The config file defaults to $KEEPER_CONFIG, then ./keeper.config.json. Exit codes (runtime/exit.ts): 0 done,
 * 1 a cycle failed, 2 bad config/key/arguments, 3 RPC unreachable, 4 the chain does not match the config.
 * Arguments are parsed by commander: per-command help, and errors that name the bad option.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Command, CommanderError, Option } from "commander";
import type { Address } from "viem";
import type { LocalAccount } from "viem/accounts";
import { ConfigError, loadConfig } from "./config/load.js";
import { loadAccount, SECRET_ENV } from "./config/key.js";
import { remoteSignerAccount } from "./chain/signer.js";
import { scrubEnvironment } from "./runtime/environ.js";
import type { KeeperConfig } from "./config/schema.js";
import { readOps, type OpsReading } from "./chain/ops.js";
import { describeError } from "./chain/rpc.js";
import { observe, runCycle } from "./cycle.js";
import { buildDeps, EXIT, StartError, startKeeper, type KeeperDeps } from "./runtime.js";
import { exposureStatus, formatEth, formatPlan, formatStatus } from "./status.js";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

interface Args {
  command: "run" | "once" | "status";
  configPath: string;
  dryRun: boolean;
}

/** --help or --version was asked for: `text` is what commander printed; exit 0. */
class HelpShown extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

function program(env: NodeJS.ProcessEnv, captured: { out: string; err: string }): Command {
  const defaultConfig = env.KEEPER_CONFIG ?? "keeper.config.json";
  const config = () =>
    new Option("-c, --config <file>", "keeper config (JSON); env KEEPER_* variables override its fields").default(
      defaultConfig,
      env.KEEPER_CONFIG === undefined ? "./keeper.config.json, or $KEEPER_CONFIG" : "$KEEPER_CONFIG",
    );
  const root = new Command("lrt-keeper")
    .description("Keeper of the LRT vault: rebalances by measured yield and risk tier, reports, serves a status page.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => (captured.out += s), writeErr: (s) => (captured.err += s) })
    .showSuggestionAfterError()
    .addHelpText(
      "after",
      "\nExit codes: 0 done or stopped, 1 a cycle failed, 2 bad config/key/arguments, 3 RPC unreachable, " +
        "4 the chain does not match the config (chain id, contracts, ALLOCATOR_ROLE, server.port taken).",
    );
  root
    .command("run")
    .description("Run cycles and reports on their cron schedules; serve /, /status, /health and /metrics. SIGINT/SIGTERM stop it.")
    .addOption(config())
    .option("--dry-run", "plan and simulate, send nothing", false);
  root
    .command("once")
    .description("Run one cycle and print the plan and its outcome; exits 1 when the plan is rejected or stuck.")
    .addOption(config())
    .option("--dry-run", "print the plan, send nothing", false);
  root
    .command("status")
    .description("Print the vault (share price, idle, reserve, tiers, adapters), the keeper account and the last transactions.")
    .addOption(config());
  return root;
}

/** Parses argv into what to do; throws HelpShown for --help, an Error naming the problem otherwise. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Args {
  const captured = { out: "", err: "" };
  const root = program(env, captured);
  let parsed: Args | null = null;
  for (const cmd of root.commands) {
    cmd.exitOverride().action((opts: { config: string; dryRun?: boolean }) => {
      parsed = { command: cmd.name() as Args["command"], configPath: opts.config, dryRun: opts.dryRun ?? false };
    });
  }
  try {
    root.parse([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") throw new HelpShown(captured.out.trimEnd());
      // No command given: commander printed the help to stderr and asks for exit 1.
      if (err.code === "commander.help") throw new Error(`missing command\n${captured.err.trimEnd()}`);
      throw new Error(`${captured.err.trim().replace(/^error: /, "")}\nrun "lrt-keeper --help" for the commands, "lrt-keeper <command> --help" for their options`);
    }
    throw err;
  }
  if (parsed === null) throw new Error(`missing command\n${root.helpInformation().trimEnd()}`);
  return parsed;
}

function accountFor(args: Args, config: KeeperConfig, env: NodeJS.ProcessEnv): LocalAccount | undefined {
  try {
    if (config.signer !== undefined) return remoteSignerAccount({ ...config.signer, timeoutMs: config.rpc.timeoutMs });
    return loadAccount(env, config.keystore);
  } catch (err) {
    // A dry run plans without a key (gas is then estimated per move), status reads only; a real run cannot.
    if ((args.dryRun || args.command === "status") && /no signing key/.test((err as Error).message)) return undefined;
    throw err;
  } finally {
    clearSecrets(env);
  }
}

/**
 * Once the key is loaded its variables leave the process, when `env` is this process's own environment: from
 * process.env and from /proc/<pid>/environ (runtime/environ.ts). An env object of a caller's (tests) is its own.
 */
function clearSecrets(env: NodeJS.ProcessEnv): void {
  if (env === process.env) scrubEnvironment(SECRET_ENV);
}

/** A start failure as one line and its exit code: StartError's own, an RPC failure 3, anything else 1. */
function startFailure(err: unknown, config: KeeperConfig): { line: string; code: number } {
  if (err instanceof StartError) return { line: err.message, code: err.exitCode };
  return { line: describeError(err, config.rpcUrl), code: EXIT.failed };
}

/** Runs the CLI; resolves to the process exit code (`run` resolves only when stopped). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args;
  let config: KeeperConfig;
  let account: LocalAccount | undefined;
  try {
    args = parseArgs(argv, io.env);
  } catch (err) {
    if (err instanceof HelpShown) {
      io.out(err.text);
      return EXIT.ok;
    }
    io.err(`keeper: ${(err as Error).message}`);
    return EXIT.config;
  }
  try {
    config = loadConfig(args.configPath, io.env);
    account = accountFor(args, config, io.env);
  } catch (err) {
    io.err(err instanceof ConfigError ? err.message : `keeper: ${(err as Error).message}`);
    return EXIT.config;
  }

  let deps: KeeperDeps;
  try {
    // status is read-only: it shows the account but needs no role, so the role check is skipped for it.
    deps = await buildDeps(config, { account: args.command === "status" ? undefined : account });
  } catch (err) {
    const f = startFailure(err, config);
    io.err(`keeper: ${f.line}`);
    return f.code;
  }

  if (args.command === "status") {
    try {
      const { state, adapters, exposure } = await observe(deps, { record: false });
      const risk = exposure === undefined ? undefined : exposureStatus(exposure, adapters, deps.store.avsEvents(5));
      let ops: OpsReading | null = null;
      try {
        ops = await readOps(deps.client, config.vault, deps.preflight.vault.priceFeed, account?.address as Address | undefined);
      } catch (err) {
        io.err(`keeper status: operator reads failed (${describeError(err, config.rpcUrl)}): share price and account not shown`);
      }
      io.out(
        formatStatus(state, adapters, deps.store.transactions(10), {
          ops,
          account: account?.address ?? null,
          lastReportTx: deps.store.lastWith("report", "confirmed")?.txHash ?? null,
          risk,
        }),
      );
      return EXIT.ok;
    } catch (err) {
      io.err(`keeper status: ${describeError(err, config.rpcUrl)}`);
      return EXIT.failed;
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
          (result.outcome === "sent" ? ", confirmed" : "") +
          (result.decision === undefined ? "" : ` (${result.decision.reason})`) +
          (result.error === undefined ? "" : ` (${result.error.errorName ?? result.error.message})`) +
          (result.txHash === undefined ? "" : ` tx ${result.txHash}`),
      );
      return result.outcome === "rejected" || result.outcome === "stuck" ? EXIT.failed : EXIT.ok;
    } catch (err) {
      io.err(`keeper once: ${describeError(err, config.rpcUrl)}`);
      return EXIT.failed;
    } finally {
      deps.store.close();
    }
  }

  // The signal handlers go in before anything is scheduled, so a SIGTERM during the start stops it too.
  let stopRequested: (() => void) | null = null;
  const stopped = new Promise<void>((resolveStop) => (stopRequested = resolveStop));
  const onSignal = () => stopRequested?.();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    let keeper;
    try {
      keeper = await startKeeper(deps, { dryRun: args.dryRun });
    } catch (err) {
      deps.store.close();
      const f = startFailure(err, config);
      io.err(`keeper: ${f.line}`);
      return f.code;
    }
    await stopped;
    await keeper.stop();
    return EXIT.ok;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
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
      process.exitCode = EXIT.failed;
    },
  );
}
