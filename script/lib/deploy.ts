import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ANVIL_KEYS } from "./anvil.js";
import { repoRoot, runFoundry } from "./foundry.js";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address") as z.ZodType<`0x${string}`>;

/** The five LRT protocols the devnet deploys, in the deploy script's order. */
export const PROTOCOLS = ["etherfi", "renzo", "kelp", "puffer", "swell"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Each simulated protocol's withdrawal queue delay (contracts/simulation/), days: the keeper's exit venues. */
export const PROTOCOL_EXIT_DELAY_DAYS: Record<Protocol, number> = { etherfi: 7, renzo: 7, kelp: 8, puffer: 14, swell: 12 };

const perProtocol = <T extends z.ZodType>(value: T) =>
  z.object({ etherfi: value, renzo: value, kelp: value, puffer: value, swell: value });

const simulatedProtocol = z.object({
  /** Holds the rate and the scenario hooks (setAprBps, slash, reward, setPaused, setFailureMode). */
  protocol: address,
  /** The protocol's withdrawal queue contract (NFT, manager or the protocol itself). */
  queue: address,
  exitPool: address,
  /** Zero address when the LRT has no market feed. */
  marketFeed: address,
});

/** The simulated EigenLayer core, its AVSs (name -> AVS address, operator set 0) and each protocol's stakers. */
export const eigenLayerDeploymentSchema = z.object({
  allocationManager: address,
  delegationManager: address,
  strategy: address,
  exposureLens: address,
  avs: z.record(z.string(), address),
  stakers: perProtocol(z.array(address).min(1)),
});

/** Schema of deployments/<chainId>.json as written by script/Deploy.s.sol. */
export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  vault: address,
  weth: address,
  timelock: address,
  feed: address,
  /** Stateless VaultLens: the keeper's one-call read of the whole vault. */
  lens: address,
  /** The vault's RedemptionQueue (requests beyond the buffer, the paid instant exit, the liveness path). */
  queue: address,
  /** The vault's junior (first-loss) tranche; absent in deployments made before it existed. */
  junior: address.optional(),
  adapters: perProtocol(address),
  lrts: perProtocol(address),
  simulation: perProtocol(simulatedProtocol).optional(),
  eigenLayer: eigenLayerDeploymentSchema.optional(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

/**
 * The keeper's `risk.eigenLayer` block for a deployment with an eigenLayer section: EigenLayer's addresses, each
 * AVS's operator set 0, each adapter's stakers keyed by adapter address (what keeper/config/load.ts fills from a
 * deployments file, for callers that build the config in code).
 */
export function eigenLayerKeeperConfig(d: Deployment): Record<string, unknown> | undefined {
  const el = d.eigenLayer;
  if (el === undefined) return undefined;
  return {
    allocationManager: el.allocationManager,
    delegationManager: el.delegationManager,
    strategy: el.strategy,
    exposureLens: el.exposureLens,
    operatorSets: Object.fromEntries(Object.entries(el.avs).map(([name, avs]) => [name, { avs }])),
    stakers: Object.fromEntries(PROTOCOLS.map((p) => [d.adapters[p], el.stakers[p]])),
  };
}

/**
 * The devnet keeper's restaking risk model: per seeded AVS an assumed slash rate and severity (the operator's
 * judgement, configured: nothing on chain says how often an AVS slashes), the 30 % per-AVS cap, and where to read
 * exposures (the deployment's eigenLayer section). Empty for a deployment without one.
 */
export const DEVNET_AVS_RISK: Record<string, { slashProbabilityBps: number; severityBps: number }> = {
  EigenDA: { slashProbabilityBps: 2_000, severityBps: 1_100 },
  Hyperlane: { slashProbabilityBps: 1_500, severityBps: 1_100 },
  Espresso: { slashProbabilityBps: 1_500, severityBps: 1_100 },
  Aethos: { slashProbabilityBps: 2_500, severityBps: 1_100 },
  Lagrange: { slashProbabilityBps: 2_000, severityBps: 1_100 },
};

export function devnetRiskConfig(d: Deployment): { risk?: Record<string, unknown> } {
  const eigenLayer = eigenLayerKeeperConfig(d);
  if (eigenLayer === undefined) return {};
  return { risk: { avsCapBps: 3_000, avs: DEVNET_AVS_RISK, eigenLayer } };
}

/** Reads and validates a deployments JSON file; the error names the field that is wrong. */
export function readDeployment(file: string): Deployment {
  const parsed = deploymentSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`${file} is not a valid deployment: ${issues}`);
  }
  return parsed.data;
}

export interface DeployOptions {
  rpcUrl: string;
  /** Output file; default deployments/<chainId>.json. */
  outFile?: string;
  /** Deployer key; default anvil account 0. */
  deployerKey?: `0x${string}`;
  /** Extra environment for the script (KEEPER, CURATOR_TIMELOCK, RESERVE_SEED_ETH, ...). */
  env?: Record<string, string>;
}

/**
 * Runs script/Deploy.s.sol against `rpcUrl` with forge, then reads back the deployment it wrote.
 * Throws with forge's own output when the script fails.
 */
export async function deploy(options: DeployOptions): Promise<Deployment> {
  const outFile = path.resolve(options.outFile ?? path.join(repoRoot, "deployments", "31337.json"));
  mkdirSync(path.dirname(outFile), { recursive: true });
  const args = [
    "script",
    "script/Deploy.s.sol:Deploy",
    "--rpc-url",
    options.rpcUrl,
    "--broadcast",
    "--slow",
    "--non-interactive",
  ];
  const env = {
    ...process.env,
    DEPLOYER_KEY: options.deployerKey ?? ANVIL_KEYS[0],
    DEPLOYMENTS_PATH: outFile,
    ...options.env,
  };
  await runFoundry("forge", args, { env, what: `deploy script (forge script) against ${options.rpcUrl}` });
  return readDeployment(outFile);
}
