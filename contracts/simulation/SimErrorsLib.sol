// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title SimErrorsLib
/// @notice Custom errors of the simulated protocols.
library SimErrorsLib {
    /// @notice The protocol is paused by its owner (a scenario hook).
    error ProtocolPaused();
    /// @notice The protocol was set to revert every call (a scenario hook).
    error SimulatedFailure();
    /// @notice A zero amount where a positive one is needed.
    error ZeroAmount();
    /// @notice A slash of `bps` is not below 10_000 (it would zero the rate).
    error SlashTooLarge(uint256 bps);
    /// @notice The caller is not the contract allowed to call this hook.
    error UnauthorizedCaller(address caller);
    /// @notice Fewer tokens would be minted than the caller's minimum.
    error InsufficientMinted(uint256 minted, uint256 minimum);
    /// @notice The withdrawal request `id` is not claimable before `claimableAt`.
    error NotYetClaimable(uint256 id, uint256 claimableAt);
    /// @notice The withdrawal request `id` does not exist or was already claimed.
    error UnknownRequest(uint256 id);
    /// @notice The caller does not own request `id`.
    error NotRequestOwner(uint256 id, address caller);
    /// @notice The asset is not one this protocol pays out.
    error UnsupportedAsset(address asset);
    /// @notice The index is past the end of the caller's list.
    error IndexOutOfRange(uint256 index, uint256 length);
    /// @notice The sim does not hold enough ETH to pay `amount`.
    error InsufficientEther(uint256 amount, uint256 balance);
    /// @notice Sending ETH to `to` failed.
    error EtherTransferFailed(address to, uint256 amount);
    /// @notice A deposit and a withdrawal in the same transaction (Puffer).
    error DepositAndWithdrawalInSameTx();
    /// @notice The swap output is below the caller's minimum.
    error SlippageExceeded(uint256 amountOut, uint256 minAmountOut);
    /// @notice The token is not one of the pool's two tokens.
    error UnknownToken(address token);
    /// @notice The pool cannot pay that much of a token.
    error InsufficientLiquidity(uint256 amountOut, uint256 reserve);
    /// @notice The round does not exist in the market feed.
    error UnknownRound(uint80 roundId);
    /// @notice The market feed was set to revert (a scenario hook).
    error FeedReverting();
    /// @notice A value that must fit in a smaller type does not.
    error ValueTooLarge(uint256 value);
    /// @notice More EigenLayer stakers than the bound `max`.
    error TooManyStakers(uint256 count, uint256 max);
    /// @notice An EigenLayer staker that delegates to no operator.
    error StakerNotDelegated(address staker);
    /// @notice A withdrawal of `amount` is outside the protocol's per-request bounds [`minimum`, `maximum`].
    error WithdrawalOutsideLimits(uint256 amount, uint256 minimum, uint256 maximum);
    /// @notice The request would commit `expected` where only `available` is uncommitted (Kelp, Renzo).
    error ExceedAmountToWithdraw(uint256 expected, uint256 available);
    /// @notice Request `id` is not finalised (unlocked, processed) by the protocol's role yet.
    error NotFinalized(uint256 id);
    /// @notice Finalisation up to `id` is not possible: it is past the last request, or already done.
    error CannotFinalize(uint256 id);
    /// @notice A batch is finalised only when full (Puffer: `size` requests); batch `batch` is not.
    error BatchNotFull(uint256 batch, uint256 size);
    /// @notice A report or reprice came `elapsed` seconds after the last one; at least `minimum` must pass.
    error ReportTooSoon(uint256 elapsed, uint256 minimum);
    /// @notice A reprice moves the rate by `bps`, beyond the protocol's bound `maxBps` (Swell).
    error RepriceDifferenceTooLarge(uint256 bps, uint256 maxBps);
    /// @notice The protocol locked itself down after a downward reprice (Swell) until a role unpauses.
    error RepriceLockdown();
    /// @notice `account` is not on the protocol's whitelist.
    error NotWhitelisted(address account);
    /// @notice The stETH price feed was last updated at `updatedAt`, over a day ago (Renzo's getRate).
    error StaleStEthFeed(uint256 updatedAt);
    /// @notice The price bounds an operator passed do not hold the current price (Kelp's unlockQueue).
    error PriceOutOfBounds(uint256 price, uint256 minimum, uint256 maximum);
}
