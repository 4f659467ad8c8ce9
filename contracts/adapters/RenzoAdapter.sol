// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {
    IRenzoRestakeManager,
    IRenzoRateProvider,
    IRenzoWithdrawQueue
} from "../interfaces/protocols/IRenzo.sol";
import {BaseLRTAdapter} from "./BaseLRTAdapter.sol";
import {AdapterErrorsLib} from "./libraries/AdapterErrorsLib.sol";

/// @title RenzoAdapter
/// @notice Holds ezETH. Allocates through RestakeManager.depositETH() (no return, no minimum: measured by
/// balance difference); the fair rate is the BalancerRateProvider's getRate(). Queued exits go through the
/// WithdrawQueue, whose per-user array is compacted by swap-and-pop on claim: a request is tracked by its
/// `withdrawRequestID` and its current index is looked up (among at most MAX_OPEN_EXITS) before claiming.
contract RenzoAdapter is BaseLRTAdapter {
    using SafeERC20 for IERC20;

    /// @notice Renzo's marker for native ETH as the withdrawal asset.
    address public constant IS_NATIVE = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;

    /// @notice RestakeManager.
    IRenzoRestakeManager public immutable restakeManager;
    /// @notice BalancerRateProvider.
    IRenzoRateProvider public immutable rateProvider;
    /// @notice WithdrawQueue.
    IRenzoWithdrawQueue public immutable withdrawQueue;

    /// @param vault_ The vault.
    /// @param weth_ WETH.
    /// @param restakeManager_ RestakeManager (mainnet 0x74a0...9ef5).
    /// @param ezETH_ ezETH (mainnet 0xbf54...2110).
    /// @param rateProvider_ BalancerRateProvider (mainnet 0x387d...c84C).
    /// @param withdrawQueue_ WithdrawQueue (mainnet 0x5efc...8918).
    /// @param exitPool_ ezETH/WETH instant-exit pool.
    /// @param marketFeed_ ezETH/ETH feed or zero.
    /// @param maxStaleness_ Largest accepted feed age (seconds).
    constructor(
        address vault_,
        address weth_,
        address restakeManager_,
        address ezETH_,
        address rateProvider_,
        address withdrawQueue_,
        address exitPool_,
        address marketFeed_,
        uint256 maxStaleness_
    ) BaseLRTAdapter(vault_, weth_, ezETH_, exitPool_, marketFeed_, maxStaleness_) {
        if (restakeManager_ == address(0)) revert AdapterErrorsLib.ZeroAddress("restakeManager");
        if (rateProvider_ == address(0)) revert AdapterErrorsLib.ZeroAddress("rateProvider");
        if (withdrawQueue_ == address(0)) revert AdapterErrorsLib.ZeroAddress("withdrawQueue");
        restakeManager = IRenzoRestakeManager(restakeManager_);
        rateProvider = IRenzoRateProvider(rateProvider_);
        withdrawQueue = IRenzoWithdrawQueue(withdrawQueue_);
    }

    function _depositEth(uint256 amount) internal override {
        restakeManager.depositETH{value: amount}();
    }

    function _fairRate() internal view override returns (uint256) {
        return rateProvider.getRate();
    }

    function _requestWithdrawal(uint256 lrtAmount) internal override returns (uint256 requestId, uint256 value) {
        IERC20(lrt).forceApprove(address(withdrawQueue), lrtAmount);
        withdrawQueue.withdraw(lrtAmount, IS_NATIVE);
        uint256 last = withdrawQueue.getOutstandingWithdrawRequests(address(this)) - 1;
        (, requestId, value,,) = withdrawQueue.withdrawRequests(address(this), last);
    }

    /// @dev Anyone may claim a Renzo request (`claim(index, user)` pays `user`, this adapter), and only a claim
    /// removes a request from the list. So a request no longer in this adapter's list was paid here: the exit
    /// closes and claimExits sweeps the ETH that arrived. When the queue cannot be read the exit stays open.
    function _claim(ExitRequest memory r) internal override returns (bool) {
        (bool readable, bool found, uint256 index) = _indexOf(r.protocolId);
        if (!readable) return false;
        if (!found) return true;
        try withdrawQueue.claim(index, address(this)) {
            return true;
        } catch {
            return false;
        }
    }

    /// @dev Current index of request `requestId` in this adapter's list at the queue (indices move on claim);
    /// `readable` is false when the queue's views revert.
    function _indexOf(uint256 requestId) internal view returns (bool readable, bool found, uint256 index) {
        uint256 n;
        try withdrawQueue.getOutstandingWithdrawRequests(address(this)) returns (uint256 count) {
            n = count;
        } catch {
            return (false, false, 0);
        }
        for (uint256 i; i < n; ++i) {
            try withdrawQueue.withdrawRequests(address(this), i) returns (address, uint256 id, uint256, uint256, uint256) {
                if (id == requestId) return (true, true, i);
            } catch {
                return (false, false, 0);
            }
        }
        return (true, false, 0);
    }

    function _isEtherPayer(address sender) internal view override returns (bool) {
        return sender == address(withdrawQueue);
    }
}
