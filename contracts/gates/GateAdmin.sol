// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IGate, IReceiveSharesGate, ISendSharesGate, IReceiveAssetsGate, ISendAssetsGate} from "./IGates.sol";
import {GateLib} from "./GateLib.sol";

/// @title GateAdmin
/// @notice What every gate here shares: an admin (the curator's multisig or timelock) with a two-step transfer, and
/// the four direction views answered by one rule, `_allowed`.
/// @dev A gate holds no funds and is only read by the vault. Tightening (denying, revoking) applies at once; the vault
/// itself waits its timelock before a gate is set, replaced or removed.
abstract contract GateAdmin is IGate {
    /// @notice Who manages this gate.
    address public admin;
    /// @notice Who may accept the admin role (zero: no transfer under way).
    address public pendingAdmin;

    /// @param admin_ The first admin.
    constructor(address admin_) {
        if (admin_ == address(0)) revert GateLib.ZeroAccount();
        admin = admin_;
        emit GateLib.AdminTransferred(address(0), admin_);
    }

    modifier onlyAdmin() {
        if (msg.sender != admin) revert GateLib.NotGateAdmin(msg.sender);
        _;
    }

    /// @notice Starts moving the admin role to `next` (zero cancels); `next` must accept. Admin only.
    /// @param next The next admin.
    function transferAdmin(address next) external onlyAdmin {
        pendingAdmin = next;
        emit GateLib.AdminTransferStarted(msg.sender, next);
    }

    /// @notice Takes the admin role offered by `transferAdmin`. Pending admin only.
    function acceptAdmin() external {
        if (msg.sender != pendingAdmin || msg.sender == address(0)) revert GateLib.NotPendingAdmin(msg.sender);
        emit GateLib.AdminTransferred(admin, msg.sender);
        admin = msg.sender;
        pendingAdmin = address(0);
    }

    /// @inheritdoc IReceiveSharesGate
    function canReceiveShares(address account) external view returns (bool) {
        return _allowed(account);
    }

    /// @inheritdoc ISendSharesGate
    function canSendShares(address account) external view returns (bool) {
        return _allowed(account);
    }

    /// @inheritdoc IReceiveAssetsGate
    function canReceiveAssets(address account) external view returns (bool) {
        return _allowed(account);
    }

    /// @inheritdoc ISendAssetsGate
    function canSendAssets(address account) external view returns (bool) {
        return _allowed(account);
    }

    /// @notice Whether this gate lets `account` through (the same answer in every direction).
    /// @param account The account.
    function isAllowed(address account) external view returns (bool) {
        return _allowed(account);
    }

    function _allowed(address account) internal view virtual returns (bool);

    function _checkBatch(uint256 length) internal pure {
        if (length > GateLib.MAX_BATCH) revert GateLib.BatchTooLarge(length, GateLib.MAX_BATCH);
    }
}
