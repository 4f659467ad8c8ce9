// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title Gate interfaces
/// @notice One narrow view per direction in which shares or assets move to or from an account. The vault (and its
/// redemption queue) asks the gate set for a direction on every depositor path; a gate answers for one account and
/// holds no funds. A gate that reverts, returns anything but `true`, or runs past the vault's gas cap denies.
/// @dev The shape follows Morpho Vault V2's four gates (receive shares, send shares, receive assets, send assets).

/// @notice Asked for the receiver of a deposit or mint and for the receiver of a share transfer.
interface IReceiveSharesGate {
    /// @notice Whether `account` may receive vault shares.
    /// @param account The account that would receive shares.
    function canReceiveShares(address account) external view returns (bool);
}

/// @notice Asked for the sender of a share transfer, the owner of a withdrawal or redemption and the owner of a
/// redemption-queue request (the freeze direction: a holder it denies cannot move or exit shares).
interface ISendSharesGate {
    /// @notice Whether `account` may send or redeem vault shares.
    /// @param account The account whose shares would move.
    function canSendShares(address account) external view returns (bool);
}

/// @notice Asked for the receiver of a withdrawal, a redemption, a queue claim and an instant exit.
interface IReceiveAssetsGate {
    /// @notice Whether `account` may receive the vault's asset.
    /// @param account The account that would receive WETH or ETH.
    function canReceiveAssets(address account) external view returns (bool);
}

/// @notice Asked for the caller who pays a deposit, a mint or a reserve funding.
interface ISendAssetsGate {
    /// @notice Whether `account` may pay the vault's asset in.
    /// @param account The account whose WETH or ETH would enter the vault.
    function canSendAssets(address account) external view returns (bool);
}

/// @notice A gate that answers all four directions with one rule (the allow-list, deny-list and attestation gates).
interface IGate is IReceiveSharesGate, ISendSharesGate, IReceiveAssetsGate, ISendAssetsGate {}

/// @title IVaultGatesAdmin
/// @notice The part of the vault's gate surface its admin module serves: which gate guards each direction, the
/// timelocked setter and abdication.
/// @dev Kinds (GateLib): 0 receive shares, 1 send shares, 2 receive assets, 3 send assets.
interface IVaultGatesAdmin {
    /// @notice Sets the gate of direction `kind` (zero: none). Curator, timelocked (submit first) for any change:
    /// a new gate can deny holders, a removed one loosens the curator's policy. Reverts once `kind` is abdicated.
    /// @param kind The direction (GateLib.RECEIVE_SHARES .. GateLib.SEND_ASSETS).
    /// @param gate A contract implementing the direction's view, or zero.
    function setGate(uint8 kind, address gate) external;

    /// @notice Removes the gate of direction `kind` for good: it becomes zero and can never be set again, so an open
    /// vault can prove it stays open in that direction. Curator, timelocked.
    /// @param kind The direction.
    function abdicate(uint8 kind) external;

    /// @notice The four gates in kind order (zero: none) and the abdicated directions as a bit mask (bit `kind`).
    /// Whether a gate lets an account through: GateLib.allowedBy, or VaultLens.access for all four directions.
    function gates() external view returns (address[4] memory gateOf, uint8 abdicatedMask);
}

/// @title IVaultGates
/// @notice The vault's whole gate surface at its address: the admin module's part and the one view the vault serves
/// itself, so a caller (the queue's claim, the tranche) pays one cheap read when no gate is set.
interface IVaultGates is IVaultGatesAdmin {
    /// @notice Directions that have a gate, as a bit mask (bit `kind`); zero: an open vault.
    function gatedDirections() external view returns (uint8);
}
