// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAdapter} from "../../contracts/interfaces/IAdapter.sol";
import {ConstantsLib} from "../../contracts/libraries/ConstantsLib.sol";

/// @notice Minimal test adapter: holds WETH; its value is set by tests to simulate gains, losses and slippage.
/// realAssets = value + pending exits. Entry/exit slippage and a claim haircut are in bps.
/// Valuation faults for the impairment rules: a broken feed (reverts), a hostile adapter that reverts only while
/// worth less than `hideLossBelow`, garbage returns (short, huge) and a return bomb.
contract MockAdapter is IAdapter {
    address public immutable vault;
    address public immutable asset;
    uint256 public value;
    // Packed in one slot, so the fault hooks cost realAssets() no extra storage read (gas tests stay comparable).
    uint128 public pending;
    Fault public fault;
    /// @dev With Fault.HideLoss: realAssets reverts while worth less than this.
    uint120 public hideLossBelow;
    bool public exitsFinalized;
    uint256 public entrySlippageBps;
    uint256 public exitSlippageBps;
    uint256 public claimHaircutBps;
    /// @dev Value the adapter claims to have added, over the real one (a lying adapter), in bps.
    uint256 public claimBonusBps;
    uint256 public nextRequestId;

    enum Fault {
        None,
        Revert,
        HideLoss,
        Short,
        Huge,
        Bomb
    }

    error OnlyVault();
    error BelowMin(uint256 got, uint256 min);
    error FeedStale();

    constructor(address vault_, address asset_) {
        vault = vault_;
        asset = asset_;
    }

    modifier onlyVault() {
        if (msg.sender != vault) revert OnlyVault();
        _;
    }

    // ----- test hooks -----
    function setValue(uint256 v) external {
        value = v;
    }

    function setSlippage(uint256 entryBps, uint256 exitBps) external {
        entrySlippageBps = entryBps;
        exitSlippageBps = exitBps;
    }

    function setFault(Fault f, uint256 hideBelow) external {
        fault = f;
        hideLossBelow = uint120(hideBelow);
    }

    function setClaimBonus(uint256 bps) external {
        claimBonusBps = bps;
    }

    function setExits(bool finalized, uint256 haircutBps) external {
        exitsFinalized = finalized;
        claimHaircutBps = haircutBps;
    }

    // ----- IAdapter -----
    function lrt() external view returns (address) {
        return asset;
    }

    function allocate(uint256 assets, uint256 minValueOut) external onlyVault returns (uint256 valueIn) {
        valueIn = assets * (10_000 - entrySlippageBps) / 10_000;
        if (valueIn < minValueOut) revert BelowMin(valueIn, minValueOut);
        value += valueIn;
        return valueIn * (10_000 + claimBonusBps) / 10_000;
    }

    function deallocate(uint256 assets, uint256 minAssetsOut) external onlyVault returns (uint256 assetsOut) {
        value -= assets;
        assetsOut = assets * (10_000 - exitSlippageBps) / 10_000;
        if (assetsOut < minAssetsOut) revert BelowMin(assetsOut, minAssetsOut);
        IERC20(asset).transfer(vault, assetsOut);
    }

    function requestExit(uint256 assets) external onlyVault returns (uint256 requestId) {
        value -= assets;
        pending += uint128(assets);
        return nextRequestId++;
    }

    function claimExits() external onlyVault returns (uint256 assetsOut) {
        if (!exitsFinalized || pending == 0) return 0;
        assetsOut = pending * (10_000 - claimHaircutBps) / 10_000;
        pending = 0;
        IERC20(asset).transfer(vault, assetsOut);
    }

    function realAssets() external view returns (uint256) {
        uint256 total = value + pending;
        Fault f = fault;
        if (f == Fault.Revert || (f == Fault.HideLoss && total < hideLossBelow)) revert FeedStale();
        if (f == Fault.Huge) return ConstantsLib.MAX_VALUATION + 1;
        if (f == Fault.Short) {
            assembly {
                mstore(0, total)
                return(0, 16)
            }
        }
        if (f == Fault.Bomb) {
            assembly {
                revert(0, 100000)
            }
        }
        return total;
    }

    function fairRate() external pure returns (uint256) {
        return 1e18;
    }

    function marketRate() external pure returns (uint256) {
        return 1e18;
    }

    /// @notice No protocol limits: anything up to the position.
    function exitRequestLimits() external pure returns (uint256, uint256) {
        return (0, type(uint256).max);
    }

    function pendingExits() external view returns (uint256) {
        return pending;
    }

    function previewDeallocate(uint256 assets) external view returns (uint256) {
        return assets * (10_000 - exitSlippageBps) / 10_000;
    }
}
