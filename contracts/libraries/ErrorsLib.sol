// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title ErrorsLib
/// @notice Every custom error of the vault and its share-price feed.
library ErrorsLib {
    // ----- Depositors -----
    /// @notice Deposits, withdrawals, reserve funding and new allocations are paused.
    error VaultPaused();
    /// @notice The deposit would mint zero shares.
    error ZeroShares();
    /// @notice An amount of zero was given where a positive amount is required.
    error ZeroAmount();
    /// @notice ERC-5143 bound: fewer shares than `minShares` would be minted.
    error SharesBelowMin(uint256 shares, uint256 minShares);
    /// @notice ERC-5143 bound: more assets than `maxAssets` would be pulled.
    error AssetsAboveMax(uint256 assets, uint256 maxAssets);
    /// @notice ERC-5143 bound: more shares than `maxShares` would be burned.
    error SharesAboveMax(uint256 shares, uint256 maxShares);
    /// @notice Fewer assets than `minAssets` would be paid (also a keeper's `minAssetsOut`).
    error AssetsBelowMin(uint256 assets, uint256 minAssets);
    /// @notice Paying native ETH to `receiver` failed.
    error EthTransferFailed(address receiver);
    /// @notice Only the WETH contract may send native ETH to the vault (when unwrapping).
    error OnlyWeth(address sender);
    /// @notice A price view was read while the vault is inside a state-changing call.
    error ReentrantView();
    /// @notice Neither the vault nor its admin module has a function with this selector.
    error UnknownSelector(bytes4 selector);
    /// @notice The admin module was called at its own address: it runs only inside the vault (delegatecall).
    error NotDelegated();

    // ----- Redemption queue and forced exits -----
    /// @notice Only the redemption queue may call this (or no queue is set).
    error OnlyQueue(address caller);
    /// @notice The queue would pay `assets` for shares worth only `value` now.
    error RedemptionAboveValue(uint256 assets, uint256 value);
    /// @notice A forced exit's loss `loss` exceeds the maximum penalty `maxLoss`.
    error ExitPenaltyTooHigh(uint256 loss, uint256 maxLoss);
    /// @notice Only the redemption queue may name a payer other than itself: `payer` is not `caller`.
    error PayerNotCaller(address payer, address caller);
    /// @notice The current queue still holds `shares` escrowed shares: replacing it would strand requests.
    error QueueNotEmpty(address queue, uint256 shares);
    /// @notice `queue` is not a contract whose `vault()` is this vault.
    error QueueMismatch(address queue);
    /// @notice The junior tranche cannot be replaced while it holds `shares` vault shares.
    error TrancheNotEmpty(address tranche, uint256 shares);
    /// @notice `tranche` is not a contract bound to this vault.
    error TrancheMismatch(address tranche);

    // ----- Keeper -----
    /// @notice A keeper move would realise `loss` while only `available` of the rolling daily loss budget is left.
    error LossBudgetExceeded(uint256 loss, uint256 available);
    /// @notice A rebalance plan without moves.
    error EmptyPlan();
    /// @notice A queued exit request below the minimum size.
    error ExitTooSmall(uint256 assets, uint256 minimum);
    /// @notice The plan was computed against another `rebalanceNonce`: someone else acted first.
    error NonceMismatch(uint256 expected, uint256 actual);
    /// @notice More moves in one plan than MAX_MOVES.
    error TooManyMoves(uint256 moves);
    /// @notice `adapter` is not registered.
    error UnknownAdapter(address adapter);
    /// @notice An allocation larger than the idle WETH.
    error InsufficientIdle(uint256 assets, uint256 idle);
    /// @notice The value an allocation added is below the keeper's `minValueOut`.
    error ValueInBelowMin(uint256 valueIn, uint256 minValueOut);
    /// @notice A move lost more value than `maxSlippageBps` allows.
    error SlippageTooHigh(uint256 lost, uint256 maxLost);
    /// @notice An allocation would lift `adapter` above its absolute cap.
    error AdapterCapExceeded(address adapter, uint256 allocation, uint256 cap);
    /// @notice An allocation would lift tier `tierId` above its share of total assets.
    error TierCapExceeded(uint8 tierId, uint256 allocation, uint256 cap);
    /// @notice An allocation would leave less idle WETH than the buffer floor.
    error BufferBelowFloor(uint256 idle, uint256 floor);
    /// @notice The move raises the reserve requirement above the reserve's value.
    error ReserveRuleBroken(uint256 reserve, uint256 required);
    /// @notice `adapter` is impaired (its last valuation failed): it takes no new allocation until a report values it.
    error AdapterImpaired(address adapter);
    /// @notice Never thrown: the `reason` of a ValuationFailed event when `realAssets()` did not revert but returned
    /// garbage: fewer than 32 bytes (`returnSize` below 32, `value` zero) or a value above MAX_VALUATION.
    error InvalidValuation(uint256 returnSize, uint256 value);

    // ----- Curator, guardian, admin -----
    /// @notice A risk-raising change was called without a submitted entry for this exact calldata.
    error NotSubmitted();
    /// @notice The submitted change becomes executable at `executableAt`.
    error TimelockNotExpired(uint256 executableAt);
    /// @notice This exact calldata is already pending.
    error AlreadyPending();
    /// @notice `caller` lacks `role` (or, where two roles are allowed, both).
    error Unauthorized(address caller, bytes32 role);
    /// @notice `adapter` is already registered.
    error AdapterAlreadyRegistered(address adapter);
    /// @notice MAX_ADAPTERS adapters are already registered.
    error TooManyAdapters();
    /// @notice `adapter` does not serve this vault or this asset.
    error AdapterMismatch(address adapter);
    /// @notice `adapter` still holds value: removing it would strand funds.
    error AdapterNotEmpty(address adapter, uint256 allocation, uint256 realAssets);
    /// @notice Tier id out of range (MAX_TIERS).
    error InvalidTier(uint8 tierId);
    /// @notice A basis-point value below its minimum.
    error BpsTooLow(uint256 bps, uint256 min);
    /// @notice Submitted calldata is not the canonical encoding of a timelocked setter call.
    error NonCanonicalCalldata(bytes4 selector, uint256 length, uint256 expected);
    /// @notice `selector` is not a timelocked setter.
    error NotTimelocked(bytes4 selector);
    /// @notice The pending change expired at `expiredAt`; submit it again.
    error SubmissionExpired(uint256 expiredAt);
    /// @notice A basis-point value above its bound.
    error BpsTooHigh(uint256 bps, uint256 max);
    /// @notice A duration outside its bounds.
    error InvalidDuration(uint256 duration);
    /// @notice The zero address where an address is required.
    error ZeroAddress();
    /// @notice A feed adapter cannot answer in `decimals` decimals (at most 36).
    error InvalidDecimals(uint8 decimals);
    /// @notice Unpause was called while not paused.
    error NotPaused();
    /// @notice `adapter` is not impaired: only an impaired adapter may be written down, and a registered adapter
    /// whose valuation fails may be removed only once a report has flagged it.
    error AdapterNotImpaired(address adapter);
    /// @notice A write-down must lower the recorded allocation: `newValue` is not below `allocation`.
    error WriteDownNotLower(uint256 newValue, uint256 allocation);

    // ----- Share-price feed -----
    /// @notice Only the vault may push rounds.
    error OnlyVault(address caller);
    /// @notice Round `roundId` is not kept (never published or overwritten in the ring buffer).
    error RoundNotKept(uint80 roundId);
}
