// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IKelpDepositPool, IKelpOracle, IKelpWithdrawalManager} from "../interfaces/protocols/IKelp.sol";
import {BaseLRTAdapter} from "./BaseLRTAdapter.sol";
import {AdapterErrorsLib} from "./libraries/AdapterErrorsLib.sol";

/// @title KelpAdapter
/// @notice Holds rsETH. Allocates through LRTDepositPool.depositETH(minOut, referralId) (no return: measured by
/// balance difference); the fair rate is LRTOracle.rsETHPrice(), a stored value a keeper refreshes. Queued exits
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
        return oracle.rsETHPrice();
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
