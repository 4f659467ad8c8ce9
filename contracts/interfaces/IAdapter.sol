// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title IAdapter
/// @notice The narrow interface between the vault and one liquid restaking protocol.
/// @dev Adapters hold no policy: caps, tiers, slippage bounds and the reserve rule live in the vault.
/// Every state-changing function reverts unless called by the adapter's vault.
/// All amounts are in the vault's asset (WETH, 18 decimals) unless named otherwise; rates are ETH per
/// LRT token scaled by 1e18.
interface IAdapter {
    /// @notice The vault this adapter serves; the only allowed caller of state-changing functions.
    function vault() external view returns (address);

    /// @notice The vault's asset (WETH).
    function asset() external view returns (address);

    /// @notice The LRT token this adapter holds (weETH, ezETH, rsETH, pufETH, rswETH...).
    function lrt() external view returns (address);

    /// @notice Puts `assets` WETH to work. The vault transfers the WETH to the adapter before calling.
    /// @dev Unwraps and deposits through the protocol's own entry point. Reverts if the value gained
    /// (valued like `realAssets`) is below `minValueOut`.
    /// @return valueIn The value (in assets) the allocation added to `realAssets`.
    function allocate(uint256 assets, uint256 minValueOut) external returns (uint256 valueIn);

    /// @notice Instant exit: sells LRT worth `assets` of value (at the `realAssets` valuation) through
    /// the instant-exit venue and sends the WETH received to the vault.
    /// @dev Reverts if fewer than `minAssetsOut` WETH would be sent.
    /// @return assetsOut The WETH sent to the vault.
    function deallocate(uint256 assets, uint256 minAssetsOut) external returns (uint256 assetsOut);

    /// @notice Queued exit: requests withdrawal of LRT worth `assets` of value through the protocol's
    /// withdrawal queue. The request keeps counting in `realAssets` at its claimable value.
    /// @return requestId The adapter's own id for the request.
    function requestExit(uint256 assets) external returns (uint256 requestId);

    /// @notice Claims every finalised queued exit and sends the WETH to the vault.
    /// @return assetsOut The WETH sent to the vault (zero when nothing is claimable yet).
    function claimExits() external returns (uint256 assetsOut);

    /// @notice Value of everything the adapter holds, in assets: LRT balance at
    /// min(fair rate, market rate) plus pending exits at their claimable value.
    /// @dev Reverts (never silently falls back to the fair rate) when a set market feed is stale or broken.
    function realAssets() external view returns (uint256);

    /// @notice The protocol's published fair rate (ETH per LRT, 1e18).
    function fairRate() external view returns (uint256);

    /// @notice The market price (ETH per LRT, 1e18) from the market feed; equals `fairRate` when no
    /// feed is set. Reverts when a set feed is stale or broken.
    function marketRate() external view returns (uint256);

    /// @notice Value (in assets) of queued exits not yet claimed, at their claimable value.
    function pendingExits() external view returns (uint256);

    /// @notice The smallest and largest `assets` one `requestExit` accepts now, from the protocol's own rules
    /// (per-request minimum and maximum, the queue's uncommitted assets), capped by the position. A plan larger
    /// than `maxAssets` is split across requests (and cycles); `maxAssets` is zero when no request is possible.
    function exitRequestLimits() external view returns (uint256 minAssets, uint256 maxAssets);

    /// @notice WETH an instant exit of `assets` of value would return now (price impact and fees included).
    function previewDeallocate(uint256 assets) external view returns (uint256 assetsOut);
}
