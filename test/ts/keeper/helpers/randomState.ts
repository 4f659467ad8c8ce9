import type { AdapterOutlook, AllocationInput } from "../../../../keeper/strategy/optimizer.js";
import { adapter, E, vaultState } from "./state.js";
import { int, uniform } from "./rng.js";

function wei(r: () => number, maxEth: number): bigint {
  return (BigInt(Math.floor(r() * maxEth * 1e6)) * E) / 1_000_000n;
}

/** A random but consistent vault with 1..maxAdapters adapters, and a random outlook for each. */
export function randomInput(r: () => number, maxAdapters = 3): AllocationInput {
  const n = int(r, 1, maxAdapters);
  const adapters = Array.from({ length: n }, (_, i) => {
    const allocation = r() < 0.3 ? 0n : wei(r, 50);
    const costBps = BigInt(int(r, 0, 80));
    return adapter(i, {
      allocation,
      realAssets: allocation,
      exitAmount: allocation,
      exitPreview: allocation - (allocation * costBps) / 10_000n,
      cap: r() < 0.3 ? wei(r, 40) : 10n ** 30n,
      tier: int(r, 0, 2),
    });
  });
  const state = vaultState(adapters, {
    idle: wei(r, 60),
    bufferFloorBps: int(r, 0, 1500),
    maxSlippageBps: 60,
  });
  state.reserveAssets = (state.totalAssets * BigInt(int(r, 0, 800))) / 10_000n;
  state.tiers = [
    { id: 0, capBps: int(r, 3000, 10_000), coverageBps: int(r, 0, 200) },
    { id: 1, capBps: int(r, 1000, 8000), coverageBps: int(r, 100, 800) },
    { id: 2, capBps: int(r, 500, 5000), coverageBps: int(r, 300, 2000) },
  ];
  const outlook: AdapterOutlook[] = adapters.map(() => {
    const guarded = r() < 0.1;
    return { apy: uniform(r, -0.01, 0.08), guarded, exit: guarded && r() < 0.5, entryCostBps: int(r, 0, 10) };
  });
  return { state, outlook, params: { horizonYears: uniform(r, 0.02, 0.5), slippageBps: int(r, 0, 50) } };
}
