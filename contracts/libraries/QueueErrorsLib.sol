// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title QueueErrorsLib
/// @notice Every custom error of the redemption queue.
library QueueErrorsLib {
    /// @notice An address argument was zero.
    error ZeroAddress();
    /// @notice A request or exit of zero shares.
    error ZeroShares();
    /// @notice `sender` is neither `owner` nor an operator of `owner` (for requests, cancels and claims: of the
    /// request's controller).
    error NotOwnerOrOperator(address sender, address owner);
    /// @notice `sender` lacks the vault role the call needs.
    error Unauthorized(address sender);
    /// @notice The request's value at request, `assets`, is below the minimum request size.
    error RequestBelowMinimum(uint256 assets, uint256 minimum);
    /// @notice The vault is paused: no new requests or instant exits.
    error VaultPaused();
    /// @notice Request `requestId` is not pending (unknown, fulfilled, claimed or cancelled).
    error NotPending(uint256 requestId);
    /// @notice Request `requestId` is not claimable (unknown, still pending, claimed or cancelled).
    error NotClaimable(uint256 requestId);
    /// @notice `controller` is not the controller of request `requestId`.
    error NotController(uint256 requestId, address controller);
    /// @notice A batch bound of zero.
    error ZeroBatch();
    /// @notice No pending request is older than `maxWait`: the unwinding entry points are closed.
    error NotOverdue();
    /// @notice An unwinding move of `assets` above what the overdue requests lack, `shortfall`.
    error UnwindAboveShortfall(uint256 assets, uint256 shortfall);
    /// @notice An unwinding request of `assets`, below what the queue needs from this adapter, `need` (the whole
    /// shortfall or all the adapter holds): small requests would fill its bounded list of open exits (N-2).
    error UnwindBelowNeed(uint256 assets, uint256 need);
    /// @notice An instant unwind returned `received`, below its value less the vault's slippage bound (N-3).
    error UnwindBelowFairValue(uint256 received, uint256 minimum);
    /// @notice `adapter` is not one of the vault's adapters.
    error UnknownAdapter(address adapter);
    /// @notice The listed adapters could not sell `remaining` of the value asked for.
    error InstantExitShort(uint256 remaining);
    /// @notice An exit would pay `assets`, below the caller's `minAssets`.
    error AssetsBelowMin(uint256 assets, uint256 minAssets);
    /// @notice The vault burned `penaltyShares` of the queue, more than the `served` shares the exit was for.
    error PenaltyAboveServed(uint256 penaltyShares, uint256 served);
    /// @notice Paying native ETH to `receiver` failed (claim WETH instead).
    error EthTransferFailed(address receiver);
    /// @notice A maximum wait outside [`minimum`, `maximum`].
    error InvalidMaxWait(uint256 wait, uint256 minimum, uint256 maximum);
    /// @notice A minimum request size above `maximum`.
    error MinRequestTooHigh(uint256 assets, uint256 maximum);
    /// @notice `receiver` (or controller) cannot use what it would get: zero, the vault or this queue (U-1).
    error InvalidReceiver(address receiver);
    /// @notice More adapters listed than the vault can hold.
    error TooManyAdapters(uint256 count);
    /// @notice Only WETH may send native ETH to the queue (when unwrapping).
    error OnlyWeth(address sender);
    /// @notice A page bound of zero or above MAX_PAGE.
    error InvalidPage(uint256 max);
}
