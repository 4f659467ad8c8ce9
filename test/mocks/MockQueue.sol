// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ILRTVault} from "../../contracts/interfaces/ILRTVault.sol";
import {IRedemptionQueue} from "../../contracts/interfaces/IRedemptionQueue.sol";

/// @notice Test double of the redemption queue: the vault's view of it is `vault()` and the hook calls it makes.
/// The real queue (contracts/RedemptionQueue.sol) checks owners, operators and FIFO order; this one forwards.
contract MockQueue {
    address public immutable vault;

    constructor(address vault_) {
        vault = vault_;
    }

    function escrow(address owner, uint256 shares) external {
        ILRTVault(vault).escrowShares(owner, shares);
    }

    function settle(uint256 shares, uint256 assets) external returns (uint256) {
        return ILRTVault(vault).settleRedemption(shares, assets);
    }

    function force(address adapter, uint256 assets, address payer) external returns (uint256) {
        return ILRTVault(vault).forceDeallocate(adapter, assets, payer);
    }

    function requestExit(address adapter, uint256 assets) external returns (uint256) {
        return ILRTVault(vault).requestExit(adapter, assets);
    }

    /// @dev A cancel: the queue gives escrowed shares back with a plain transfer.
    function giveBack(address owner, uint256 shares) external {
        ILRTVault(vault).transfer(owner, shares);
    }

    /// @dev What the vault reads before replacing a queue: this double's escrow is its whole balance.
    function summary() external view returns (IRedemptionQueue.Summary memory s) {
        s.pendingShares = ILRTVault(vault).balanceOf(address(this));
    }
}
