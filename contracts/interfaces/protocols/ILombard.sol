// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title Lombard LBTC interfaces (our own wording of the mainnet calls, /work/shared/BTC_INTERFACES.md)
/// @notice LBTC (StakedLBTC) 0x8236a87084f8B84306f72007F36F2618A5634494, 8 decimals; its exits.
interface ILBTC {
    /// @notice Burns `amount` LBTC and queues a BTC.b payout (async, about 8 days).
    function redeem(uint256 amount) external;
    /// @notice Burns `amount` LBTC and queues a payout to the Bitcoin output `scriptPubkey` (about 9 days).
    function redeemForBtc(bytes calldata scriptPubkey, uint256 amount) external;
}

/// @notice StakedLBTCOracle: BTC per LBTC, 1e18, changes capped at 0.1 % a day (address: check on a fork).
interface IStakedLBTCOracle {
    /// @notice BTC per LBTC, 1e18-scaled.
    function getRate() external view returns (uint256);
}

/// @notice A Curve two-coin pool (the LBTC/WBTC pool 0x2f3bC4c27A4437AeCA13dE0e37cdf1028f3706F0).
interface ICurvePool {
    /// @notice Swaps `dx` of coin `i` for at least `min_dy` of coin `j`, paid to the caller.
    function exchange(int128 i, int128 j, uint256 dx, uint256 min_dy) external returns (uint256);
    /// @notice What `exchange(i, j, dx, 0)` would pay now.
    function get_dy(int128 i, int128 j, uint256 dx) external view returns (uint256);
    /// @notice The pool's coin `i`.
    function coins(uint256 i) external view returns (address);
}
