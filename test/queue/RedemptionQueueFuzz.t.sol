// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IRedemptionQueue} from "../../contracts/interfaces/IRedemptionQueue.sol";
import {QueueTestBase} from "./QueueTestBase.sol";

/// @notice Fuzz tests of the request / cancel / fulfil / claim arithmetic.
contract RedemptionQueueFuzzTest is QueueTestBase {
    function testFuzz_requestThenCancelReturnsExactlyTheShares(uint256 shares) public {
        uint256 held = vault.balanceOf(alice);
        shares = bound(shares, vault.convertToShares(MIN_REQUEST) + 1e6, held);
        uint256 priceBefore = vault.convertToAssets(1e24);
        uint256 id = _request(alice, shares);
        assertEq(vault.convertToAssets(1e24), priceBefore, "a request moves no price");
        vm.prank(alice);
        queue.cancelRedeemRequest(id, alice);
        assertEq(vault.balanceOf(alice), held);
        assertEq(vault.convertToAssets(1e24), priceBefore, "a cancel moves no price");
        assertEq(queue.summary().pendingShares, 0);
        assertEq(queue.summary().owedAssets, 0);
    }

    function testFuzz_payoutIsMinOfValueAtRequestAndAtFulfilment(uint256 assets, uint256 gainAmt, uint256 lossAmt)
        public
    {
        assets = bound(assets, MIN_REQUEST * 2, 9 ether);
        gainAmt = bound(gainAmt, 0, 20 ether);
        lossAmt = bound(lossAmt, 0, 80 ether);
        uint256 id = _requestAssets(bob, assets);
        uint256 shares = queue.getRequest(id).shares;
        uint256 owed = queue.getRequest(id).owed;
        if (gainAmt != 0) _gain(gainAmt);
        adapter.setLive(adapter.live() - lossAmt);
        vault.recognizeLosses();
        uint256 valueNow = vault.convertToAssets(shares);
        queue.fulfil(1);
        uint256 expected = owed < valueNow ? owed : valueNow;
        if (expected <= vault.idleAssets() + queue.summary().setAside) {
            assertEq(queue.claimableAssets(id), expected);
            vm.prank(bob);
            assertEq(queue.claim(id, bob), expected);
            assertEq(weth.balanceOf(bob), expected);
            assertLe(expected, owed, "never more than the value at request");
        }
    }

    function testFuzz_batchPaysEachRequestInOrderAndSetsAsideTheSum(uint8 n, uint256 seed) public {
        n = uint8(bound(n, 1, 30));
        uint256[] memory ids = new uint256[](n);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            uint256 a = bound(uint256(keccak256(abi.encode(seed, i))), MIN_REQUEST * 2, 0.3 ether);
            ids[i] = _requestAssets(i % 2 == 0 ? alice : bob, a);
            sum += queue.getRequest(ids[i]).owed;
        }
        (uint256 count, uint256 assets) = queue.fulfil(n);
        assertEq(count, n);
        assertEq(assets, sum, "no growth or loss: each pays its value at request");
        assertEq(weth.balanceOf(address(queue)), sum);
        assertEq(queue.summary().setAside, sum);
        uint256 claimed;
        for (uint256 i; i < n; ++i) {
            address who = i % 2 == 0 ? alice : bob;
            vm.prank(who);
            claimed += queue.claim(ids[i], who);
        }
        assertEq(claimed, sum);
        assertEq(weth.balanceOf(address(queue)), 0);
    }

    function testFuzz_partialIdleFulfilsAPrefixOnly(uint256 idleLeft) public {
        uint256 a = _requestAssets(alice, 4 ether);
        uint256 b = _requestAssets(bob, 4 ether);
        uint256 c = _requestAssets(carol, 4 ether);
        idleLeft = bound(idleLeft, 0, 10 ether);
        // The keeper put idle to work down to `idleLeft`.
        vault.allocate(adapter, vault.idleAssets() - idleLeft);
        (uint256 count,) = queue.fulfil(10);
        uint256 owedA = queue.getRequest(a).owed;
        uint256 expect = idleLeft >= owedA ? (idleLeft >= owedA * 2 ? 2 : 1) : 0;
        assertApproxEqAbs(count, expect, 1);
        if (count >= 1) assertEq(uint8(_status(a)), uint8(IRedemptionQueue.Status.Claimable));
        if (count < 2) assertEq(uint8(_status(b)), uint8(IRedemptionQueue.Status.Pending));
        assertEq(uint8(_status(c)), uint8(IRedemptionQueue.Status.Pending));
    }
}
