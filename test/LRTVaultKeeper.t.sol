// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin, ILRTVaultCore} from "../contracts/interfaces/ILRTVault.sol";
import {ErrorsLib} from "../contracts/libraries/ErrorsLib.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";

/// @notice Keeper rules: measured moves, slippage bound, caps, buffer floor, reserve rule, nonce, hostile keeper.
contract LRTVaultKeeperTest is VaultTestBase {
    MockAdapter internal second;

    function setUp() public override {
        super.setUp();
        _deposit(alice, 100 ether);
        second = _newAdapter();
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setTier, (1, 10_000, 0)));
        _addAdapter(address(second), 1, type(uint256).max);
    }

    // ----- measured moves -----

    function test_allocateRecordsValueActuallyAdded() public {
        adapter.setSlippage(30, 0); // 0.3 % entry cost, under the 0.5 % bound
        uint256 valueIn = _allocate(adapter, 10 ether);
        assertEq(valueIn, 9.97 ether);
        assertEq(vault.allocation(address(adapter)), 9.97 ether);
        assertEq(vault.idleAssets(), 90 ether);
        assertEq(weth.balanceOf(address(adapter)), 10 ether);
    }

    function test_allocationSlippageIsARealisedLossThroughTheReserveFirst() public {
        _fundReserve(1 ether);
        uint256 priceBefore = _price();
        adapter.setSlippage(30, 0);
        _allocate(adapter, 10 ether);
        // 0.03 ETH lost in the move: paid by the reserve, holders keep their price.
        assertApproxEqAbs(vault.reserveAssets(), 0.97 ether, 1);
        assertGe(_price(), priceBefore);
        assertApproxEqAbs(_price(), priceBefore, 1);
    }

    function test_allocateBeyondMaxSlippageReverts() public {
        adapter.setSlippage(51, 0);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SlippageTooHigh.selector, 0.051 ether, 0.05 ether));
        vault.allocate(address(adapter), 10 ether, 0);
    }

    function test_allocateBelowCallersMinValueOutReverts() public {
        adapter.setSlippage(10, 0);
        vm.prank(allocator);
        vm.expectRevert(); // the adapter's own check fires first; the vault re-checks what it measured
        vault.allocate(address(adapter), 10 ether, 10 ether);
    }

    function test_lyingAdapterCannotInflateRecordedValue() public {
        adapter.setClaimBonus(1_000); // claims 10 % more than it added
        uint256 valueIn = _allocate(adapter, 10 ether);
        assertEq(valueIn, 10 ether);
        assertEq(vault.allocation(address(adapter)), 10 ether);
        assertEq(vault.totalAssets(), 100 ether);
    }

    function test_unreportedGainsStayUnreportedUntilReport() public {
        _allocate(adapter, 10 ether);
        _gain(adapter, 1 ether);
        _allocate(adapter, 5 ether);
        assertEq(vault.allocation(address(adapter)), 15 ether);
        assertEq(vault.totalAssets(), 100 ether);
    }

    function test_deallocateRecordsWethActuallyReceivedAndRecognisesLoss() public {
        _allocate(adapter, 10 ether);
        adapter.setSlippage(0, 40);
        uint256 received = _deallocate(adapter, 5 ether);
        assertEq(received, 4.98 ether);
        assertEq(vault.allocation(address(adapter)), 5 ether);
        assertEq(vault.idleAssets(), 94.98 ether);
        assertApproxEqAbs(vault.totalAssets(), 99.98 ether, 1);
    }

    function test_deallocateBeyondMaxSlippageReverts() public {
        _allocate(adapter, 10 ether);
        adapter.setSlippage(0, 60);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SlippageTooHigh.selector, 0.03 ether, 0.025 ether));
        vault.deallocate(address(adapter), 5 ether, 0);
    }

    function test_deallocateBelowCallersMinAssetsOutReverts() public {
        _allocate(adapter, 10 ether);
        adapter.setSlippage(0, 10);
        vm.prank(allocator);
        vm.expectRevert();
        vault.deallocate(address(adapter), 5 ether, 5 ether);
    }

    function test_deallocatingUnreportedGainLocksItAsProfit() public {
        _allocate(adapter, 10 ether);
        _gain(adapter, 1 ether);
        _deallocate(adapter, 11 ether);
        assertEq(vault.allocation(address(adapter)), 0);
        assertEq(vault.idleAssets(), 101 ether);
        assertEq(vault.lockedProfit(), 1 ether);
        assertEq(vault.totalAssets(), 100 ether);
    }

    function test_queuedExitKeepsValueUntilClaimed() public {
        _allocate(adapter, 10 ether);
        vm.prank(allocator);
        vault.requestExit(address(adapter), 4 ether);
        assertEq(vault.allocation(address(adapter)), 10 ether);
        assertEq(adapter.pendingExits(), 4 ether);
        vm.prank(allocator);
        assertEq(vault.claimExits(address(adapter)), 0); // not finalised yet
        adapter.setExits(true, 0);
        vm.prank(allocator);
        assertEq(vault.claimExits(address(adapter)), 4 ether);
        assertEq(vault.allocation(address(adapter)), 6 ether);
        assertEq(vault.idleAssets(), 94 ether);
        assertEq(vault.totalAssets(), 100 ether);
    }

    function test_claimHaircutIsRecognisedAsLossAndNeverReverts() public {
        _allocate(adapter, 10 ether);
        vm.prank(allocator);
        vault.requestExit(address(adapter), 4 ether);
        adapter.setExits(true, 5_000); // a slash between request and claim: half is lost, far past the bound
        vm.prank(allocator);
        assertEq(vault.claimExits(address(adapter)), 2 ether);
        assertEq(vault.totalAssets(), 98 ether);
    }

    // ----- caps, buffer floor, reserve rule -----

    function test_adapterCapIsEnforcedOnAllocation() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setAdapterCap, (address(adapter), 20 ether)));
        _allocate(adapter, 20 ether);
        vm.prank(allocator);
        vm.expectRevert(
            abi.encodeWithSelector(ErrorsLib.AdapterCapExceeded.selector, address(adapter), 21 ether, 20 ether)
        );
        vault.allocate(address(adapter), 1 ether, 0);
    }

    function test_tierCapIsEnforcedAsShareOfTotalAssets() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 3_000, 0)));
        _allocate(adapter, 30 ether);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.TierCapExceeded.selector, 0, 31 ether, 30 ether));
        vault.allocate(address(adapter), 1 ether, 0);
    }

    function test_bufferFloorIsEnforcedOnAllocation() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setBufferFloor, (1_000)));
        _allocate(adapter, 90 ether);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.BufferBelowFloor.selector, 9 ether, 10 ether));
        vault.allocate(address(adapter), 1 ether, 0);
    }

    function test_deallocationIsAllowedAboveCapsAndBelowFloor() public {
        _allocate(adapter, 90 ether);
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setAdapterCap, (address(adapter), 1 ether)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 100, 0)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setBufferFloor, (9_999)));
        _deallocate(adapter, 10 ether);
        assertEq(vault.allocation(address(adapter)), 80 ether);
    }

    function test_reserveRule_moveThatRaisesRequirementBeyondReserveReverts() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 1_000)));
        _fundReserve(1 ether);
        _allocate(adapter, 10 ether); // requires 1 ETH: exactly covered
        assertEq(vault.requiredReserve(), 1 ether);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ReserveRuleBroken.selector, 1 ether, 1.1 ether));
        vault.allocate(address(adapter), 1 ether, 0);
    }

    function test_reserveRule_moveThatLowersRequirementIsAllowedWhileBelow() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 1_000)));
        _fundReserve(1 ether);
        _allocate(adapter, 10 ether);
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 2_000))); // now 2 ETH required, 1 held
        _deallocate(adapter, 2 ether);
        assertEq(vault.requiredReserve(), 1.6 ether);
        assertLt(vault.reserveAssets(), vault.requiredReserve());
    }

    function test_reserveRule_moveIntoUncoveredTierIsAllowed() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 1_000)));
        _allocate(second, 10 ether); // tier 1 has zero coverage
        assertEq(vault.requiredReserve(), 0);
    }

    // ----- nonce and plans -----

    function test_rebalanceAppliesMovesInOrderAndIncrementsNonce() public {
        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](3);
        moves[0] = ILRTVaultCore.Move(address(adapter), true, 30 ether, 0);
        moves[1] = ILRTVaultCore.Move(address(second), true, 20 ether, 0);
        moves[2] = ILRTVaultCore.Move(address(adapter), false, 10 ether, 10 ether);
        uint256 nonce = vault.rebalanceNonce();
        vm.prank(allocator);
        vault.rebalance(moves, nonce);
        assertEq(vault.rebalanceNonce(), nonce + 1);
        assertEq(vault.allocation(address(adapter)), 20 ether);
        assertEq(vault.allocation(address(second)), 20 ether);
        assertEq(vault.idleAssets(), 60 ether);
    }

    function test_rebalanceWithStaleNonceRevertsWithNonceMismatch() public {
        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](1);
        moves[0] = ILRTVaultCore.Move(address(adapter), true, 1 ether, 0);
        _allocate(second, 1 ether); // another keeper acted: nonce is now 1
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NonceMismatch.selector, 0, 1));
        vault.rebalance(moves, 0);
    }

    function test_replayedPlanRevertsHarmlessly() public {
        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](1);
        moves[0] = ILRTVaultCore.Move(address(adapter), true, 1 ether, 0);
        vm.prank(allocator);
        vault.rebalance(moves, 0);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NonceMismatch.selector, 0, 1));
        vault.rebalance(moves, 0);
        assertEq(vault.allocation(address(adapter)), 1 ether);
    }

    /// @dev Allocation-changing keeper moves increment the nonce; a claim (anyone's) does not (review 2, N-1).
    function test_everyKeeperMoveIncrementsNonce() public {
        _allocate(adapter, 2 ether);
        _deallocate(adapter, 1 ether);
        vm.startPrank(allocator);
        vault.requestExit(address(adapter), 1 ether);
        vault.claimExits(address(adapter));
        vm.stopPrank();
        assertEq(vault.rebalanceNonce(), 3);
    }

    function test_planWithTooManyMovesReverts() public {
        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](33);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.TooManyMoves.selector, 33));
        vault.rebalance(moves, 0);
    }

    // ----- hostile keeper -----

    function test_hostileKeeperCannotSendFundsToUnregisteredAddress() public {
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.UnknownAdapter.selector, attacker));
        vault.allocate(attacker, 1 ether, 0);
        // An adapter that serves this vault but was never registered is refused too.
        MockAdapter rogue = _newAdapter();
        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](1);
        moves[0] = ILRTVaultCore.Move(address(rogue), true, 1 ether, 0);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.UnknownAdapter.selector, address(rogue)));
        vault.rebalance(moves, 0);
        assertEq(weth.balanceOf(address(vault)), 100 ether);
    }

    function test_hostileKeeperCannotTakeUsersShares() public {
        vm.prank(allocator);
        vm.expectRevert();
        vault.redeem(1, allocator, alice);
        vm.prank(allocator);
        vm.expectRevert();
        vault.transferFrom(alice, allocator, 1);
    }

    function test_hostileKeeperCannotChangeSettingsOrRoles() public {
        bytes32 curatorRole = vault.CURATOR_ROLE();
        bytes32 adminRole = vault.DEFAULT_ADMIN_ROLE();
        vm.startPrank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, allocator, curatorRole));
        vault.setMaxSlippage(10_000);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, allocator, curatorRole));
        vault.submit(abi.encodeCall(ILRTVaultAdmin.addAdapter, (attacker, 0, 1)));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, allocator, adminRole));
        vault.setRole(curatorRole, allocator, true);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, allocator, adminRole));
        vault.setFeeRecipient(allocator);
        vm.stopPrank();
    }

    function test_hostileKeeperCannotExceedCapsOrSlippageInAPlan() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setAdapterCap, (address(adapter), 5 ether)));
        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](1);
        moves[0] = ILRTVaultCore.Move(address(adapter), true, 6 ether, 0);
        vm.prank(allocator);
        vm.expectRevert(
            abi.encodeWithSelector(ErrorsLib.AdapterCapExceeded.selector, address(adapter), 6 ether, 5 ether)
        );
        vault.rebalance(moves, 0);
        second.setSlippage(100, 0);
        moves[0] = ILRTVaultCore.Move(address(second), true, 10 ether, 0);
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SlippageTooHigh.selector, 0.1 ether, 0.05 ether));
        vault.rebalance(moves, 0);
    }

    function test_hostileKeeperChurnLosesAtMostTheSlippageBoundPerMoveAndTheReserveGoesFirst() public {
        _fundReserve(2 ether);
        adapter.setSlippage(49, 49);
        uint256 priceBefore = _price();
        uint256 totalBefore = vault.totalAssets();
        for (uint256 i; i < 5; ++i) {
            _allocate(adapter, 10 ether);
            _deallocate(adapter, vault.allocation(address(adapter)));
        }
        // Ten moves of at most 10 ETH each, each bounded at 0.5 %.
        assertLe(totalBefore - vault.totalAssets(), 10 * 0.05 ether);
        assertGe(_price(), priceBefore);
        assertLt(vault.reserveAssets(), 2 ether);
    }

    function test_onlyAllocatorMovesAndReports() public {
        bytes32 role = vault.ALLOCATOR_ROLE();
        vm.startPrank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, attacker, role));
        vault.report();
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, attacker, role));
        vault.allocate(address(adapter), 1, 0);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, attacker, role));
        vault.deallocate(address(adapter), 1, 0);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, attacker, role));
        vault.requestExit(address(adapter), 1);
        // Claiming only brings finalised WETH home: anyone may (liveness without the keeper).
        vault.claimExits(address(adapter));
        vm.stopPrank();
    }

    function test_allocationIsBlockedWhilePausedButExitsAreNot() public {
        _allocate(adapter, 10 ether);
        vm.prank(guardian);
        vault.pause();
        vm.prank(allocator);
        vm.expectRevert(ErrorsLib.VaultPaused.selector);
        vault.allocate(address(adapter), 1 ether, 0);
        _deallocate(adapter, 10 ether);
        assertEq(vault.idleAssets(), 100 ether);
    }
}
