// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";

/// @title SimLRTToken
/// @notice A plain, non-rebasing LRT token (ezETH, rsETH) minted and burned by its protocol sim.
contract SimLRTToken is ERC20 {
    /// @notice The protocol sim allowed to mint and burn.
    address public immutable minter;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param minter_ The protocol sim that mints and burns.
    constructor(string memory name_, string memory symbol_, address minter_) ERC20(name_, symbol_) {
        minter = minter_;
    }

    /// @notice Mints `amount` to `to`; only the minter.
    function mint(address to, uint256 amount) external {
        if (msg.sender != minter) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        _mint(to, amount);
    }

    /// @notice Burns `amount` from `from`; only the minter.
    function burn(address from, uint256 amount) external {
        if (msg.sender != minter) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        _burn(from, amount);
    }
}
