// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IWETH
/// @notice The WETH9 surface the vault uses: wrap and unwrap native ETH.
interface IWETH is IERC20 {
    /// @notice Wraps msg.value native ETH into as much WETH for the caller.
    function deposit() external payable;
    /// @notice Unwraps `amount` WETH of the caller and sends as much native ETH to it.
    function withdraw(uint256 amount) external;
}
