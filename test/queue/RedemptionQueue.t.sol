// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IRedemptionQueue} from "../../contracts/interfaces/IRedemptionQueue.sol";
import {QueueErrorsLib} from "../../contracts/libraries/QueueErrorsLib.sol";
import {QueueEventsLib} from "../../contracts/libraries/QueueEventsLib.sol";
import {MockQueueVault} from "./mocks/MockQueueVault.sol";
import {QueueTestBase} from "./QueueTestBase.sol";

/// @notice Unit tests, one per rule of issue 11's redemption queue, against the vault's test double.
contract RedemptionQueueTest is QueueTestBase {
    // ----- requests -----

    function test_request_sharesLeaveCirculationAndValueAtRequestIsRecorded() public {
        uint256 shares = vault.balanceOf(alice) / 2;
        uint256 value = vault.convertToAssets(shares);
        vm.expectEmit(address(queue));
        emit QueueEventsLib.RedeemRequest(alice, alice, 1, alice, shares);
        uint256 id = _request(alice, shares);
        assertEq(id, 1);
        assertEq(vault.balanceOf(address(queue)), shares, "escrowed");
        assertEq(queue.pendingRedeemRequest(id, alice), shares);
        assertEq(queue.claimableRedeemRequest(id, alice), 0);
        IRedemptionQueue.Request memory r = queue.getRequest(id);
        assertEq(r.owed, value);
        assertEq(r.requestedAt, block.timestamp);
        IRedemptionQueue.Summary memory s = queue.summary();
        assertEq(s.pendingCount, 1);
        assertEq(s.pendingShares, shares);
        assertEq(s.owedAssets, value);
        assertEq(s.headId, 1);
        assertEq(s.headDueAt, block.timestamp + MAX_WAIT);
    }

    function test_request_belowMinimumSizeReverts() public {
        uint256 shares = vault.convertToShares(MIN_REQUEST) - 1e6;
        uint256 value = vault.convertToAssets(shares);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.RequestBelowMinimum.selector, value, MIN_REQUEST));
        queue.requestRedeem(shares, alice, alice);
    }

    function test_request_onlyOwnerOrOperator() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.NotOwnerOrOperator.selector, stranger, alice));
        queue.requestRedeem(1e24, stranger, alice);
        vm.prank(alice);
        queue.setOperator(stranger, true);
        assertTrue(queue.isOperator(alice, stranger));
        vm.prank(stranger);
        uint256 id = queue.requestRedeem(1e24, bob, alice);
        assertEq(queue.pendingRedeemRequest(id, bob), 1e24, "controller is bob");
    }

    function test_request_revertsWhileVaultPaused() public {
        vault.setPaused(true);
        vm.prank(alice);
        vm.expectRevert(QueueErrorsLib.VaultPaused.selector);
        queue.requestRedeem(1e24, alice, alice);
    }

    function test_request_escrowedSharesCannotBeMovedByTheOwner() public {
        uint256 shares = vault.balanceOf(carol);
        _request(carol, shares);
        vm.prank(carol);
        vm.expectRevert();
        vault.transfer(bob, 1);
    }

    // ----- cancel -----

    function test_cancel_whilePendingReturnsTheShares() public {
        uint256 shares = vault.balanceOf(bob);
        uint256 id = _request(bob, shares);
        vm.prank(bob);
        assertEq(queue.cancelRedeemRequest(id, bob), shares);
        assertEq(vault.balanceOf(bob), shares);
        assertEq(uint8(_status(id)), uint8(IRedemptionQueue.Status.Cancelled));
        assertEq(queue.summary().pendingCount, 0);
        assertEq(queue.summary().owedAssets, 0);
        assertEq(queue.summary().headId, 0);
    }

    function test_cancel_inTheMiddleKeepsFifoOrder() public {
        uint256 a = _requestAssets(alice, 1 ether);
        uint256 b = _requestAssets(bob, 1 ether);
        uint256 c = _requestAssets(carol, 1 ether);
        vm.prank(bob);
        queue.cancelRedeemRequest(b, bob);
        IRedemptionQueue.PendingInfo[] memory page = queue.pendingRequests(0, 10);
        assertEq(page.length, 2);
        assertEq(page[0].requestId, a);
        assertEq(page[1].requestId, c);
        queue.fulfil(10);
        assertEq(uint8(_status(a)), uint8(IRedemptionQueue.Status.Claimable));
        assertEq(uint8(_status(c)), uint8(IRedemptionQueue.Status.Claimable));
    }

    function test_cancel_onlyControllerOrOperatorAndOnlyWhilePending() public {
        uint256 id = _requestAssets(alice, 1 ether);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.NotOwnerOrOperator.selector, stranger, alice));
        queue.cancelRedeemRequest(id, alice);
        queue.fulfil(1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.NotPending.selector, id));
        queue.cancelRedeemRequest(id, alice);
    }

    // ----- fulfilment -----

    function test_fulfil_isPermissionlessFifoFromIdle() public {
        uint256 a = _requestAssets(alice, 4 ether);
        uint256 b = _requestAssets(bob, 4 ether);
        vm.prank(stranger);
        (uint256 count, uint256 assets) = queue.fulfil(10);
        assertEq(count, 2);
        assertApproxEqAbs(assets, 8 ether, 2);
        assertEq(queue.claimableRedeemRequest(a, alice), queue.getRequest(a).shares);
        assertEq(queue.claimableRedeemRequest(b, bob), queue.getRequest(b).shares);
        assertEq(weth.balanceOf(address(queue)), assets);
        assertEq(queue.summary().setAside, assets);
        assertEq(vault.balanceOf(address(queue)), 0, "shares burned");
    }

    function test_fulfil_stopsAtTheFirstRequestIdleCannotCover() public {
        uint256 big = _requestAssets(alice, 20 ether);
        uint256 small = _requestAssets(bob, 1 ether);
        (uint256 count,) = queue.fulfil(10);
        assertEq(count, 0, "the head is not skipped");
        assertEq(uint8(_status(small)), uint8(IRedemptionQueue.Status.Pending));
        _refill(15 ether);
        (count,) = queue.fulfil(10);
        assertEq(count, 2);
        assertEq(uint8(_status(big)), uint8(IRedemptionQueue.Status.Claimable));
    }

    function test_fulfil_boundedByCallerAndHardCap() public {
        for (uint256 i; i < 60; ++i) {
            _requestAssets(alice, 0.1 ether);
        }
        (uint256 count,) = queue.fulfil(3);
        assertEq(count, 3);
        (count,) = queue.fulfil(1000);
        assertEq(count, queue.MAX_BATCH());
        vm.expectRevert(QueueErrorsLib.ZeroBatch.selector);
        queue.fulfil(0);
    }

    function test_fulfil_gainDuringTheWaitStaysWithThoseWhoStayed() public {
        uint256 id = _requestAssets(alice, 5 ether);
        uint256 owed = queue.getRequest(id).owed;
        uint256 bobBefore = _valueOf(bob);
        _gain(10 ether);
        queue.fulfil(1);
        assertEq(queue.claimableAssets(id), owed, "paid the value at request");
        assertGt(vault.locked(), 0, "surplus locked for the holders");
        vault.unlock();
        assertGt(_valueOf(bob), bobBefore + 3 ether, "bob keeps the gain and alice's share of it");
    }

    function test_fulfil_lossDuringTheWaitIsShared() public {
        uint256 id = _requestAssets(alice, 5 ether);
        uint256 owed = queue.getRequest(id).owed;
        // A 10 % loss on 90 ETH: visible on chain, recognised by the fulfilment itself.
        adapter.setLive(adapter.live() - 9 ether);
        queue.fulfil(1);
        uint256 paid = queue.claimableAssets(id);
        assertApproxEqRel(paid, owed * 91 / 100, 1e12, "the requester shares the 9 % loss");
        assertLt(paid, owed);
    }

    // ----- claims -----

    function test_claim_paysWethByControllerOrOperatorOnce() public {
        uint256 id = _requestAssets(bob, 2 ether);
        queue.fulfil(1);
        uint256 assets = queue.claimableAssets(id);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.NotOwnerOrOperator.selector, stranger, bob));
        queue.claim(id, stranger);
        vm.prank(bob);
        queue.setOperator(keeper, true);
        vm.prank(keeper);
        assertEq(queue.claim(id, carol), assets);
        assertEq(weth.balanceOf(carol), assets);
        assertEq(queue.summary().setAside, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.NotClaimable.selector, id));
        queue.claim(id, bob);
    }

    function test_claimETH_paysNativeEth() public {
        uint256 id = _requestAssets(bob, 2 ether);
        queue.fulfil(1);
        uint256 assets = queue.claimableAssets(id);
        uint256 before = bob.balance;
        vm.prank(bob);
        queue.claimETH(id, payable(bob));
        assertEq(bob.balance - before, assets);
    }

    function test_claim_pendingRequestIsNotClaimable() public {
        uint256 id = _requestAssets(alice, 20 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.NotClaimable.selector, id));
        queue.claim(id, alice);
    }

    // ----- paid instant exit -----

    function test_instantRedeem_priceImpactFallsOnTheCallerAlone() public {
        uint256 shares = vault.balanceOf(alice) / 2; // 30 ETH, beyond the 10 ETH buffer
        uint256 value = vault.convertToAssets(shares);
        uint256 bobBefore = _valueOf(bob);
        uint256 priceBefore = vault.convertToAssets(1e24);
        vm.prank(alice);
        uint256 paid = queue.instantRedeem(shares, alice, alice, 0, route);
        // The free buffer (10 ETH) pays first at no cost (U-3); the 20 ETH beyond it sell at 1 %.
        assertApproxEqAbs(paid, value - (value - 10 ether) / 100, 1e6, "1 % impact paid by alice on what was sold");
        assertEq(weth.balanceOf(alice), paid);
        assertGe(vault.convertToAssets(1e24), priceBefore, "price does not fall");
        assertGe(_valueOf(bob), bobBefore, "bob pays nothing");
        assertEq(vault.balanceOf(address(queue)), 0);
    }

    function test_instantRedeem_revertsBelowMinAssets() public {
        uint256 shares = vault.balanceOf(alice) / 2; // 30 ETH: 20 beyond the free buffer are sold
        uint256 value = vault.convertToAssets(shares);
        vm.prank(alice);
        vm.expectPartialRevert(QueueErrorsLib.AssetsBelowMin.selector);
        queue.instantRedeem(shares, alice, alice, value, route);
    }

    function test_instantRedeem_boundedByTheCuratorsMaxPenalty() public {
        adapter.setImpact(300);
        uint256 shares = vault.balanceOf(alice) / 2;
        vm.prank(alice);
        vm.expectPartialRevert(MockQueueVault.ExitPenaltyTooHigh.selector);
        queue.instantRedeem(shares, alice, alice, 0, route);
    }

    function test_instantRedeem_revertsWhenTheRouteCannotSellEnough() public {
        uint256 shares = vault.balanceOf(alice) / 2;
        address[] memory none = new address[](0);
        vm.prank(alice);
        vm.expectPartialRevert(QueueErrorsLib.InstantExitShort.selector);
        queue.instantRedeem(shares, alice, alice, 0, none);
    }

    // ----- liveness -----

    function test_liveness_unwindIsClosedUntilTheHeadIsOverdue() public {
        _requestAssets(alice, 40 ether);
        vm.expectRevert(QueueErrorsLib.NotOverdue.selector);
        queue.unwindRequestExit(address(adapter), 1 ether);
        vm.expectRevert(QueueErrorsLib.NotOverdue.selector);
        queue.unwindClaimExits(address(adapter));
        vm.expectRevert(QueueErrorsLib.NotOverdue.selector);
        queue.unwindInstant(address(adapter), 1 ether);
        vm.warp(block.timestamp + MAX_WAIT + 1);
        assertTrue(queue.isOverdue());
    }

    function test_liveness_queuedExitPaysInFullWithinMaxWaitPlusProtocolDelay() public {
        uint256 id = _requestAssets(alice, 40 ether);
        uint256 owed = queue.getRequest(id).owed;
        vm.warp(block.timestamp + MAX_WAIT + 1);
        uint256 shortfall = owed - vault.idleAssets();
        vm.expectRevert(
            abi.encodeWithSelector(QueueErrorsLib.UnwindAboveShortfall.selector, shortfall + 1, shortfall)
        );
        vm.prank(stranger);
        queue.unwindRequestExit(address(adapter), shortfall + 1);
        vm.prank(stranger);
        queue.unwindRequestExit(address(adapter), shortfall);
        vm.warp(block.timestamp + adapter.delay());
        vm.prank(stranger);
        queue.unwindClaimExits(address(adapter));
        vm.prank(stranger);
        queue.fulfil(1);
        assertEq(queue.claimableAssets(id), owed, "paid in full, nobody else paid");
    }

    function test_liveness_instantUnwindIsPaidByTheRequestsServed() public {
        uint256 head = _requestAssets(alice, 20 ether);
        uint256 later = _requestAssets(bob, 5 ether);
        uint256 headOwed = queue.getRequest(head).owed;
        uint256 laterOwed = queue.getRequest(later).owed;
        uint256 carolBefore = _valueOf(carol);
        vm.warp(block.timestamp + MAX_WAIT + 1);
        uint256 sold = headOwed + laterOwed - vault.idleAssets();
        vm.prank(stranger);
        uint256 received = queue.unwindInstant(address(adapter), sold);
        assertEq(received, sold * 99 / 100);
        uint256 penalty = sold - received;
        assertEq(uint8(_status(head)), uint8(IRedemptionQueue.Status.Claimable));
        uint256 headPaid = queue.claimableAssets(head);
        assertApproxEqAbs(headPaid, headOwed - penalty, 2, "the head pays the penalty");
        assertLe(headOwed - headPaid, sold * vault.maxExitPenaltyBps() / 10_000 + 2, "within the stated bound");
        assertGe(_valueOf(carol), carolBefore, "a holder who stays pays nothing");
        // The later request waits for idle it needs beyond the sale (nobody ahead left a debt on it).
        assertEq(queue.getRequest(later).owed, laterOwed);
    }

    // ----- settings -----

    function test_maxWait_neverBelowTheSlowestProtocolDelay() public {
        uint256 ceiling = queue.MAX_MAX_WAIT();
        vm.prank(curator);
        vm.expectRevert(
            abi.encodeWithSelector(QueueErrorsLib.InvalidMaxWait.selector, MIN_MAX_WAIT - 1, MIN_MAX_WAIT, ceiling)
        );
        queue.setMaxWait(MIN_MAX_WAIT - 1);
    }

    function test_maxWait_lowerAtOnceRaiseTimelockedGuardianRevokes() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.Unauthorized.selector, stranger));
        queue.setMaxWait(9 days);
        vm.prank(curator);
        queue.setMaxWait(9 days);
        assertEq(queue.maxWait(), 9 days);
        bytes memory raise = abi.encodeCall(queue.setMaxWait, (20 days));
        vm.prank(curator);
        vm.expectRevert(MockQueueVault.NotSubmitted.selector);
        queue.setMaxWait(20 days);
        vm.prank(curator);
        vault.submit(raise);
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(MockQueueVault.TimelockNotExpired.selector, block.timestamp + 1 days));
        queue.setMaxWait(20 days);
        assertEq(queue.maxWait(), 9 days, "a raise waits");
        vm.warp(block.timestamp + 1 days);
        vm.prank(guardian);
        vault.revoke(raise);
        vm.prank(curator);
        vm.expectRevert(MockQueueVault.NotSubmitted.selector);
        queue.setMaxWait(20 days);
        vm.prank(curator);
        vault.submit(raise);
        vm.warp(block.timestamp + 1 days);
        vm.prank(curator);
        queue.setMaxWait(20 days);
        assertEq(queue.maxWait(), 20 days);
    }

    function test_minRequest_curatorSetsWithinBound() public {
        uint256 ceiling = queue.MAX_MIN_REQUEST();
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.MinRequestTooHigh.selector, 2 ether, ceiling));
        queue.setMinRequestAssets(2 ether);
        vm.prank(curator);
        queue.setMinRequestAssets(0.5 ether);
        assertEq(queue.minRequestAssets(), 0.5 ether);
    }

    function test_views_pendingPageIsBounded() public {
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.InvalidPage.selector, 0));
        queue.pendingRequests(0, 0);
        uint256 a = _requestAssets(alice, 1 ether);
        uint256 b = _requestAssets(bob, 1 ether);
        IRedemptionQueue.PendingInfo[] memory page = queue.pendingRequests(b, 10);
        assertEq(page.length, 1);
        assertEq(page[0].requestId, b);
        page = queue.pendingRequests(0, 1);
        assertEq(page[0].requestId, a);
    }
}
