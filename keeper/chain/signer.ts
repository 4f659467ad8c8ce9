/**
 * A remote signer: the key stays in another process (Web3Signer, Clef, a KMS bridge) and signs over JSON-RPC
 * `eth_signTransaction`, the interface those expose (anvil serves it for its unlocked accounts). The account is a
 * viem custom account, so the keeper sends through it exactly as through a local key. What comes back is checked
 * before it is broadcast: it must be the transaction asked for (to, data, nonce, gas, fees, chain) and recover to
 * the configured address, so a signer that swaps or alters the transaction is refused.
 */
import {
  http,
  parseTransaction,
  recoverTransactionAddress,
  toHex,
  type Address,
  type Hex,
  type LocalAccount,
  type TransactionSerializable,
} from "viem";
import { toAccount } from "viem/accounts";

export type SignerRequest = (args: { method: string; params?: unknown[] }) => Promise<unknown>;

export interface RemoteSignerOptions {
  /** The signer's JSON-RPC URL. */
  url: string;
  /** The account it signs for. */
  address: Address;
  timeoutMs?: number;
  /** Replaces the HTTP transport (tests). */
  request?: SignerRequest;
}

const quantity = (v: bigint | number | undefined) => (v === undefined ? undefined : toHex(v));

/** The transaction as `eth_signTransaction` takes it (hex quantities). */
function rpcTransaction(from: Address, tx: TransactionSerializable): Record<string, unknown> {
  const out: Record<string, unknown> = {
    from,
    to: tx.to ?? undefined,
    data: tx.data ?? "0x",
    value: quantity(tx.value ?? 0n),
    gas: quantity(tx.gas),
    nonce: quantity(tx.nonce),
    chainId: quantity(tx.chainId),
  };
  if (tx.maxFeePerGas !== undefined) {
    out.type = "0x2";
    out.maxFeePerGas = quantity(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = quantity(tx.maxPriorityFeePerGas);
  } else if (tx.gasPrice !== undefined) {
    out.gasPrice = quantity(tx.gasPrice);
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** Throws when `signed` is not `asked`, signed by `address`. */
async function checkSigned(raw: Hex, asked: TransactionSerializable, address: Address): Promise<void> {
  const got = parseTransaction(raw);
  const fields = ["to", "nonce", "gas", "maxFeePerGas", "maxPriorityFeePerGas", "chainId"] as const;
  for (const f of fields) {
    const a = asked[f as keyof TransactionSerializable];
    const g = got[f as keyof typeof got];
    const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v === undefined || v === null ? undefined : BigInt(v as bigint));
    if (a !== undefined && norm(a) !== norm(g)) throw new Error(`remote signer returned a transaction whose ${f} is ${String(g)}, not ${String(a)}: refused`);
  }
  if ((got.data ?? "0x").toLowerCase() !== (asked.data ?? "0x").toLowerCase()) throw new Error("remote signer returned a transaction with other calldata: refused");
  if ((got.value ?? 0n) !== (asked.value ?? 0n)) throw new Error("remote signer returned a transaction with another value: refused");
  const signer = await recoverTransactionAddress({ serializedTransaction: raw as Parameters<typeof recoverTransactionAddress>[0]["serializedTransaction"] });
  if (signer.toLowerCase() !== address.toLowerCase()) throw new Error(`remote signer signed as ${signer}, not ${address}: refused`);
}

/** An account whose transactions `url` signs (eth_signTransaction). Messages and typed data are not signed: the keeper needs neither. */
export function remoteSignerAccount(options: RemoteSignerOptions): LocalAccount {
  const request: SignerRequest =
    options.request ??
    ((args) => http(options.url, { timeout: options.timeoutMs ?? 10_000, retryCount: 0 })({}).request(args as never) as Promise<unknown>);
  const { address } = options;
  const refuse = async (): Promise<Hex> => {
    throw new Error("the remote signer account signs transactions only");
  };
  return toAccount({
    address,
    async signTransaction(tx) {
      const result = await request({ method: "eth_signTransaction", params: [rpcTransaction(address, tx)] });
      // Web3Signer and anvil answer the raw transaction; Clef answers { raw, tx }.
      const raw = (typeof result === "object" && result !== null && "raw" in result ? (result as { raw: unknown }).raw : result) as unknown;
      if (typeof raw !== "string" || !/^0x[0-9a-fA-F]+$/.test(raw)) throw new Error("remote signer: eth_signTransaction did not answer a signed transaction");
      await checkSigned(raw as Hex, tx, address);
      return raw as Hex;
    },
    signMessage: refuse,
    signTypedData: refuse,
  });
}
