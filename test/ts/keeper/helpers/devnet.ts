/**
 * A deployed devnet for keeper integration tests: an anvil of the test file's own (script/lib/anvil.ts),
 * the lead's deployment (script/lib/deploy.ts), a test client for time and mining, and scenario hooks.
 * Scenario ABIs are parsed from signatures: they drive the simulations, not the keeper.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  http,
  parseAbi,
  parseEther,
  publicActions,
  type Address,
  type EIP1193RequestFn,
  type Hex,
  type PublicClient,
  type Transport,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { ANVIL_KEYS, startAnvil, type Anvil } from "../../../../script/lib/anvil.js";
import { deploy, type Deployment } from "../../../../script/lib/deploy.js";
import { repoRoot } from "../../../../script/lib/foundry.js";
import { parseConfig } from "../../../../keeper/config/load.js";
import type { KeeperConfig } from "../../../../keeper/config/schema.js";
import type { CycleDeps } from "../../../../keeper/cycle.js";
import { buildDeps } from "../../../../keeper/runtime.js";
import { KeeperStore } from "../../../../keeper/store/store.js";

export const simAbi = parseAbi([
  "function setAprBps(uint256 newAprBps)",
  "function slash(uint256 bps)",
  "function accruedRate() view returns (uint256)",
]);
export const feedAbi = parseAbi(["function setPrice(int256 answer)"]);
export const vaultScenarioAbi = parseAbi([
  "function depositETH(address receiver, uint256 minShares) payable returns (uint256)",
  "function pause()",
  "function setRole(bytes32 role, address account, bool granted)",
  "function ALLOCATOR_ROLE() view returns (bytes32)",
]);

/** The devnet shortcut of the ether.fi and Swell simulations (contracts/simulation/README.md). */
const continuousPublishingAbi = [
  { type: "function", name: "setContinuousPublishing", stateMutability: "nonpayable", inputs: [{ name: "on", type: "bool" }], outputs: [] },
] as const;

/** anvil accounts: 0 deployer (owns the simulations), 1 keeper, 2 guardian, 4 a depositor, 5 a second keeper. */
export const KEEPER_KEY = ANVIL_KEYS[1];
export const GUARDIAN_KEY = ANVIL_KEYS[2];
export const OWNER_KEY = ANVIL_KEYS[0];
export const USER_KEY = ANVIL_KEYS[4];
export const SECOND_KEEPER_KEY = ANVIL_KEYS[5];

/**
 * beforeAll budget for starting a devnet. `forge test` compiles only the tests and what they import, not
 * script/: before `npm run test:sol` ran `forge build` first, the first `forge script` of each parallel test
 * file compiled the deploy scripts (measured 32 s alone on a cold clone, minutes with two at once on two
 * cores: that was where keeper.faults.test.ts's 152 s went). After `forge build` a deploy takes 2-6 s; the
 * budget stays for running one test file alone on a cold checkout.
 */
export const DEPLOY_TIMEOUT_MS = 420_000;

export interface Devnet {
  anvil: Anvil;
  d: Deployment;
  /** Adapter address by protocol name (etherfi, renzo, kelp, puffer, swell). */
  adapter(name: string): Address;
  /** Simulation contracts of a protocol. */
  sim(name: string): NonNullable<Deployment["simulation"]>["etherfi"];
  test: ReturnType<typeof makeTestClient>;
  /** Sends a scenario transaction from `key` and waits for it. */
  send(key: Hex, to: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[], value?: bigint): Promise<void>;
  /** Advances chain time by `seconds` and mines a block. */
  warp(seconds: number): Promise<void>;
  /** A keeper config for this devnet; `over` is merged into the file-level object before validation. */
  config(over?: Record<string, unknown>): KeeperConfig;
  /** Keeper deps on this devnet, with a fresh or given store and an optional transport. */
  deps(options?: { key?: Hex; storePath?: string; transport?: Transport; config?: Record<string, unknown> }): Promise<CycleDeps>;
  stop(): Promise<void>;
}

function makeTestClient(rpcUrl: string) {
  return createTestClient({ mode: "anvil", transport: http(rpcUrl) }).extend(publicActions);
}

export function tempStorePath(): string {
  return join(mkdtempSync(join(tmpdir(), "keeper-it-")), "keeper.sqlite");
}

/** A fresh anvil with the deployment; each test file writes its own deployments file (files run in parallel). */
async function deployFresh(): Promise<{ anvil: Anvil; d: Deployment }> {
  const anvil = await startAnvil();
  const outFile = join(repoRoot, "deployments", `test-keeper-${anvil.port}.json`);
  try {
    return { anvil, d: await deploy({ rpcUrl: anvil.rpcUrl, outFile }) };
  } catch (err) {
    await anvil.stop();
    throw err;
  } finally {
    rmSync(outFile, { force: true });
  }
}

/** Starts anvil, deploys, deposits `depositEth` from the depositor. */
export async function startDevnet(depositEth = 100): Promise<Devnet> {
  const { anvil, d } = await deployFresh();
  const test = makeTestClient(anvil.rpcUrl);
  const send: Devnet["send"] = async (key, to, abi, functionName, args, value) => {
    const wallet = createWalletClient({ account: privateKeyToAccount(key), transport: http(anvil.rpcUrl), chain: foundry });
    const hash = await wallet.writeContract({ address: to, abi: abi as never, functionName: functionName as never, args: args as never, value } as never);
    const receipt = await test.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`scenario call ${functionName} reverted`);
  };
  const user = privateKeyToAccount(USER_KEY).address;
  try {
    // These tests run no oracle reports and no repricing bot (the devnet scenario does, script/scenario/
    // protocolRoles.ts): ether.fi's and Swell's published rates follow their true rates at once instead.
    for (const name of ["etherfi", "swell"] as const) {
      const sim = d.simulation?.[name]?.protocol;
      if (sim !== undefined) await send(OWNER_KEY, sim, continuousPublishingAbi, "setContinuousPublishing", [true]);
    }
    await send(USER_KEY, d.vault, vaultScenarioAbi, "depositETH", [user, 0n], parseEther(String(depositEth)));
  } catch (err) {
    await anvil.stop(); // the caller gets no handle to stop it with
    throw err;
  }
  const names = Object.fromEntries(Object.entries(d.adapters).map(([name, address]) => [address, { name }]));
  const config: Devnet["config"] = (over = {}) =>
    parseConfig({
      rpcUrl: anvil.rpcUrl,
      chainId: anvil.chainId,
      vault: d.vault,
      storePath: tempStorePath(),
      adapters: names,
      strategy: {
        horizonDays: 365,
        apy: { windowsSeconds: [7_200], minCoverage: 0.9, minSpanSeconds: 3_600 },
      },
      tx: { receiptTimeoutMs: 10_000, maxResends: 2, maxFeePerGasGwei: 1_000 },
      rpc: { timeoutMs: 10_000, retries: 0 },
      server: { enabled: false },
      logLevel: "silent",
      ...over,
    });
  return {
    anvil,
    d,
    adapter(name) {
      const a = d.adapters[name as keyof Deployment["adapters"]];
      if (a === undefined) throw new Error(`no adapter named ${name} in the deployment`);
      return a;
    },
    sim(name) {
      const s = d.simulation?.[name as keyof NonNullable<Deployment["simulation"]>];
      if (s === undefined) throw new Error(`no simulation named ${name} in the deployment`);
      return s;
    },
    test,
    send,
    async warp(seconds) {
      await test.increaseTime({ seconds });
      await test.mine({ blocks: 1 });
    },
    config,
    async deps(options = {}) {
      const cfg = config({ ...(options.config ?? {}), ...(options.storePath === undefined ? {} : { storePath: options.storePath }) });
      return buildDeps(cfg, {
        account: privateKeyToAccount(options.key ?? KEEPER_KEY),
        transport: options.transport,
        logger: pino({ level: "silent" }),
        store: new KeeperStore(cfg.storePath),
      });
    },
    stop: () => anvil.stop(),
  };
}

/** A public client on `rpcUrl` for direct reads in assertions. */
export function reader(rpcUrl: string): PublicClient {
  return createPublicClient({ transport: http(rpcUrl) }) as PublicClient;
}

/** A transport to `rpcUrl` that counts every JSON-RPC request it sends (`requests`; reset it freely). */
export function countingTransport(rpcUrl: string): { transport: Transport; requests: number } {
  const inner = http(rpcUrl)({});
  const counter = {
    requests: 0,
    transport: custom({
      request: (async (args) => {
        counter.requests++;
        return inner.request(args);
      }) as EIP1193RequestFn,
    }),
  };
  return counter;
}
