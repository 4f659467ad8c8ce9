// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {AllowListGate, DenyListGate} from "../../contracts/gates/ListGate.sol";
import {AttestationGate} from "../../contracts/gates/AttestationGate.sol";
import {GateLib} from "../../contracts/gates/GateLib.sol";

/// @notice The three gates curators use, on their own: the allow-list, the sanctions deny-list and the attestation gate.
contract GateContractsTest is Test {
    address internal curator = makeAddr("curator");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal relayer = makeAddr("relayer");
    address internal attacker = makeAddr("attacker");
    uint256 internal providerKey = 0xA11CE;
    address internal provider;

    AllowListGate internal allow;
    DenyListGate internal deny;
    AttestationGate internal attest;

    function setUp() public {
        vm.warp(1_700_000_000);
        provider = vm.addr(providerKey);
        allow = new AllowListGate(curator);
        deny = new DenyListGate(curator);
        attest = new AttestationGate(curator, provider);
    }

    function _pair() internal view returns (address[] memory a) {
        a = new address[](2);
        a[0] = alice;
        a[1] = bob;
    }

    // ----- lists -----

    function test_gate_allowListLetsOnlyListedThroughInBatches() public {
        assertFalse(allow.canReceiveShares(alice));
        vm.expectEmit(address(allow));
        emit GateLib.ListUpdated(alice, true);
        vm.expectEmit(address(allow));
        emit GateLib.ListUpdated(bob, true);
        vm.prank(curator);
        allow.setListed(_pair(), true);
        assertTrue(allow.canReceiveShares(alice) && allow.canSendShares(bob));
        assertTrue(allow.canReceiveAssets(alice) && allow.canSendAssets(bob));
        assertEq(allow.listedCount(), 2);
        // Listing again changes nothing and emits nothing.
        vm.recordLogs();
        vm.prank(curator);
        allow.setListed(_pair(), true);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(allow.listedCount(), 2);
        address[] memory one = new address[](1);
        one[0] = bob;
        vm.prank(curator);
        allow.setListed(one, false);
        assertFalse(allow.isAllowed(bob));
        assertEq(allow.listedCount(), 1);
    }

    function test_gate_denyListLetsEveryoneButListedThrough() public {
        assertTrue(deny.canSendShares(alice));
        vm.prank(curator);
        deny.setListed(_pair(), true);
        assertFalse(deny.canSendShares(alice));
        assertFalse(deny.canReceiveAssets(bob));
        assertTrue(deny.canReceiveAssets(relayer));
    }

    function test_gate_listsRefuseStrangersZeroAndHugeBatches() public {
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(GateLib.NotGateAdmin.selector, attacker));
        allow.setListed(_pair(), true);
        address[] memory zero = new address[](1);
        vm.prank(curator);
        vm.expectRevert(GateLib.ZeroAccount.selector);
        allow.setListed(zero, true);
        address[] memory huge = new address[](GateLib.MAX_BATCH + 1);
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(GateLib.BatchTooLarge.selector, GateLib.MAX_BATCH + 1, GateLib.MAX_BATCH));
        allow.setListed(huge, true);
    }

    function test_gate_adminMovesInTwoSteps() public {
        vm.prank(curator);
        allow.transferAdmin(bob);
        assertEq(allow.admin(), curator, "not yet");
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(GateLib.NotPendingAdmin.selector, attacker));
        allow.acceptAdmin();
        vm.prank(bob);
        allow.acceptAdmin();
        assertEq(allow.admin(), bob);
        assertEq(allow.pendingAdmin(), address(0));
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(GateLib.NotGateAdmin.selector, curator));
        allow.setListed(_pair(), true);
    }

    // ----- attestations -----

    function _sign(uint256 key, address account, uint64 issuedAt, uint64 expiresAt)
        internal
        view
        returns (bytes memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, attest.attestationDigest(account, issuedAt, expiresAt));
        return abi.encodePacked(r, s, v);
    }

    function _submit(address account, uint64 issuedAt, uint64 expiresAt) internal {
        bytes memory sig = _sign(providerKey, account, issuedAt, expiresAt);
        vm.prank(relayer);
        attest.submitAttestation(account, issuedAt, expiresAt, sig);
    }

    function test_gate_attestationSubmittedByAnyoneAllowsUntilExpiry() public {
        uint64 now_ = uint64(block.timestamp);
        assertFalse(attest.canReceiveShares(alice));
        vm.expectEmit(address(attest));
        emit GateLib.AttestationSubmitted(alice, provider, now_, now_ + 30 days, relayer);
        _submit(alice, now_, now_ + 30 days);
        assertTrue(attest.canReceiveShares(alice) && attest.canReceiveAssets(alice));
        assertFalse(attest.canReceiveShares(bob), "only the attested account");
        (address signer, uint256 issuedAt, uint256 expiresAt) = attest.attestationOf(alice);
        assertEq(signer, provider);
        assertEq(issuedAt, now_);
        assertEq(expiresAt, now_ + 30 days);
        vm.warp(now_ + 30 days - 1);
        assertTrue(attest.isAllowed(alice));
        vm.warp(now_ + 30 days);
        assertFalse(attest.isAllowed(alice), "expired at expiresAt");
    }

    function test_gate_attestationRefusesWrongSignerExpiredAndFuture() public {
        uint64 now_ = uint64(block.timestamp);
        bytes memory forged = _sign(0xBAD, alice, now_, now_ + 1 days);
        vm.expectRevert(abi.encodeWithSelector(GateLib.InvalidAttestationSignature.selector, alice, provider));
        attest.submitAttestation(alice, now_, now_ + 1 days, forged);
        // A valid signature for bob does not attest alice.
        bytes memory bobs = _sign(providerKey, bob, now_, now_ + 1 days);
        vm.expectRevert(abi.encodeWithSelector(GateLib.InvalidAttestationSignature.selector, alice, provider));
        attest.submitAttestation(alice, now_, now_ + 1 days, bobs);
        bytes memory old = _sign(providerKey, alice, now_ - 2 days, now_);
        vm.expectRevert(abi.encodeWithSelector(GateLib.AttestationExpired.selector, alice, now_));
        attest.submitAttestation(alice, now_ - 2 days, now_, old);
        bytes memory future = _sign(providerKey, alice, now_ + 1, now_ + 2 days);
        vm.expectRevert(abi.encodeWithSelector(GateLib.AttestationFromFuture.selector, alice, now_ + 1));
        attest.submitAttestation(alice, now_ + 1, now_ + 2 days, future);
        assertFalse(attest.isAllowed(alice));
    }

    /// @dev Anyone can submit, so anyone could replay an older attestation: it must not shorten a newer one.
    function test_gate_olderAttestationCannotShortenANewerOne() public {
        uint64 now_ = uint64(block.timestamp);
        bytes memory shortSig = _sign(providerKey, alice, now_, now_ + 1 days);
        _submit(alice, now_, now_ + 60 days);
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(GateLib.AttestationNotNewer.selector, alice, now_ + 1 days, now_ + 60 days)
        );
        attest.submitAttestation(alice, now_, now_ + 1 days, shortSig);
        (,, uint256 expiresAt) = attest.attestationOf(alice);
        assertEq(expiresAt, now_ + 60 days);
    }

    function test_gate_revocationEndsAttestationsIssuedBeforeIt() public {
        uint64 now_ = uint64(block.timestamp);
        bytes memory laterSig = _sign(providerKey, alice, now_, now_ + 90 days);
        _submit(alice, now_, now_ + 30 days);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(GateLib.NotRevoker.selector, attacker));
        attest.revoke(_pair());
        vm.warp(now_ + 1 days);
        vm.expectEmit(address(attest));
        emit GateLib.AttestationRevokedFor(alice, now_ + 1 days, provider);
        vm.prank(provider);
        attest.revoke(_pair());
        assertFalse(attest.isAllowed(alice), "revoked at once");
        assertEq(attest.revokedAt(alice), now_ + 1 days);
        // A signature issued before the revocation cannot be (re)submitted.
        vm.expectRevert(abi.encodeWithSelector(GateLib.AttestationRevoked.selector, alice, now_, now_ + 1 days));
        attest.submitAttestation(alice, now_, now_ + 90 days, laterSig);
        // The provider checks alice again: a new attestation issued after the revocation counts.
        vm.warp(now_ + 2 days);
        _submit(alice, now_ + 2 days, now_ + 60 days);
        assertTrue(attest.isAllowed(alice));
        // The admin may revoke too.
        address[] memory one = new address[](1);
        one[0] = alice;
        vm.prank(curator);
        attest.revoke(one);
        assertFalse(attest.isAllowed(alice));
    }

    function test_gate_newProviderKeyVoidsThePreviousKeysAttestations() public {
        uint64 now_ = uint64(block.timestamp);
        _submit(alice, now_, now_ + 30 days);
        uint256 newKey = 0xC0FFEE;
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(GateLib.NotGateAdmin.selector, attacker));
        attest.setProvider(vm.addr(newKey));
        vm.prank(curator);
        attest.setProvider(vm.addr(newKey));
        assertFalse(attest.isAllowed(alice), "the old key's attestation stopped counting");
        bytes memory sig = _sign(newKey, alice, now_, now_ + 10 days);
        attest.submitAttestation(alice, now_, now_ + 10 days, sig);
        assertTrue(attest.isAllowed(alice), "a shorter attestation by the new key replaces the old key's");
    }

    function test_gate_attestationIsBoundToThisGate() public {
        uint64 now_ = uint64(block.timestamp);
        AttestationGate other = new AttestationGate(curator, provider);
        bytes memory sig = _sign(providerKey, alice, now_, now_ + 1 days);
        vm.expectRevert(abi.encodeWithSelector(GateLib.InvalidAttestationSignature.selector, alice, provider));
        other.submitAttestation(alice, now_, now_ + 1 days, sig);
        assertTrue(attest.domainSeparator() != other.domainSeparator());
    }
}
