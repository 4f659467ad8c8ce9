// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IRswETH, IRswEXIT} from "../interfaces/protocols/ISwell.sol";
import {BaseLRTAdapter} from "./BaseLRTAdapter.sol";
import {AdapterErrorsLib} from "./libraries/AdapterErrorsLib.sol";

/// @title SwellAdapter
/// @notice Holds rswETH. Allocates through rswETH.deposit() (no return: measured by balance difference); the fair
/// rate is rswETH.getRate(). Queued exits are rswEXIT NFTs (the token id, read from getLastTokenIdCreated right
/// after the request, is the protocol id), processed by a Swell role (which fixes the payout) and then finalised
/// by their owner only. The rate moves only when Swell's bot reprices (bounded, at most daily): a loss beyond the
/// bound stays outside it, and nothing this adapter can read shows it earlier (contracts/simulation/README.md).
contract SwellAdapter is BaseLRTAdapter {
    using SafeERC20 for IERC20;

    /// @notice rswETH (token and deposit entry point).
    IRswETH public immutable rswETH;
    /// @notice rswEXIT (withdraw-request NFTs).
    IRswEXIT public immutable rswEXIT;

    /// @param vault_ The vault.
    /// @param weth_ WETH.
    /// @param rswETH_ rswETH (mainnet 0xFAe1...a6c0).
    /// @param rswEXIT_ rswEXIT (mainnet 0x5874...f064).
    /// @param exitPool_ rswETH/WETH instant-exit pool.
    /// @param marketFeed_ rswETH/ETH feed or zero.
    /// @param maxStaleness_ Largest accepted feed age (seconds).
    constructor(
        address vault_,
        address weth_,
        address rswETH_,
        address rswEXIT_,
        address exitPool_,
        address marketFeed_,
        uint256 maxStaleness_
    ) BaseLRTAdapter(vault_, weth_, rswETH_, exitPool_, marketFeed_, maxStaleness_) {
        if (rswEXIT_ == address(0)) revert AdapterErrorsLib.ZeroAddress("rswEXIT");
        rswETH = IRswETH(rswETH_);
        rswEXIT = IRswEXIT(rswEXIT_);
    }

    function _depositEth(uint256 amount) internal override {
        rswETH.deposit{value: amount}();
    }

    function _fairRate() internal view override returns (uint256) {
        return rswETH.getRate();
    }

    function _requestWithdrawal(uint256 lrtAmount) internal override returns (uint256 tokenId, uint256 value) {
        value = Math.mulDiv(lrtAmount, fairRate(), WAD, Math.Rounding.Floor);
        IERC20(lrt).forceApprove(address(rswEXIT), lrtAmount);
        rswEXIT.createWithdrawRequest(lrtAmount);
        tokenId = rswEXIT.getLastTokenIdCreated();
    }

    function _claim(ExitRequest memory r) internal override returns (bool) {
        try rswEXIT.finalizeWithdrawal(r.protocolId) {
            return true;
        } catch {
            return false;
        }
    }

    /// @dev Once processed the payout is fixed at amount x min(rate at request, rate at processing).
    function _exitValue(ExitRequest memory r, uint256 rate) internal view override returns (uint256) {
        try rswEXIT.getProcessedRateForTokenId(r.protocolId) returns (bool processed, uint256 processedRate) {
            if (processed) {
                try rswEXIT.withdrawalRequests(r.protocolId) returns (uint256 amount, uint256, uint256 created) {
                    return Math.mulDiv(amount, Math.min(created, processedRate), WAD, Math.Rounding.Floor);
                } catch {}
            }
        } catch {}
        return super._exitValue(r, rate);
    }

    /// @dev rswEXIT takes withdrawRequestMinimum to withdrawRequestMaximum rswETH per request; `assets` becomes
    /// ceil(assets / rate) rswETH, so the bounds are converted at the fair rate (the maximum rounded down).
    function _requestLimits() internal view override returns (uint256 minAssets, uint256 maxAssets) {
        uint256 rate = fairRate();
        maxAssets = type(uint256).max;
        try rswEXIT.withdrawRequestMinimum() returns (uint256 minimum) {
            minAssets = Math.mulDiv(minimum, rate, WAD, Math.Rounding.Ceil);
        } catch {}
        try rswEXIT.withdrawRequestMaximum() returns (uint256 maximum) {
            maxAssets = Math.mulDiv(maximum, rate, WAD, Math.Rounding.Floor);
        } catch {}
    }

    function _isEtherPayer(address sender) internal view override returns (bool) {
        return sender == address(rswEXIT);
    }

    function _isNftIssuer(address sender) internal view override returns (bool) {
        return sender == address(rswEXIT);
    }
}
