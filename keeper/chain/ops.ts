/**
 * The reads an operator watches beside the lens snapshot: the share price, the share-price feed's last round
 * (when `report()` last published), the keeper account's ETH balance and nonces, and the chain head. Also the
 * start checks that the configured addresses are what they claim to be. No decisions here.
 */
import type { Address, Hex, PublicClient } from "viem";
import { lrtVaultAbi, sharePriceFeedAbi, vaultLensAbi } from "./abis.generated.js";

export interface OpsReading {
  /** Assets per 1e18 shares as the vault prices them (`pricePerShare()`). */
  sharePrice: bigint;
  /** Chain time of the feed's latest round: the last `report()` that published. */
  lastReportAt: bigint;
  /** The feed's latest answer. */
  feedAnswer: bigint;
  headBlock: bigint;
  headTimestamp: bigint;
  /** Absent without a key (read-only). */
  account?: { address: Address; balanceWei: bigint; latestNonce: number; pendingNonce: number };
}

/** The operator's reads at the latest block. */
export async function readOps(client: PublicClient, vault: Address, feed: Address, account?: Address): Promise<OpsReading> {
  const [sharePrice, round, head, acct] = await Promise.all([
    client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "pricePerShare" }),
    client.readContract({ address: feed, abi: sharePriceFeedAbi, functionName: "latestRoundData" }),
    client.getBlock({ blockTag: "latest" }),
    account === undefined
      ? Promise.resolve(undefined)
      : Promise.all([
          client.getBalance({ address: account }),
          client.getTransactionCount({ address: account, blockTag: "latest" }),
          client.getTransactionCount({ address: account, blockTag: "pending" }),
        ]).then(([balanceWei, latestNonce, pendingNonce]) => ({ address: account, balanceWei, latestNonce, pendingNonce })),
  ]);
  return {
    sharePrice,
    lastReportAt: round[3],
    feedAnswer: round[1],
    headBlock: head.number,
    headTimestamp: head.timestamp,
    ...(acct === undefined ? {} : { account: acct }),
  };
}

/** What identifies an LRTVault through functions that stay on the vault itself. */
export interface VaultIdentity {
  asset: Address;
  allocatorRole: Hex;
  priceFeed: Address;
  rebalanceNonce: bigint;
}

/** Reads the vault's identity; throws what the first failing read throws, with the function's name. */
export async function readVaultIdentity(client: PublicClient, vault: Address): Promise<VaultIdentity> {
  const read = <T>(fn: string, p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      throw Object.assign(new Error(`${fn}() failed`), { cause: err, fn });
    });
  const [asset, allocatorRole, priceFeed, rebalanceNonce] = await Promise.all([
    read("asset", client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "asset" })),
    read("ALLOCATOR_ROLE", client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "ALLOCATOR_ROLE" })),
    read("priceFeed", client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "priceFeed" })),
    read("rebalanceNonce", client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "rebalanceNonce" })),
  ]);
  return { asset, allocatorRole, priceFeed, rebalanceNonce };
}

/** True when `account` holds `role` on `vault`. */
export async function holdsRole(client: PublicClient, vault: Address, role: Hex, account: Address): Promise<boolean> {
  return client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "hasRole", args: [role, account] });
}

/** Calls the lens's snapshot of `vault` (throws when `lens` is not a VaultLens). */
export async function probeLens(client: PublicClient, lens: Address, vault: Address): Promise<void> {
  await client.readContract({ address: lens, abi: vaultLensAbi, functionName: "snapshot", args: [vault] });
}
