// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title ConstantsLib
/// @notice Every constant of the vault and its share-price feed, in one place.
library ConstantsLib {
    /// @dev Basis points denominator.
    uint256 internal constant BPS = 10_000;
    /// @dev Bound on registered adapters: keeps `report()` and every loop over adapters bounded.
    uint256 internal constant MAX_ADAPTERS = 16;
    /// @dev Tier ids are 0..MAX_TIERS-1: keeps `requiredReserve()` a fixed, small loop.
    uint256 internal constant MAX_TIERS = 8;
    /// @dev Bound on moves in one `rebalance` plan (a full exit and a full entry per adapter).
    uint256 internal constant MAX_MOVES = 32;
    /// @dev Virtual-shares offset: one WETH mints 1e6 more share units than assets, so any inflation of the
    /// share price costs an attacker 1e6 times what a victim could lose to rounding (see LRTVault header).
    uint8 internal constant DECIMALS_OFFSET = 6;
    /// @dev One whole share in share units: 10 ** (WETH's 18 decimals + DECIMALS_OFFSET).
    uint256 internal constant ONE_SHARE = 1e24;
    /// @dev Largest valuation an adapter may report (1e9 ETH, about eight times all ETH in existence): anything above
    /// is garbage and impairs the adapter instead of overflowing the accounting. MAX_ADAPTERS x MAX_VALUATION stays
    /// below 2^96 wei, the width of the vault's packed running sum, so no valid report can fail to store.
    uint256 internal constant MAX_VALUATION = 1e27;
    /// @dev Revert data kept in a ValuationFailed event: bounds what a hostile adapter's return bomb costs report().
    uint256 internal constant MAX_REASON_BYTES = 256;
    /// @dev Performance fee plus insurance cut may never take more than half of a profit.
    uint256 internal constant MAX_FEE_BPS = 5_000;
    /// @dev Upper bound of the curator timelock.
    uint256 internal constant MAX_TIMELOCK = 30 days;
    /// @dev Upper bound of the profit unlock period.
    uint256 internal constant MAX_UNLOCK_PERIOD = 30 days;
    /// @dev Epoch of the rolling per-day bounds (the feed's price band and the keeper loss budget): a check spans the
    /// current and the two previous epochs, 24 to 36 hours, so it covers every 24-hour window.
    uint256 internal constant LOSS_EPOCH = 12 hours;
    /// @dev The keeper loss budget's long horizon (review 2, H-2): realised keeper-move losses in the current and the
    /// three previous LOSS_MONTH_EPOCH buckets (a span of 30 to 40 days, so any 30-day window is inside it) stay within
    /// LOSS_MONTH_MULTIPLE times the daily budget (lossBudgetBps): under the default 50 bps a day, 1 % of total assets,
    /// so a stolen keeper key takes at most 1 % in any 30 days before a human acts.
    uint256 internal constant LOSS_MONTH_EPOCH = 10 days;
    uint256 internal constant LOSS_MONTH_MULTIPLE = 2;
    /// @dev A timelocked submission can be executed for this long once executable, then it expires (L-1).
    uint256 internal constant SUBMISSION_TTL = 7 days;
    /// @dev Smallest queued exit request (L-5): dust requests cannot fill an adapter's list of open exits.
    uint256 internal constant MIN_EXIT_REQUEST = 0.1 ether;
    /// @dev Floors of the risk-lowering knobs (L-2): the curator cannot set them so low that routine operation
    /// (reports, pool exits, small keeper losses) freezes withdrawals.
    uint256 internal constant MIN_PRICE_CHANGE_PER_REPORT_BPS = 50;
    uint256 internal constant MIN_PRICE_CHANGE_PER_DAY_BPS = 100;
    uint256 internal constant MIN_MAX_SLIPPAGE_BPS = 10;
    uint256 internal constant MIN_LOSS_BUDGET_BPS = 10;
    /// @dev Floor of the forced-exit penalty bound (N-6): an LRT's instant exit costs tens of bps in normal markets, so
    /// a lower bound would close the paid instant exit and the queue's instant unwind.
    uint256 internal constant MIN_EXIT_PENALTY_BPS = 100;
    /// @dev Ceiling of the keeper loss budget.
    uint256 internal constant MAX_LOSS_BUDGET_BPS = 1_000;

    /// @dev Defaults set by the constructor; each can be changed by the curator.
    uint256 internal constant DEFAULT_UNLOCK_PERIOD = 7 days;
    uint16 internal constant DEFAULT_MAX_SLIPPAGE_BPS = 50;
    uint16 internal constant DEFAULT_MAX_PRICE_CHANGE_PER_REPORT_BPS = 100;
    uint16 internal constant DEFAULT_MAX_PRICE_CHANGE_PER_DAY_BPS = 300;
    uint16 internal constant DEFAULT_MAX_EXIT_PENALTY_BPS = 200;
    uint16 internal constant DEFAULT_LOSS_BUDGET_BPS = 50;
    /// @dev Upper bound of the forced-exit penalty a curator may allow.
    uint256 internal constant MAX_EXIT_PENALTY_BPS = 1_000;

    /// @dev The share price of an empty vault (WETH per whole share): (0 + 1) x 10^24 / 10^6 virtual shares.
    uint256 internal constant INITIAL_SHARE_PRICE = 1e18;

    /// @dev Rounds the share-price feed keeps for `getRoundData` (a ring buffer).
    uint256 internal constant FEED_CAPACITY = 64;

    /// @dev Default cap on the feed answer's growth between reports, in bps a year: well above restaking yields
    /// (3-5 % a year), so it binds only when the vault's price rises faster than any yield explains.
    uint16 internal constant DEFAULT_FEED_MAX_YEARLY_GROWTH_BPS = 1_500;
    /// @dev Upper bound of that cap (100 % a year); zero is allowed (the answer then rises only at reports).
    uint256 internal constant MAX_FEED_YEARLY_GROWTH_BPS = 10_000;
    /// @dev Seconds in the year the feed's growth cap is stated over.
    uint256 internal constant YEAR = 365 days;
}
