/**
 * `report()` on its own schedule (not a cycle step: it shares only the account nonce with cycles). A scheduled
 * report (the runtime's job, `onlyWhenWorthIt`) is sent when it is overdue (the share-price feed's last round is `report.maxAgeSeconds` old or more at the
 * chain head), when it books a loss (a loss is always published), or when the profit it books beats its gas by the
 * strategy's margin; otherwise it is skipped (logged, no row stored). The simulation it rests on is confirmed on two
 * endpoints when more are configured.
 */
import type { Hex } from "viem";
import { lrtVaultAbi, sharePriceFeedAbi } from "../chain/abis.generated.js";
import { priceFees } from "../chain/fees.js";
import { confirmedRead, pinnedBlock } from "../chain/quorum.js";
import { sendVaultCall, txPolicyOf } from "./tx.js";
import type { CycleDeps, CycleOptions } from "./types.js";

export interface ReportFacts {
  /** Chain seconds since the feed's last round. */
  ageSeconds: number;
  maxAgeSeconds: number;
  /** What the report would book (its simulation). */
  profit: bigint;
  loss: bigint;
  /** Its gas at the max fee it would be sent with, wei. */
  gasCostWei: bigint;
  /** The profit must beat gas x (1 + margin), bps. */
  marginBps: number;
}

/** Whether a due report is sent, and why. Pure. */
export function decideReport(f: ReportFacts): { send: boolean; reason: string } {
  if (f.ageSeconds >= f.maxAgeSeconds) return { send: true, reason: `overdue: the feed's last round is ${f.ageSeconds} s old (limit ${f.maxAgeSeconds} s)` };
  if (f.loss > 0n) return { send: true, reason: `books a loss of ${f.loss} wei (a loss is always published)` };
  const needed = (f.gasCostWei * BigInt(10_000 + f.marginBps)) / 10_000n;
  if (f.profit >= needed && f.profit > 0n) return { send: true, reason: `books ${f.profit} wei of profit for at most ${f.gasCostWei} wei of gas` };
  return {
    send: false,
    reason: `books ${f.profit} wei of profit, not worth up to ${f.gasCostWei} wei of gas (x${(10_000 + f.marginBps) / 10_000}); the feed is ${f.ageSeconds} s old, sent anyway at ${f.maxAgeSeconds} s`,
  };
}

/** The facts a due report is decided on: the feed's age, the report's simulation and its priced gas. */
async function reportFacts(deps: CycleDeps & { wallet: NonNullable<CycleDeps["wallet"]> }): Promise<ReportFacts> {
  const { client, config, quorum, wallet } = deps;
  const at = await pinnedBlock(quorum);
  const head = await client.getBlock(at.blockNumber === undefined ? { blockTag: "latest" } : { blockNumber: at.blockNumber });
  const feed = await client.readContract({ address: config.vault, abi: lrtVaultAbi, functionName: "priceFeed", ...at });
  const round = await client.readContract({ address: feed, abi: sharePriceFeedAbi, functionName: "latestRoundData", ...at });
  const request = { address: config.vault, abi: lrtVaultAbi, functionName: "report", args: [], account: wallet.account, ...at } as const;
  const [profit, loss] = await confirmedRead(quorum, client, "report simulation", async (c) => (await c.simulateContract(request)).result);
  const gas = await client.estimateContractGas(request);
  const fees = await priceFees(client, txPolicyOf(config), quorum, at.blockNumber);
  return {
    ageSeconds: Number(head.timestamp - round[3]),
    maxAgeSeconds: config.report.maxAgeSeconds,
    profit,
    loss,
    gasCostWei: gas * fees.maxFeePerGas,
    marginBps: config.strategy.gainOverGasMarginBps,
  };
}

/**
 * Calls `report()`. With `onlyWhenWorthIt` (the scheduled job) only when it is overdue, books a loss or books a
 * profit worth its gas (see `decideReport`). Returns the tx hash, or null when nothing was sent.
 */
export async function runReport(deps: CycleDeps, options: CycleOptions & { onlyWhenWorthIt?: boolean } = {}): Promise<Hex | null> {
  const { log, wallet } = deps;
  if (options.dryRun || wallet === undefined) {
    log.info("report: dry run, nothing sent");
    return null;
  }
  const keyed = { ...deps, wallet };
  const decision = options.onlyWhenWorthIt ? decideReport(await reportFacts(keyed)) : { send: true, reason: "asked for" };
  if (!decision.send) {
    log.info({ reason: decision.reason }, "report skipped");
    return null;
  }
  const sent = await sendVaultCall(keyed, { functionName: "report", args: [] }, { kind: "report" });
  if (sent.stuck !== undefined) throw sent.stuck;
  log.info({ tx: sent.hash, status: sent.status, reason: decision.reason }, "report done");
  return sent.hash ?? null;
}
