// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {GateAdmin} from "./GateAdmin.sol";
import {GateLib} from "./GateLib.sol";

/// @title AttestationGate
/// @notice Lets an account through while it holds a valid, unexpired EIP-712 attestation signed by the KYC provider's
/// key the admin (curator) set. Anyone may submit an attestation (a relayer, the front end, or a router in the same
/// transaction as a deposit): the signature is the authority, not the submitter.
/// @dev Rules:
/// - An attestation is `Attestation(address account,uint64 issuedAt,uint64 expiresAt)` under this gate's EIP-712 domain
///   (name "LRT Vault Attestation Gate", version "1", this chain, this address), so it cannot be replayed on another
///   gate or chain. The provider key may be an EOA or an ERC-1271 contract.
/// - The stored record is one slot (signer, issuedAt, expiresAt). A submission must last longer than the account's
///   current record by the same provider, so an older attestation replayed by anyone cannot shorten a newer one.
/// - Revocation (admin or provider, at once, in batches) records the time: attestations issued then or earlier stop
///   counting, and a new one must be issued later (the provider re-checked the account).
/// - Changing the provider key (admin) voids every attestation of the previous key at once: the view compares the
///   record's signer with the current key.
contract AttestationGate is GateAdmin, EIP712 {
    /// @dev EIP-712 type hash of an attestation.
    bytes32 public constant ATTESTATION_TYPEHASH =
        keccak256("Attestation(address account,uint64 issuedAt,uint64 expiresAt)");

    struct Record {
        address signer;
        uint40 issuedAt;
        uint40 expiresAt;
    }

    /// @notice The KYC provider's signing key.
    address public provider;
    /// @dev The latest accepted attestation per account.
    mapping(address account => Record) internal _records;
    /// @notice When `account` was last revoked (zero: never): attestations issued at or before it do not count.
    mapping(address account => uint256) public revokedAt;

    /// @param admin_ The first admin (the curator).
    /// @param provider_ The KYC provider's signing key.
    constructor(address admin_, address provider_) GateAdmin(admin_) EIP712("LRT Vault Attestation Gate", "1") {
        _setProvider(provider_);
    }

    /// @notice Sets the provider key; attestations signed by the previous key stop counting at once. Admin only.
    /// @param provider_ The new key (not zero).
    function setProvider(address provider_) external onlyAdmin {
        _setProvider(provider_);
    }

    /// @notice Stores the provider's attestation for `account`. Anyone may submit it.
    /// @dev Reverts when the signature is not the provider's, the attestation is expired, issued in the future or at
    /// or before the account's revocation, or does not outlast the account's current record by this provider.
    /// @param account The attested account.
    /// @param issuedAt When the provider checked the account (unix seconds).
    /// @param expiresAt When the attestation stops counting (unix seconds).
    /// @param signature The provider's EIP-712 signature (65-byte ECDSA, or what its ERC-1271 contract accepts).
    function submitAttestation(address account, uint64 issuedAt, uint64 expiresAt, bytes calldata signature)
        external
    {
        if (account == address(0)) revert GateLib.ZeroAccount();
        if (expiresAt <= block.timestamp) revert GateLib.AttestationExpired(account, expiresAt);
        if (issuedAt > block.timestamp) revert GateLib.AttestationFromFuture(account, issuedAt);
        uint256 revoked = revokedAt[account];
        if (issuedAt <= revoked) revert GateLib.AttestationRevoked(account, issuedAt, revoked);
        address key = provider;
        if (!SignatureChecker.isValidSignatureNow(key, attestationDigest(account, issuedAt, expiresAt), signature)) {
            revert GateLib.InvalidAttestationSignature(account, key);
        }
        Record memory current = _records[account];
        if (current.signer == key && current.expiresAt >= expiresAt) {
            revert GateLib.AttestationNotNewer(account, expiresAt, current.expiresAt);
        }
        // issuedAt <= now fits 40 bits; an expiry past 2^40 s (year 36812) is stored as the largest one.
        uint256 expiry = expiresAt > type(uint40).max ? type(uint40).max : expiresAt;
        _records[account] = Record({signer: key, issuedAt: uint40(issuedAt), expiresAt: uint40(expiry)});
        emit GateLib.AttestationSubmitted(account, key, issuedAt, expiresAt, msg.sender);
    }

    /// @notice Revokes every attestation issued until now for each of `accounts`. Admin or provider; at most
    /// MAX_BATCH accounts.
    /// @param accounts The accounts to revoke.
    function revoke(address[] calldata accounts) external {
        if (msg.sender != admin && msg.sender != provider) revert GateLib.NotRevoker(msg.sender);
        uint256 n = accounts.length;
        _checkBatch(n);
        for (uint256 i; i < n; ++i) {
            revokedAt[accounts[i]] = block.timestamp;
            emit GateLib.AttestationRevokedFor(accounts[i], block.timestamp, msg.sender);
        }
    }

    /// @notice The EIP-712 digest the provider signs for an attestation.
    /// @param account The attested account.
    /// @param issuedAt When the provider checked the account.
    /// @param expiresAt When the attestation stops counting.
    function attestationDigest(address account, uint64 issuedAt, uint64 expiresAt) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(ATTESTATION_TYPEHASH, account, issuedAt, expiresAt)));
    }

    /// @notice The EIP-712 domain separator of this gate.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The stored attestation of `account`: who signed it, when it was issued and when it expires (zeros: none).
    /// @param account The account.
    function attestationOf(address account)
        external
        view
        returns (address signer, uint256 issuedAt, uint256 expiresAt)
    {
        Record memory r = _records[account];
        return (r.signer, r.issuedAt, r.expiresAt);
    }

    /// @dev Valid now: signed by the current key, unexpired, issued after the last revocation.
    function _allowed(address account) internal view override returns (bool) {
        Record memory r = _records[account];
        return r.signer == provider && r.signer != address(0) && block.timestamp < r.expiresAt
            && r.issuedAt > revokedAt[account];
    }

    function _setProvider(address provider_) internal {
        if (provider_ == address(0)) revert GateLib.ZeroAccount();
        provider = provider_;
        emit GateLib.ProviderSet(provider_);
    }
}
