// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title Bedrock uniBTC interfaces (our own wording of the mainnet calls, /work/shared/BTC_INTERFACES.md)
/// @notice uniBTC 0x004E9C3EF86bc1ca1f0bB5C7662861Ee93350568 (8 decimals).
interface IUniBTCVault {
    /// @notice Mints uniBTC 1:1 for `amount` of `token` (WBTC, FBTC, cbBTC), within the token's cap.
    function mint(address token, uint256 amount) external;
}

/// @notice DelayRedeemRouter 0xAA732c9c110A84d090a72da230eAe1E779f89246.
interface IDelayRedeemRouter {
    /// @notice Locks `amount` uniBTC for a redemption in `token`, less the redeem fee, claimable after the delay.
    function createDelayedRedeem(address token, uint256 amount) external;
    /// @notice Pays the caller every matured redemption, oldest first.
    function claimDelayedRedeems() external;
}
