// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPufferVault, IPufferWithdrawalManager} from "../interfaces/protocols/IPuffer.sol";
import {BaseLRTAdapter} from "./BaseLRTAdapter.sol";
import {AdapterErrorsLib} from "./libraries/AdapterErrorsLib.sol";

/// @title PufferAdapter
/// @notice Holds pufETH. Allocates through PufferVault.depositETH(receiver); the fair rate is
/// convertToAssets(1e18). Queued exits go through PufferWithdrawalManager (the withdrawal index is the protocol
/// id; payouts arrive as WETH). Puffer allows one withdrawal request per transaction, 0.01 pufETH to the DAO's
/// maximum, and finalises only full batches of 10 by a finaliser role: no time is promised. Puffer counts 32 ETH
/// per active validator until its exit is processed, so a beacon-chain loss reaches the rate only then, net of
/// the operator's bond: nothing this adapter can read shows it earlier (contracts/simulation/README.md).
/// The vault's own instant redeem (1 % fee) is not used: instant exits go through the exit pool.
contract PufferAdapter is BaseLRTAdapter {
    using SafeERC20 for IERC20;

    /// @notice PufferVault (pufETH).
    IPufferVault public immutable pufferVault;
    /// @notice PufferWithdrawalManager.
    IPufferWithdrawalManager public immutable withdrawalManager;
    /// @notice Puffer's smallest withdrawal, in pufETH.
    uint256 public constant MIN_WITHDRAWAL_PUFETH = 0.01 ether;

    /// @param vault_ The vault.
    /// @param weth_ WETH.
    /// @param pufferVault_ PufferVault / pufETH (mainnet 0xD9A4...6a72).
    /// @param withdrawalManager_ PufferWithdrawalManager (mainnet 0xDdA0...0283).
    /// @param exitPool_ pufETH/WETH instant-exit pool.
    /// @param marketFeed_ pufETH/ETH feed or zero.
    /// @param maxStaleness_ Largest accepted feed age (seconds).
    constructor(
        address vault_,
        address weth_,
        address pufferVault_,
        address withdrawalManager_,
        address exitPool_,
        address marketFeed_,
        uint256 maxStaleness_
    ) BaseLRTAdapter(vault_, weth_, pufferVault_, exitPool_, marketFeed_, maxStaleness_) {
        if (withdrawalManager_ == address(0)) revert AdapterErrorsLib.ZeroAddress("withdrawalManager");
        pufferVault = IPufferVault(pufferVault_);
        withdrawalManager = IPufferWithdrawalManager(withdrawalManager_);
    }

    function _depositEth(uint256 amount) internal override {
        pufferVault.depositETH{value: amount}(address(this));
    }

    function _fairRate() internal view override returns (uint256) {
        return pufferVault.convertToAssets(WAD);
    }

    function _requestWithdrawal(uint256 lrtAmount) internal override returns (uint256 index, uint256 value) {
        value = Math.mulDiv(lrtAmount, fairRate(), WAD, Math.Rounding.Floor);
        index = withdrawalManager.getWithdrawalsLength();
        IERC20(lrt).forceApprove(address(withdrawalManager), lrtAmount);
        // lrtAmount <= type(uint128).max is checked by the base before this hook runs
        // forge-lint: disable-next-line(unsafe-typecast)
        withdrawalManager.requestWithdrawal(uint128(lrtAmount), address(this));
    }

    /// @dev Anyone may complete a finalised Puffer withdrawal (on mainnet a finaliser does), paying this adapter
    /// directly (H-1). So an exit whose completion fails because it is already completed (the manager deleted it:
    /// recipient zero) is closed too; its payout is already here and claimExits sweeps it to the vault.
    function _claim(ExitRequest memory r) internal override returns (bool) {
        try withdrawalManager.completeQueuedWithdrawal(r.protocolId) {
            return true;
        } catch {
            try withdrawalManager.getWithdrawal(r.protocolId) returns (IPufferWithdrawalManager.QueuedWithdrawal memory w) {
                return w.recipient == address(0);
            } catch {
                return false;
            }
        }
    }

    /// @dev At least 0.01 pufETH and at most the DAO's maximum per request; `assets` becomes ceil(assets / rate)
    /// pufETH, so the bounds are converted at the fair rate (the minimum rounded up, the maximum down).
    function _requestLimits() internal view override returns (uint256 minAssets, uint256 maxAssets) {
        uint256 rate = fairRate();
        minAssets = Math.mulDiv(MIN_WITHDRAWAL_PUFETH, rate, WAD, Math.Rounding.Ceil);
        maxAssets = type(uint256).max;
        try withdrawalManager.getMaxWithdrawalAmount() returns (uint256 maximum) {
            maxAssets = Math.mulDiv(maximum, rate, WAD, Math.Rounding.Floor);
        } catch {}
    }

    function _isEtherPayer(address sender) internal view override returns (bool) {
        return sender == address(withdrawalManager) || sender == address(pufferVault);
    }
}
