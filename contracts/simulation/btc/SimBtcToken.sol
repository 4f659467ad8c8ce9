// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {SimErrorsLib} from "../SimErrorsLib.sol";

/// @title SimBtcToken
/// @notice A BTC token with its own decimals (WBTC and LBTC: 8; SolvBTC: 18) minted and burned by one minter
/// (the scenario admin for WBTC, the protocol sim for an LST).
contract SimBtcToken is ERC20 {
    /// @notice The only account that mints and burns.
    address public immutable minter;
    uint8 private immutable _decimals;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Token decimals.
    /// @param minter_ The only minter and burner.
    constructor(string memory name_, string memory symbol_, uint8 decimals_, address minter_) ERC20(name_, symbol_) {
        _decimals = decimals_;
        minter = minter_;
    }

    /// @notice The token's decimals.
    function decimals() public view override returns (uint8) {
        return _decimals;
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
