// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title IExitPool
/// @notice The instant-exit venue of an adapter: a two-token (LRT/WETH) swap pool with a minimum-out bound and
/// a quote view. `SimExitPool` implements it on the devnet; on mainnet a thin wrapper over a DEX route does.
interface IExitPool {
    /// @notice The two tokens of the pool.
    function token0() external view returns (address);

    /// @notice The two tokens of the pool.
    function token1() external view returns (address);

    /// @notice Output of swapping `amountIn` of `tokenIn` now, fee and price impact included.
    function quote(address tokenIn, uint256 amountIn) external view returns (uint256 amountOut);

    /// @notice Pulls `amountIn` of `tokenIn` from the caller and sends the other token to `to`; reverts if the
    /// output is below `minAmountOut`.
    function swap(address tokenIn, uint256 amountIn, uint256 minAmountOut, address to)
        external
        returns (uint256 amountOut);
}
