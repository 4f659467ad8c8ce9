/**
 * Reads: the whole vault in one eth_call through VaultLens (deployed, or undeployed from its creation
 * code), converted to the strategy's plain `VaultState`. No decisions here.
 */
import { zeroAddress, type Address, type ContractFunctionReturnType, type PublicClient } from "viem";
import type { JuniorState, QueueState, VaultState } from "../strategy/types.js";
import { lrtVaultAbi, vaultLensAbi, vaultLensBytecode } from "./abis.generated.js";

/**
 * The vault's state at `blockNumber` (default the latest block), in exactly one RPC request (`eth_call`). With `lens` unset the
 * lens runs undeployed (`eth_call` with its creation code), so a keeper needs no deployment of its own.
 */
export async function readVaultState(client: PublicClient, vault: Address, lens?: Address, blockNumber?: bigint): Promise<VaultState> {
  const at = blockNumber === undefined ? {} : { blockNumber };
  const s =
    lens === undefined
      ? await client.readContract({ abi: vaultLensAbi, code: vaultLensBytecode, functionName: "snapshot", args: [vault], ...at })
      : await client.readContract({ abi: vaultLensAbi, address: lens, functionName: "snapshot", args: [vault], ...at });
  return {
    vault,
    blockNumber: s.blockNumber,
    timestamp: s.timestamp,
    totalAssets: s.totalAssets,
    totalSupply: s.totalSupply,
    idle: s.idle,
    lockedProfit: s.lockedProfit,
    reserveShares: s.reserveShares,
    reserveAssets: s.reserveAssets,
    requiredReserve: s.requiredReserve,
    rebalanceNonce: s.rebalanceNonce,
    paused: s.paused,
    priceHalted: s.priceHalted,
    bufferFloorBps: s.bufferFloorBps,
    maxSlippageBps: s.maxSlippageBps,
    tiers: s.tiers.map((t) => ({ id: t.id, capBps: t.capBps, coverageBps: t.coverageBps })),
    adapters: s.adapters.map((a) => ({
      address: a.adapter,
      lrt: a.lrt,
      allocation: a.allocation,
      realAssets: a.realAssets,
      fairRate: a.fairRate,
      marketRate: a.marketRate,
      pendingExits: a.pendingExits,
      cap: a.cap,
      tier: a.tier,
      exitAmount: a.exitAmount,
      exitPreview: a.exitPreview,
      errors: a.errors,
      impaired: a.impaired,
    })),
    ...(s.queue.queue === zeroAddress ? {} : { queue: queueStateOf(s.queue) }),
    ...(s.junior.tranche === zeroAddress ? {} : { junior: juniorStateOf(s.junior) }),
  };
}

function juniorStateOf(j: LensSnapshot["junior"]): JuniorState {
  return {
    address: j.tranche,
    capitalAssets: j.capitalAssets,
    coveringAssets: j.coveringAssets,
    pendingAssets: j.pendingAssets,
    lockedPremiumAssets: j.lockedPremiumAssets,
    premiumUnlockEnd: j.premiumUnlockEnd,
    reserveTarget: j.reserveTarget,
    noticePeriod: BigInt(j.noticePeriod),
    era: BigInt(j.era),
  };
}

type LensSnapshot = ContractFunctionReturnType<typeof vaultLensAbi, "view", "snapshot">;

function queueStateOf(q: LensSnapshot["queue"]): QueueState {
  const s = q.summary;
  return {
    address: q.queue,
    pendingCount: s.pendingCount,
    pendingShares: s.pendingShares,
    owedAssets: s.owedAssets,
    setAside: s.setAside,
    headId: s.headId,
    headRequestedAt: s.headRequestedAt,
    headDueAt: s.headDueAt,
    maxWait: s.maxWait,
    overdue: s.overdue,
    minRequestAssets: s.minRequestAssets,
    requests: q.requests.map((r) => ({ id: r.requestId, owed: r.owed, shares: r.shares, requestedAt: r.requestedAt })),
  };
}

/** The vault's rebalance nonce (one request). */
export async function readRebalanceNonce(client: PublicClient, vault: Address): Promise<bigint> {
  return client.readContract({ address: vault, abi: lrtVaultAbi, functionName: "rebalanceNonce" });
}
