// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IWETH9} from "../../contracts/interfaces/protocols/IWETH9.sol";

/// @title ReferenceVault
/// @notice The gas benchmark's yardstick: OpenZeppelin's ERC4626 over WETH with nothing added to its WETH paths
/// (no stored accounting, no guard, no pause, no slippage-bounded variants), compiled in the same run as the
/// project's vault. `depositETH` and `redeemETH` are the least a vault must do to take and pay native ETH (wrap,
/// mint; burn, unwrap, send), so the project's ETH paths have a like-for-like reference too.
/// @dev Not for deployment: it has the plain vault's known weaknesses (balance-read accounting, no reentrancy guard).
contract ReferenceVault is ERC4626 {
    IWETH9 internal immutable WETH;

    /// @notice Thrown when native ETH arrives from anyone but WETH.
    error OnlyWeth(address sender);
    /// @notice Thrown when sending unwrapped ETH to `receiver` fails.
    error EthTransferFailed(address receiver);

    /// @param weth The WETH contract, the vault's asset.
    constructor(IWETH9 weth) ERC4626(IERC20(address(weth))) ERC20("Reference WETH Vault", "refWETH") {
        WETH = weth;
    }

    /// @notice Accepts ETH from WETH only (unwrapping in `redeemETH`).
    receive() external payable {
        if (msg.sender != address(WETH)) revert OnlyWeth(msg.sender);
    }

    /// @notice Wraps msg.value and mints the shares it buys to `receiver`.
    /// @param receiver Receiver of the shares.
    /// @return shares Shares minted (rounded down, as in `deposit`).
    function depositETH(address receiver) external payable returns (uint256 shares) {
        shares = previewDeposit(msg.value);
        // Counted before the wrap: totalAssets reads the balance, so the price must be taken first.
        WETH.deposit{value: msg.value}();
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, msg.value, shares);
    }

    /// @notice Burns `shares` of `owner` and pays their assets to `receiver` in native ETH.
    /// @param shares Shares to burn.
    /// @param receiver Receiver of the ETH.
    /// @param owner Holder of the shares (the caller spends its allowance otherwise).
    /// @return assets ETH paid (rounded down, as in `redeem`).
    function redeemETH(uint256 shares, address payable receiver, address owner) external returns (uint256 assets) {
        assets = previewRedeem(shares);
        if (msg.sender != owner) _spendAllowance(owner, msg.sender, shares);
        _burn(owner, shares);
        WETH.withdraw(assets);
        (bool ok,) = receiver.call{value: assets}("");
        if (!ok) revert EthTransferFailed(receiver);
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
    }
}
