/**
 * The keeper's configuration: a JSON file, then environment variables on top (env wins), validated
 * with zod. Every bad field is named (with the env variable it came from, when it did) and the keeper
 * exits non-zero before it sends anything. Wei amounts are decimal strings (JSON numbers lose digits).
 * The signing key is never part of this object: see `key.ts`.
 */
import { validate } from "node-cron";
import { getAddress, isAddress } from "viem";
import { z } from "zod";

const address = z
  .string()
  .refine((s) => isAddress(s, { strict: false }), { message: "not a 20-byte hex address" })
  .transform((s) => getAddress(s));

const wei = z
  .union([z.string().regex(/^\d+$/, { message: "wei must be a decimal string of digits" }), z.number().int().nonnegative()])
  .transform((v) => BigInt(v));

const bps = (max = 10_000) => z.number().int().min(0).max(max);

/** Cron expression as node-cron reads it (5 fields, or 6 with seconds first). */
const cron = z.string().refine((s) => validate(s), { message: "not a valid cron expression" });

export const adapterSettingsSchema = z.strictObject({
  /** Display name (weETH, ezETH, ...). */
  name: z.string().min(1).max(32),
  /** Points and token rewards on top of the measured base, in bps per year, shown apart. */
  extrasBps: bps(5_000).default(0),
  /** Cost of entering, bps of the amount (fees, minted below valuation). */
  entryCostBps: bps(1_000).default(0),
  /**
   * The protocol withdrawal queue's delay, seconds: when a queued exit for the redemption queue lands. Default
   * 14 days (EigenLayer's withdrawal delay, the slowest behind any LRT), so an unset delay never promises too much.
   */
  exitDelaySeconds: z.number().int().positive().max(60 * 86_400).default(14 * 86_400),
});

export const configSchema = z.strictObject({
  rpcUrl: z.url({ protocol: /^https?$/ }),
  chainId: z.number().int().positive(),
  vault: address,
  /** A deployed VaultLens; when absent the lens runs undeployed from its creation code. */
  lens: address.optional(),
  /** SQLite file for rate samples and actions. */
  storePath: z.string().min(1),
  schedule: z
    .strictObject({
      cycle: cron.default("*/5 * * * *"),
      report: cron.default("0 */6 * * *"),
    })
    .default({ cycle: "*/5 * * * *", report: "0 */6 * * *" }),
  strategy: z
    .strictObject({
      horizonDays: z.number().positive().max(365).default(30),
      slippageBps: bps(1_000).default(30),
      minMoveWei: wei.default(10n ** 15n),
      gainOverGasMarginBps: bps(1_000_000).default(10_000),
      minGainWei: wei.default(0n),
      /** A broken rule forces a plan only beyond this share of total assets (bps); see PlanOptions. */
      forceToleranceBps: bps().default(50),
      apy: z
        .strictObject({
          windowsSeconds: z.array(z.number().int().positive()).min(1).default([7 * 86_400, 86_400, 30 * 86_400]),
          minCoverage: z.number().gt(0).max(1).default(0.9),
          minSpanSeconds: z.number().int().positive().default(3_600),
        })
        .prefault({}),
      guard: z
        .strictObject({
          depegBps: bps().default(200),
          dropBps: bps().default(50),
          cooldownSeconds: z.number().int().nonnegative().default(86_400),
          /** A depeg exit through the protocol's queue at the fair rate ("queue") or sold at once ("sell"). */
          depegExit: z.enum(["queue", "sell"]).default("queue"),
        })
        .prefault({}),
      queue: z
        .strictObject({
          /** The cycle interval the queue's expected fulfilment times assume, seconds (the cycle schedule's). */
          cycleSeconds: z.number().int().positive().max(86_400).default(300),
          /** Requests one `fulfil` serves at most (the queue's MAX_BATCH is 50). */
          fulfilBatch: z.number().int().min(1).max(50).default(50),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Per adapter settings, keyed by adapter address. */
  adapters: z.record(z.string(), adapterSettingsSchema).default({}),
  tx: z
    .strictObject({
      /** Upper bound on the gas limit of one transaction. */
      gasLimitCap: z.number().int().positive().default(5_000_000),
      /** Never pay more than this per gas, in gwei. */
      maxFeePerGasGwei: z.number().positive().default(300),
      /** How long to wait for a receipt before re-sending with a higher fee. */
      receiptTimeoutMs: z.number().int().positive().default(60_000),
      /** Fee increase per re-send, bps (nodes want at least 10 %). */
      feeBumpBps: bps(100_000).min(1_000).default(1_250),
      maxResends: z.number().int().min(0).max(20).default(3),
    })
    .prefault({}),
  rpc: z
    .strictObject({
      timeoutMs: z.number().int().positive().default(10_000),
      retries: z.number().int().min(0).max(10).default(2),
    })
    .prefault({}),
  server: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: z.string().default("127.0.0.1"),
      port: z.number().int().min(0).max(65_535).default(9464),
    })
    .prefault({}),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** A Web3 Secret Storage (v3) keystore file; its password comes from KEEPER_KEYSTORE_PASSWORD. */
  keystore: z.string().min(1).optional(),
});

export type KeeperConfigInput = z.input<typeof configSchema>;
export type KeeperConfig = z.output<typeof configSchema>;
export type AdapterSettings = z.output<typeof adapterSettingsSchema>;
