// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {QueueErrorsLib} from "../../contracts/libraries/QueueErrorsLib.sol";
import {IRedemptionQueue} from "../../contracts/interfaces/IRedemptionQueue.sol";
import {QueueTestBase} from "./QueueTestBase.sol";

/// @notice Rejects ETH: a receiver that reverts on a native-ETH claim.
contract EthRejecter {
    receive() external payable {
        revert("no ETH");
    }
}

/// @notice Attack scenarios against the redemption queue; each asserts the attacker gains nothing.
contract RedemptionQueueAttacksTest is QueueTestBase {
    /// @dev Alice sees a 10 % loss on chain before anyone reports it and requests all her shares; bob stays. At
    /// fulfilment the loss is recognised first: alice leaves with what bob's equal stake is worth, not more.
    function test_attack_requestBeforeVisibleUnreportedLossDoesNotEscapeIt() public {
        uint256 stake = vault.balanceOf(bob);
        uint256 id = _request(alice, stake);
        adapter.setLive(adapter.live() - 9 ether);
        _refill(20 ether);
        queue.fulfil(1);
        uint256 alicePaid = queue.claimableAssets(id);
        uint256 bobValue = _valueOf(bob);
        assertLe(alicePaid, bobValue, "requesting did not beat staying");
        assertApproxEqAbs(alicePaid, bobValue, 1e6);
    }

    /// @dev Same, with the attacker trying the paid instant exit instead: recognizeLosses runs first there too.
    function test_attack_instantExitBeforeVisibleUnreportedLossDoesNotEscapeIt() public {
        uint256 stake = vault.balanceOf(bob);
        uint256 valueBefore = vault.convertToAssets(stake);
        adapter.setLive(adapter.live() - 9 ether);
        vm.prank(alice);
        uint256 paid = queue.instantRedeem(stake, alice, alice, 0, route);
        assertLt(paid, valueBefore * 92 / 100, "the 9 % loss and the 1 % impact both hit the attacker");
        assertGe(_valueOf(bob) + 1e6, paid, "the stayer is not worse off than the leaver");
    }

    /// @dev An attacker floods the queue with minimum-size requests ahead of bob; dust below the minimum reverts, each
    /// fulfilment walks a bounded batch, and bob is served after a bounded number of calls anyone can make.
    function test_attack_manyDustRequestsBlockNobody() public {
        address attacker = makeAddr("attacker");
        _deposit(attacker, 2 ether);
        vm.prank(attacker);
        vm.expectPartialRevert(QueueErrorsLib.RequestBelowMinimum.selector);
        queue.requestRedeem(1e6, attacker, attacker);
        uint256 dustShares = vault.convertToShares(MIN_REQUEST) + 1e6;
        for (uint256 i; i < 120; ++i) {
            vm.prank(attacker);
            queue.requestRedeem(dustShares, attacker, attacker);
        }
        uint256 bobId = _requestAssets(bob, 2 ether);
        uint256 calls;
        while (_status(bobId) == IRedemptionQueue.Status.Pending) {
            uint256 gasBefore = gasleft();
            queue.fulfil(type(uint256).max);
            assertLt(gasBefore - gasleft(), 3_000_000, "one fulfilment stays within a block's reach");
            ++calls;
        }
        assertEq(calls, 3, "121 requests in batches of 50");
        assertEq(queue.claimableAssets(bobId), queue.getRequest(bobId).owed);
    }

    /// @dev The keeper stops. Bob's request beyond the buffer is paid anyway: after maxWait anyone sells for him at
    /// most the stated penalty (here the instant venue's 1 %, bounded by 2 %), or queues exits that pay in full.
    function test_attack_keeperStopsLivenessPathPaysWithinTheStatedBound() public {
        uint256 id = _requestAssets(bob, 25 ether);
        uint256 owed = queue.getRequest(id).owed;
        queue.fulfil(1);
        assertEq(uint8(_status(id)), uint8(IRedemptionQueue.Status.Pending), "idle (10) cannot cover 25");
        vm.warp(block.timestamp + MAX_WAIT + 1);
        uint256 lack = owed - vault.idleAssets();
        vm.prank(bob);
        queue.unwindInstant(address(adapter), lack);
        uint256 paid = queue.claimableAssets(id);
        uint256 bound_ = lack * vault.maxExitPenaltyBps() / 10_000;
        assertGe(paid + bound_, owed, "paid within the stated bound");
        assertApproxEqAbs(owed - paid, lack / 100, 2, "the 1 % impact on what was sold, no more");
        vm.prank(bob);
        assertEq(queue.claim(id, bob), paid);
    }

    /// @dev A controller whose receiver rejects ETH makes only its own claim revert; others claim, and it can still
    /// claim WETH.
    function test_attack_revertingEthReceiverBlocksOnlyItself() public {
        EthRejecter rejecter = new EthRejecter();
        uint256 a = _requestAssets(alice, 1 ether);
        uint256 b = _requestAssets(bob, 1 ether);
        queue.fulfil(2);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(QueueErrorsLib.EthTransferFailed.selector, address(rejecter)));
        queue.claimETH(a, payable(address(rejecter)));
        vm.prank(bob);
        queue.claimETH(b, payable(bob));
        vm.prank(alice);
        uint256 paid = queue.claim(a, alice);
        assertEq(weth.balanceOf(alice), paid);
    }

    /// @dev An instant exit must not burn other requesters' escrowed shares even with a penalty bound of 100 %.
    function test_attack_instantExitCannotChargeOtherRequesters() public {
        uint256 id = _requestAssets(bob, 5 ether);
        uint256 bobShares = queue.getRequest(id).shares;
        vault.setMaxExitPenalty(10_000);
        adapter.setImpact(5_000);
        uint256 shares = vault.balanceOf(carol);
        vm.prank(carol);
        queue.instantRedeem(shares, carol, carol, 0, route);
        assertEq(queue.getRequest(id).shares, bobShares);
        assertEq(vault.balanceOf(address(queue)), bobShares);
    }
}
