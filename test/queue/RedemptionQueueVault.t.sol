// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {RedemptionQueue} from "../../contracts/RedemptionQueue.sol";
import {IRedemptionQueue} from "../../contracts/interfaces/IRedemptionQueue.sol";
import {ILRTVaultAdmin} from "../../contracts/interfaces/ILRTVault.sol";
import {IVaultQueueHooks} from "../../contracts/interfaces/IVaultQueueHooks.sol";
import {QueueErrorsLib} from "../../contracts/libraries/QueueErrorsLib.sol";
import {VaultTestBase} from "../VaultTestBase.sol";

/// @notice The queue against the real vault and its hooks: 100 ETH (alice 60, bob 30, carol 10), 90 ETH allocated to
/// one mock adapter (1 % instant exit cost), a reserve, fees on. maxWait 15 days (floor 14, Puffer's delay).
contract RedemptionQueueVaultTest is VaultTestBase {
    RedemptionQueue internal queue;
    address internal carol = makeAddr("carol");
    address[] internal route;

    function setUp() public override {
        super.setUp();
        queue = new RedemptionQueue(address(vault), 14 days, 15 days, 0.01 ether);
        vm.prank(admin);
        IVaultQueueHooks(address(vault)).setRedemptionQueue(address(queue));
        _deposit(alice, 60 ether);
        _deposit(bob, 30 ether);
        _deposit(carol, 10 ether);
        _allocate(adapter, 90 ether);
        adapter.setSlippage(0, 100);
        route.push(address(adapter));
    }

    function _value(address who) internal view returns (uint256) {
        return vault.convertToAssets(vault.balanceOf(who));
    }

    /// @dev Issue 13's M-3: today a holder can take out only the idle buffer; through the queue a depositor exits
    /// beyond it without the keeper: request, the liveness path after maxWait, a permissionless fulfilment, a claim.
    function test_review_M03_withdrawalsBeyondBufferThroughQueue() public {
        uint256 shares = vault.balanceOf(alice);
        assertLt(vault.maxWithdraw(alice), _value(alice), "the buffer alone cannot pay alice");
        vm.prank(alice);
        uint256 id = queue.requestRedeem(shares, alice, alice);
        uint256 owed = queue.getRequest(id).owed;
        assertApproxEqAbs(owed, 60 ether, 1e6);
        vm.warp(block.timestamp + 15 days + 1);
        uint256 lack = owed - vault.idleAssets();
        // No keeper: alice (anyone) queues the protocol exit, claims it once final, fulfils and claims.
        vm.startPrank(alice);
        queue.unwindRequestExit(address(adapter), lack);
        adapter.setExits(true, 0);
        queue.unwindClaimExits(address(adapter));
        queue.fulfil(1);
        uint256 before = alice.balance;
        queue.claimETH(id, payable(alice));
        vm.stopPrank();
        assertEq(alice.balance - before, owed, "alice leaves with her whole value at request");
        assertEq(vault.balanceOf(address(queue)), 0);
    }

    function test_vault_requestMovesNoPriceAndFulfilmentLeavesTheGainWithStayers() public {
        uint256 price = vault.pricePerShare();
        uint256 held = vault.balanceOf(bob);
        vm.prank(bob);
        uint256 id = queue.requestRedeem(held, bob, bob);
        assertEq(vault.pricePerShare(), price, "request");
        uint256 owed = queue.getRequest(id).owed;
        _gain(adapter, 9 ether);
        _report();
        vm.warp(block.timestamp + 1 days);
        adapter.setExits(true, 0);
        vm.prank(allocator);
        vault.requestExit(address(adapter), 25 ether);
        vault.claimExits(address(adapter));
        uint256 carolBefore = _value(carol);
        uint256 priceBefore = vault.pricePerShare();
        queue.fulfil(1);
        assertEq(queue.claimableAssets(id), owed, "bob gets his value at request");
        assertGe(vault.pricePerShare(), priceBefore, "no price jump down at settlement");
        vm.warp(block.timestamp + 30 days);
        assertGt(_value(carol), carolBefore, "carol keeps the growth bob left behind");
    }

    function test_vault_lossVisibleOnChainIsSharedByTheRequester() public {
        uint256 held = vault.balanceOf(bob);
        vm.prank(bob);
        uint256 id = queue.requestRedeem(held, bob, bob);
        uint256 owed = queue.getRequest(id).owed;
        // A slash of 0.5 ETH, visible at the adapter and not reported: no reserve, no locked profit to absorb it.
        _slash(adapter, 0.5 ether);
        adapter.setExits(true, 0);
        vm.prank(allocator);
        vault.requestExit(address(adapter), 30 ether);
        vault.claimExits(address(adapter));
        queue.fulfil(1);
        uint256 paid = queue.claimableAssets(id);
        assertLt(paid, owed, "the loss reached the requester");
        assertApproxEqRel(paid, _value(carol) * 3, 1e15, "bob (30) gets what three carols (10) are worth");
    }

    function test_vault_instantRedeemChargesThePriceImpactToTheCallerAlone() public {
        uint256 shares = vault.balanceOf(alice) / 2;
        uint256 value = vault.convertToAssets(shares);
        uint256 bobBefore = _value(bob);
        uint256 reserveBefore = vault.reserveAssets();
        // The free buffer (10 ETH idle) pays first at no cost; the rest is sold at 1 %.
        uint256 sold = value - vault.maxWithdraw(alice);
        vm.prank(alice);
        uint256 paid = queue.instantRedeem(shares, alice, alice, value * 98 / 100, route);
        assertApproxEqRel(paid, value - sold / 100, 1e14, "alice pays the 1 % on what was sold");
        assertGe(_value(bob), bobBefore, "bob pays nothing");
        assertGe(vault.reserveAssets(), reserveBefore, "the reserve pays nothing");
    }

    function test_vault_previewInstantRedeemIsWhatTheExitPays() public {
        uint256 shares = vault.balanceOf(bob);
        uint256 value = vault.convertToAssets(shares);
        vm.prank(bob);
        uint256 preview = queue.previewInstantRedeem(shares, route);
        assertApproxEqRel(preview, value - (value - 10 ether) / 100, 1e14, "the free 10 ETH at no cost, the rest at 1 %");
        address[] memory none = new address[](0);
        vm.prank(bob);
        vm.expectPartialRevert(QueueErrorsLib.InstantExitShort.selector);
        queue.previewInstantRedeem(shares, none);
        vm.prank(bob);
        uint256 paid = queue.instantRedeem(shares, bob, bob, preview, route);
        assertApproxEqAbs(paid, preview, 1e6, "the preview is honest");
    }

    function test_vault_instantRedeemAboveTheMaxPenaltyReverts() public {
        adapter.setSlippage(0, 300);
        // Bob's pending request is owed more than idle: nothing of the buffer is free, carol's exit must sell.
        uint256 bobShares = vault.balanceOf(bob);
        vm.prank(bob);
        queue.requestRedeem(bobShares, bob, bob);
        uint256 shares = vault.balanceOf(carol);
        vm.prank(carol);
        vm.expectRevert();
        queue.instantRedeem(shares, carol, carol, 0, route);
        assertEq(vault.balanceOf(carol), shares, "nothing half-applied");
    }

    function test_vault_instantUnwindForAnOverdueHeadIsPaidByTheHead() public {
        // An honest sale within the vault's 0.5 % slippage bound (N-3: a worse one reverts).
        adapter.setSlippage(0, 30);
        uint256 held = vault.balanceOf(alice);
        vm.prank(alice);
        uint256 id = queue.requestRedeem(held, alice, alice);
        uint256 owed = queue.getRequest(id).owed;
        uint256 bobBefore = _value(bob);
        vm.warp(block.timestamp + 15 days + 1);
        uint256 lack = owed - vault.idleAssets();
        vm.prank(carol);
        queue.unwindInstant(address(adapter), lack);
        uint256 paid = queue.claimableAssets(id);
        assertApproxEqAbs(owed - paid, lack * 30 / 10_000, 1e6, "alice pays the 0.3 % on what was sold for her");
        assertLe(owed - paid, lack * vault.maxExitPenaltyBps() / 10_000, "within the curator's bound");
        assertGe(_value(bob), bobBefore, "stayers pay nothing");
    }

    function test_vault_fulfilRevertsWhilePausedAndRequestsToo() public {
        vm.prank(bob);
        queue.requestRedeem(1e24, bob, bob);
        vm.prank(guardian);
        ILRTVaultAdmin(address(vault)).pause();
        vm.expectRevert();
        queue.fulfil(1);
        vm.prank(bob);
        vm.expectRevert(QueueErrorsLib.VaultPaused.selector);
        queue.requestRedeem(1e24, bob, bob);
        assertEq(uint8(queue.getRequest(1).status), uint8(IRedemptionQueue.Status.Pending));
    }
}
