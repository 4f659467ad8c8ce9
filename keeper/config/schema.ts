/**
 * The keeper's configuration: a JSON file, then environment variables on top (env wins), validated
 * with zod. Every bad field is named (with the env variable it came from, when it did) and the keeper
 * exits non-zero before it sends anything. Wei amounts are decimal strings (JSON numbers lose digits).
 * The signing key is never part of this object: see `key.ts`.
 */
import { validate } from "node-cron";
import { getAddress, isAddress } from "viem";
import { z } from "zod";
import { SIGNAL_PROTOCOLS } from "../strategy/signals.js";

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

/** An HTTP(S) JSON-RPC endpoint. The keeper polls (cycles, receipts): it needs no subscription. */
const httpUrl = z
  .string()
  .refine((s) => !/^wss?:\/\//i.test(s), {
    message: "ws:// and wss:// are not supported: give the node's http:// or https:// JSON-RPC URL (the keeper polls, it needs no subscription)",
  })
  .pipe(z.url({ protocol: /^https?$/, message: "not an http:// or https:// URL" }));

export const adapterSettingsSchema = z.strictObject({
  /** Display name (weETH, ezETH, ...). */
  name: z.string().min(1).max(32),
  /** Points and token rewards on top of the measured base, in bps per year, shown apart. */
  extrasBps: bps(5_000).default(0),
  /** Cost of entering, bps of the amount (fees, minted below valuation). */
  entryCostBps: bps(1_000).default(0),
  /**
   * The protocol withdrawal queue's TYPICAL delay, seconds: when the keeper expects a queued exit to land, for
   * planning the redemption queue. No protocol promises it (issue 18): ether.fi finalises in an oracle report,
   * Kelp after an operator's unlock (about 8 days of blocks), Puffer only full batches of 10 by a finaliser, Swell
   * when a role processes, Renzo after its 7-day cool-down only if its buffer holds the ETH. Default 14 days
   * (EigenLayer's withdrawal delay, the slowest behind any LRT), so an unset delay never promises too much.
   */
  exitDelaySeconds: z.number().int().positive().max(60 * 86_400).default(14 * 86_400),
  /**
   * Whether the protocol promises `exitDelaySeconds` (false for all five LRTs here). False: the redemption queue's
   * expected times say they use a typical delay and that the bound is each request's due time, then the paid path.
   */
  exitDelayPromised: z.boolean().default(false),
  /**
   * The protocol contract whose events show a loss before its rate does (issue 18; strategy/signals.ts): ether.fi's
   * liquidity pool (capped oracle reports), Swell's rswETH (the lockdown after a downward reprice), Puffer's vault
   * and Renzo's restake manager (a beacon-chain loss pending). Absent: the guard reads no events for this adapter.
   */
  protocol: z.strictObject({ kind: z.enum(SIGNAL_PROTOCOLS), address }).optional(),
});

/** EigenLayer's native-ETH (beacon chain) strategy sentinel. */
export const BEACON_CHAIN_ETH_STRATEGY = "0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0";

/** One AVS's configured risk: how often it slashes and how hard (shown apart from measured yield). */
export const avsRiskSchema = z.strictObject({
  /** Slash events per year, in bps (100 = one event in 100 years on average). */
  slashProbabilityBps: bps(),
  /** Share of the stake allocated to the AVS one event slashes, in bps. */
  severityBps: bps(),
});

/**
 * Restaking risk: where to read each LRT's exposure per AVS (EigenLayer and the LRTs' stakers, filled from the
 * deployments JSON when it has them) and what each AVS is assumed to risk. Absent from the config, it comes from a
 * deployment with an `eigenLayer` section (slash rates unpriced, said at start: config/gaps.ts); absent from both:
 * no exposure model, also said at start.
 */
export const riskSchema = z
  .strictObject({
    /** Largest vault exposure to one AVS, bps of total assets (off-chain rule; the contract does not check it). */
    avsCapBps: bps().default(3_000),
    /** Per AVS name, its risk. Every AVS read must have one. */
    avs: z.record(z.string().min(1), avsRiskSchema),
    eigenLayer: z.strictObject({
      allocationManager: address,
      delegationManager: address,
      strategy: address.default(BEACON_CHAIN_ETH_STRATEGY),
      /** A deployed ExposureLens; when absent it runs undeployed from its creation code. */
      exposureLens: address.optional(),
      /** Per AVS name, the AVS address (its operator set 0 is read). */
      operatorSets: z.record(z.string().min(1), z.strictObject({ avs: address, id: z.number().int().min(0).max(2 ** 32 - 1).default(0) })),
      /** Per adapter address, the EigenLayer stakers its protocol holds its ETH through. */
      stakers: z.record(z.string(), z.array(address).min(1).max(16)),
    }),
  })
  .superRefine((risk, ctx) => {
    for (const name of Object.keys(risk.eigenLayer.operatorSets)) {
      if (risk.avs[name] === undefined) {
        ctx.addIssue({ code: "custom", path: ["avs", name], message: `no risk configured for AVS "${name}" (slashProbabilityBps, severityBps)` });
      }
    }
    for (const name of Object.keys(risk.avs)) {
      if (risk.eigenLayer.operatorSets[name] === undefined) {
        ctx.addIssue({ code: "custom", path: ["avs", name], message: `AVS "${name}" has risk settings but no operator set in risk.eigenLayer.operatorSets` });
      }
    }
    for (const key of Object.keys(risk.eigenLayer.stakers)) {
      if (!isAddress(key, { strict: false })) {
        ctx.addIssue({ code: "custom", path: ["eigenLayer", "stakers", key], message: "not a 20-byte hex adapter address" });
      }
    }
  });

export const configSchema = z.strictObject({
  /** The node's HTTP(S) JSON-RPC endpoint. The keeper polls (cycles, receipts): it needs no subscription. */
  rpcUrl: httpUrl,
  /**
   * More endpoints of the same chain, ideally from other providers. Every read that leads to a transaction is
   * made on two endpoints at the same block and compared; with `rpcUrl` alone nothing is cross-checked.
   */
  rpcUrls: z.array(httpUrl).max(8).default([]),
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
          /**
           * A rate fall an AVS slash explains (risk model on): "hold" leaves it out of the drop check (the loss is
           * realised and final; selling after it only adds exit costs), "exit" treats it like any sharp drop.
           */
          avsSlash: z.enum(["hold", "exit"]).default("hold"),
          /**
           * After a protocol slash (a drop no AVS slash explains): "weigh" sells only when the expected further loss
           * (beyond every LRT's own risk: raised by a repeated slash, an impaired protocol, a persisting depeg) beats the exit's cost
           * (strategy/forwardRisk.ts); "exit" always sells.
           */
          slashExit: z.enum(["weigh", "exit"]).default("weigh"),
          /** A second drop within this window is a repeated slash; also the horizon of the weighing (seconds). */
          repeatWindowSeconds: z.number().int().positive().default(30 * 86_400),
          /** Probability of a further loss within the window each forward-risk signal adds (bps). */
          signalProbabilityBps: bps().default(5_000),
          /** How many blocks back the guard reads the protocols' events (adapters with a `protocol`). */
          signalLookbackBlocks: z.number().int().positive().max(1_000_000).default(50_000),
        })
        .prefault({}),
      /**
       * Diversification priced in the objective (optimizer.ts WorstEventTerm): the worst single event's loss, over
       * one event per AVS (risk model on: exposure x its severity) and one per LRT (its own protocol failing,
       * `protocolLossBps` of it), costs `weightPerYear` of yield per unit. 0 switches the term off.
       */
      diversification: z
        .strictObject({
          weightPerYear: z.number().nonnegative().max(100).default(0.05),
          protocolLossBps: bps().default(300),
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
  report: z
    .strictObject({
      /**
       * A scheduled report is always sent once the share-price feed's last round is this old (chain seconds);
       * before that, only when it books a loss or a profit worth its gas. Default 5 h: below the default 6-hour
       * schedule, so every scheduled report goes out unless reports are scheduled more often. 0: every scheduled
       * report is sent, worth its gas or not.
       */
      maxAgeSeconds: z.number().int().min(0).max(7 * 86_400).default(5 * 3_600),
    })
    .prefault({}),
  /** Per adapter settings, keyed by adapter address. */
  adapters: z.record(z.string(), adapterSettingsSchema).default({}),
  tx: z
    .strictObject({
      /** Upper bound on the gas limit of one transaction. */
      gasLimitCap: z.number().int().positive().default(5_000_000),
      /**
       * Never pay more than this per gas, in gwei (base fee + tip). The quote is also held to 2 x the next base
       * fee by eth_feeHistory + the tip. Default 50: mainnet's base fee is mostly below 10 gwei.
       */
      maxFeePerGasGwei: z.number().positive().default(50),
      /** Never tip more than this per gas, in gwei. Default 2: mainnet's median tip is well below 1 gwei. */
      maxPriorityFeePerGasGwei: z.number().positive().default(2),
      /**
       * Gas the keeper may spend in any 24 hours, wei (mined transactions, at their effective price). A send that
       * could take the spend past it is refused: the keeper stops sending, /health fails and an alert fires.
       * Default 0.1 ETH: about 20 rebalances and reports at 10 gwei.
       */
      dailyGasBudgetWei: wei.default(10n ** 17n),
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
      /** An endpoint whose head is more than this many blocks behind the highest head is left out of the cycle. */
      maxHeadLagBlocks: z.number().int().min(0).max(1_000).default(3),
      /**
       * The newest head may be at most this old by the wall clock, seconds (a stalled node, a halted chain); 0 turns
       * the check off. Unset: 180 s, or off on chain 31337 (a local anvil mines only when asked).
       */
      maxHeadAgeSeconds: z.number().int().min(0).optional(),
    })
    .prefault({}),
  server: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: z.string().default("127.0.0.1"),
      port: z.number().int().min(0).max(65_535).default(9464),
      /** Host names a request may address the server by, beyond loopback and `host` (e.g. the name Prometheus scrapes). */
      allowedHosts: z.array(z.string().min(1).max(253)).max(32).default([]),
      /** Open connections at most. */
      maxConnections: z.number().int().min(1).max(10_000).default(64),
    })
    .prefault({}),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** Restaking risk model (AVS exposure, expected loss, the per-AVS cap). */
  risk: riskSchema.optional(),
  /**
   * A remote signer (Web3Signer, Clef, a KMS bridge): `url` signs transactions for `address` over JSON-RPC
   * `eth_signTransaction`; the keeper holds no key. Set, it replaces KEEPER_PRIVATE_KEY and `keystore`.
   */
  signer: z.strictObject({ url: httpUrl, address }).optional(),
  /** A Web3 Secret Storage (v3) keystore file; its password comes from KEEPER_KEYSTORE_PASSWORD. */
  keystore: z.string().min(1).optional(),
});

/** The head-age limit in force (see `rpc.maxHeadAgeSeconds`). */
export function maxHeadAgeSeconds(config: KeeperConfig): number {
  return config.rpc.maxHeadAgeSeconds ?? (config.chainId === 31_337 ? 0 : 180);
}

/** Every configured endpoint, `rpcUrl` first, without repeats. */
export function rpcEndpoints(config: KeeperConfig): string[] {
  return [...new Set([config.rpcUrl, ...config.rpcUrls])];
}

export type KeeperConfigInput = z.input<typeof configSchema>;
export type KeeperConfig = z.output<typeof configSchema>;
export type AdapterSettings = z.output<typeof adapterSettingsSchema>;
export type RiskConfig = z.output<typeof riskSchema>;
