// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title QueueEventsLib
/// @notice Every event of the redemption queue. `RedeemRequest` and `OperatorSet` have ERC-7540's signatures,
/// `CancelRedeemRequest` and `CancelRedeemClaim` ERC-7887's (a cancel emits both: it returns the shares at once).
library QueueEventsLib {
    /// @notice ERC-7540: `owner`'s `shares` left circulation as request `requestId`, claimable by `controller`.
    event RedeemRequest(
        address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 shares
    );
    /// @notice Request `requestId` is owed at most `assets` (its value at request) and is due by `dueAt`.
    event RequestValued(uint256 indexed requestId, uint256 assets, uint256 dueAt);
    /// @notice ERC-7540: `controller` approved or revoked `operator`.
    event OperatorSet(address indexed controller, address indexed operator, bool approved);
    /// @notice ERC-7887: `sender` cancelled `controller`'s pending request `requestId`.
    event CancelRedeemRequest(address indexed controller, uint256 indexed requestId, address sender);
    /// @notice ERC-7887: the cancelled request's `shares` went to `receiver` (its controller) in the same call.
    event CancelRedeemClaim(
        address indexed controller, address indexed receiver, uint256 indexed requestId, address sender, uint256 shares
    );
    /// @notice Request `requestId` was fulfilled: its `shares` burned, `assets` WETH set aside for its controller.
    event RedeemFulfilled(uint256 indexed requestId, address indexed controller, uint256 shares, uint256 assets);
    /// @notice One fulfilment batch: `count` requests, `shares` burned, `assets` set aside, `surplus` left to holders.
    event BatchFulfilled(address indexed caller, uint256 count, uint256 shares, uint256 assets, uint256 surplus);
    /// @notice `controller`'s fulfilled request `requestId` paid `assets` to `receiver` (native ETH when `eth`).
    event RedeemClaimed(
        uint256 indexed requestId, address indexed controller, address indexed receiver, uint256 assets, bool eth
    );
    /// @notice A paid instant exit: `owner`'s `shares` sold through adapters; `assets` paid to `receiver`;
    /// `penaltyShares` of them burned for the sale's price impact and fees.
    event InstantRedeem(
        address indexed sender,
        address indexed owner,
        address indexed receiver,
        uint256 shares,
        uint256 assets,
        uint256 penaltyShares
    );
    /// @notice Liveness: `caller` requested a queued exit of `assets` from `adapter` for overdue requests.
    event UnwindExitRequested(address indexed caller, address indexed adapter, uint256 assets, uint256 exitId);
    /// @notice Liveness: `caller` brought `assets` of finalised exits of `adapter` home.
    event UnwindExitsClaimed(address indexed caller, address indexed adapter, uint256 assets);
    /// @notice Liveness: `caller` sold `assets` of value from `adapter` for overdue requests, `received` WETH; the
    /// penalty (`penaltyShares`, worth `penaltyAssets`) was charged to the requests served.
    event UnwindInstant(
        address indexed caller,
        address indexed adapter,
        uint256 assets,
        uint256 received,
        uint256 penaltyShares,
        uint256 penaltyAssets
    );
    /// @notice Request `requestId` paid `shares` (and `assets` off its value at request) of an unwinding penalty.
    event PenaltyCharged(uint256 indexed requestId, uint256 shares, uint256 assets);
    /// @notice The maximum wait is now `maxWait` seconds.
    event MaxWaitSet(uint256 maxWait);
    /// @notice The minimum request size is now `assets`.
    event MinRequestAssetsSet(uint256 assets);
}
