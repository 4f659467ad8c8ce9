/**
 * Restaking risk as arithmetic: what share of each LRT's restaked ETH each AVS can slash, the expected loss
 * that follows from configured per-AVS risk, the vault's exposure per AVS against its limit, and the AVS
 * slashes seen between two reads. Pure: no I/O.
 *
 * Measured (ExposureLens, every cycle): per LRT i its restaked ETH R_i and, per AVS a, the part S_ia of it
 * that a's operator set can slash (Σ over the LRT's operators of delegated shares x magnitude / max magnitude).
 * The exposure share x_ia = S_ia / R_i is the most a can take from one unit of the LRT's value.
 * Configured (per AVS): p_a, slash events per year, and v_a, the share of the allocated stake an event slashes.
 *   expected loss of LRT i per year   EL_i = Σ_a x_ia · p_a · v_a
 *   risk-adjusted APY                 measured APY (base + extras) - EL_i
 *   vault exposure to AVS a           E_a = Σ_i allocation_i · x_ia   <= avsCap · total assets (off-chain rule)
 * A slash by a's set lowers the operator's allocation to a and its max magnitude by the same amount, so its
 * delegators' shares fall by exactly what S_ia falls by, and S_ib of every other AVS b stays: the fall of R_i
 * between two reads is attributed to the AVSs whose S_ia fell, in proportion (a deallocation taking effect
 * lowers S_ia with R_i unchanged, and is not a slash).
 */
import type { Hex, VaultState } from "./types.js";

/** One AVS's configured risk. */
export interface AvsRisk {
  name: string;
  /** Slash events per year (a probability for rare events). */
  slashProbability: number;
  /** Share of the stake allocated to the AVS that one event slashes (0..1). */
  severity: number;
}

/** One LRT's exposure as read on chain (wei). `atRisk` follows the AVS order of the read. */
export interface LrtExposureRead {
  adapter: Hex;
  restaked: bigint;
  atRisk: readonly bigint[];
}

/** The exposures of every adapter at one block. */
export interface ExposureSnapshot {
  blockNumber: bigint;
  /** AVS names in the order of every `atRisk`. */
  avs: readonly string[];
  lrts: readonly LrtExposureRead[];
}

/** x_ia for one LRT: the share of its value each AVS can slash (0 when nothing is restaked). */
export function exposureShares(e: LrtExposureRead): number[] {
  if (e.restaked <= 0n) return e.atRisk.map(() => 0);
  return e.atRisk.map((s) => Math.min(1, Number(s) / Number(e.restaked)));
}

/** EL_i per year as a fraction: Σ_a x_ia · p_a · v_a. `risk` follows the AVS order of `shares`. */
export function expectedLoss(shares: readonly number[], risk: readonly AvsRisk[]): number {
  if (shares.length !== risk.length) throw new Error(`expectedLoss: ${shares.length} exposures for ${risk.length} AVSs`);
  return shares.reduce((sum, x, a) => sum + x * risk[a]!.slashProbability * risk[a]!.severity, 0);
}

/** Risk-adjusted APY: the measured APY less the expected loss (both fractions per year). */
export function riskAdjustedApy(measuredApy: number, loss: number): number {
  return measuredApy - loss;
}

/** Per adapter of `state` (same order), its exposure read, or null when it has none (not restaked, not configured). */
export function exposuresByAdapter(state: VaultState, snapshot: ExposureSnapshot): (LrtExposureRead | null)[] {
  const byAddress = new Map(snapshot.lrts.map((e) => [e.adapter.toLowerCase(), e]));
  return state.adapters.map((a) => byAddress.get(a.address.toLowerCase()) ?? null);
}

/** Exposure shares matrix [avs][adapter] for the optimiser (0 for adapters without an exposure read). */
export function exposureMatrix(state: VaultState, snapshot: ExposureSnapshot): number[][] {
  const per = exposuresByAdapter(state, snapshot).map((e) => (e === null ? snapshot.avs.map(() => 0) : exposureShares(e)));
  return snapshot.avs.map((_, a) => per.map((row) => row[a]!));
}

/** ETH the vault has at risk in one LRT from one AVS: allocation x S_ia / R_i, rounded down (wei). */
export function atRiskWei(allocation: bigint, e: LrtExposureRead, avsIndex: number): bigint {
  if (e.restaked <= 0n) return 0n;
  const s = e.atRisk[avsIndex]!;
  return (allocation * (s > e.restaked ? e.restaked : s)) / e.restaked;
}

/** The vault's exposure to one AVS against its limit. */
export interface AvsExposure {
  avs: string;
  /** Σ_i allocation_i · x_ia, wei. */
  exposure: bigint;
  /** avsCap x total assets, wei. */
  limit: bigint;
  /** exposure / total assets. */
  share: number;
  /** Per adapter (state order), the vault's ETH at risk to this AVS. */
  perAdapter: bigint[];
}

/** E_a for every AVS, with the limit `capBps` of total assets. */
export function vaultExposures(state: VaultState, snapshot: ExposureSnapshot, capBps: number): AvsExposure[] {
  const reads = exposuresByAdapter(state, snapshot);
  const T = state.totalAssets;
  return snapshot.avs.map((avs, a) => {
    const perAdapter = state.adapters.map((ad, i) => {
      const e = reads[i];
      return e === null || e === undefined ? 0n : atRiskWei(ad.allocation, e, a);
    });
    const exposure = perAdapter.reduce((x, y) => x + y, 0n);
    return {
      avs,
      exposure,
      limit: (T * BigInt(capBps)) / 10_000n,
      share: T > 0n ? Number(exposure) / Number(T) : 0,
      perAdapter,
    };
  });
}

/** One LRT's loss in an AVS slash. */
export interface SlashHit {
  adapter: Hex;
  /** Share of the LRT's restaked ETH the event took (0..1). */
  lossShare: number;
  /** Restaked ETH of the LRT the event took (wei, protocol-wide). */
  restakedLost: bigint;
}

/** An AVS slash seen between two reads: every LRT it hit, at once. */
export interface AvsSlashEvent {
  avs: string;
  fromBlock: bigint;
  toBlock: bigint;
  hits: SlashHit[];
}

/**
 * The AVS slashes between `prev` and `cur`: per LRT, the fall of R_i split over the AVSs whose S_ia fell, in
 * proportion to those falls. LRTs or AVSs missing from either snapshot are skipped; a fall under `dustWei`
 * is noise (rounding), not an event.
 */
export function detectAvsSlashes(prev: ExposureSnapshot, cur: ExposureSnapshot, dustWei = 10n ** 9n): AvsSlashEvent[] {
  const prevByAdapter = new Map(prev.lrts.map((e) => [e.adapter.toLowerCase(), e]));
  const prevAvsIndex = new Map(prev.avs.map((name, i) => [name, i]));
  const events = new Map<string, SlashHit[]>();
  for (const now of cur.lrts) {
    const before = prevByAdapter.get(now.adapter.toLowerCase());
    if (before === undefined) continue;
    const fall = before.restaked - now.restaked;
    if (fall <= dustWei) continue;
    const falls = cur.avs.map((name, a) => {
      const p = prevAvsIndex.get(name);
      if (p === undefined) return 0n;
      const d = before.atRisk[p]! - now.atRisk[a]!;
      return d > 0n ? d : 0n;
    });
    const totalFall = falls.reduce((x, y) => x + y, 0n);
    if (totalFall === 0n) continue;
    cur.avs.forEach((name, a) => {
      if (falls[a]! === 0n) return;
      const lost = (fall * falls[a]!) / totalFall;
      if (lost <= dustWei) return;
      const list = events.get(name) ?? [];
      list.push({ adapter: now.adapter, lossShare: Number(lost) / Number(before.restaked), restakedLost: lost });
      events.set(name, list);
    });
  }
  return [...events.entries()].map(([avs, hits]) => ({ avs, fromBlock: prev.blockNumber, toBlock: cur.blockNumber, hits }));
}

/** What one AVS slash cost the vault and how the reserve stands against it. */
export interface SlashImpact {
  avs: string;
  /** Per hit adapter: the vault's loss (allocation before x loss share, wei). */
  losses: { adapter: Hex; loss: bigint }[];
  totalLoss: bigint;
  /** reserve / total loss (Infinity for no loss). */
  reserveCoverage: number;
}

/** The vault's loss in `event` (allocations of `state`, the read before or at the event) against `reserveAssets`. */
export function slashImpact(event: AvsSlashEvent, state: VaultState, reserveAssets: bigint): SlashImpact {
  const byAddress = new Map(state.adapters.map((a) => [a.address.toLowerCase(), a]));
  const losses = event.hits.map((h) => {
    const a = byAddress.get(h.adapter.toLowerCase());
    const alloc = a?.allocation ?? 0n;
    return { adapter: h.adapter, loss: BigInt(Math.floor(Number(alloc) * h.lossShare)) };
  });
  const totalLoss = losses.reduce((x, l) => x + l.loss, 0n);
  return {
    avs: event.avs,
    losses,
    totalLoss,
    reserveCoverage: totalLoss === 0n ? Infinity : Number(reserveAssets) / Number(totalLoss),
  };
}

/** A fall of one LRT's rate that an AVS slash explains: its share, and the chain time of the first read after it. */
export interface AvsDrop {
  timestamp: number;
  lossShare: number;
}

/**
 * Rate samples with the falls AVS slashes explain taken out: every sample before a drop is scaled by
 * (1 - lossShare), as if the slash had always been there. The depeg guard reads these, so a realised, final
 * AVS loss (already priced into the rate, and into the exposure model from then on) is not taken for a
 * protocol fault; a fall that no AVS slash explains still shows in full.
 */
export function discountAvsDrops<T extends { timestamp: number; fairRate: bigint }>(samples: readonly T[], drops: readonly AvsDrop[]): T[] {
  if (drops.length === 0) return [...samples];
  return samples.map((s) => {
    let keep = 1;
    for (const d of drops) if (s.timestamp < d.timestamp) keep *= 1 - d.lossShare;
    if (keep === 1) return s;
    return { ...s, fairRate: (s.fairRate * BigInt(Math.round(keep * 1e12))) / 10n ** 12n };
  });
}

/**
 * The events of the optimiser's worst-event term (optimizer.ts `WorstEventTerm.losses`): one per AVS, taking
 * x_ia · severity_a of each LRT i it can slash, and one per LRT for its own protocol failing (a contract or bridge
 * exploit, a protocol slash), taking `protocolLoss` of that LRT alone. `matrix` is [avs][adapter] (may be empty:
 * then only the protocol events), `risk` in the same AVS order.
 */
export function worstEventLosses(matrix: readonly (readonly number[])[], risk: readonly AvsRisk[], adapters: number, protocolLoss: number): number[][] {
  if (matrix.length !== risk.length) throw new Error(`worstEventLosses: ${matrix.length} exposure rows for ${risk.length} AVSs`);
  const avs = matrix.map((row, a) => {
    if (row.length !== adapters) throw new Error(`worstEventLosses: exposure row ${a} has ${row.length} entries for ${adapters} adapters`);
    return row.map((x) => x * risk[a]!.severity);
  });
  const protocol = protocolLoss > 0 ? Array.from({ length: adapters }, (_, i) => Array.from({ length: adapters }, (_, j) => (i === j ? protocolLoss : 0))) : [];
  return [...avs, ...protocol];
}
