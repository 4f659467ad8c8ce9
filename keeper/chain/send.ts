/**
 * Sending one transaction with a capped gas limit and fee, waiting for its receipt, and re-sending it
 * with the same account nonce and a higher fee when it is stuck. Every hash sent for that nonce is
 * watched, since whichever one is mined settles it. No decisions about what to send live here.
 */
import {
  encodeFunctionData,
  TransactionReceiptNotFoundError,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { classifyError } from "./errors.js";
import { priceFees } from "./fees.js";

export interface TxPolicy {
  /** Highest gas limit accepted; an estimate above it is refused. */
  gasLimitCap: bigint;
  /** Highest fee per gas ever offered, wei. */
  maxFeePerGas: bigint;
  /** Highest tip (priority fee) per gas ever offered, wei. */
  maxPriorityFeePerGas: bigint;
  /** Wait this long for a receipt before re-sending with a higher fee. */
  receiptTimeoutMs: number;
  /** Fee increase per re-send, bps (nodes want >= 1000). */
  feeBumpBps: number;
  /** Re-sends after the first send. */
  maxResends: number;
  /** Receipt polling interval. */
  pollMs: number;
}

export type KeeperWallet = WalletClient<Transport, Chain | undefined, Account>;

export interface ContractCall<abi extends Abi, fn extends ContractFunctionName<abi, "nonpayable" | "payable">> {
  address: Address;
  abi: abi;
  functionName: fn;
  args: ContractFunctionArgs<abi, "nonpayable" | "payable", fn>;
  /** Gas limit, already bounded by the caller (see `boundGas`). */
  gas: bigint;
}

export interface SentTx {
  hash: Hex;
  nonce: number;
  receipt: TransactionReceipt;
  /** Sends made for this nonce (1 = no re-send). */
  sends: number;
}

export class StuckTransactionError extends Error {
  readonly hashes: Hex[];
  readonly nonce: number;
  constructor(nonce: number, hashes: Hex[]) {
    super(`transaction with nonce ${nonce} not mined after ${hashes.length} send(s): ${hashes.join(", ")}`);
    this.name = "StuckTransactionError";
    this.nonce = nonce;
    this.hashes = hashes;
  }
}

/** The gas limit to send with: the estimate plus 20 %, refused above the cap. */
export function boundGas(estimate: bigint, cap: bigint): bigint {
  if (estimate > cap) throw new Error(`gas estimate ${estimate} is above the configured cap ${cap}`);
  const padded = (estimate * 12n) / 10n;
  return padded > cap ? cap : padded;
}

/** Fees for the first send: the node's quote, checked against the fee history and capped (chain/fees.ts). */
export async function initialFees(client: PublicClient, policy: TxPolicy): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const { maxFeePerGas, maxPriorityFeePerGas } = await priceFees(client, policy);
  return { maxFeePerGas, maxPriorityFeePerGas };
}

function bump(value: bigint, bps: number, cap: bigint): bigint {
  const next = (value * (10_000n + BigInt(bps)) + 9_999n) / 10_000n;
  return next > cap ? cap : next;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function findReceipt(client: PublicClient, hashes: readonly Hex[]): Promise<TransactionReceipt | null> {
  for (const hash of hashes) {
    try {
      return await client.getTransactionReceipt({ hash });
    } catch (err) {
      if (err instanceof TransactionReceiptNotFoundError) continue;
      if (classifyError(err).kind === "retryable") continue; // a flaky poll is not an answer
      throw err;
    }
  }
  return null;
}

/**
 * Sends `call` from `wallet`'s account and waits for it to be mined, re-sending with the same nonce and
 * a fee `feeBumpBps` higher each `receiptTimeoutMs` (at most `maxResends` times, never above the fee cap).
 * `onSent` runs after every send (persist the hash before waiting). Throws StuckTransactionError when
 * nothing was mined in the end; the caller keeps the hashes and checks them next cycle.
 */
export async function sendContractTx<abi extends Abi, fn extends ContractFunctionName<abi, "nonpayable" | "payable">>(
  client: PublicClient,
  wallet: KeeperWallet,
  call: ContractCall<abi, fn>,
  policy: TxPolicy,
  onSent?: (hash: Hex, nonce: number, send: number) => void,
  /** Fees for the first send when the caller already priced the transaction (saves two requests). */
  firstFees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
): Promise<SentTx> {
  const account = wallet.account;
  const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as Parameters<
    typeof encodeFunctionData
  >[0]);
  const nonce = await client.getTransactionCount({ address: account.address, blockTag: "pending" });
  let fees = firstFees ?? (await initialFees(client, policy));
  const hashes: Hex[] = [];
  for (let send = 1; send <= policy.maxResends + 1; send++) {
    try {
      const hash = await wallet.sendTransaction({
        account,
        chain: wallet.chain,
        to: call.address,
        data,
        gas: call.gas,
        nonce,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      });
      hashes.push(hash);
      onSent?.(hash, nonce, send);
    } catch (err) {
      // "nonce too low": an earlier send for this nonce was mined meanwhile; find it below.
      if (hashes.length === 0 || classifyError(err).kind !== "retryable") throw err;
    }
    const deadline = Date.now() + policy.receiptTimeoutMs;
    for (;;) {
      const receipt = await findReceipt(client, hashes);
      if (receipt !== null) return { hash: receipt.transactionHash, nonce, receipt, sends: hashes.length };
      if (Date.now() >= deadline) break;
      await sleep(policy.pollMs);
    }
    const next = {
      maxFeePerGas: bump(fees.maxFeePerGas, policy.feeBumpBps, policy.maxFeePerGas),
      maxPriorityFeePerGas: bump(fees.maxPriorityFeePerGas, policy.feeBumpBps, policy.maxPriorityFeePerGas),
    };
    if (next.maxFeePerGas === fees.maxFeePerGas && next.maxPriorityFeePerGas === fees.maxPriorityFeePerGas) break;
    fees = next;
  }
  throw new StuckTransactionError(nonce, hashes);
}
