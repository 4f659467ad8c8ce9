// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title AdapterEventsLib
/// @notice Events of the LRT adapters.
library AdapterEventsLib {
    /// @notice `assets` WETH deposited into the protocol for `lrtMinted` LRT worth `valueIn`.
    event Allocated(uint256 assets, uint256 lrtMinted, uint256 valueIn);
    /// @notice `lrtSold` LRT (worth `assets`) sold through the exit pool for `assetsOut` WETH sent to the vault.
    event Deallocated(uint256 assets, uint256 lrtSold, uint256 assetsOut);
    /// @notice Queued exit `requestId` opened: `lrtAmount` LRT handed to the protocol queue as request
    /// `protocolId`, worth `valueAtRequest`.
    event ExitRequested(uint256 indexed requestId, uint256 protocolId, uint256 lrtAmount, uint256 valueAtRequest);
    /// @notice Queued exit `requestId` (protocol request `protocolId`) claimed for `assetsOut` WETH.
    event ExitClaimed(uint256 indexed requestId, uint256 protocolId, uint256 assetsOut);
}
