// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IWETH9} from "../interfaces/protocols/IWETH9.sol";

/// @title WETH
/// @notice Wrapped Ether for the devnet and tests, compatible with mainnet WETH9: deposit, withdraw, ERC-20, and
/// plain ETH transfers wrap. An allowance of type(uint256).max is never spent (as in WETH9).
contract WETH is ERC20, IWETH9 {
    /// @notice `dst` wrapped `wad` ETH.
    event Deposit(address indexed dst, uint256 wad);
    /// @notice `src` unwrapped `wad` WETH.
    event Withdrawal(address indexed src, uint256 wad);

    /// @notice Thrown when sending unwrapped ETH to `to` fails.
    error EthTransferFailed(address to);

    constructor() ERC20("Wrapped Ether", "WETH") {}

    /// @notice Plain ETH sent to this contract is wrapped for the sender.
    receive() external payable {
        deposit();
    }

    /// @inheritdoc IWETH9
    function deposit() public payable {
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    /// @inheritdoc IWETH9
    function withdraw(uint256 amount) external {
        _burn(msg.sender, amount);
        emit Withdrawal(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert EthTransferFailed(msg.sender);
    }
}
