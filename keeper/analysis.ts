/**
 * From a vault state and the stored rate history to what the optimiser needs per adapter: the APY
 * estimate (base + extras, apart), the depeg guard's verdict and the configured costs. Pure apart
 * from reading the given samples.
 */
import type { KeeperConfig, RiskConfig } from "./config/schema.js";
import {
  discountAvsDrops,
  expectedLoss,
  exposureMatrix,
  exposureShares,
  exposuresByAdapter,
  riskAdjustedApy,
  vaultExposures,
  type AvsDrop,
  type AvsExposure,
  type AvsRisk,
  type AvsSlashEvent,
  type ExposureSnapshot,
} from "./strategy/exposure.js";
import type { ExposureRule } from "./strategy/optimizer.js";
import { estimateApy, type ApyEstimate, type RateSample } from "./strategy/apy.js";
import { exitRoute, type ExitRoute } from "./strategy/exits.js";
import { evaluateGuard, type GuardVerdict } from "./strategy/guard.js";
import type { ProtocolSignal } from "./strategy/signals.js";
import type { AdapterOutlook } from "./strategy/optimizer.js";
import { LensError, type AdapterState, type Hex, type VaultState } from "./strategy/types.js";

export interface AdapterAnalysis {
  address: Hex;
  name: string;
  apy: ApyEstimate;
  guard: GuardVerdict;
  /** How a proposed exit leaves: sold in the rebalance, or requested from the protocol's queue (a depeg). */
  exit: ExitRoute;
  outlook: AdapterOutlook;
  /** Expected loss per year from AVS exposure (0 without the risk model); `outlook.apy` has it taken off. */
  expectedLoss: number;
}

/** What the keeper knows of restaking risk at one read (absent without a `risk` config). */
export interface ExposureView {
  snapshot: ExposureSnapshot;
  /** Risk per AVS, in `snapshot.avs` order. */
  risk: AvsRisk[];
  capBps: number;
  /** Per adapter (state order): x_ia per AVS and its expected loss, or null when it has no exposure read. */
  perAdapter: ({ shares: number[]; expectedLoss: number } | null)[];
  /** The vault's exposure per AVS against its limit. */
  vault: AvsExposure[];
  /** The optimiser's AVS-exposure rule. */
  rule: ExposureRule;
  /** AVS slashes seen since the previous read (filled by the observe step). */
  events: AvsSlashEvent[];
}

/** The configured risk of each AVS of `snapshot`, in its order. Throws naming an AVS without one. */
export function avsRisks(risk: RiskConfig, snapshot: ExposureSnapshot): AvsRisk[] {
  return snapshot.avs.map((name) => {
    const r = risk.avs[name];
    if (r === undefined) throw new Error(`risk.avs.${name}: no risk configured for an AVS the exposure read returned`);
    return { name, slashProbability: r.slashProbabilityBps / 10_000, severity: r.severityBps / 10_000 };
  });
}

/** Exposure, expected loss and the AVS rule for `state` from an exposure read. Pure. */
export function analyseExposure(state: VaultState, snapshot: ExposureSnapshot, risk: RiskConfig): ExposureView {
  const risks = avsRisks(risk, snapshot);
  const perAdapter = exposuresByAdapter(state, snapshot).map((e) => {
    if (e === null) return null;
    const shares = exposureShares(e);
    return { shares, expectedLoss: expectedLoss(shares, risks) };
  });
  return {
    snapshot,
    risk: risks,
    capBps: risk.avsCapBps,
    perAdapter,
    vault: vaultExposures(state, snapshot, risk.avsCapBps),
    rule: { matrix: exposureMatrix(state, snapshot), capShare: risk.avsCapBps / 10_000 },
    events: [],
  };
}

/** The adapters with their expected loss taken off the optimiser's APY (risk-adjusted yield). */
export function withExpectedLoss(adapters: readonly AdapterAnalysis[], view: ExposureView): AdapterAnalysis[] {
  return adapters.map((a, i) => {
    const loss = view.perAdapter[i]?.expectedLoss ?? 0;
    return { ...a, expectedLoss: loss, outlook: { ...a.outlook, apy: riskAdjustedApy(a.apy.totalApy, loss) } };
  });
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

/**
 * Analyses every adapter of `state` given each one's stored history (which may include the current sample).
 * `avsDrops` (per adapter, lower-case address) are rate falls AVS slashes explain: with `guard.avsSlash` "hold"
 * the guard reads the history without them (see `discountAvsDrops`); the yield estimate always sees the true path.
 * `signals` (per adapter, lower-case address): losses its protocol's events show before its rate (strategy/signals.ts).
 */
export function analyseAdapters(
  state: VaultState,
  history: (adapter: Hex) => RateSample[],
  config: KeeperConfig,
  avsDrops: ReadonlyMap<string, readonly AvsDrop[]> = new Map(),
  signals: ReadonlyMap<string, readonly ProtocolSignal[]> = new Map(),
): AdapterAnalysis[] {
  const now = Number(state.timestamp);
  return state.adapters.map((a) => {
    const settings = adapterSettings(config, a.address);
    const samples = [...history(a.address)];
    const current = currentSample(a, now);
    if (current !== null && !samples.some((s) => s.timestamp === current.timestamp)) samples.push(current);
    const apy = estimateApy(samples, { ...config.strategy.apy, excludeDropsBps: config.strategy.guard.dropBps }, settings.extrasBps);
    const drops = config.strategy.guard.avsSlash === "hold" ? (avsDrops.get(a.address.toLowerCase()) ?? []) : [];
    const guard = evaluateGuard(a, discountAvsDrops(samples, drops), now, config.strategy.guard, signals.get(a.address.toLowerCase()) ?? []);
    const exit = exitRoute(guard, config.strategy.guard.depegExit);
    return {
      address: a.address,
      name: settings.name,
      apy,
      guard,
      exit,
      // A queued exit is not sold: the optimiser only keeps new allocation out (guarded).
      outlook: { apy: apy.totalApy, guarded: guard.guarded, exit: exit === "sell", entryCostBps: settings.entryCostBps },
      expectedLoss: 0,
    };
  });
}
