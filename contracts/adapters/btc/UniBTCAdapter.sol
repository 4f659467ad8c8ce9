// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IUniBTCVault, IDelayRedeemRouter} from "../../interfaces/protocols/IBedrock.sol";
import {IExitPool} from "../../interfaces/protocols/IExitPool.sol";
import {AdapterErrorsLib} from "../libraries/AdapterErrorsLib.sol";
import {BaseBTCAdapter} from "./BaseBTCAdapter.sol";

/// @title UniBTCAdapter
/// @notice Holds Bedrock's uniBTC for a WBTC vault (keep its cap low: uniBTC has no on-chain rate and had a mint
/// incident). Entry: Vault.mint(WBTC, amount), 1:1. Queued exit: DelayRedeemRouter.createDelayedRedeem(WBTC,
/// amount), paid after about 8 days less the router's fee (2 %); the adapter must be on the router's allow-list.
/// Instant exit: a uniBTC/WBTC pool.
/// @dev Fair rate = 1e18 (1:1 mint and redemption): a Babylon loss never shows in it, only in the market feed,
/// so set one. A queued exit is worth what the router will pay, amount x (10_000 - feeBps) / 10_000 with the
/// fee read at deployment (`redeemFeeBps`); the difference is booked as a loss at request. `claimDelayedRedeems()`
/// pays every matured request oldest first, only to its requester: the WBTC it pays is matched to this
/// adapter's exits oldest first (`unmatchedPaid` carries any remainder), so each exit closes when its payout has
/// arrived. The router's daily quota is checked by the router (a request beyond it reverts there).
contract UniBTCAdapter is BaseBTCAdapter {
    using SafeERC20 for IERC20;

    /// @notice Bedrock's vault (mints uniBTC).
    IUniBTCVault public immutable uniVault;
    /// @notice The delayed-redeem router.
    IDelayRedeemRouter public immutable router;
    /// @notice The uniBTC/WBTC pool for instant exits.
    IExitPool public immutable exitPool;
    /// @notice The router's redeem fee, in bps, as set at deployment.
    uint256 public immutable redeemFeeBps;
    /// @notice WBTC paid by the router and not yet matched to an exit.
    uint256 public unmatchedPaid;

    /// @param vault_ The vault.
    /// @param wbtc_ WBTC.
    /// @param uniBTC_ uniBTC (0x004E...0568).
    /// @param uniVault_ Bedrock Vault (0x047D...d6Da).
    /// @param router_ DelayRedeemRouter (0xAA73...9246).
    /// @param exitPool_ uniBTC/WBTC pool.
    /// @param redeemFeeBps_ The router's fee in bps (200 on mainnet: check).
    /// @param marketFeed_ uniBTC/BTC feed or zero.
    /// @param maxStaleness_ Largest accepted feed age (seconds).
    constructor(
        address vault_,
        address wbtc_,
        address uniBTC_,
        address uniVault_,
        address router_,
        address exitPool_,
        uint256 redeemFeeBps_,
        address marketFeed_,
        uint256 maxStaleness_
    ) BaseBTCAdapter(vault_, wbtc_, uniBTC_, marketFeed_, maxStaleness_) {
        if (uniVault_ == address(0)) revert AdapterErrorsLib.ZeroAddress("uniVault");
        if (router_ == address(0)) revert AdapterErrorsLib.ZeroAddress("router");
        if (exitPool_ == address(0)) revert AdapterErrorsLib.ZeroAddress("exitPool");
        address t0 = IExitPool(exitPool_).token0();
        address t1 = IExitPool(exitPool_).token1();
        if (!((t0 == uniBTC_ && t1 == wbtc_) || (t0 == wbtc_ && t1 == uniBTC_))) {
            revert AdapterErrorsLib.PoolTokenMismatch(exitPool_);
        }
        if (redeemFeeBps_ >= 10_000) revert AdapterErrorsLib.AmountTooLarge(redeemFeeBps_);
        uniVault = IUniBTCVault(uniVault_);
        router = IDelayRedeemRouter(router_);
        exitPool = IExitPool(exitPool_);
        redeemFeeBps = redeemFeeBps_;
    }

    function _enter(uint256 assets, uint256) internal override {
        _asset.forceApprove(address(uniVault), assets);
        uniVault.mint(address(_asset), assets);
    }

    function _instantExit(uint256 lstAmount, uint256 minAssetsOut) internal override {
        IERC20(lrt).forceApprove(address(exitPool), lstAmount);
        exitPool.swap(lrt, lstAmount, minAssetsOut, address(this));
    }

    function _quoteExit(uint256 lstAmount) internal view override returns (uint256) {
        return exitPool.quote(lrt, lstAmount);
    }

    function _fairRate() internal pure override returns (uint256) {
        return WAD;
    }

    function _requestWithdrawal(uint256 lstAmount) internal override returns (uint256, uint256 value) {
        IERC20(lrt).forceApprove(address(router), lstAmount);
        router.createDelayedRedeem(address(_asset), lstAmount);
        value = lstAmount * (10_000 - redeemFeeBps) / 10_000;
        return (nextExitId, value);
    }

    function _claim(ExitRequest memory r) internal override returns (bool) {
        uint256 before = _asset.balanceOf(address(this));
        try router.claimDelayedRedeems() {} catch {}
        uint256 credit = unmatchedPaid + _asset.balanceOf(address(this)) - before;
        if (credit < r.valueAtRequest) {
            unmatchedPaid = credit;
            return false;
        }
        unmatchedPaid = credit - r.valueAtRequest;
        return true;
    }

    function _requestLimits() internal pure override returns (uint256, uint256) {
        return (1, type(uint256).max);
    }
}
