// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {GateAdmin} from "./GateAdmin.sol";
import {GateLib} from "./GateLib.sol";

/// @title ListGate
/// @notice An admin-managed set of accounts with batch updates and one event per change. The allow-list lets only
/// listed accounts through; the deny-list (sanctions) lets everyone but listed accounts through.
abstract contract ListGate is GateAdmin {
    /// @notice Whether `account` is on the list.
    mapping(address account => bool) public listed;
    /// @notice How many accounts are on the list.
    uint256 public listedCount;

    /// @param admin_ The first admin.
    constructor(address admin_) GateAdmin(admin_) {}

    /// @notice Puts every account of `accounts` on the list (`onList` true) or takes it off, at once. An account
    /// already in the wanted state is skipped (no event). Admin only; at most MAX_BATCH accounts.
    /// @param accounts The accounts (none zero).
    /// @param onList Whether they are on the list afterwards.
    function setListed(address[] calldata accounts, bool onList) external onlyAdmin {
        uint256 n = accounts.length;
        _checkBatch(n);
        uint256 count = listedCount;
        for (uint256 i; i < n; ++i) {
            address account = accounts[i];
            if (account == address(0)) revert GateLib.ZeroAccount();
            if (listed[account] == onList) continue;
            listed[account] = onList;
            if (onList) ++count;
            else --count;
            emit GateLib.ListUpdated(account, onList);
        }
        listedCount = count;
    }
}

/// @title AllowListGate
/// @notice Lets through only accounts the admin listed (a curator's own KYC register).
contract AllowListGate is ListGate {
    /// @param admin_ The first admin.
    constructor(address admin_) ListGate(admin_) {}

    function _allowed(address account) internal view override returns (bool) {
        return listed[account];
    }
}

/// @title DenyListGate
/// @notice Lets through every account the admin has not listed: a sanctions list. Set it as the send-shares gate to
/// freeze a sanctioned holder's shares (sanctions law blocks the property itself), and on the receive directions to
/// keep sanctioned accounts from receiving.
contract DenyListGate is ListGate {
    /// @param admin_ The first admin.
    constructor(address admin_) ListGate(admin_) {}

    function _allowed(address account) internal view override returns (bool) {
        return !listed[account];
    }
}
