// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IWETH9
/// @notice Wrapped ether as deployed on mainnet (0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2).
interface IWETH9 is IERC20 {
    /// @notice Wraps msg.value ETH into the same amount of WETH for the caller.
    function deposit() external payable;

    /// @notice Burns `wad` WETH of the caller and sends the caller `wad` ETH.
    function withdraw(uint256 wad) external;
}
