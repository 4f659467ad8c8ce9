/**
 * Loading: read the JSON file, lay the environment on top, validate. Errors name every bad field
 * at once, with the environment variable it came from when it did.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { configSchema, type KeeperConfig } from "./schema.js";

/** Environment variables that override config fields, and how to parse each. */
export const ENV_OVERRIDES: readonly { env: string; path: readonly string[]; kind: EnvKind }[] = [
  { env: "KEEPER_RPC_URL", path: ["rpcUrl"], kind: "string" },
  { env: "KEEPER_RPC_URLS", path: ["rpcUrls"], kind: "list" },
  { env: "KEEPER_CHAIN_ID", path: ["chainId"], kind: "int" },
  { env: "KEEPER_VAULT", path: ["vault"], kind: "string" },
  { env: "KEEPER_LENS", path: ["lens"], kind: "string" },
  { env: "KEEPER_STORE_PATH", path: ["storePath"], kind: "string" },
  { env: "KEEPER_CYCLE_CRON", path: ["schedule", "cycle"], kind: "string" },
  { env: "KEEPER_REPORT_CRON", path: ["schedule", "report"], kind: "string" },
  { env: "KEEPER_SERVER_PORT", path: ["server", "port"], kind: "int" },
  { env: "KEEPER_SERVER_ENABLED", path: ["server", "enabled"], kind: "bool" },
  { env: "KEEPER_LOG_LEVEL", path: ["logLevel"], kind: "string" },
  { env: "KEEPER_KEYSTORE", path: ["keystore"], kind: "string" },
  { env: "KEEPER_SIGNER_URL", path: ["signer", "url"], kind: "string" },
  { env: "KEEPER_SIGNER_ADDRESS", path: ["signer", "address"], kind: "string" },
  { env: "KEEPER_DEPLOYMENT", path: ["deployment"], kind: "string" },
];

type EnvKind = "string" | "int" | "bool" | "list";

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(source: string, issues: string[]) {
    super(`invalid keeper config (${source}):\n  - ${issues.join("\n  - ")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

function parseEnvValue(raw: string, kind: EnvKind): unknown {
  if (kind === "list") return raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (kind === "int") return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (kind === "bool") {
    if (raw === "true" || raw === "1") return true;
    if (raw === "false" || raw === "0") return false;
    return raw;
  }
  return raw;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

const deploymentFile = z.object({
  chainId: z.number().int().positive(),
  vault: z.string(),
  lens: z.string().optional(),
  adapters: z.record(z.string(), z.string()),
  eigenLayer: z
    .object({
      allocationManager: z.string(),
      delegationManager: z.string(),
      strategy: z.string(),
      exposureLens: z.string().optional(),
      avs: z.record(z.string(), z.string()),
      stakers: z.record(z.string(), z.array(z.string())),
    })
    .optional(),
});

/**
 * The restaking risk model from the deployment's `eigenLayer` section: EigenLayer's addresses, each AVS's operator
 * set 0 and each adapter's stakers (keyed by adapter address), unless the config's `risk` gives its own. With no
 * `risk` section at all the model is still on by default (a deployment that restakes through EigenLayer is exposed
 * to its AVSs whether or not the config says so): exposure is measured and capped at the default per-AVS limit,
 * and every AVS's slash rate is left unpriced (0), which the keeper says at start and on its status page
 * (config/gaps.ts). The risk per AVS is the operator's judgement and never comes from the deployment.
 */
function applyEigenLayer(merged: Record<string, unknown>, parsed: z.infer<typeof deploymentFile>): void {
  const el = parsed.eigenLayer;
  if (el === undefined) return;
  if (merged.risk === undefined) {
    merged.risk = { avs: Object.fromEntries(Object.keys(el.avs).map((name) => [name, { slashProbabilityBps: 0, severityBps: 0 }])) };
  }
  const risk = merged.risk;
  if (typeof risk !== "object" || risk === null || Array.isArray(risk)) return;
  const r = risk as Record<string, unknown>;
  if (r.eigenLayer !== undefined) return;
  const stakers: Record<string, string[]> = {};
  for (const [name, adapter] of Object.entries(parsed.adapters)) {
    const list = el.stakers[name];
    if (list !== undefined) stakers[adapter] = list;
  }
  r.eigenLayer = {
    allocationManager: el.allocationManager,
    delegationManager: el.delegationManager,
    strategy: el.strategy,
    ...(el.exposureLens === undefined ? {} : { exposureLens: el.exposureLens }),
    operatorSets: Object.fromEntries(Object.entries(el.avs).map(([name, avs]) => [name, { avs, id: 0 }])),
    stakers,
  };
}

/**
 * Fills `vault`, `lens`, `chainId` and adapter names from a deployments JSON (as script/Deploy.s.sol
 * writes it) named by `deployment`; fields set in the config itself win. Relative paths are read from
 * the config file's folder.
 */
function applyDeployment(merged: Record<string, unknown>, baseDir: string): string[] {
  const file = merged.deployment;
  delete merged.deployment;
  if (file === undefined) return [];
  if (typeof file !== "string" || file === "") return ["deployment: expected the path of a deployments JSON file"];
  const path = resolve(baseDir, file);
  let parsed: z.infer<typeof deploymentFile>;
  try {
    const result = deploymentFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
    if (!result.success) {
      return result.error.issues.map((i) => `deployment (${path}) ${i.path.map(String).join(".")}: ${i.message}`);
    }
    parsed = result.data;
  } catch (err) {
    return [`deployment: cannot read ${path}: ${(err as Error).message}`];
  }
  merged.vault ??= parsed.vault;
  merged.chainId ??= parsed.chainId;
  if (parsed.lens !== undefined) merged.lens ??= parsed.lens;
  const adapters = (merged.adapters ?? {}) as Record<string, unknown>;
  const known = new Set(Object.keys(adapters).map((k) => k.toLowerCase()));
  for (const [name, address] of Object.entries(parsed.adapters)) {
    if (!known.has(address.toLowerCase())) adapters[address] = { name };
  }
  merged.adapters = adapters;
  applyEigenLayer(merged, parsed);
  return [];
}

/**
 * Validates `raw` (the parsed file) with `env` laid on top. Throws ConfigError naming every bad field.
 * `baseDir` resolves a relative `deployment` path.
 */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = {}, source = "config", baseDir = process.cwd()): KeeperConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, ["the config file must hold a JSON object"]);
  }
  const merged = structuredClone(raw) as Record<string, unknown>;
  const fromEnv = new Map<string, string>();
  for (const o of ENV_OVERRIDES) {
    const value = env[o.env];
    if (value === undefined || value === "") continue;
    setPath(merged, o.path, parseEnvValue(value, o.kind));
    fromEnv.set(o.path.join("."), o.env);
  }
  const deploymentIssues = applyDeployment(merged, baseDir);
  if (deploymentIssues.length > 0) throw new ConfigError(source, deploymentIssues);
  const result = configSchema.safeParse(merged);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const field = path === "" ? "(root)" : path;
    const envName = fromEnv.get(path);
    const where = envName === undefined ? field : `${field} (from ${envName})`;
    const unknownKeys = issue.code === "unrecognized_keys" ? `: ${issue.keys.join(", ")}` : "";
    return `${where}: ${issue.message}${unknownKeys}`;
  });
  throw new ConfigError(source, issues);
}

/** Reads `path` (JSON), lays `env` on top, validates. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): KeeperConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(path, [`cannot read the config file: ${(err as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [`not valid JSON: ${(err as Error).message}`]);
  }
  return parseConfig(raw, env, path, dirname(resolve(path)));
}

