/**
 * Junior (first-loss) capital beside the vault, as the keeper counts it: the vault's reserve rule holds when the
 * reserve plus the junior capital that is not leaving covers sum(allocation x tier coverage), and a realised loss
 * burns the reserve first, then junior capital (pending exits included). Pure functions of the vault state.
 */
import { SECONDS_PER_YEAR, type VaultState } from "./types.js";

/** What the reserve rule counts: the reserve plus junior capital not leaving. */
export function coverageAssets(state: Pick<VaultState, "reserveAssets" | "junior">): bigint {
  return state.reserveAssets + (state.junior?.coveringAssets ?? 0n);
}

/** What coverage is left after a realised loss of `loss`: the loss burns the reserve first, then junior capital. */
export function coverageAfterLoss(state: Pick<VaultState, "reserveAssets" | "junior">, loss: bigint): bigint {
  const coverage = coverageAssets(state);
  return coverage > loss ? coverage - loss : 0n;
}

/** Coverage by layer, in the order a loss takes them. */
export interface CoverageByLayer {
  reserve: bigint;
  /** Junior capital that counts as coverage. */
  junior: bigint;
  /** Junior capital leaving (pending exits): still burns in a loss, no longer counts as coverage. */
  juniorLeaving: bigint;
  required: bigint;
  /** (reserve + junior) / required; null when nothing is required. */
  coverage: number | null;
}

export function coverageByLayer(state: Pick<VaultState, "reserveAssets" | "requiredReserve" | "junior">): CoverageByLayer {
  const junior = state.junior?.coveringAssets ?? 0n;
  return {
    reserve: state.reserveAssets,
    junior,
    juniorLeaving: state.junior?.pendingAssets ?? 0n,
    required: state.requiredReserve,
    coverage: state.requiredReserve === 0n ? null : Number(state.reserveAssets + junior) / Number(state.requiredReserve),
  };
}

/**
 * The junior premium's rate now, as a yearly fraction of junior capital: the premium still streaming, spread over
 * the time left in its stream, annualised. Null without junior capital or a stream.
 */
export function premiumRate(state: Pick<VaultState, "timestamp" | "junior">): number | null {
  const j = state.junior;
  if (j === undefined || j.capitalAssets === 0n) return null;
  if (j.lockedPremiumAssets === 0n || j.premiumUnlockEnd <= state.timestamp) return 0;
  const perSecond = Number(j.lockedPremiumAssets) / Number(j.premiumUnlockEnd - state.timestamp);
  return (perSecond * SECONDS_PER_YEAR) / Number(j.capitalAssets);
}
