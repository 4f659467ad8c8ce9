// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {RenzoAdapter} from "../../contracts/adapters/RenzoAdapter.sol";
import {SimRenzo} from "../../contracts/simulation/SimRenzo.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {AdapterTestBase} from "./AdapterTestBase.sol";

contract RenzoAdapterTest is AdapterTestBase {
    SimRenzo internal renzo;

    function _deployProtocol() internal override {
        renzo = new SimRenzo(address(this), INITIAL_RATE, APR_BPS);
        sim = renzo;
        lrtToken = renzo.ezETH();
    }

    function _deployAdapter(address feed_) internal override returns (BaseLRTAdapter) {
        return new RenzoAdapter(
            address(this),
            address(weth),
            address(renzo),
            address(renzo.ezETH()),
            address(renzo),
            address(renzo),
            address(pool),
            feed_,
            MAX_STALENESS
        );
    }

    function _mintLrt(uint256 eth) internal override returns (uint256 minted) {
        vm.deal(address(this), address(this).balance + eth);
        uint256 before = lrtToken.balanceOf(address(this));
        renzo.depositETH{value: eth}();
        minted = lrtToken.balanceOf(address(this)) - before;
    }

    function _exitDelay() internal view override returns (uint256) {
        return renzo.coolDownPeriod();
    }

    function _settleAsStranger(BaseLRTAdapter.ExitRequest memory r) internal override returns (bool) {
        uint256 n = renzo.getOutstandingWithdrawRequests(address(adapter));
        for (uint256 i; i < n; ++i) {
            (, uint256 id,,,) = renzo.withdrawRequests(address(adapter), i);
            if (id == r.protocolId) {
                vm.prank(attacker);
                renzo.claim(i, address(adapter));
                return true;
            }
        }
        return false;
    }

    /// Three requests three days apart: claiming the first swap-and-pops the third into index 0, so a fixed
    /// index would claim the wrong request. Each claim must pay its own request's value.
    function test_renzo_swapAndPopIndicesAreTrackedByContent() public {
        _allocate(30 ether);
        adapter.requestExit(1 ether);
        vm.warp(block.timestamp + 3 days);
        adapter.requestExit(2 ether);
        vm.warp(block.timestamp + 3 days);
        adapter.requestExit(3 ether);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        (, uint256 idAt0,,,) = renzo.withdrawRequests(address(adapter), 0);
        assertEq(idAt0, exits[0].protocolId);

        vm.warp(exits[0].requestedAt + renzo.coolDownPeriod());
        _syncFeed();
        assertEq(adapter.claimExits(), exits[0].valueAtRequest, "first request paid");
        (, uint256 movedId,,,) = renzo.withdrawRequests(address(adapter), 0);
        assertEq(movedId, exits[2].protocolId, "third request moved to index 0");

        vm.warp(exits[1].requestedAt + renzo.coolDownPeriod());
        _syncFeed();
        assertEq(adapter.claimExits(), exits[1].valueAtRequest, "second request paid, not the moved third");
        assertEq(adapter.openExits()[0].id, exits[2].id);

        vm.warp(exits[2].requestedAt + renzo.coolDownPeriod());
        _syncFeed();
        assertEq(adapter.claimExits(), exits[2].valueAtRequest, "third request paid");
        assertEq(renzo.getOutstandingWithdrawRequests(address(adapter)), 0);
    }

    function _syncFeed() internal {
        feed.setPrice(int256(_fair()));
    }

    // ----- issue 18: anyone may claim a request with claim(index, user), paying `user` -----

    /// A stranger claims the adapter's request: the ETH reaches the adapter and the request leaves the queue's
    /// list. claimExits must close the exit and book the payout once; the old adapter could not find the request,
    /// kept the exit open and `pendingExits` kept counting what the vault had already received.
    function test_real_renzo_thirdPartyClaimClosesExitAndCountsPayoutOnce() public {
        _allocate(10 ether);
        adapter.requestExit(4 ether);
        _warpAndRefreshFeed(renzo.coolDownPeriod());
        uint256 pending = adapter.pendingExits();
        uint256 valueBefore = adapter.realAssets();

        vm.prank(attacker);
        renzo.claim(0, address(adapter));
        assertEq(address(adapter).balance, pending, "the claim paid `user`, the adapter");
        assertEq(renzo.getOutstandingWithdrawRequests(address(adapter)), 0);

        uint256 out = adapter.claimExits();
        assertEq(out, pending, "the payout reaches the vault once");
        assertEq(adapter.openExits().length, 0, "exit closed, its slot freed");
        assertEq(adapter.pendingExits(), 0, "no longer counted as pending");
        assertEq(adapter.realAssets() + out, valueBefore, "value counted once");
        assertEq(adapter.claimExits(), 0, "nothing booked twice");
    }

    /// The stranger claims the middle of three requests (swap-and-pop moves the last into its index): the
    /// adapter closes that one, still finds the others by content and claims them at their own values.
    function test_real_renzo_thirdPartyClaimOfOneRequestLeavesOthersTracked() public {
        _allocate(30 ether);
        adapter.requestExit(1 ether);
        adapter.requestExit(2 ether);
        adapter.requestExit(3 ether);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        _warpAndRefreshFeed(renzo.coolDownPeriod());
        vm.prank(attacker);
        renzo.claim(1, address(adapter));
        uint256 out = adapter.claimExits();
        assertEq(out, exits[0].valueAtRequest + exits[1].valueAtRequest + exits[2].valueAtRequest, "each paid once");
        assertEq(adapter.openExits().length, 0);
        assertEq(adapter.pendingExits(), 0);
    }

    // ----- issue 18: the rules of the real protocol (contracts/simulation/README.md, Renzo rows) -----

    /// Row "a beacon-chain loss reaches the rate only after an EigenLayer checkpoint" (an AVS slash shows at once:
    /// test/simulation/EigenLayer.t.sol).
    function test_real_renzo_beaconLossWaitsForACheckpoint() public {
        _allocate(10 ether);
        uint256 rate0 = renzo.getRate();
        renzo.beaconChainLoss(300);
        assertEq(renzo.getRate(), rate0, "no checkpoint yet");
        renzo.completeCheckpoint();
        assertEq(renzo.getRate(), rate0 * 9_700 / 10_000, "booked at the checkpoint");
    }

    /// Row "getRate reverts on a stale stETH feed": valuation, allocation and claims stop with it (the vault's
    /// report marks the adapter impaired rather than book a false value).
    function test_real_renzo_staleStEthFeedStopsValuationAndClaims() public {
        _allocate(10 ether);
        adapter.requestExit(1 ether);
        renzo.setStEthFeedUpdatedAt(block.timestamp);
        vm.warp(block.timestamp + renzo.coolDownPeriod());
        bytes memory stale = abi.encodeWithSelector(SimErrorsLib.StaleStEthFeed.selector, block.timestamp - renzo.coolDownPeriod());
        vm.expectRevert(stale);
        adapter.realAssets();
        assertEq(adapter.claimExits(), 0, "claims stop");
        assertEq(adapter.openExits().length, 1, "the exit stays open");
        renzo.setStEthFeedUpdatedAt(block.timestamp);
        feed.setPrice(int256(_fair()));
        assertGt(adapter.claimExits(), 0, "resumes with a fresh feed");
    }

    /// Row "a claim waits for the withdraw buffer": after the cool-down, an empty buffer pays nothing (the exit stays
    /// open and counted); once deposits refill it, the claim pays.
    function test_real_renzo_claimWaitsForTheWithdrawBuffer() public {
        _allocate(10 ether);
        adapter.requestExit(4 ether);
        uint256 pending = adapter.pendingExits();
        _passExitDelay();
        feed.setPrice(int256(_fair()));
        vm.deal(address(renzo), 0); // the ETH is restaked, none in the buffer
        assertEq(adapter.claimExits(), 0, "empty buffer: nothing paid");
        assertEq(adapter.openExits().length, 1, "still open, still counted");
        vm.deal(address(renzo), 5 ether);
        assertEq(adapter.claimExits(), pending, "paid once refilled");
    }
}
