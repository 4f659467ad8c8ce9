// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IEtherFiLiquidityPool, IWeETH, IEtherFiWithdrawRequestNFT} from "../interfaces/protocols/IEtherFi.sol";
import {BaseLRTAdapter} from "./BaseLRTAdapter.sol";
import {AdapterErrorsLib} from "./libraries/AdapterErrorsLib.sol";

/// @title EtherFiAdapter
/// @notice Holds weETH. Allocates through LiquidityPool.deposit() then wraps the eETH; queued exits unwrap to
/// eETH and open a WithdrawRequestNFT (the NFT id is the protocol id); the fair rate is weETH.getRate().
contract EtherFiAdapter is BaseLRTAdapter {
    using SafeERC20 for IERC20;

    /// @notice ether.fi LiquidityPool.
    IEtherFiLiquidityPool public immutable liquidityPool;
    /// @notice eETH (rebasing).
    IERC20 public immutable eETH;
    /// @notice weETH (the LRT held).
    IWeETH public immutable weETH;
    /// @notice WithdrawRequestNFT.
    IEtherFiWithdrawRequestNFT public immutable withdrawRequestNFT;

    /// @param vault_ The vault.
    /// @param weth_ WETH.
    /// @param liquidityPool_ LiquidityPool (mainnet 0x3088...F216).
    /// @param eETH_ eETH (mainnet 0x35fA...8ac2).
    /// @param weETH_ weETH (mainnet 0xCd5f...b7ee).
    /// @param withdrawRequestNFT_ WithdrawRequestNFT (mainnet 0x7d57...4E2c).
    /// @param exitPool_ weETH/WETH instant-exit pool.
    /// @param marketFeed_ weETH/ETH feed or zero.
    /// @param maxStaleness_ Largest accepted feed age (seconds).
    constructor(
        address vault_,
        address weth_,
        address liquidityPool_,
        address eETH_,
        address weETH_,
        address withdrawRequestNFT_,
        address exitPool_,
        address marketFeed_,
        uint256 maxStaleness_
    ) BaseLRTAdapter(vault_, weth_, weETH_, exitPool_, marketFeed_, maxStaleness_) {
        if (liquidityPool_ == address(0)) revert AdapterErrorsLib.ZeroAddress("liquidityPool");
        if (eETH_ == address(0)) revert AdapterErrorsLib.ZeroAddress("eETH");
        if (withdrawRequestNFT_ == address(0)) revert AdapterErrorsLib.ZeroAddress("withdrawRequestNFT");
        liquidityPool = IEtherFiLiquidityPool(liquidityPool_);
        eETH = IERC20(eETH_);
        weETH = IWeETH(weETH_);
        withdrawRequestNFT = IEtherFiWithdrawRequestNFT(withdrawRequestNFT_);
    }

    function _depositEth(uint256 amount) internal override {
        uint256 before = eETH.balanceOf(address(this));
        liquidityPool.deposit{value: amount}();
        uint256 eEthIn = eETH.balanceOf(address(this)) - before;
        if (eEthIn == 0) return;
        eETH.forceApprove(address(weETH), eEthIn);
        weETH.wrap(eEthIn);
    }

    function _fairRate() internal view override returns (uint256) {
        return weETH.getRate();
    }

    /// @dev The unwrap rounds the eETH up by at most a wei; a request above ether.fi's maximum would revert, so
    /// the request is clamped to it (the wei left over stays as dust, counted nowhere: conservative).
    function _requestWithdrawal(uint256 lrtAmount) internal override returns (uint256 tokenId, uint256 eEthAmount) {
        uint256 before = eETH.balanceOf(address(this));
        weETH.unwrap(lrtAmount);
        eEthAmount = eETH.balanceOf(address(this)) - before;
        (, uint256 maximum) = _requestLimits();
        if (eEthAmount > maximum) eEthAmount = maximum;
        eETH.forceApprove(address(liquidityPool), eEthAmount);
        tokenId = liquidityPool.requestWithdraw(address(this), eEthAmount);
    }

    /// @dev Anyone may claim a finalised ether.fi request, and the claim pays the NFT's owner, this adapter. So a
    /// request is closed when its NFT is gone: burned with its stored request deleted (claimed by someone, the ETH
    /// already here and swept by claimExits), or owned by someone else (seized after an invalidation: nothing
    /// more will come, and closing it books the loss). When the NFT contract cannot be read the exit stays open.
    function _claim(ExitRequest memory r) internal override returns (bool) {
        (bool readable, bool gone) = _requestGone(r.protocolId);
        if (!readable) return false;
        if (gone) return true;
        try withdrawRequestNFT.isFinalized(r.protocolId) returns (bool finalized) {
            if (!finalized) return false;
        } catch {
            return false;
        }
        try withdrawRequestNFT.claimWithdraw(r.protocolId) {
            return true;
        } catch {
            return false;
        }
    }

    /// @dev Whether request `tokenId` no longer belongs to this adapter (`readable` false: cannot tell).
    function _requestGone(uint256 tokenId) internal view returns (bool readable, bool gone) {
        try withdrawRequestNFT.ownerOf(tokenId) returns (address owner) {
            return (true, owner != address(this));
        } catch {
            // ownerOf reverts for a burned NFT; only a deleted request (all zero) proves it was claimed
            try withdrawRequestNFT.getRequest(tokenId) returns (IEtherFiWithdrawRequestNFT.WithdrawRequest memory q) {
                return (true, q.amountOfEEth == 0 && q.shareOfEEth == 0);
            } catch {
                return (false, false);
            }
        }
    }

    /// @dev Once finalised the payout is fixed (the rate snapshotted at finalisation), whatever the rate does next.
    function _exitValue(ExitRequest memory r, uint256 rate) internal view override returns (uint256) {
        try withdrawRequestNFT.isFinalized(r.protocolId) returns (bool finalized) {
            if (finalized) {
                try withdrawRequestNFT.getClaimableAmount(r.protocolId) returns (uint256 amount) {
                    return amount;
                } catch {}
            }
        } catch {}
        return super._exitValue(r, rate);
    }

    /// @dev ether.fi takes minWithdrawAmount to maxWithdrawAmount eETH per request (the request is clamped to the
    /// maximum, see `_requestWithdrawal`).
    function _requestLimits() internal view override returns (uint256 minAssets, uint256 maxAssets) {
        maxAssets = type(uint256).max;
        try liquidityPool.minWithdrawAmount() returns (uint256 minimum) {
            minAssets = minimum;
        } catch {}
        try liquidityPool.maxWithdrawAmount() returns (uint256 maximum) {
            maxAssets = maximum;
        } catch {}
    }

    function _isEtherPayer(address sender) internal view override returns (bool) {
        return sender == address(liquidityPool) || sender == address(withdrawRequestNFT);
    }

    function _isNftIssuer(address sender) internal view override returns (bool) {
        return sender == address(withdrawRequestNFT);
    }
}
