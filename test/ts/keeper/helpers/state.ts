import type { AdapterState, Hex, TierState, VaultState } from "../../../../keeper/strategy/types.js";
import type { AdapterOutlook } from "../../../../keeper/strategy/optimizer.js";

export const E = 10n ** 18n;

export function addr(i: number): Hex {
  return `0x${(i + 1).toString(16).padStart(40, "a")}` as Hex;
}

export function adapter(i: number, over: Partial<AdapterState> = {}): AdapterState {
  const allocation = over.allocation ?? 0n;
  return {
    address: addr(i),
    lrt: addr(100 + i),
    allocation,
    realAssets: allocation,
    fairRate: E,
    marketRate: E,
    pendingExits: 0n,
    cap: 10n ** 30n,
    tier: 0,
    exitAmount: allocation,
    exitPreview: allocation - allocation / 1000n, // 10 bps exit cost
    errors: 0,
    impaired: false,
    ...over,
  };
}

/** A consistent vault: totalAssets = idle + allocations - locked profit. */
export function vaultState(
  adapters: AdapterState[],
  over: Partial<Omit<VaultState, "adapters" | "totalAssets">> & { tiers?: TierState[] } = {},
): VaultState {
  const idle = over.idle ?? 100n * E;
  const locked = over.lockedProfit ?? 0n;
  const totalAssets = idle + adapters.reduce((s, a) => s + a.allocation, 0n) - locked;
  return {
    vault: "0x00000000000000000000000000000000000000f1",
    blockNumber: 1n,
    timestamp: 1_700_000_000n,
    totalSupply: totalAssets,
    lockedProfit: locked,
    reserveShares: totalAssets / 10n,
    reserveAssets: totalAssets / 10n,
    requiredReserve: 0n,
    rebalanceNonce: 0n,
    paused: false,
    priceHalted: false,
    bufferFloorBps: 500,
    maxSlippageBps: 100,
    tiers: [
      { id: 0, capBps: 10_000, coverageBps: 100 },
      { id: 1, capBps: 5_000, coverageBps: 500 },
      { id: 2, capBps: 2_000, coverageBps: 1_000 },
    ],
    ...over,
    idle,
    totalAssets,
    adapters,
  };
}

/** An adapter outlook: expected APY and guard flags, as the cycle hands them to the optimiser. */
export function outlook(apy: number, over: Partial<AdapterOutlook> = {}): AdapterOutlook {
  return { apy, guarded: false, exit: false, entryCostBps: 0, ...over };
}
