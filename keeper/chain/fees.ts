/**
 * Fees with sense. The node's quote (`estimateFeesPerGas`) is never taken on trust: the tip is capped on its own
 * (`tx.maxPriorityFeePerGasGwei`), and the max fee is capped both by configuration and by the chain's own record,
 * `eth_feeHistory` at the decision block: at most twice the next block's base fee plus the tip (what EIP-1559
 * needs to stay includable through six full blocks in a row). With several endpoints the fee history is itself
 * confirmed on two of them. A quote above that bound is cut, and said so. No decisions about what to send here.
 */
import type { PublicClient } from "viem";
import { confirmedRead, type RpcQuorum } from "./quorum.js";

export interface FeeCaps {
  /** Highest max fee per gas ever offered, wei. */
  maxFeePerGas: bigint;
  /** Highest tip (priority fee) per gas ever offered, wei. */
  maxPriorityFeePerGas: bigint;
}

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface PricedFees extends Fees {
  /** The node's quote, before any cut. */
  quoted: Fees;
  /** The next block's base fee by eth_feeHistory. */
  nextBaseFee: bigint;
  /** What cut the quote, if anything ("tip cap", "fee history", "max-fee cap"). */
  cuts: string[];
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * The fees to send with: the quote, with the tip at most `caps.maxPriorityFeePerGas` and the max fee at most
 * `caps.maxFeePerGas` and at most 2 x next base fee (eth_feeHistory) + tip. Pure.
 */
export function boundFees(quoted: Fees, nextBaseFee: bigint, caps: FeeCaps): PricedFees {
  const cuts: string[] = [];
  let tip = quoted.maxPriorityFeePerGas;
  if (tip > caps.maxPriorityFeePerGas) {
    tip = caps.maxPriorityFeePerGas;
    cuts.push("tip cap");
  }
  let maxFee = quoted.maxFeePerGas;
  const byHistory = 2n * nextBaseFee + tip;
  if (maxFee > byHistory) {
    maxFee = byHistory;
    cuts.push("fee history");
  }
  if (maxFee > caps.maxFeePerGas) {
    maxFee = caps.maxFeePerGas;
    cuts.push("max-fee cap");
  }
  return { maxFeePerGas: maxFee, maxPriorityFeePerGas: min(tip, maxFee), quoted, nextBaseFee, cuts };
}

/**
 * Prices a transaction: the quote from `client` checked against the fee history at `blockNumber` (default the
 * latest block), confirmed by `quorum` when there is one.
 */
export async function priceFees(client: PublicClient, caps: FeeCaps, quorum?: RpcQuorum, blockNumber?: bigint): Promise<PricedFees> {
  const [quote, history] = await Promise.all([
    client.estimateFeesPerGas(),
    confirmedRead(quorum, client, "fee history", (c) =>
      c.getFeeHistory({ blockCount: 5, rewardPercentiles: [50], ...(blockNumber === undefined ? { blockTag: "latest" as const } : { blockNumber }) }),
    ),
  ]);
  const nextBaseFee = history.baseFeePerGas.at(-1) ?? 0n;
  return boundFees({ maxFeePerGas: quote.maxFeePerGas, maxPriorityFeePerGas: quote.maxPriorityFeePerGas }, nextBaseFee, caps);
}
