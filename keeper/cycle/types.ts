/**
 * The types a cycle's steps share: what a cycle needs (deps), what it decides (outcome and result), and the
 * context the steps read and extend in order. No I/O here.
 */
import type { Logger } from "pino";
import type { Address, Hex, PublicClient } from "viem";
import type { AdapterAnalysis, ExposureView } from "../analysis.js";
import type { ClassifiedError } from "../chain/errors.js";
import type { RpcQuorum } from "../chain/quorum.js";
import type { KeeperWallet } from "../chain/send.js";
import type { KeeperConfig } from "../config/schema.js";
import type { KeeperMetrics } from "../server/metrics.js";
import type { KeeperStore } from "../store/store.js";
import type { Plan, SendDecision } from "../strategy/planner.js";
import type { QueuePlan } from "../strategy/queue.js";
import type { VaultState } from "../strategy/types.js";

export interface CycleDeps {
  config: KeeperConfig;
  client: PublicClient;
  /**
   * Every configured endpoint: reads that lead to a transaction are confirmed on two of them (see
   * chain/quorum.ts). Absent: reads go through `client` alone.
   */
  quorum?: RpcQuorum;
  /** Absent: read-only (a dry run without a key); gas is then estimated per move. */
  wallet?: KeeperWallet;
  store: KeeperStore;
  log: Logger;
  metrics?: KeeperMetrics;
}

export interface CycleOptions {
  /** Plan, simulate and print; send nothing. */
  dryRun?: boolean;
}

export type CycleOutcome =
  | "sent" // mined and succeeded
  | "dry-run" // would have been sent
  | "held" // not worth its gas (hysteresis)
  | "no-moves" // the vault is where it should be
  | "waiting" // an earlier transaction of ours is still in flight
  | "superseded" // another keeper moved first (nonce mismatch)
  | "rejected" // the simulation or the mined transaction reverted
  | "stuck"; // sent, not mined after every re-send

export interface CycleResult {
  outcome: CycleOutcome;
  state: VaultState;
  adapters: AdapterAnalysis[];
  plan: Plan;
  decision?: SendDecision;
  gasCostWei?: bigint;
  txHash?: Hex;
  actionId?: number;
  error?: ClassifiedError;
  /** Queued-exit transactions of this cycle (requests for depegged positions, claims of finalised ones). */
  exits: ExitTx[];
  /** Restaking exposure and the AVS slashes seen this cycle (with a `risk` config). */
  exposure?: ExposureView;
  /** The redemption queue's plan this cycle (absent without a queue or pending requests). */
  queue?: QueuePlan;
  /** Transactions sent to serve the queue. */
  queueTxs: QueueTx[];
}

/** One transaction of the "serve the queue" step. */
export interface QueueTx {
  kind: "fulfil" | "requestExit" | "unwindInstant";
  adapter?: Address;
  /** requestExit / unwindInstant: the value; fulfil: 0. */
  assets: bigint;
  /** fulfil: the requests asked for. */
  count?: number;
  status: "confirmed" | "reverted" | "stuck" | "dry-run" | "failed";
  txHash?: Hex;
  actionId: number;
}

/** One queued-exit transaction of a cycle. */
export interface ExitTx {
  kind: "requestExit" | "claimExits";
  adapter: Address;
  /** requestExit: the value requested; claimExits: what the simulation said the claim pays. */
  assets: bigint;
  status: "confirmed" | "reverted" | "stuck" | "dry-run" | "failed";
  txHash?: Hex;
  actionId: number;
}

/** The vault read and every adapter analysed against the stored history. */
export interface Observation {
  state: VaultState;
  adapters: AdapterAnalysis[];
  /** Restaking exposure, expected losses and AVS slashes seen (with a `risk` config). */
  exposure?: ExposureView;
}

/** How a cycle ended: everything of the result that is not already in the context. */
export type CycleEnd = Pick<CycleResult, "outcome" | "decision" | "gasCostWei" | "txHash" | "actionId" | "error">;

/**
 * What the steps share, in the order they fill it. A step may replace `observation` (after mining a
 * transaction of its own it re-reads, or sets `stale` so the next step does) and may end the cycle.
 */
export interface CycleContext extends Observation {
  deps: CycleDeps;
  dryRun: boolean;
  /** A transaction of ours may still be in flight: nothing else is sent this cycle. */
  inFlight: boolean;
  /** A step mined a transaction that moved the vault: the next reader must re-observe. */
  stale: boolean;
  exits: ExitTx[];
  /** Set by the serve-the-queue step. */
  queuePlan?: QueuePlan;
  queueTxs: QueueTx[];
  /** Set by the plan step. */
  plan?: Plan;
  /** Set by the decide step: simulated gas, the fees it was priced at, and the send decision. */
  decided?: { gas: bigint; fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }; gasCostWei: bigint; decision: SendDecision };
}

/** A named step of the pipeline: resolves to how the cycle ended, or null to go on with the next step. */
export interface CycleStep {
  name: string;
  run(ctx: CycleContext): Promise<CycleEnd | null>;
}
