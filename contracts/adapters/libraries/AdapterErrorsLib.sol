// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title AdapterErrorsLib
/// @notice Custom errors of the LRT adapters.
library AdapterErrorsLib {
    /// @notice Only the adapter's vault may call; `caller` is not it.
    error NotVault(address caller);
    /// @notice A constructor address named `what` is zero.
    error ZeroAddress(string what);
    /// @notice A zero amount where a positive one is needed.
    error ZeroAmount();
    /// @notice The protocol minted no LRT for the deposit.
    error NothingMinted();
    /// @notice The allocation added `valueIn`, below the vault's `minValueOut`.
    error ValueBelowMinimum(uint256 valueIn, uint256 minValueOut);
    /// @notice The instant exit returned `assetsOut` WETH, below the vault's `minAssetsOut`.
    error AssetsBelowMinimum(uint256 assetsOut, uint256 minAssetsOut);
    /// @notice `assets` of value asked for, but the LRT held is worth only `heldValue`.
    error ExceedsHoldings(uint256 assets, uint256 heldValue);
    /// @notice The adapter already has `max` open queued exits.
    error TooManyOpenExits(uint256 max);
    /// @notice The protocol's fair rate read as zero: a broken protocol, never valued as a total loss.
    error InvalidFairRate(uint256 rate);
    /// @notice The market feed's latest answer (written at `updatedAt`) is older than the max staleness.
    error StaleMarketFeed(address feed, uint256 updatedAt);
    /// @notice The market feed answered a non-positive price.
    error InvalidMarketPrice(address feed, int256 answer);
    /// @notice The market feed reverted.
    error MarketFeedReverted(address feed);
    /// @notice A market feed is set but its max staleness is zero.
    error ZeroMaxStaleness();
    /// @notice The market feed has more than 18 decimals.
    error UnsupportedFeedDecimals(address feed, uint8 decimals);
    /// @notice The exit pool does not trade this adapter's LRT against WETH.
    error PoolTokenMismatch(address pool);
    /// @notice ETH arrived from `sender`, which is not a contract that pays this adapter.
    error UnexpectedEther(address sender);
    /// @notice An NFT arrived from `sender`, which is not this adapter's withdrawal queue.
    error UnexpectedNft(address sender);
    /// @notice `realAssets` was read while the adapter was mid-operation.
    error ReentrantRead();
    /// @notice An amount does not fit the protocol's type.
    error AmountTooLarge(uint256 amount);
    /// @notice A queued exit of `assets` is outside what the protocol accepts in one request now.
    error ExitOutsideProtocolLimits(uint256 assets, uint256 minAssets, uint256 maxAssets);
    /// @notice The protocol lists `count` backing assets, more than the `max` a valuation reads.
    error TooManySupportedAssets(uint256 count, uint256 max);
}
