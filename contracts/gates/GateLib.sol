// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IReceiveSharesGate, ISendSharesGate, IReceiveAssetsGate, ISendAssetsGate, IVaultGates} from "./IGates.sol";

/// @title GateLib
/// @notice Gate kinds, the bounded gate call, and the errors and events of the gates and of the vault's gate surface.
library GateLib {
    /// @dev Directions, also the bit of each in the vault's `Head.gates` mask and in the abdicated mask.
    uint8 internal constant RECEIVE_SHARES = 0;
    uint8 internal constant SEND_SHARES = 1;
    uint8 internal constant RECEIVE_ASSETS = 2;
    uint8 internal constant SEND_ASSETS = 3;
    uint8 internal constant KINDS = 4;
    /// @dev A kind with no bit in any mask: the vault passes it for a side that is not asked (the queue's own side of
    /// an escrow or a cancel).
    uint8 internal constant NONE = 8;

    /// @dev Gas a gate call may use. The three gates here need at most three cold reads (~7k gas); a gate that burns
    /// more is cut off and denies, so it cannot burn the caller's whole transaction.
    uint256 internal constant GATE_GAS = 50_000;

    /// @dev The four views' selectors, 32 bits each, indexed by kind.
    uint256 internal constant SELECTORS = uint256(uint32(IReceiveSharesGate.canReceiveShares.selector))
        | (uint256(uint32(ISendSharesGate.canSendShares.selector)) << 32)
        | (uint256(uint32(IReceiveAssetsGate.canReceiveAssets.selector)) << 64)
        | (uint256(uint32(ISendAssetsGate.canSendAssets.selector)) << 96);

    /// @notice Largest batch one list update or revocation takes (bounds the loop; split bigger lists).
    uint256 internal constant MAX_BATCH = 256;

    // ----- Vault -----
    /// @notice The gate of direction `kind` denies `account` (or failed to answer, which denies).
    error GateDenied(uint8 kind, address account);
    /// @notice `kind` is not a gate direction (0..3).
    error InvalidGateKind(uint256 kind);
    /// @notice Direction `kind` was abdicated: its gate stays zero for good.
    error GateAbdicated(uint8 kind);
    /// @notice A gate must be a contract (or zero to remove it).
    error GateNotContract(address gate);

    /// @notice The gate of direction `kind` changed (zero: removed).
    event GateSet(uint8 indexed kind, address indexed gate);
    /// @notice Direction `kind` was abdicated: no gate can ever be set on it again.
    event GateAbdicatedForGood(uint8 indexed kind);

    // ----- Gate contracts -----
    /// @notice Only the gate's admin.
    error NotGateAdmin(address caller);
    /// @notice Only the pending admin may accept the role.
    error NotPendingAdmin(address caller);
    /// @notice A batch larger than MAX_BATCH.
    error BatchTooLarge(uint256 length, uint256 max);
    /// @notice The zero address where an account or key is required.
    error ZeroAccount();
    /// @notice Only the attestation gate's admin or its provider key may revoke.
    error NotRevoker(address caller);
    /// @notice The attestation's signature is not the provider's.
    error InvalidAttestationSignature(address account, address provider);
    /// @notice The attestation expired (or expires now) at `expiresAt`.
    error AttestationExpired(address account, uint256 expiresAt);
    /// @notice The attestation says it was issued at `issuedAt`, after the current block.
    error AttestationFromFuture(address account, uint256 issuedAt);
    /// @notice The account was revoked at `revokedAt`; an attestation issued then or earlier does not count.
    error AttestationRevoked(address account, uint256 issuedAt, uint256 revokedAt);
    /// @notice The account already holds an attestation from this provider that lasts at least as long.
    error AttestationNotNewer(address account, uint256 expiresAt, uint256 currentExpiresAt);

    /// @notice `account` was added to (`listed` true) or removed from the list.
    event ListUpdated(address indexed account, bool listed);
    /// @notice The admin role moves to `pendingAdmin` once it accepts.
    event AdminTransferStarted(address indexed admin, address indexed pendingAdmin);
    /// @notice The admin role changed.
    event AdminTransferred(address indexed previousAdmin, address indexed admin);
    /// @notice The KYC provider's signing key changed; attestations by the previous key stop counting.
    event ProviderSet(address indexed provider);
    /// @notice An attestation was stored for `account`, submitted by `submitter`.
    event AttestationSubmitted(
        address indexed account, address indexed provider, uint256 issuedAt, uint256 expiresAt, address submitter
    );
    /// @notice `account`'s attestations issued at or before `revokedAt` no longer count.
    event AttestationRevokedFor(address indexed account, uint256 revokedAt, address indexed revoker);

    /// @dev Asks `gate` whether direction `kind` lets `account` through, with at most GATE_GAS and without copying more
    /// than one word back: only a successful call returning exactly the word 1 allows. A revert, a short return,
    /// any other value, or running out of gas denies. Never reverts itself.
    function allows(address gate, uint256 kind, address account) internal view returns (bool allowed) {
        uint256 selector = (SELECTORS >> (kind * 32)) & 0xffffffff;
        uint256 gasCap = GATE_GAS;
        assembly ("memory-safe") {
            mstore(0, shl(224, selector))
            mstore(4, account)
            let ok := staticcall(gasCap, gate, 0, 36, 0, 32)
            allowed := and(ok, and(gt(returndatasize(), 31), eq(mload(0), 1)))
        }
    }

    /// @dev Whether `vault`'s gate of direction `kind` lets `account` through: true when the direction has no gate (one
    /// read of the vault's mask), else the gate's bounded answer. What the queue, the tranche and the lens ask.
    function allowedBy(address vault, uint8 kind, address account) internal view returns (bool) {
        if ((IVaultGates(vault).gatedDirections() >> kind) & 1 == 0) return true;
        (address[4] memory gate,) = IVaultGates(vault).gates();
        return allows(gate[kind], kind, account);
    }

    /// @dev `allowedBy`, or GateDenied.
    function check(address vault, uint8 kind, address account) internal view {
        if (!allowedBy(vault, kind, account)) revert GateDenied(kind, account);
    }
}
