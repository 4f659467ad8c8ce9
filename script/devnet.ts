/**
 * `npm start`: the whole product on a local devnet.
 *
 *   forge build -> anvil on 127.0.0.1:8545 (chain 31337) -> script/Deploy.s.sol (WETH, simulated LRT
 *   protocols with feeds and pools, vault, adapters, timelock, roles) -> deployments/31337.json ->
 *   the keeper against it while the market scenario of script/scenario/steps.ts plays -> summary table.
 *
 * With --no-scenario the devnet stays up for manual use: the keeper runs on its cron schedule, the market
 * maker keeps feeds and pools fresh, the depositors' app (app/) is served at the URL it prints, and anyone can
 * deposit from the app with a wallet, or with cast or viem from anvil's accounts.
 * Ctrl-C stops the keeper and anvil. Every failure (port taken, deploy failure, bad keeper config) is a
 * clear message and a non-zero exit, and anvil is stopped on every path.
 *
 * `runDevnet(options)` is the importable main job; the CLI at the bottom is a thin wrapper around it and
 * the end-to-end test calls the same function.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { privateKeyToAccount } from "viem/accounts";
import { parseConfig, type KeeperConfig } from "../keeper/config/index.js";
import { observe, type CycleDeps } from "../keeper/cycle.js";
import { buildDeps, startKeeper } from "../keeper/runtime.js";
import { ANVIL_KEYS, assertPortFree, startAnvil, type Anvil } from "./lib/anvil.js";
import { appConfig, startAppServer, type AppServer } from "./lib/app.js";
import { deploy, devnetRiskConfig, PROTOCOL_EXIT_DELAY_DAYS, PROTOCOLS, type Deployment } from "./lib/deploy.js";
import { repoRoot, runFoundry } from "./lib/foundry.js";
import { MarketMaker } from "./scenario/marketMaker.js";
import { formatSummary, runScenario, type ScenarioSummary } from "./scenario/scenario.js";
import { LRT_NAMES, type Step } from "./scenario/steps.js";
import { ACCOUNT, World } from "./scenario/world.js";

export interface DevnetOptions {
  /** Port of anvil on 127.0.0.1 (default 8545; 0 picks a free one). */
  port?: number;
  chainId?: number;
  /** Play the market scenario and return its summary (default), or keep running for manual use until `signal`. */
  scenario?: boolean;
  /** Run `forge build` first (default true). */
  build?: boolean;
  /** Deployments JSON (default deployments/<chainId>.json). */
  outFile?: string;
  /** Keeper log level (JSON lines on stderr); default "error" with the scenario (its progress lines say what
   * the keeper did), "info" without. */
  logLevel?: KeeperConfig["logLevel"];
  /** Manual mode: the keeper's health/metrics/status server port (default 9464; 0 = disabled). */
  keeperPort?: number;
  /** Manual mode: the depositors' app (app/) port on 127.0.0.1 (default 4173; 0 = disabled). */
  appPort?: number;
  /** Manual mode: cron of keeper cycles (default every 30 s) and reports (default every 5 min). */
  cycleCron?: string;
  reportCron?: string;
  /** Manual mode: milliseconds between market-maker ticks (default 5000). */
  marketTickMs?: number;
  /** Environment laid over the keeper config (KEEPER_* overrides); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Stops manual mode, or the scenario between steps. */
  signal?: AbortSignal;
  /** Replaces the scenario's steps (tests). */
  steps?: readonly Step[];
  /** Human output (progress lines, the summary); default stdout. */
  out?: (line: string) => void;
}

export interface DevnetResult {
  deployment: Deployment;
  rpcUrl: string;
  /** Null in manual mode. */
  summary: ScenarioSummary | null;
}

/** Keeper config fields the devnet owns: an override from the environment would point the keeper elsewhere. */
/** The devnet's insurance reserve seed (ETH): small beside the scenario's junior capital (see scenario/steps.ts). */
export const DEVNET_RESERVE_SEED_ETH = "3";

const DEVNET_OWNED_ENV = ["KEEPER_RPC_URL", "KEEPER_CHAIN_ID", "KEEPER_VAULT", "KEEPER_LENS", "KEEPER_STORE_PATH"] as const;

/** Runs `forge build` in the repository; throws with forge's output when it fails. */
export async function forgeBuild(out: (line: string) => void): Promise<void> {
  out("forge build: compiling the contracts (cached: seconds when nothing changed; from scratch ~1-3 min with the WebAssembly compiler)");
  const started = Date.now();
  await runFoundry("forge", ["build"], { what: "forge build" });
  out(`forge build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The keeper's config for the devnet, validated by the keeper's own schema (env overrides on top). */
export function devnetKeeperConfig(
  deployment: Deployment,
  rpcUrl: string,
  options: { storePath: string; manual: boolean; logLevel: KeeperConfig["logLevel"]; keeperPort: number; cycleCron: string; reportCron: string; env: NodeJS.ProcessEnv },
): { config: KeeperConfig; raw: Record<string, unknown> } {
  const env: NodeJS.ProcessEnv = { ...options.env };
  for (const name of DEVNET_OWNED_ENV) delete env[name];
  const adapters: Record<string, { name: string; exitDelaySeconds: number }> = {};
  for (const protocol of PROTOCOLS) {
    adapters[deployment.adapters[protocol]] = { name: LRT_NAMES[protocol], exitDelaySeconds: PROTOCOL_EXIT_DELAY_DAYS[protocol] * 86_400 };
  }
  const raw = {
    rpcUrl,
    chainId: deployment.chainId,
    vault: deployment.vault,
    lens: deployment.lens,
    storePath: options.storePath,
    schedule: { cycle: options.cycleCron, report: options.reportCron },
    adapters,
    // Anvil mines at once: a short receipt timeout keeps receipt polling fast.
    tx: { receiptTimeoutMs: 5_000 },
    server: { enabled: options.manual && options.keeperPort !== 0, port: options.keeperPort === 0 ? 9464 : options.keeperPort },
    logLevel: options.logLevel,
    ...devnetRiskConfig(deployment),
  };
  return { config: parseConfig(raw, env, "devnet keeper config"), raw };
}

function manualHelp(rpcUrl: string, d: Deployment, keeperPort: number): string[] {
  const depositorKey = ANVIL_KEYS[4];
  return [
    "",
    `devnet up: RPC ${rpcUrl} (chain ${d.chainId}), vault ${d.vault}`,
    keeperPort === 0 ? "keeper: cron cycles, server disabled" : `keeper: cron cycles; health, metrics and status on http://127.0.0.1:${keeperPort}/`,
    "deposit 1 ETH from anvil account 4:",
    `  tools/cast send ${d.vault} "depositETH(address,uint256)" 0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 0 --value 1ether --private-key ${depositorKey} --rpc-url ${rpcUrl}`,
    "move time a day (the keeper measures yield from rate growth; the market maker refreshes feeds):",
    `  tools/cast rpc evm_increaseTime 86400 --rpc-url ${rpcUrl} && tools/cast rpc evm_mine --rpc-url ${rpcUrl}`,
    "Ctrl-C stops the keeper and anvil.",
  ];
}

/** Waits for `signal` to abort. */
function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** Chain time the manual mode moves before the keeper starts, in hops, so it has measured yields from the start. */
const WARM_UP_HOPS = 4;
const WARM_UP_HOP_SECONDS = 6 * 3_600;

async function runManual(
  world: World,
  deps: CycleDeps,
  options: DevnetOptions & { signal: AbortSignal },
  out: (line: string) => void,
  keeperPort: number,
): Promise<void> {
  const market = new MarketMaker(world);
  // Yield is measured from rate growth: give the keeper a day of rate samples so the first deposit is placed
  // by the next cycle instead of waiting an hour of chain time for a first estimate.
  out(`warm-up: ${(WARM_UP_HOPS * WARM_UP_HOP_SECONDS) / 3_600} h of chain time so the keeper has measured yields`);
  try {
    await market.tick();
    await observe(deps, { record: true });
    for (let hop = 0; hop < WARM_UP_HOPS; hop++) {
      await world.advanceTime(WARM_UP_HOP_SECONDS);
      await market.tick();
      await observe(deps, { record: true });
    }
  } catch (err) {
    // The keeper is not running yet, so nothing else closes its store.
    deps.store.close();
    throw err;
  }
  const keeper = await startKeeper(deps);
  let ticking: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (ticking !== null) return;
    ticking = market
      .tick()
      .then(() => undefined)
      .catch((err: unknown) => deps.log.error({ err: (err as Error).message }, "market maker tick failed"))
      .finally(() => {
        ticking = null;
      });
  }, options.marketTickMs ?? 5_000);
  let app: AppServer | null = null;
  try {
    const appPort = options.appPort ?? 4173;
    if (appPort !== 0) app = await startAppServer(appConfig(world.deployment, world.rpcUrl), appPort);
    for (const line of manualHelp(world.rpcUrl, world.deployment, keeperPort)) out(line);
    if (app !== null) out(`depositors' app: ${app.url} (any EIP-6963 wallet on chain ${world.deployment.chainId}, RPC ${world.rpcUrl})`);
    await untilAborted(options.signal);
  } finally {
    clearInterval(timer);
    await app?.close();
    await keeper.stop();
    if (ticking !== null) await ticking;
    out("devnet: keeper stopped");
  }
}

/**
 * The main job: build, start anvil, deploy, then play the scenario with the keeper (returns its summary)
 * or, with `scenario: false`, run the keeper and the market maker until `signal` aborts. Anvil is stopped
 * before this resolves or rejects.
 */
export async function runDevnet(options: DevnetOptions = {}): Promise<DevnetResult> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const chainId = options.chainId ?? 31337;
  const port = options.port ?? 8545;
  const manual = options.scenario === false;
  if (port !== 0) await assertPortFree(port);
  if (manual && (options.appPort ?? 4173) !== 0) await assertPortFree(options.appPort ?? 4173);
  if (options.build ?? true) await forgeBuild(out);

  out(`anvil: starting on 127.0.0.1:${port === 0 ? "(free port)" : port}, chain id ${chainId}`);
  const anvil: Anvil = await startAnvil({ port, chainId });
  out(`anvil: pid ${anvil.pid} on ${anvil.rpcUrl}`);
  // anvil dying (killed, crashed) stops the scenario or the manual session like Ctrl-C does, and the devnet
  // then fails naming anvil instead of reporting whatever RPC error the keeper met next.
  let anvilDeath: string | null = null;
  const died = new AbortController();
  void anvil.died.then((why) => {
    anvilDeath = why;
    died.abort();
  });
  const signal = options.signal === undefined ? died.signal : AbortSignal.any([options.signal, died.signal]);
  const named = (err: unknown): Error => (anvilDeath !== null ? new Error(anvilDeath) : (err as Error));
  try {
    const outFile = options.outFile ?? path.join(repoRoot, "deployments", `${chainId}.json`);
    out(`deploy: script/Deploy.s.sol -> ${path.relative(repoRoot, outFile)}`);
    // A small reserve (3 ETH unless RESERVE_SEED_ETH says otherwise) beside the junior tranche the scenario funds:
    // the day-8 slash then burns the reserve first and junior capital next.
    const seed = process.env.RESERVE_SEED_ETH === undefined ? { RESERVE_SEED_ETH: DEVNET_RESERVE_SEED_ETH } : undefined;
    const deployment = await deploy({ rpcUrl: anvil.rpcUrl, outFile, env: seed });
    out(`deploy: vault ${deployment.vault}, ${PROTOCOLS.length} adapters, timelock ${deployment.timelock}`);

    const keeperPort = options.keeperPort ?? 9464;
    // Scenario: an in-memory store. Manual use: a file next to the deployment, so `keeper status` can read it.
    const store = manual ? outFile.replace(/\.json$/, ".keeper.sqlite") : ":memory:";
    if (manual) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${store}${suffix}`, { force: true });
    const { config, raw } = devnetKeeperConfig(deployment, anvil.rpcUrl, {
      storePath: store,
      manual,
      logLevel: options.logLevel ?? (manual ? "info" : "error"),
      keeperPort,
      cycleCron: options.cycleCron ?? "*/30 * * * * *",
      reportCron: options.reportCron ?? "*/5 * * * *",
      env: options.env ?? process.env,
    });
    if (manual) {
      const configFile = outFile.replace(/\.json$/, ".keeper.json");
      writeFileSync(configFile, `${JSON.stringify({ ...raw, server: { enabled: false } }, null, 2)}\n`);
      out(`keeper config: ${path.relative(repoRoot, configFile)} (keeper status: KEEPER_CONFIG=${path.relative(repoRoot, configFile)} npx lrt-keeper status)`);
    }
    // The keeper's own wiring (clients, store, JSON logs on stderr), signing as the allocator account.
    const deps = await buildDeps(config, { account: privateKeyToAccount(ANVIL_KEYS[ACCOUNT.keeper]) });
    const world = new World(anvil.rpcUrl, deployment);

    if (manual) {
      await runManual(world, deps, { ...options, signal }, out, config.server.enabled ? keeperPort : 0);
      if (anvilDeath !== null) throw new Error(anvilDeath);
      return { deployment, rpcUrl: anvil.rpcUrl, summary: null };
    }
    try {
      out("scenario: deposits, drifting yields, a slash, a depeg, a withdrawal (chain time moves with anvil's time controls)");
      const summary = await runScenario({ world, keeper: deps, progress: out, steps: options.steps, signal });
      if (anvilDeath !== null) throw new Error(anvilDeath);
      out("");
      out(formatSummary(summary));
      return { deployment, rpcUrl: anvil.rpcUrl, summary };
    } finally {
      deps.store.close();
    }
  } catch (err) {
    throw named(err);
  } finally {
    await anvil.stop();
    out("anvil: stopped");
  }
}

const USAGE = `usage: npm start -- [--no-scenario] [--port N] [--chain-id N] [--no-build] [--deployments FILE] [--keeper-port N] [--app-port N] [--log-level LEVEL]
  --no-scenario    keep the devnet, keeper and market maker running for manual use (Ctrl-C stops)
  --port N         anvil port on 127.0.0.1 (default 8545; env DEVNET_PORT)
  --chain-id N     chain id (default 31337)
  --no-build       skip forge build (the artifacts in out/ must be current)
  --deployments F  deployments JSON to write (default deployments/<chain id>.json)
  --keeper-port N  keeper health/metrics/status server in manual mode (default 9464; 0 disables)
  --app-port N     depositors' app (app/) in manual mode (default 4173; 0 disables)
  --log-level L    keeper log level on stderr (trace|debug|info|warn|error|fatal|silent)`;

function intArg(name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${name} needs a whole number, got ${value === undefined ? "nothing" : `"${value}"`}\n${USAGE}`);
  const n = Number(value);
  if (n < min || n > max) throw new Error(`${name} must be in ${min}..${max}, got ${n}`);
  return n;
}

/** Parses the CLI arguments into options; throws with the usage on anything unknown. */
export function parseDevnetArgs(argv: readonly string[], env: NodeJS.ProcessEnv): DevnetOptions {
  const options: DevnetOptions = {};
  if (env.DEVNET_PORT !== undefined && env.DEVNET_PORT !== "") options.port = intArg("DEVNET_PORT", env.DEVNET_PORT, 0, 65_535);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--no-scenario":
        options.scenario = false;
        break;
      case "--no-build":
        options.build = false;
        break;
      case "--port":
        options.port = intArg("--port", value(), 0, 65_535);
        break;
      case "--chain-id":
        options.chainId = intArg("--chain-id", value(), 1, 2 ** 31);
        break;
      case "--deployments": {
        const file = value();
        if (file === undefined || file === "") throw new Error(`--deployments needs a file path\n${USAGE}`);
        options.outFile = path.resolve(file);
        break;
      }
      case "--keeper-port":
        options.keeperPort = intArg("--keeper-port", value(), 0, 65_535);
        break;
      case "--app-port":
        options.appPort = intArg("--app-port", value(), 0, 65_535);
        break;
      case "--log-level": {
        const level = value();
        const levels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
        const found = levels.find((l) => l === level);
        if (found === undefined) throw new Error(`--log-level must be one of ${levels.join(", ")}, got ${String(level)}`);
        options.logLevel = found;
        break;
      }
      case "--help":
      case "-h":
        throw new HelpRequested();
      default:
        throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return options;
}

class HelpRequested extends Error {
  constructor() {
    super(USAGE);
  }
}

/** The CLI: resolves to the exit code (0 done or stopped by Ctrl-C in manual mode, 1 failed, 2 bad arguments,
 * 130 interrupted mid-scenario). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let options: DevnetOptions;
  try {
    options = parseDevnetArgs(argv, env);
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`devnet: ${(err as Error).message}\n`);
    return 2;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(`devnet: ${signal}: stopping the keeper and anvil\n`);
      controller.abort();
    } else {
      // A second Ctrl-C: leave now; the exit hook of script/lib/anvil.ts still kills anvil.
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await runDevnet({ ...options, env, signal: controller.signal });
    return 0;
  } catch (err) {
    if (controller.signal.aborted) {
      // Ctrl-C mid-scenario: whatever failed after it (a terminal's Ctrl-C also reaches anvil) is the interrupt.
      process.stderr.write(`devnet: interrupted (${(err as Error).message.split("\n")[0]}); keeper and anvil stopped\n`);
      return 130;
    }
    process.stderr.write(`devnet: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`devnet: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
