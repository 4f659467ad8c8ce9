/**
 * Gas: runs the Solidity harness (test/bench/GasBench.t.sol) with `forge test --isolate`, so every
 * top-level call is a transaction of its own and its gas is what the sender pays (21,000 base and
 * calldata included, refunds deducted, cold storage at the start). The harness writes one JSON file per
 * suite into a scratch directory; this module validates them and derives the ratios and the scaling.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { repoRoot, runFoundry } from "../script/lib/foundry.js";
import { ratio } from "./stats.js";

export const ADAPTER_COUNTS = [1, 2, 4, 8, 16] as const;
/**
 * Deposit at most 1.15x the OpenZeppelin reference; a buffer redeem at most 1.3x: since issue 17 (M-2) every buffer
 * exit values each adapter live before it is priced (one realAssets call per adapter), as Morpho Vault V2 does.
 */
export const GAS_TARGETS = { depositVsReference: 1.15, redeemVsReference: 1.3 } as const;

const gasUnits = z.number().int().positive();
const paths = ["depositFirst", "depositLater", "depositETHFirst", "depositETHLater", "redeem", "redeemETH"] as const;
type DepositorPath = (typeof paths)[number];

const depositorFile = z
  .object({ isolated: z.boolean() })
  .catchall(gasUnits)
  .superRefine((v, ctx) => {
    for (const side of ["project", "reference"]) {
      for (const p of paths) {
        if (typeof v[`${side}.${p}`] !== "number") ctx.addIssue({ code: "custom", path: [`${side}.${p}`], message: "missing" });
      }
    }
  });

const scalingFile = z.object({ isolated: z.boolean() }).catchall(gasUnits);

const queuePaths = ["requestRedeem", "cancelRedeemRequest", "fulfil1", "fulfil10", "claim", "claimETH", "instantRedeem", "bufferRedeem"] as const;
/** Every path is required; `queueGas` names a missing one. */
const queueFile = z.object({ isolated: z.boolean() }).catchall(gasUnits);

/** Gas of the redemption queue's paths on the real vault (one transaction each). */
export type QueueGas = Record<(typeof queuePaths)[number], number> & {
  /** fulfil of 10 requests, per request. */
  fulfilPerRequestOf10: number;
  /** instantRedeem / buffer redeem of the same 1 WETH. */
  instantVsBuffer: number;
};

/** Per-request and relative figures from the harness's flat keys. */
export function queueGas(flat: Record<string, number | boolean>): QueueGas {
  const get = (k: (typeof queuePaths)[number]): number => {
    const v = flat[k];
    if (typeof v !== "number") throw new Error(`gas bench: queue result ${k} is missing`);
    return v;
  };
  const out = Object.fromEntries(queuePaths.map((p) => [p, get(p)])) as Record<(typeof queuePaths)[number], number>;
  return { ...out, fulfilPerRequestOf10: Math.round(out.fulfil10 / 10), instantVsBuffer: ratio(out.instantRedeem, out.bufferRedeem) };
}

const feedReads = ["latestRoundData", "latestAnswer", "latestTimestamp", "getAnswerLatest", "storedRound"] as const;
const feedFile = z.object({ isolated: z.boolean() }).catchall(gasUnits);

/** Gas a lender's contract spends on one feed read (cold), v3 and v2 calls, and a stored round's read (the cost of
 * latestRoundData before the answer followed the vault's price). */
export type FeedGas = Record<(typeof feedReads)[number], number>;

export function feedGas(flat: Record<string, number | boolean>): FeedGas {
  return Object.fromEntries(
    feedReads.map((k) => {
      const v = flat[k];
      if (typeof v !== "number") throw new Error(`gas bench: feed result ${k} is missing`);
      return [k, v];
    }),
  ) as FeedGas;
}

const juniorPaths = [
  "juniorDeposit",
  "juniorRequest",
  "juniorClaim",
  "reportProfitWithoutJunior",
  "reportProfitWithJunior",
  "reportLossWithoutJunior",
  "reportLossWithJunior",
  "reportLossAgainWithoutJunior",
  "reportLossAgainWithJunior",
] as const;
const juniorFile = z.object({ isolated: z.boolean() }).catchall(gasUnits);
/** report() with a junior layer may cost at most this much more than without one. */
export const JUNIOR_REPORT_TARGET = 1.1;

/** Gas of the junior tranche's paths, and report() with a junior layer against report() without one. */
export type JuniorGas = Record<(typeof juniorPaths)[number], number> & {
  reportProfitRatio: number;
  reportLossRatio: number;
  reportLossAgainRatio: number;
  target: number;
};

export function juniorGas(flat: Record<string, number | boolean>): JuniorGas {
  const out = Object.fromEntries(
    juniorPaths.map((k) => {
      const v = flat[k];
      if (typeof v !== "number") throw new Error(`gas bench: junior result ${k} is missing`);
      return [k, v];
    }),
  ) as Record<(typeof juniorPaths)[number], number>;
  return {
    ...out,
    reportProfitRatio: ratio(out.reportProfitWithJunior, out.reportProfitWithoutJunior),
    reportLossRatio: ratio(out.reportLossWithJunior, out.reportLossWithoutJunior),
    reportLossAgainRatio: ratio(out.reportLossAgainWithJunior, out.reportLossAgainWithoutJunior),
    target: JUNIOR_REPORT_TARGET,
  };
}

export type PathGas = Record<DepositorPath, number>;

export interface DepositorGas {
  project: PathGas;
  reference: PathGas;
  /** project / reference per path; `depositVsReference` and `redeemVsReference` are the targeted ones. */
  ratios: {
    depositVsReference: number;
    redeemVsReference: number;
    depositFirstVsReference: number;
    depositETHVsReference: number;
    depositETHFirstVsReference: number;
    redeemETHVsReference: number;
  };
  targets: typeof GAS_TARGETS;
  met: { deposit: boolean; redeem: boolean };
}

export interface ScalingRow {
  adapters: number;
  report: number;
  /** Rebalance gas by k, the number of adapters the plan touches (k <= N, powers of two). */
  rebalance: Record<string, number>;
  pricePerShare: number;
  convertToAssets: number;
  latestRoundData: number;
}

export interface GasResults {
  depositor: DepositorGas;
  scaling: ScalingRow[];
  /** Extra gas of report() per registered adapter, fitted from N = 1 and N = 16. */
  reportPerAdapter: number;
  /** Over the three price reads, the largest (max - min over N) of their gas: zero means flat in N. */
  priceReadSpread: number;
  queue: QueueGas;
  feed: FeedGas;
  junior: JuniorGas;
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`gas bench: cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`gas bench: ${file} is malformed: ${issues}`);
  }
  return parsed.data;
}

/** Derives ratios from the harness's flat `side.path` keys. */
export function depositorGas(flat: Record<string, number | boolean>): DepositorGas {
  const side = (s: "project" | "reference"): PathGas =>
    Object.fromEntries(paths.map((p) => [p, flat[`${s}.${p}`] as number])) as PathGas;
  const project = side("project");
  const reference = side("reference");
  const ratios = {
    depositVsReference: ratio(project.depositLater, reference.depositLater),
    redeemVsReference: ratio(project.redeem, reference.redeem),
    depositFirstVsReference: ratio(project.depositFirst, reference.depositFirst),
    depositETHVsReference: ratio(project.depositETHLater, reference.depositETHLater),
    depositETHFirstVsReference: ratio(project.depositETHFirst, reference.depositETHFirst),
    redeemETHVsReference: ratio(project.redeemETH, reference.redeemETH),
  };
  return {
    project,
    reference,
    ratios,
    targets: GAS_TARGETS,
    met: {
      deposit: ratios.depositVsReference <= GAS_TARGETS.depositVsReference,
      redeem: ratios.redeemVsReference <= GAS_TARGETS.redeemVsReference,
    },
  };
}

/** Groups the harness's flat `n<N>.<what>` keys into one row per adapter count. */
export function scalingRows(flat: Record<string, number | boolean>): ScalingRow[] {
  return ADAPTER_COUNTS.map((n) => {
    const get = (key: string): number => {
      const v = flat[`n${n}.${key}`];
      if (typeof v !== "number") throw new Error(`gas bench: scaling result n${n}.${key} is missing`);
      return v;
    };
    const rebalance: Record<string, number> = {};
    for (let k = 1; k <= n; k *= 2) rebalance[`k${k}`] = get(`rebalance.k${k}`);
    return {
      adapters: n,
      report: get("report"),
      rebalance,
      pricePerShare: get("pricePerShare"),
      convertToAssets: get("convertToAssets"),
      latestRoundData: get("latestRoundData"),
    };
  });
}

async function runForge(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return (await runFoundry("forge", args, { env })).output;
}

/** `forge --version`'s first line. */
export async function forgeVersion(): Promise<string> {
  const out = await runForge(["--version"], process.env);
  const version = /Version:\s*(\S+)/.exec(out)?.[1];
  if (version === undefined) throw new Error(`forge --version printed no version: ${out.slice(0, 200)}`);
  return `forge ${version}`;
}

/** Compiles and runs the gas harness in isolation mode and returns its measurements. */
export async function measureGas(): Promise<GasResults> {
  const relDir = path.join("bench", ".gas");
  const dir = path.join(repoRoot, relDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await runForge(["test", "--isolate", "--match-path", "test/bench/GasBench.t.sol"], {
    ...process.env,
    BENCH_GAS_DIR: relDir,
  });
  const depositor = readJson(path.join(dir, "depositor.json"), depositorFile);
  const scaling = readJson(path.join(dir, "scaling.json"), scalingFile);
  const queue = readJson(path.join(dir, "queue.json"), queueFile);
  const feed = readJson(path.join(dir, "feed.json"), feedFile);
  const junior = readJson(path.join(dir, "junior.json"), juniorFile);
  for (const [name, file] of [
    ["depositor", depositor],
    ["scaling", scaling],
    ["queue", queue],
    ["feed", feed],
    ["junior", junior],
  ] as const) {
    if (!file.isolated) throw new Error(`gas bench: the ${name} suite did not run in isolation mode (forge --isolate)`);
  }
  const rows = scalingRows(scaling);
  const at = (n: number) => rows.find((r) => r.adapters === n)!;
  const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
  return {
    depositor: depositorGas(depositor),
    scaling: rows,
    queue: queueGas(queue),
    feed: feedGas(feed),
    junior: juniorGas(junior),
    reportPerAdapter: Math.round((at(16).report - at(1).report) / 15),
    priceReadSpread: Math.max(
      spread(rows.map((r) => r.pricePerShare)),
      spread(rows.map((r) => r.convertToAssets)),
      spread(rows.map((r) => r.latestRoundData)),
    ),
  };
}
