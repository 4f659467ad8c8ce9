// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title IERC7540Operator
/// @notice ERC-7540's operator methods; ERC-165 id 0xe3bc4e65.
interface IERC7540Operator {
    /// @notice Approves or revokes `operator` to act for the caller.
    function setOperator(address operator, bool approved) external returns (bool);
    /// @notice Whether `operator` acts for `controller`.
    function isOperator(address controller, address operator) external view returns (bool);
}

/// @title IERC7540Redeem
/// @notice ERC-7540's asynchronous redeem methods; ERC-165 id 0x620ee8e4.
interface IERC7540Redeem {
    /// @notice Moves `shares` of `owner` into a request claimable by `controller`.
    function requestRedeem(uint256 shares, address controller, address owner) external returns (uint256 requestId);
    /// @notice Shares of request `requestId` still pending for `controller`.
    function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);
    /// @notice Shares of request `requestId` claimable by `controller`.
    function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);
}
