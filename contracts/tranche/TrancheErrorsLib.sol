// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title TrancheErrorsLib
/// @notice Every custom error of the junior tranche.
library TrancheErrorsLib {
    /// @notice An address argument was zero.
    error ZeroAddress();
    /// @notice A deposit, request or claim of zero.
    error ZeroAmount();
    /// @notice An incident is open, so no junior deposit or claim: `kind` 1 the vault is paused, 2 `adapter` is
    /// impaired, 3 `adapter` shows a loss the vault has not recognised yet (anyone may call vault.recognizeLosses()).
    error IncidentOpen(uint8 kind, address adapter);
    /// @notice Junior exits are requests with notice: call requestRedeem, then claim.
    error AsyncRedeemOnly();
    /// @notice A deposit would mint `shares` junior shares, below the caller's `minShares`.
    error SharesBelowMin(uint256 shares, uint256 minShares);
    /// @notice `sender` is not the controller of request `requestId`.
    error NotController(uint256 requestId, address sender);
    /// @notice Request `requestId` is unknown or already claimed.
    error UnknownRequest(uint256 requestId);
    /// @notice Request `requestId`'s notice runs until `claimableAt`.
    error NoticeNotOver(uint256 requestId, uint256 claimableAt);
    /// @notice The reserve rule leaves no room for this claim now (reserve + junior capital would fall below what the
    /// vault's tiers require): it waits until the keeper lowers the risk or new capital arrives.
    error CoverageShort(uint256 required, uint256 held);
    /// @notice A notice period outside [`minimum`, `maximum`].
    error InvalidNotice(uint256 notice, uint256 minimum, uint256 maximum);
    /// @notice `sender` lacks the vault's curator role.
    error NotCurator(address sender);
    /// @notice No notice raise is pending.
    error NothingPending();
    /// @notice The pending notice raise applies from `executableAt`.
    error TimelockNotExpired(uint256 executableAt);
    /// @notice Only WETH or the caller's own depositETH may send native ETH.
    error UnexpectedEth(address sender);
}
