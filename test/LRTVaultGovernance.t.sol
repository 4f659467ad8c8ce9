// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin} from "../contracts/interfaces/ILRTVault.sol";
import {ErrorsLib} from "../contracts/libraries/ErrorsLib.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";

/// @notice Roles and the one timelock: risk-raising changes wait, risk-lowering changes are immediate.
contract LRTVaultGovernanceTest is VaultTestBase {
    uint64 internal constant DELAY = 3 days;

    function setUp() public override {
        super.setUp();
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTimelock, (DELAY))); // lengthening: immediate
        assertEq(vault.timelock(), DELAY);
    }

    function _submit(bytes memory data) internal {
        vm.prank(curator);
        vault.submit(data);
    }

    function _expectCuratorCallReverts(bytes memory data, bytes memory err) internal {
        vm.prank(curator);
        (bool ok, bytes memory ret) = address(vault).call(data);
        assertFalse(ok);
        assertEq(ret, err);
    }

    function test_riskRaisingChangeRequiresSubmitThenTheDelay() public {
        bytes memory data = abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (100));
        _expectCuratorCallReverts(data, abi.encodeWithSelector(ErrorsLib.NotSubmitted.selector));
        _submit(data);
        uint256 at = block.timestamp + DELAY;
        assertEq(vault.executableAt(data), at);
        vm.warp(at - 1);
        _expectCuratorCallReverts(data, abi.encodeWithSelector(ErrorsLib.TimelockNotExpired.selector, at));
        vm.warp(at);
        _curatorCall(data);
        assertEq(vault.maxSlippageBps(), 100);
    }

    function test_executedChangeConsumesItsEntry() public {
        bytes memory data = abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (100));
        _submit(data);
        vm.warp(block.timestamp + DELAY);
        _curatorCall(data);
        assertEq(vault.executableAt(data), 0);
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (50)));
        _expectCuratorCallReverts(data, abi.encodeWithSelector(ErrorsLib.NotSubmitted.selector));
    }

    function test_riskLoweringChangesAreImmediate() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (10)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setBufferFloor, (2_000)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 5_000, 800)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setAdapterCap, (address(adapter), 1 ether)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setDepositCap, (1_000 ether)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (50, 100)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setProfitUnlockPeriod, (14 days)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTimelock, (DELAY + 1)));
        assertEq(vault.maxSlippageBps(), 10);
        assertEq(vault.bufferFloorBps(), 2_000);
        assertEq(vault.tier(0).capBps, 5_000);
        assertEq(vault.tier(0).coverageBps, 800);
        assertEq(vault.adapterCap(address(adapter)), 1 ether);
        assertEq(vault.depositCap(), 1_000 ether);
        assertEq(vault.maxPriceChangePerReportBps(), 50);
        assertEq(vault.profitUnlockPeriod(), 14 days);
        assertEq(vault.timelock(), DELAY + 1);
    }

    function test_everyRiskRaisingSetterIsTimelocked() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setBufferFloor, (2_000)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setAdapterCap, (address(adapter), 1 ether)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setDepositCap, (1_000 ether)));
        bytes[] memory raising = new bytes[](9);
        raising[0] = abi.encodeCall(ILRTVaultAdmin.addAdapter, (address(_newAdapter()), 0, 1 ether));
        raising[1] = abi.encodeCall(ILRTVaultAdmin.setAdapterCap, (address(adapter), 1 ether + 1));
        raising[2] = abi.encodeCall(ILRTVaultAdmin.setTier, (1, 1, 0)); // a tier cap from 0 to 1 bps
        raising[3] = abi.encodeCall(ILRTVaultAdmin.setBufferFloor, (1_999));
        raising[4] = abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (51));
        raising[5] = abi.encodeCall(ILRTVaultAdmin.setFees, (0, 1));
        raising[6] = abi.encodeCall(ILRTVaultAdmin.setDepositCap, (1_000 ether + 1));
        raising[7] = abi.encodeCall(ILRTVaultAdmin.setProfitUnlockPeriod, (1 days));
        raising[8] = abi.encodeCall(ILRTVaultAdmin.setTimelock, (DELAY - 1));
        for (uint256 i; i < raising.length; ++i) {
            _expectCuratorCallReverts(raising[i], abi.encodeWithSelector(ErrorsLib.NotSubmitted.selector));
        }
        _expectCuratorCallReverts(
            abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (101, 300)), abi.encodeWithSelector(ErrorsLib.NotSubmitted.selector)
        );
        // Lowering a tier's coverage is raising risk.
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 500)));
        _expectCuratorCallReverts(
            abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 499)), abi.encodeWithSelector(ErrorsLib.NotSubmitted.selector)
        );
    }

    function test_guardianCanRevokeAPendingChange() public {
        bytes memory data = abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (1_000));
        _submit(data);
        vm.prank(guardian);
        vault.revoke(data);
        assertEq(vault.executableAt(data), 0);
        vm.warp(block.timestamp + DELAY);
        _expectCuratorCallReverts(data, abi.encodeWithSelector(ErrorsLib.NotSubmitted.selector));
    }

    function test_curatorCanRevokeAndOthersCannot() public {
        bytes memory data = abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (1_000));
        _submit(data);
        bytes32 curatorRole = vault.CURATOR_ROLE();
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, allocator, curatorRole));
        vault.revoke(data);
        vm.prank(curator);
        vault.revoke(data);
        assertEq(vault.executableAt(data), 0);
    }

    function test_submittingTheSameChangeTwiceReverts() public {
        bytes memory data = abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (1_000));
        _submit(data);
        vm.prank(curator);
        vm.expectRevert(ErrorsLib.AlreadyPending.selector);
        vault.submit(data);
    }

    function test_onlyCuratorExecutesEvenAfterTheDelay() public {
        bytes memory data = abi.encodeCall(ILRTVaultAdmin.setMaxSlippage, (1_000));
        _submit(data);
        vm.warp(block.timestamp + DELAY);
        bytes32 curatorRole = vault.CURATOR_ROLE();
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, attacker, curatorRole));
        vault.setMaxSlippage(1_000);
    }

    function test_addAdapterChecksVaultAssetAndBound() public {
        MockAdapter foreign = new MockAdapter(address(0xBEEF), address(weth));
        bytes memory data = abi.encodeCall(ILRTVaultAdmin.addAdapter, (address(foreign), 0, 1 ether));
        _submit(data);
        vm.warp(block.timestamp + DELAY);
        _expectCuratorCallReverts(data, abi.encodeWithSelector(ErrorsLib.AdapterMismatch.selector, address(foreign)));
        bytes memory notAContract = abi.encodeCall(ILRTVaultAdmin.addAdapter, (attacker, 0, 1 ether));
        _submit(notAContract);
        vm.warp(block.timestamp + DELAY);
        _expectCuratorCallReverts(notAContract, abi.encodeWithSelector(ErrorsLib.AdapterMismatch.selector, attacker));
        bytes memory again = abi.encodeCall(ILRTVaultAdmin.addAdapter, (address(adapter), 0, 1 ether));
        _submit(again);
        vm.warp(block.timestamp + DELAY);
        _expectCuratorCallReverts(
            again, abi.encodeWithSelector(ErrorsLib.AdapterAlreadyRegistered.selector, address(adapter))
        );
    }

    function test_adapterCountIsBoundedByMaxAdapters() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTimelock, (DELAY))); // unchanged
        for (uint256 i = 1; i < 16; ++i) {
            bytes memory d = abi.encodeCall(ILRTVaultAdmin.addAdapter, (address(_newAdapter()), 0, 1 ether));
            _submit(d);
            vm.warp(block.timestamp + DELAY);
            _curatorCall(d);
        }
        assertEq(vault.adapters().length, 16);
        bytes memory data = abi.encodeCall(ILRTVaultAdmin.addAdapter, (address(_newAdapter()), 0, 1 ether));
        _submit(data);
        vm.warp(block.timestamp + DELAY);
        _expectCuratorCallReverts(data, abi.encodeWithSelector(ErrorsLib.TooManyAdapters.selector));
    }

    function test_removeAdapterOnlyWhenNothingIsStranded() public {
        _deposit(alice, 10 ether);
        _allocate(adapter, 5 ether);
        _expectCuratorCallReverts(
            abi.encodeCall(ILRTVaultAdmin.removeAdapter, (address(adapter))),
            abi.encodeWithSelector(ErrorsLib.AdapterNotEmpty.selector, address(adapter), 5 ether, 5 ether)
        );
        _deallocate(adapter, 5 ether);
        adapter.setValue(1); // dust donated to the adapter still blocks removal
        _expectCuratorCallReverts(
            abi.encodeCall(ILRTVaultAdmin.removeAdapter, (address(adapter))),
            abi.encodeWithSelector(ErrorsLib.AdapterNotEmpty.selector, address(adapter), 0, 1)
        );
        adapter.setValue(0);
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.removeAdapter, (address(adapter))));
        assertEq(vault.adapters().length, 0);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.UnknownAdapter.selector, address(adapter)));
        vault.allocate(address(adapter), 1 ether, 0);
    }

    function test_feesAreBoundedToHalfOfProfit() public {
        _expectCuratorCallReverts(
            abi.encodeCall(ILRTVaultAdmin.setFees, (4_000, 1_001)),
            abi.encodeWithSelector(ErrorsLib.BpsTooHigh.selector, 5_001, 5_000)
        );
    }

    function test_guardianPausesAndGuardianOrAdminResumes() public {
        vm.prank(guardian);
        vault.pause();
        assertTrue(vault.paused());
        vm.prank(attacker);
        vm.expectRevert();
        vault.unpause();
        vm.prank(admin);
        vault.unpause();
        assertFalse(vault.paused());
        vm.prank(curator);
        vm.expectRevert();
        vault.pause();
    }

    function test_adminGrantsAndRevokesRoles() public {
        bytes32 role = vault.ALLOCATOR_ROLE();
        vm.prank(admin);
        vault.setRole(role, bob, true);
        assertTrue(vault.hasRole(role, bob));
        vm.prank(admin);
        vault.setRole(role, bob, false);
        assertFalse(vault.hasRole(role, bob));
    }
}
