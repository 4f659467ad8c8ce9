// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {
    IKelpDepositPool, IKelpConfig, IKelpOracle, IKelpWithdrawalManager
} from "../interfaces/protocols/IKelp.sol";
import {BaseLRTAdapter} from "./BaseLRTAdapter.sol";
import {AdapterErrorsLib} from "./libraries/AdapterErrorsLib.sol";

/// @title KelpAdapter
/// @notice Holds rsETH. Allocates through LRTDepositPool.depositETH(minOut, referralId) (no return: measured by
/// balance difference). The fair rate is min(LRTOracle.rsETHPrice(), the price the protocol's own totals give
/// now): rsETHPrice is a stored value that moves only when someone calls updateRSETHPrice, so a loss would
/// otherwise stay invisible until then (issue 18); the totals (getTotalAssetDeposits x getAssetPrice over the
/// supported assets, per rsETH) show it at once, while a gain still waits for the update. Queued exits
/// go through LRTWithdrawalManager, which settles each user's requests oldest first, by the user
/// (`completeWithdrawal`) or for them by an LRT operator (`completeWithdrawalForUser`, paying the user). The
/// protocol id of a request is the manager's nonce for it; a request whose stored record is gone was settled and
/// paid here, by whichever route.
contract KelpAdapter is BaseLRTAdapter {
    using SafeERC20 for IERC20;

    /// @notice Kelp's marker for native ETH.
    address public constant ETH_TOKEN = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;
    /// @notice Referral id sent with deposits and withdrawals.
    string public constant REFERRAL_ID = "";
    /// @notice Most backing assets the live valuation reads.
    uint256 public constant MAX_SUPPORTED_ASSETS = 16;

    /// @notice LRTDepositPool.
    IKelpDepositPool public immutable depositPool;
    /// @notice LRTOracle.
    IKelpOracle public immutable oracle;
    /// @notice LRTWithdrawalManager.
    IKelpWithdrawalManager public immutable withdrawalManager;

    /// @param vault_ The vault.
    /// @param weth_ WETH.
    /// @param depositPool_ LRTDepositPool (mainnet 0x0366...375D).
    /// @param rsETH_ rsETH (mainnet 0xA129...e5A7).
    /// @param oracle_ LRTOracle (mainnet 0x349A...020d).
    /// @param withdrawalManager_ LRTWithdrawalManager (mainnet 0x62De...ec16).
    /// @param exitPool_ rsETH/WETH instant-exit pool.
    /// @param marketFeed_ rsETH/ETH feed or zero.
    /// @param maxStaleness_ Largest accepted feed age (seconds).
    constructor(
        address vault_,
        address weth_,
        address depositPool_,
        address rsETH_,
        address oracle_,
        address withdrawalManager_,
        address exitPool_,
        address marketFeed_,
        uint256 maxStaleness_
    ) BaseLRTAdapter(vault_, weth_, rsETH_, exitPool_, marketFeed_, maxStaleness_) {
        if (depositPool_ == address(0)) revert AdapterErrorsLib.ZeroAddress("depositPool");
        if (oracle_ == address(0)) revert AdapterErrorsLib.ZeroAddress("oracle");
        if (withdrawalManager_ == address(0)) revert AdapterErrorsLib.ZeroAddress("withdrawalManager");
        depositPool = IKelpDepositPool(depositPool_);
        oracle = IKelpOracle(oracle_);
        withdrawalManager = IKelpWithdrawalManager(withdrawalManager_);
    }

    function _depositEth(uint256 amount) internal override {
        depositPool.depositETH{value: amount}(0, REFERRAL_ID);
    }

    function _fairRate() internal view override returns (uint256) {
        uint256 stored = oracle.rsETHPrice();
        uint256 live = liveRate();
        return live < stored ? live : stored;
    }

    /// @notice ETH per rsETH from the protocol's own totals now (what the next updateRSETHPrice would store, before
    /// its fee on gains); type(uint256).max when no rsETH exists.
    function liveRate() public view returns (uint256) {
        uint256 supply = IERC20(lrt).totalSupply();
        if (supply == 0) return type(uint256).max;
        address[] memory assets = IKelpConfig(depositPool.lrtConfig()).getSupportedAssetList();
        uint256 n = assets.length;
        if (n > MAX_SUPPORTED_ASSETS) revert AdapterErrorsLib.TooManySupportedAssets(n, MAX_SUPPORTED_ASSETS);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            uint256 held = depositPool.getTotalAssetDeposits(assets[i]);
            total += Math.mulDiv(held, oracle.getAssetPrice(assets[i]), WAD, Math.Rounding.Floor);
        }
        // rounded up: no false loss of a wei from rounding when the totals match the stored price
        return Math.mulDiv(total, WAD, supply, Math.Rounding.Ceil);
    }

    /// @dev Once the operator unlocked a request its payout is fixed (stored back as its expected amount).
    function _exitValue(ExitRequest memory r, uint256 rate) internal view override returns (uint256) {
        try withdrawalManager.nextLockedNonce(ETH_TOKEN) returns (uint256 nextLocked) {
            if (r.protocolId < nextLocked) {
                try withdrawalManager.getRequestId(ETH_TOKEN, r.protocolId) returns (bytes32 id) {
                    try withdrawalManager.withdrawalRequests(id) returns (uint256 rsEth, uint256 payout, uint256) {
                        if (rsEth != 0) return payout;
                    } catch {}
                } catch {}
            }
        } catch {}
        return super._exitValue(r, rate);
    }

    /// @dev Kelp commits a request's expected value (at the stored price) against its uncommitted assets and has a
    /// per-request minimum in rsETH. `assets` is converted at the fair rate (<= the stored price), so the bound is
    /// scaled by fair / stored, less 2 wei for the round-up.
    function _requestLimits() internal view override returns (uint256 minAssets, uint256 maxAssets) {
        uint256 fair = fairRate();
        uint256 stored = oracle.rsETHPrice();
        uint256 available = withdrawalManager.getAvailableAssetAmount(ETH_TOKEN);
        uint256 scaled = Math.mulDiv(available, fair, stored, Math.Rounding.Floor);
        maxAssets = scaled > 2 ? scaled - 2 : 0;
        minAssets = Math.mulDiv(withdrawalManager.minRsEthAmountToWithdraw(ETH_TOKEN), fair, WAD, Math.Rounding.Ceil);
    }

    function _requestWithdrawal(uint256 lrtAmount) internal override returns (uint256 nonce, uint256 value) {
        value = Math.mulDiv(lrtAmount, fairRate(), WAD, Math.Rounding.Floor);
        nonce = withdrawalManager.nextUnusedNonce(ETH_TOKEN);
        IERC20(lrt).forceApprove(address(withdrawalManager), lrtAmount);
        withdrawalManager.initiateWithdrawal(ETH_TOKEN, lrtAmount, REFERRAL_ID);
    }

    /// @dev Closes `r` when its stored request is gone (settled and paid here, by this adapter or for it by an
    /// operator); otherwise asks the manager to settle this adapter's oldest request, which is `r` once every
    /// older one is gone (the loop runs oldest first), and closes `r` if that settled it. When the manager cannot
    /// be read the exit stays open.
    function _claim(ExitRequest memory r) internal override returns (bool) {
        (bool readable, bool gone) = _settled(r.protocolId);
        if (!readable) return false;
        if (gone) return true;
        try withdrawalManager.completeWithdrawal(ETH_TOKEN, REFERRAL_ID) {} catch {}
        (readable, gone) = _settled(r.protocolId);
        return readable && gone;
    }

    /// @dev Whether the manager's record of request `nonce` is deleted (`readable` false: cannot tell).
    function _settled(uint256 nonce) internal view returns (bool readable, bool gone) {
        try withdrawalManager.getRequestId(ETH_TOKEN, nonce) returns (bytes32 id) {
            try withdrawalManager.withdrawalRequests(id) returns (uint256 rsETHUnstaked, uint256, uint256) {
                return (true, rsETHUnstaked == 0);
            } catch {
                return (false, false);
            }
        } catch {
            return (false, false);
        }
    }

    function _isEtherPayer(address sender) internal view override returns (bool) {
        return sender == address(withdrawalManager);
    }
}
