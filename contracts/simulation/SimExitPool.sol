// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IExitPool} from "../interfaces/protocols/IExitPool.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";

/// @title SimExitPool
/// @notice A constant-product (x * y = k) LRT/WETH pool with a swap fee: the instant-exit venue of the devnet.
/// @dev Chosen over a stable-swap curve because its price impact is easy to reason about and to replicate:
///   amountOut = floor(reserveOut * amountInAfterFee / (reserveIn + amountInAfterFee)),
///   amountInAfterFee = floor(amountIn * (10_000 - feeBps) / 10_000).
/// Reserves are stored, not read from balances, so a donation does not move the price. Liquidity is the
/// owner's (no LP shares): the scenario seeds it at the LRT's fair rate with `addLiquidity`.
contract SimExitPool is IExitPool, Ownable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint256 internal constant BPS = 10_000;

    /// @inheritdoc IExitPool
    address public immutable override token0;
    /// @inheritdoc IExitPool
    address public immutable override token1;
    /// @notice Swap fee in bps, kept in the pool.
    uint256 public immutable feeBps;
    /// @notice Stored reserve of token0.
    uint256 public reserve0;
    /// @notice Stored reserve of token1.
    uint256 public reserve1;
    /// @notice Whether swaps are paused (a scenario hook).
    bool public paused;

    /// @notice Liquidity added by the owner.
    event LiquidityAdded(uint256 amount0, uint256 amount1);
    /// @notice Liquidity removed by the owner.
    event LiquidityRemoved(uint256 amount0, uint256 amount1, address indexed to);
    /// @notice A swap of `amountIn` of `tokenIn` for `amountOut` of the other token.
    event Swapped(
        address indexed sender, address indexed tokenIn, uint256 amountIn, uint256 amountOut, address indexed to
    );
    /// @notice Pause switched.
    event PausedSet(bool paused);
    /// @notice The owner moved the spot price to `price` (token1 per token0, 1e18) at constant k.
    event PriceAligned(uint256 price, uint256 reserve0, uint256 reserve1);

    /// @param owner_ Liquidity owner and scenario admin.
    /// @param token0_ The LRT.
    /// @param token1_ WETH.
    /// @param feeBps_ Swap fee in bps (below 10_000).
    constructor(address owner_, address token0_, address token1_, uint256 feeBps_) Ownable(owner_) {
        if (feeBps_ >= BPS) revert SimErrorsLib.ValueTooLarge(feeBps_);
        token0 = token0_;
        token1 = token1_;
        feeBps = feeBps_;
    }

    /// @notice Pulls `amount0` token0 and `amount1` token1 from the owner into the reserves.
    function addLiquidity(uint256 amount0, uint256 amount1) external onlyOwner nonReentrant {
        reserve0 += amount0;
        reserve1 += amount1;
        emit LiquidityAdded(amount0, amount1);
        IERC20(token0).safeTransferFrom(msg.sender, address(this), amount0);
        IERC20(token1).safeTransferFrom(msg.sender, address(this), amount1);
    }

    /// @notice Sends `amount0` token0 and `amount1` token1 of the reserves to `to`.
    function removeLiquidity(uint256 amount0, uint256 amount1, address to) external onlyOwner nonReentrant {
        reserve0 -= amount0;
        reserve1 -= amount1;
        emit LiquidityRemoved(amount0, amount1, to);
        IERC20(token0).safeTransfer(to, amount0);
        IERC20(token1).safeTransfer(to, amount1);
    }

    /// @notice Moves the spot price to `price` (token1 per token0, 1e18; e.g. the LRT's fair rate) keeping
    /// k = reserve0 x reserve1, as an arbitrageur would: the owner pays in or receives the reserve differences.
    /// @dev Use it to follow the fair rate as it accrues, or to stage a depeg. New reserves:
    /// reserve0 = floor(sqrt(k x 1e18 / price)), reserve1 = ceil(k / reserve0).
    function alignPrice(uint256 price) external onlyOwner nonReentrant {
        if (price == 0) revert SimErrorsLib.ZeroAmount();
        uint256 k = reserve0 * reserve1;
        uint256 new0 = Math.sqrt(Math.mulDiv(k, 1e18, price));
        if (new0 == 0) revert SimErrorsLib.InsufficientLiquidity(0, reserve0);
        uint256 new1 = Math.mulDiv(k, 1, new0, Math.Rounding.Ceil);
        uint256 old0 = reserve0;
        uint256 old1 = reserve1;
        reserve0 = new0;
        reserve1 = new1;
        emit PriceAligned(price, new0, new1);
        _settle(token0, old0, new0);
        _settle(token1, old1, new1);
    }

    /// @notice Pauses or unpauses swaps.
    function setPaused(bool paused_) external onlyOwner {
        paused = paused_;
        emit PausedSet(paused_);
    }

    /// @inheritdoc IExitPool
    function quote(address tokenIn, uint256 amountIn) public view returns (uint256 amountOut) {
        (uint256 reserveIn, uint256 reserveOut) = _reserves(tokenIn);
        uint256 inAfterFee = Math.mulDiv(amountIn, BPS - feeBps, BPS, Math.Rounding.Floor);
        if (inAfterFee == 0) return 0;
        amountOut = Math.mulDiv(reserveOut, inAfterFee, reserveIn + inAfterFee, Math.Rounding.Floor);
    }

    /// @inheritdoc IExitPool
    function swap(address tokenIn, uint256 amountIn, uint256 minAmountOut, address to)
        external
        nonReentrant
        returns (uint256 amountOut)
    {
        if (paused) revert SimErrorsLib.ProtocolPaused();
        if (amountIn == 0) revert SimErrorsLib.ZeroAmount();
        amountOut = quote(tokenIn, amountIn);
        if (amountOut < minAmountOut) revert SimErrorsLib.SlippageExceeded(amountOut, minAmountOut);
        address tokenOut = tokenIn == token0 ? token1 : token0;
        if (tokenIn == token0) {
            reserve0 += amountIn;
            reserve1 -= amountOut;
        } else {
            reserve1 += amountIn;
            reserve0 -= amountOut;
        }
        emit Swapped(msg.sender, tokenIn, amountIn, amountOut, to);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        IERC20(tokenOut).safeTransfer(to, amountOut);
    }

    /// @dev Moves the difference between an old and a new reserve between the owner and the pool.
    function _settle(address token, uint256 oldReserve, uint256 newReserve) internal {
        if (newReserve > oldReserve) IERC20(token).safeTransferFrom(msg.sender, address(this), newReserve - oldReserve);
        else if (oldReserve > newReserve) IERC20(token).safeTransfer(msg.sender, oldReserve - newReserve);
    }

    /// @notice Spot price of token0 in token1 (1e18), before fee and impact.
    function spotPrice() external view returns (uint256) {
        return Math.mulDiv(reserve1, 1e18, reserve0);
    }

    function _reserves(address tokenIn) internal view returns (uint256 reserveIn, uint256 reserveOut) {
        if (tokenIn == token0) return (reserve0, reserve1);
        if (tokenIn == token1) return (reserve1, reserve0);
        revert SimErrorsLib.UnknownToken(tokenIn);
    }
}
