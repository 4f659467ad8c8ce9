/**
 * From a vault state and the stored rate history to what the optimiser needs per adapter: the APY
 * estimate (base + extras, apart), the depeg guard's verdict and the configured costs. Pure apart
 * from reading the given samples.
 */
import type { KeeperConfig } from "./config/schema.js";
import { estimateApy, type ApyEstimate, type RateSample } from "./strategy/apy.js";
import { evaluateGuard, type GuardVerdict } from "./strategy/guard.js";
import type { AdapterOutlook } from "./strategy/optimizer.js";
import { LensError, type AdapterState, type Hex, type VaultState } from "./strategy/types.js";

export interface AdapterAnalysis {
  address: Hex;
  name: string;
  apy: ApyEstimate;
  guard: GuardVerdict;
  outlook: AdapterOutlook;
}

/** Configured settings for `address` (keys compare case-insensitively). */
export function adapterSettings(config: KeeperConfig, address: Hex): { name: string; extrasBps: number; entryCostBps: number } {
  const lower = address.toLowerCase();
  for (const [key, value] of Object.entries(config.adapters)) {
    if (key.toLowerCase() === lower) return value;
  }
  return { name: `${address.slice(0, 6)}…${address.slice(-4)}`, extrasBps: 0, entryCostBps: 0 };
}

/** The oldest chain time whose samples any estimate or guard of `config` can use. */
export function historyStart(config: KeeperConfig, now: number): number {
  const longest = Math.max(...config.strategy.apy.windowsSeconds, config.strategy.guard.cooldownSeconds);
  return Math.max(0, now - Math.ceil(longest * 1.5));
}

/** The current sample of `a`, when its fair rate could be read. */
export function currentSample(a: AdapterState, timestamp: number): RateSample | null {
  return a.errors & LensError.fairRate ? null : { timestamp, fairRate: a.fairRate };
}

/** Analyses every adapter of `state` given each one's stored history (which may include the current sample). */
export function analyseAdapters(
  state: VaultState,
  history: (adapter: Hex) => RateSample[],
  config: KeeperConfig,
): AdapterAnalysis[] {
  const now = Number(state.timestamp);
  return state.adapters.map((a) => {
    const settings = adapterSettings(config, a.address);
    const samples = [...history(a.address)];
    const current = currentSample(a, now);
    if (current !== null && !samples.some((s) => s.timestamp === current.timestamp)) samples.push(current);
    const apy = estimateApy(samples, { ...config.strategy.apy, excludeDropsBps: config.strategy.guard.dropBps }, settings.extrasBps);
    const guard = evaluateGuard(a, samples, now, config.strategy.guard);
    return {
      address: a.address,
      name: settings.name,
      apy,
      guard,
      outlook: { apy: apy.totalApy, guarded: guard.guarded, exit: guard.exit, entryCostBps: settings.entryCostBps },
    };
  });
}
