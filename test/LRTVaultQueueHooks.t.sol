// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {ILRTVaultAdmin} from "../contracts/interfaces/ILRTVault.sol";
import {IVaultQueueHooks} from "../contracts/interfaces/IVaultQueueHooks.sol";
import {ErrorsLib} from "../contracts/libraries/ErrorsLib.sol";
import {EventsLib} from "../contracts/libraries/EventsLib.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";
import {MockQueue} from "./mocks/MockQueue.sol";

/// @notice The vault side of the redemption-queue interface (/work/VAULT_QUEUE_HOOKS.md), against a queue double.
contract LRTVaultQueueHooksTest is VaultTestBase {
    MockQueue internal queue;

    function setUp() public override {
        super.setUp();
        queue = new MockQueue(address(vault));
        vm.prank(admin);
        vault.setRedemptionQueue(address(queue));
        _deposit(alice, 60 ether);
        _deposit(bob, 40 ether);
    }

    // ----- setRedemptionQueue -----

    function test_queue_setIsAdminOnlyAndChecksTheQueuesVault() public {
        MockQueue other = new MockQueue(address(vault));
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, curator, bytes32(0)));
        vault.setRedemptionQueue(address(other));
        MockQueue foreign = new MockQueue(address(0xBEEF));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.QueueMismatch.selector, address(foreign)));
        vault.setRedemptionQueue(address(foreign));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.QueueMismatch.selector, alice));
        vault.setRedemptionQueue(alice);
        vm.expectEmit(address(vault));
        emit EventsLib.RedemptionQueueSet(address(other));
        vm.prank(admin);
        vault.setRedemptionQueue(address(other));
        assertEq(vault.redemptionQueue(), address(other));
    }

    function test_queue_cannotBeReplacedWhileItHoldsShares() public {
        queue.escrow(alice, 1e24);
        MockQueue other = new MockQueue(address(vault));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.QueueNotEmpty.selector, address(queue), 1e24));
        vault.setRedemptionQueue(address(other));
        queue.giveBack(alice, 1e24);
        vm.prank(admin);
        vault.setRedemptionQueue(address(other));
        assertEq(vault.redemptionQueue(), address(other));
    }

    // ----- escrowShares -----

    function test_queue_escrowMovesSharesWithoutAllowance() public {
        uint256 before = vault.balanceOf(alice);
        vm.expectEmit(address(vault));
        emit IERC20Transfer.Transfer(alice, address(queue), 5e24);
        queue.escrow(alice, 5e24);
        assertEq(vault.balanceOf(alice), before - 5e24);
        assertEq(vault.balanceOf(address(queue)), 5e24);
        assertEq(vault.allowance(alice, address(queue)), 0);
    }

    function test_queue_onlyTheQueueMayEscrowOrSettle() public {
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.OnlyQueue.selector, attacker));
        vault.escrowShares(alice, 1);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.OnlyQueue.selector, attacker));
        vault.settleRedemption(1, 0);
    }

    function test_queue_hooksRevertWhenNoQueueIsSet() public {
        queue.escrow(alice, 0);
        vm.prank(admin);
        vault.setRedemptionQueue(address(0));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.OnlyQueue.selector, address(queue)));
        queue.escrow(alice, 1);
    }

    // ----- settleRedemption -----

    function test_queue_settlePaysAndKeepsTheSurplusLockedWithoutAPriceJump() public {
        queue.escrow(alice, 10e24); // 10 ETH of value at request
        _gain(adapter, 0);
        _allocate(adapter, 50 ether);
        _gain(adapter, 5 ether);
        _report(); // +5 % locked, unlocking over 7 days
        vm.warp(block.timestamp + 7 days);
        uint256 price = _price();
        uint256 value = vault.convertToAssets(10e24);
        assertGt(value, 10 ether);
        uint256 queueWethBefore = weth.balanceOf(address(queue));
        uint256 surplus = queue.settle(10e24, 10 ether); // pays min(value at request, value now)
        assertEq(surplus, value - 10 ether);
        assertEq(weth.balanceOf(address(queue)) - queueWethBefore, 10 ether);
        assertEq(vault.balanceOf(address(queue)), 0);
        assertApproxEqAbs(_price(), price, 1, "no jump at settlement");
        assertApproxEqAbs(vault.lockedProfit(), surplus, 1);
        vm.warp(block.timestamp + 7 days);
        assertGt(_price(), price, "the surplus reaches those who stayed");
        assertEq(vault.lockedProfit(), 0);
    }

    function test_queue_settleRejectsPayingAboveValueOrIdleOrWhilePaused() public {
        queue.escrow(alice, 10e24);
        uint256 value = vault.convertToAssets(10e24);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.RedemptionAboveValue.selector, value + 1, value));
        queue.settle(10e24, value + 1);
        _allocate(adapter, 95 ether);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InsufficientIdle.selector, 6 ether, 5 ether));
        queue.settle(10e24, 6 ether);
        vm.prank(guardian);
        vault.pause();
        vm.expectRevert(ErrorsLib.VaultPaused.selector);
        queue.settle(10e24, 1 ether);
    }

    // ----- forceDeallocate -----

    function test_queue_forceDeallocateChargesTheLossToThePayerAlone() public {
        _fundReserve(5 ether);
        _allocate(adapter, 80 ether);
        adapter.setSlippage(0, 100); // the exit venue takes 1 %
        uint256 price = _price();
        uint256 reserve = vault.reserveShares();
        uint256 bobShares = vault.balanceOf(bob);
        uint256 aliceShares = vault.balanceOf(alice);
        uint256 expectedShares = _penaltyShares(0.1 ether);
        vm.expectEmit(address(vault));
        emit EventsLib.ForceDeallocate(alice, alice, address(adapter), 10 ether, 9.9 ether, 0.1 ether, expectedShares);
        vm.prank(alice);
        uint256 received = vault.forceDeallocate(address(adapter), 10 ether, alice);
        assertEq(received, 9.9 ether);
        assertEq(vault.idleAssets(), 105 ether - 80 ether + 9.9 ether);
        assertEq(vault.allocation(address(adapter)), 70 ether);
        assertEq(vault.balanceOf(alice), aliceShares - expectedShares);
        assertEq(vault.balanceOf(bob), bobShares);
        assertEq(vault.reserveShares(), reserve, "the reserve pays nothing");
        assertGe(_price(), price, "nobody else's price falls");
        assertApproxEqAbs(_price(), price, 1);
    }

    function test_queue_forceDeallocateBoundsThePenalty() public {
        _allocate(adapter, 80 ether);
        adapter.setSlippage(0, 201);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ExitPenaltyTooHigh.selector, 0.201 ether, 0.2 ether));
        vault.forceDeallocate(address(adapter), 10 ether, alice);
        adapter.setSlippage(0, 200);
        vm.prank(alice);
        vault.forceDeallocate(address(adapter), 10 ether, alice);
    }

    function test_queue_forceDeallocateNeedsThePayerOrTheQueue() public {
        _allocate(adapter, 80 ether);
        adapter.setSlippage(0, 100);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.PayerNotCaller.selector, alice, attacker));
        vault.forceDeallocate(address(adapter), 10 ether, alice);
        // The queue names a payer: itself, paying with escrowed shares.
        queue.escrow(alice, 20e24);
        queue.force(address(adapter), 10 ether, address(queue));
        assertLt(vault.balanceOf(address(queue)), 20e24);
        // A payer with too few shares: the OZ error.
        uint256 penalty = _penaltyShares(0.1 ether);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, attacker, 0, penalty));
        vault.forceDeallocate(address(adapter), 10 ether, attacker);
    }

    function test_queue_forceDeallocateWorksWithoutTheKeeperButNotWhilePaused() public {
        _allocate(adapter, 80 ether);
        vm.prank(admin);
        vault.setRole(keccak256("ALLOCATOR_ROLE"), allocator, false);
        vm.prank(alice);
        assertEq(vault.forceDeallocate(address(adapter), 10 ether, alice), 10 ether);
        vm.prank(guardian);
        vault.pause();
        vm.prank(alice);
        vm.expectRevert(ErrorsLib.VaultPaused.selector);
        vault.forceDeallocate(address(adapter), 10 ether, alice);
    }

    /// @dev A loss already visible at the adapter goes through the loss path first; the payer pays the exit only.
    function test_queue_forceDeallocateRecognisesAVisibleLossFirst() public {
        _allocate(adapter, 80 ether);
        _slash(adapter, 4 ether);
        uint256 aliceShares = vault.balanceOf(alice);
        vm.prank(alice);
        vault.forceDeallocate(address(adapter), 10 ether, alice);
        assertEq(vault.balanceOf(alice), aliceShares, "no penalty for a loss the exit did not make");
        assertEq(vault.allocation(address(adapter)), 66 ether);
        assertApproxEqAbs(vault.totalAssets(), 96 ether, 1);
    }

    function test_queue_maxExitPenaltyRaisingIsTimelocked() public {
        assertEq(vault.maxExitPenaltyBps(), 200);
        vm.prank(curator);
        vm.expectRevert(ErrorsLib.NotSubmitted.selector);
        vault.setMaxExitPenalty(300);
        _timelocked(abi.encodeCall(IVaultQueueHooks.setMaxExitPenalty, (300)));
        assertEq(vault.maxExitPenaltyBps(), 300);
        _curatorCall(abi.encodeCall(IVaultQueueHooks.setMaxExitPenalty, (150)));
        assertEq(vault.maxExitPenaltyBps(), 150);
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.BpsTooHigh.selector, 1_001, 1_000));
        vault.setMaxExitPenalty(1_001);
    }

    // ----- requestExit / claimExits liveness -----

    function test_queue_mayRequestExitsAndAnyoneMayClaim() public {
        _allocate(adapter, 50 ether);
        queue.requestExit(address(adapter), 10 ether);
        assertEq(adapter.pendingExits(), 10 ether);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, attacker, keccak256("ALLOCATOR_ROLE")));
        vault.requestExit(address(adapter), 1 ether);
        adapter.setExits(true, 0);
        vm.prank(attacker);
        assertEq(vault.claimExits(address(adapter)), 10 ether);
        assertEq(vault.idleAssets(), 60 ether);
    }

    // ----- recognizeLosses (M-2) -----

    function test_queue_recognizeLossesIsPermissionlessAndOnlyLowers() public {
        MockAdapter second = _newAdapter();
        _addAdapter(address(second), 0, type(uint256).max);
        _allocate(adapter, 40 ether);
        _allocate(second, 40 ether);
        _slash(adapter, 2 ether);
        _gain(second, 3 ether); // a gain is left for report()
        vm.prank(attacker);
        uint256 loss = vault.recognizeLosses();
        assertEq(loss, 2 ether);
        assertEq(vault.allocation(address(adapter)), 38 ether);
        assertEq(vault.allocation(address(second)), 40 ether);
        assertEq(vault.recognizeLosses(), 0, "idempotent");
    }

    function test_queue_recognizeLossesSkipsAnAdapterThatCannotBeValued() public {
        MockAdapter second = _newAdapter();
        _addAdapter(address(second), 0, type(uint256).max);
        _allocate(adapter, 40 ether);
        _allocate(second, 40 ether);
        _slash(adapter, 1 ether);
        second.setFault(MockAdapter.Fault.Revert, 0);
        assertEq(vault.recognizeLosses(), 1 ether);
        assertEq(vault.allocation(address(second)), 40 ether);
    }

    function test_queue_recognizeLossesTakesTheReserveFirst() public {
        _fundReserve(5 ether);
        _allocate(adapter, 80 ether);
        uint256 price = _price();
        _slash(adapter, 2 ether);
        vault.recognizeLosses();
        assertApproxEqAbs(vault.reserveAssets(), 3 ether, 2);
        assertApproxEqAbs(_price(), price, 1e6);
    }

    function _penaltyShares(uint256 loss) internal view returns (uint256) {
        uint256 d = vault.totalAssets() + 1;
        return (loss * (vault.totalSupply() + 1e6) + d - 1) / d;
    }
}

interface IERC20Transfer {
    event Transfer(address indexed from, address indexed to, uint256 value);
}
