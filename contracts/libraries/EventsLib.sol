// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title EventsLib
/// @notice Every event of the vault and its share-price feed (ERC-20/4626 events aside).
library EventsLib {
    // ----- Reserve and accounting -----
    /// @notice `caller` gave `assets` to the insurance reserve as `shares` first-loss shares.
    event ReserveFunded(address indexed caller, uint256 assets, uint256 shares);
    /// @notice A recovery at an adapter refilled the reserve by `assets` (as `shares`) for losses it had covered there.
    event ReserveRepaid(uint256 assets, uint256 shares);
    /// @notice The keeper loss budget changed.
    event LossBudgetSet(uint16 bps);
    /// @notice A report revalued every adapter; `profit` and `loss` are net of each other.
    event Report(address indexed caller, uint256 profit, uint256 loss, uint256 pricePerShare);
    /// @notice A report moved `adapter`'s recorded value from `recorded` to `value` (emitted only on a change): its
    /// LRT's rate growth, or a loss, before netting, fees and locking.
    event AdapterRevalued(address indexed adapter, uint256 recorded, uint256 value);
    /// @notice Realised profit: fee and insurance parts minted as shares at the pre-profit price, the rest locked.
    event ProfitLocked(
        uint256 profit,
        uint256 feeAssets,
        uint256 feeShares,
        uint256 insuranceAssets,
        uint256 insuranceShares,
        uint256 lockedProfit
    );
    /// @notice A recognised loss: reserve first, then still-locked profit, then the share price.
    event LossRecognised(
        uint256 loss,
        uint256 coveredByReserve,
        uint256 reserveSharesBurned,
        uint256 lockedProfitCancelled,
        uint256 priceLoss
    );
    /// @notice Junior capital covered `assets` of a loss, after the reserve: `shares` of the junior tranche's vault
    /// shares were burned.
    event JuniorLossAbsorbed(uint256 assets, uint256 shares);
    /// @notice Vault shares minted to the junior tranche: `repaidShares` repay `repaidAssets` of losses junior capital
    /// covered (a recovery at the adapter), `premiumShares` are its part of the insurance cut beyond the reserve's
    /// target.
    event JuniorCredited(uint256 repaidAssets, uint256 repaidShares, uint256 premiumShares);
    /// @notice The junior tranche changed (zero: none).
    event JuniorTrancheSet(address indexed tranche);
    /// @notice The reserve target changed: the insurance cut fills the reserve up to `assets` before junior's premium.
    event ReserveTargetSet(uint256 assets);
    /// @notice A report moved the share price beyond its bound: the vault paused and the feed kept its last round.
    event PriceBoundBreached(uint256 priceBefore, uint256 priceAfter);
    /// @notice A report could not value `adapter`: it is impaired and keeps its recorded allocation. `reason` is the
    /// revert data (at most MAX_REASON_BYTES) or an encoded ErrorsLib.InvalidValuation for a garbage return.
    event ValuationFailed(address indexed adapter, bytes reason);
    /// @notice A report valued the impaired `adapter` at `value` again: the flag is cleared.
    event ImpairmentCleared(address indexed adapter, uint256 value);
    /// @notice The guardian wrote the impaired `adapter` down from `allocation` to `newValue` (a realised loss).
    event WriteDown(address indexed caller, address indexed adapter, uint256 allocation, uint256 newValue);

    // ----- Redemption queue, forced exits, permissionless loss recognition -----
    /// @notice The redemption queue changed.
    event RedemptionQueueSet(address indexed queue);
    /// @notice The queue settled `shares` for `assets` WETH; `surplus` (their value above `assets`) stays locked.
    event RedemptionSettled(uint256 shares, uint256 assets, uint256 surplus);
    /// @notice A forced instant exit by `caller` paid for by `payer`: `penaltyShares` of payer's shares, worth
    /// `penaltyAssets`, were burned for the exit's loss.
    event ForceDeallocate(
        address indexed caller,
        address indexed payer,
        address indexed adapter,
        uint256 assets,
        uint256 received,
        uint256 penaltyAssets,
        uint256 penaltyShares
    );
    /// @notice The maximum forced-exit penalty changed.
    event MaxExitPenaltySet(uint16 bps);
    /// @notice `caller` recognised `loss` of value visible at the adapters (records lowered, never raised).
    event LossesRecognised(address indexed caller, uint256 loss);

    // ----- Keeper moves -----
    /// @notice `assets` idle WETH went into `adapter`, which gained `valueIn`; `loss` was recognised.
    event Allocate(address indexed adapter, uint256 assets, uint256 valueIn, uint256 loss, uint256 nonce);
    /// @notice An instant exit removed `removed` of value from `adapter` and returned `received` WETH.
    event Deallocate(address indexed adapter, uint256 assets, uint256 removed, uint256 received, uint256 nonce);
    /// @notice A queued exit of `assets` was requested from `adapter` (`removed` value left its valuation).
    event ExitRequested(address indexed adapter, uint256 assets, uint256 requestId, uint256 removed, uint256 nonce);
    /// @notice Finalised queued exits of `adapter` paid `received` WETH for `removed` of value.
    event ExitsClaimed(address indexed adapter, uint256 removed, uint256 received, uint256 nonce);
    /// @notice A plan of `moves` moves was applied; `nonce` is the new `rebalanceNonce`.
    event Rebalance(address indexed caller, uint256 moves, uint256 nonce);

    // ----- Timelock -----
    /// @notice A risk-raising change was submitted; it can be executed from `executableAt` on.
    event Submit(bytes4 indexed selector, bytes data, uint256 executableAt);
    /// @notice A pending change was revoked by `caller`.
    event Revoke(address indexed caller, bytes4 indexed selector, bytes data);
    /// @notice A pending change was executed (and its entry consumed).
    event Accept(bytes4 indexed selector, bytes data);

    // ----- Roles (AccessControl-compatible) -----
    /// @notice `account` now holds (`granted`) or no longer holds `role`.
    event RoleSet(bytes32 indexed role, address indexed account, bool granted);

    // ----- Settings -----
    /// @notice `adapter` was registered in tier `tierId` with an absolute cap.
    event AdapterAdded(address indexed adapter, uint8 tierId, uint256 cap);
    /// @notice `adapter` was removed (it held nothing).
    event AdapterRemoved(address indexed adapter);
    /// @notice The absolute cap of `adapter` changed.
    event AdapterCapSet(address indexed adapter, uint256 cap);
    /// @notice Tier `tierId` settings changed.
    event TierSet(uint8 indexed tierId, uint16 capBps, uint16 coverageBps);
    /// @notice The liquid-buffer floor changed.
    event BufferFloorSet(uint16 bps);
    /// @notice The per-move slippage bound changed.
    event MaxSlippageSet(uint16 bps);
    /// @notice The performance fee and the insurance cut changed.
    event FeesSet(uint16 performanceFeeBps, uint16 insuranceFeeBps);
    /// @notice The performance fee recipient changed.
    event FeeRecipientSet(address indexed feeRecipient);
    /// @notice The cap on total assets changed.
    event DepositCapSet(uint256 cap);
    /// @notice The profit unlock period changed.
    event ProfitUnlockPeriodSet(uint256 period);
    /// @notice The share-price change bounds changed.
    event PriceBoundsSet(uint16 perReportBps, uint16 perDayBps);
    /// @notice The curator timelock changed.
    event TimelockSet(uint256 timelock);
    /// @notice The share-price feed was created.
    event PriceFeedSet(address indexed feed);
    /// @notice Deposits, withdrawals and new allocations were paused by `caller`.
    event Pause(address indexed caller);
    /// @notice The vault resumed (a price halt, if any, is cleared and the feed publishes again).
    event Unpause(address indexed caller);

    // ----- Share-price feed (Chainlink-compatible names) -----
    /// @notice A round was published.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    /// @notice The cap on the feed answer's growth between reports is now `bps` a year.
    event FeedGrowthCapSet(uint256 bps);
}
