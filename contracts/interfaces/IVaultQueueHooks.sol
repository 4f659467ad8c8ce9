// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title IVaultQueueHooks
/// @notice The narrow interface between the vault and its redemption queue (issue 11, /work/VAULT_QUEUE_HOOKS.md):
/// the only vault functions the queue calls beside ERC-4626 views and `requestExit` / `claimExits`.
/// @dev Amounts are WETH (18 decimals); basis points are out of 10_000.
interface IVaultQueueHooks {
    /// @notice The redemption queue allowed to call the hooks (zero: none).
    function redemptionQueue() external view returns (address);

    /// @notice Sets the redemption queue. Admin only; the queue's `vault()` must be this vault.
    function setRedemptionQueue(address queue) external;

    /// @notice Moves `shares` of `owner` to the queue without an allowance. Only the queue, which has already
    /// checked that the caller is `owner` or an operator of `owner`.
    function escrowShares(address owner, uint256 shares) external;

    /// @notice Burns `shares` from the queue and sends it `assets` WETH from idle; the value of the shares above
    /// `assets` stays with the holders (locked like profit, no fee). Only the queue; reverts while paused, when
    /// `assets` exceeds the shares' value or when idle is short.
    /// @return surplus Value of the shares minus `assets`.
    function settleRedemption(uint256 shares, uint256 assets) external returns (uint256 surplus);

    /// @notice Instant exit of `assets` of value from `adapter`; its realised loss is charged to `payer` alone by
    /// burning payer's shares worth the loss. `payer` must be the caller, unless the caller is the queue.
    /// Reverts when the loss exceeds `maxExitPenaltyBps` of `assets`.
    /// @return received WETH that reached idle.
    function forceDeallocate(address adapter, uint256 assets, address payer) external returns (uint256 received);

    /// @notice Largest penalty `forceDeallocate` may charge, in bps of the assets moved.
    function maxExitPenaltyBps() external view returns (uint16);

    /// @notice Sets the maximum exit penalty. Curator; raising is timelocked, lowering immediate.
    function setMaxExitPenalty(uint16 bps) external;

    /// @notice Values every adapter live and books each value below its record as a loss (never raises a value;
    /// an adapter whose valuation reverts is skipped). Anyone.
    /// @return loss The loss recognised.
    function recognizeLosses() external returns (uint256 loss);

    /// @notice Consumes the matured `submit` of `data` (a risk-raising queue setting's exact calldata) for the curator
    /// `caller`, with the vault's timelock rules. Only the queue.
    function acceptQueueChange(address caller, bytes calldata data) external;
}

/// @title IVaultAccess
/// @notice The vault's role and timelock reads the queue uses for its own settings.
interface IVaultAccess {
    /// @notice Whether `account` holds `role` in the vault.
    function hasRole(bytes32 role, address account) external view returns (bool);

    /// @notice The vault's curator role id.
    function CURATOR_ROLE() external view returns (bytes32);

    /// @notice The vault's guardian role id.
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice The vault's delay for risk-raising changes, in seconds.
    function timelock() external view returns (uint64);
}
