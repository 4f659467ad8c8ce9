// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ICurvePool, IStakedLBTCOracle} from "../../interfaces/protocols/ILombard.sol";
import {AdapterErrorsLib} from "../libraries/AdapterErrorsLib.sol";
import {BaseBTCAdapter} from "./BaseBTCAdapter.sol";

/// @title LBTCAdapter
/// @notice Holds Lombard's LBTC for a WBTC vault. Entry and instant exit through the Curve LBTC/WBTC pool (there is
/// no mint from WBTC on Ethereum); the fair rate is StakedLBTCOracle.getRate() (BTC per LBTC, 1e18, moving at most
/// 0.1 % a day, so a Babylon slash reaches it over days: set the LBTC/BTC market feed so the valuation takes the
/// lower price at once).
/// @dev No queued exit: Lombard's `redeem` pays BTC.b and `redeemForBtc` pays on Bitcoin, neither in the vault's
/// WBTC, so `exitRequestLimits` is (0, 0) and `requestExit` reverts `ExitOutsideProtocolLimits`. The vault leaves
/// LBTC through the pool (`deallocate`).
contract LBTCAdapter is BaseBTCAdapter {
    using SafeERC20 for IERC20;

    /// @notice The pool's coins are not LBTC and the asset.
    error PoolCoinMismatch(address pool);
    /// @notice Lombard's redemptions pay BTC.b or BTC, not the vault's asset.
    error QueuedExitUnsupported();

    /// @notice The Curve LBTC/WBTC pool.
    ICurvePool public immutable pool;
    /// @notice Lombard's rate oracle.
    IStakedLBTCOracle public immutable oracle;
    int128 internal immutable _iLbtc;
    int128 internal immutable _iAsset;

    /// @param vault_ The vault.
    /// @param wbtc_ The vault's asset (WBTC 0x2260...C599).
    /// @param lbtc_ LBTC (0x8236...4494).
    /// @param pool_ Curve LBTC/WBTC pool (0x2f3b...06F0).
    /// @param oracle_ StakedLBTCOracle.
    /// @param marketFeed_ LBTC/BTC feed (Chainlink 0x5c29...3212) or zero.
    /// @param maxStaleness_ Largest accepted feed age (seconds).
    constructor(
        address vault_,
        address wbtc_,
        address lbtc_,
        address pool_,
        address oracle_,
        address marketFeed_,
        uint256 maxStaleness_
    ) BaseBTCAdapter(vault_, wbtc_, lbtc_, marketFeed_, maxStaleness_) {
        if (pool_ == address(0)) revert AdapterErrorsLib.ZeroAddress("pool");
        if (oracle_ == address(0)) revert AdapterErrorsLib.ZeroAddress("oracle");
        address c0 = ICurvePool(pool_).coins(0);
        address c1 = ICurvePool(pool_).coins(1);
        if (!((c0 == lbtc_ && c1 == wbtc_) || (c0 == wbtc_ && c1 == lbtc_))) revert PoolCoinMismatch(pool_);
        int128 iLbtc = c0 == lbtc_ ? int128(0) : int128(1);
        _iLbtc = iLbtc;
        _iAsset = 1 - iLbtc;
        pool = ICurvePool(pool_);
        oracle = IStakedLBTCOracle(oracle_);
    }

    function _enter(uint256 assets, uint256) internal override {
        _asset.forceApprove(address(pool), assets);
        pool.exchange(_iAsset, _iLbtc, assets, 0);
    }

    function _instantExit(uint256 lstAmount, uint256 minAssetsOut) internal override {
        IERC20(lrt).forceApprove(address(pool), lstAmount);
        pool.exchange(_iLbtc, _iAsset, lstAmount, minAssetsOut);
    }

    function _quoteExit(uint256 lstAmount) internal view override returns (uint256) {
        return pool.get_dy(_iLbtc, _iAsset, lstAmount);
    }

    function _fairRate() internal view override returns (uint256) {
        return oracle.getRate();
    }

    function _requestWithdrawal(uint256) internal pure override returns (uint256, uint256) {
        revert QueuedExitUnsupported();
    }

    function _claim(ExitRequest memory) internal pure override returns (bool) {
        return false;
    }

    function _requestLimits() internal pure override returns (uint256, uint256) {
        return (0, 0);
    }
}
