// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title MathLib
/// @notice Fixed-point helpers with the rounding direction in the name.
/// @dev Plain 256-bit products: the vault's operands stay far below 2^128 (assets below 1e30 wei, shares
/// below 1e36 units), so x * y never overflows in practice, and if it ever did it reverts (checked math)
/// rather than returning a wrong number.
library MathLib {
    /// @dev (x * y) / d rounded down.
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y) / d;
    }

    /// @dev (x * y) / d rounded up.
    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y + (d - 1)) / d;
    }

    /// @dev The smaller of x and y.
    function min(uint256 x, uint256 y) internal pure returns (uint256) {
        return x < y ? x : y;
    }

    /// @dev The larger of x and y.
    function max(uint256 x, uint256 y) internal pure returns (uint256) {
        return x > y ? x : y;
    }

    /// @dev x - y, or zero when y >= x.
    function zeroFloorSub(uint256 x, uint256 y) internal pure returns (uint256) {
        return x > y ? x - y : 0;
    }
}
