/**
 * The keeper's view of the vault: plain data read in one call through VaultLens.
 * Amounts are wei (WETH, 18 decimals) as bigint; rates are ETH per LRT token scaled by 1e18.
 * Nothing here does I/O: strategy code is a pure function of these values.
 */
export type Hex = `0x${string}`;

/** Error flags the lens sets per adapter instead of reverting the whole read. */
export const LensError = {
  realAssets: 1,
  fairRate: 2,
  marketRate: 4,
  previewDeallocate: 8,
  pendingExits: 16,
} as const;

export interface AdapterState {
  address: Hex;
  lrt: Hex;
  /** Value recorded by the vault at the last report or move. */
  allocation: bigint;
  /** Live valuation; meaningful only when the `realAssets` error flag is clear. */
  realAssets: bigint;
  fairRate: bigint;
  marketRate: bigint;
  pendingExits: bigint;
  cap: bigint;
  tier: number;
  /** The amount the lens priced an instant exit for: allocation minus pending exits, at most realAssets. */
  exitAmount: bigint;
  /** WETH an instant exit of `exitAmount` would return now. */
  exitPreview: bigint;
  /** Bit set of `LensError` flags. */
  errors: number;
  /**
   * The vault's flag: its last report could not value the adapter; it takes no new allocation.
   * Optional so hand-built states (tests, benchmarks) may leave it out: absent means false.
   */
  impaired?: boolean;
}

export interface TierState {
  id: number;
  capBps: number;
  coverageBps: number;
}

export interface VaultState {
  vault: Hex;
  blockNumber: bigint;
  /** Chain time (seconds) of the block the state was read at: samples and windows use chain time. */
  timestamp: bigint;
  totalAssets: bigint;
  totalSupply: bigint;
  idle: bigint;
  lockedProfit: bigint;
  reserveShares: bigint;
  reserveAssets: bigint;
  requiredReserve: bigint;
  rebalanceNonce: bigint;
  paused: boolean;
  /** A report moved the share price beyond its bound: the vault is paused until resumed. Absent means false. */
  priceHalted?: boolean;
  bufferFloorBps: number;
  maxSlippageBps: number;
  tiers: TierState[];
  adapters: AdapterState[];
  /** The vault's redemption queue; absent when it has none. */
  queue?: QueueState;
  /** The junior (first-loss) tranche beside the vault; absent when it has none. */
  junior?: JuniorState;
}

/**
 * The junior tranche as the lens reads it, in WETH at the vault's price. A loss burns the reserve first, then
 * `capitalAssets`; the reserve rule counts the reserve plus `coveringAssets` (pending exits excluded).
 */
export interface JuniorState {
  address: Hex;
  /** Every vault share the tranche holds (pending exits and streaming premium included). */
  capitalAssets: bigint;
  /** What counts toward the reserve rule: junior capital not leaving. */
  coveringAssets: bigint;
  /** Value of the junior shares escrowed by pending exits. */
  pendingAssets: bigint;
  /** Premium not yet streamed into the junior price, and when the stream ends (chain seconds). */
  lockedPremiumAssets: bigint;
  premiumUnlockEnd: bigint;
  /** Reserve value the insurance cut fills before junior capital earns a premium. */
  reserveTarget: bigint;
  noticePeriod: bigint;
  era: bigint;
}

/** A pending request as the lens reports it (FIFO order). */
export interface QueueRequest {
  id: bigint;
  /** Value at request (less any unwinding penalty charged to it): the most the request is paid. */
  owed: bigint;
  shares: bigint;
  requestedAt: bigint;
}

/** The redemption queue as the lens reads it, beside the vault. */
export interface QueueState {
  address: Hex;
  pendingCount: bigint;
  pendingShares: bigint;
  owedAssets: bigint;
  /** WETH held for fulfilled requests not yet claimed. */
  setAside: bigint;
  headId: bigint;
  headRequestedAt: bigint;
  headDueAt: bigint;
  maxWait: bigint;
  overdue: boolean;
  minRequestAssets: bigint;
  /** The first pending requests, FIFO (the lens reads a bounded page). */
  requests: QueueRequest[];
}

/** One keeper move, exactly the vault's `ILRTVault.Move`. */
export interface Move {
  adapter: Hex;
  deposit: boolean;
  assets: bigint;
  limit: bigint;
}

export const BPS = 10_000n;
export const WAD = 10n ** 18n;
export const SECONDS_PER_YEAR = 365 * 24 * 3600;
