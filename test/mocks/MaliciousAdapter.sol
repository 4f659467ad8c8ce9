// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAdapter} from "../../contracts/interfaces/IAdapter.sol";
import {ILRTVault} from "../../contracts/interfaces/ILRTVault.sol";
import {IAggregatorV3} from "../../contracts/interfaces/protocols/IAggregatorV3.sol";

/// @notice An adapter that calls back into the vault (or its feed) from inside `allocate` / `deallocate`.
/// The reentrant call's revert bubbles up, so a test can expect the exact guard error.
contract MaliciousAdapter is IAdapter {
    enum Attack {
        None,
        Deposit,
        Withdraw,
        Report,
        Allocate,
        PricePerShare,
        TotalAssets,
        ConvertToAssets,
        PreviewRedeem,
        FeedLatestRoundData
    }

    address public immutable vault;
    address public immutable asset;
    address public feed;
    Attack public attack;
    uint256 public value;
    /// @dev The price an attack read (only set when a read succeeded, which must never happen mid-operation).
    uint256 public readPrice;

    constructor(address vault_, address asset_, address feed_) {
        vault = vault_;
        asset = asset_;
        feed = feed_;
        IERC20(asset_).approve(vault_, type(uint256).max);
    }

    function setAttack(Attack a) external {
        attack = a;
    }

    function _strike() internal {
        Attack a = attack;
        ILRTVault v = ILRTVault(vault);
        if (a == Attack.Deposit) {
            v.deposit(1 ether, address(this));
        } else if (a == Attack.Withdraw) {
            v.withdraw(1, address(this), address(this));
        } else if (a == Attack.Report) {
            v.report();
        } else if (a == Attack.Allocate) {
            v.allocate(address(this), 1, 0);
        } else if (a == Attack.PricePerShare) {
            readPrice = v.pricePerShare();
        } else if (a == Attack.TotalAssets) {
            readPrice = v.totalAssets();
        } else if (a == Attack.ConvertToAssets) {
            readPrice = v.convertToAssets(1e24);
        } else if (a == Attack.PreviewRedeem) {
            readPrice = v.previewRedeem(1e24);
        } else if (a == Attack.FeedLatestRoundData) {
            (, int256 answer,,,) = IAggregatorV3(feed).latestRoundData();
            readPrice = uint256(answer);
        }
    }

    function lrt() external view returns (address) {
        return asset;
    }

    function allocate(uint256 assets, uint256) external returns (uint256) {
        _strike();
        value += assets;
        return assets;
    }

    function deallocate(uint256 assets, uint256) external returns (uint256) {
        _strike();
        value -= assets;
        IERC20(asset).transfer(vault, assets);
        return assets;
    }

    function requestExit(uint256) external returns (uint256) {
        _strike();
        return 0;
    }

    function claimExits() external returns (uint256) {
        _strike();
        return 0;
    }

    function realAssets() external view returns (uint256) {
        return value;
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

    function pendingExits() external pure returns (uint256) {
        return 0;
    }

    function previewDeallocate(uint256 assets) external pure returns (uint256) {
        return assets;
    }
}
