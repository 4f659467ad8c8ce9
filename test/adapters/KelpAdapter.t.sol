// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {KelpAdapter} from "../../contracts/adapters/KelpAdapter.sol";
import {AdapterErrorsLib} from "../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {SimKelp} from "../../contracts/simulation/SimKelp.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {AdapterTestBase} from "./AdapterTestBase.sol";

contract KelpAdapterTest is AdapterTestBase {
    SimKelp internal kelp;

    function _deployProtocol() internal override {
        kelp = new SimKelp(address(this), INITIAL_RATE, APR_BPS);
        sim = kelp;
        lrtToken = kelp.rsETH();
    }

    function _deployAdapter(address feed_) internal override returns (BaseLRTAdapter) {
        return new KelpAdapter(
            address(this),
            address(weth),
            address(kelp),
            address(kelp.rsETH()),
            address(kelp),
            address(kelp),
            address(pool),
            feed_,
            MAX_STALENESS
        );
    }

    function _mintLrt(uint256 eth) internal override returns (uint256 minted) {
        vm.deal(address(this), address(this).balance + eth);
        uint256 before = lrtToken.balanceOf(address(this));
        kelp.depositETH{value: eth}(0, "");
        minted = lrtToken.balanceOf(address(this)) - before;
    }

    function _exitDelay() internal view override returns (uint256) {
        return kelp.withdrawalDelay();
    }

    /// @dev The operator completes the adapter's oldest open request (Kelp settles per user, oldest first).
    function _settleAsStranger(BaseLRTAdapter.ExitRequest memory) internal override returns (bool) {
        address op = makeAddr("kelpOperator");
        kelp.setOperator(op);
        address eth = kelp.ETH_TOKEN();
        vm.prank(op);
        kelp.completeWithdrawalForUser(eth, address(adapter), "");
        kelp.setOperator(address(this));
        return true;
    }

    function _syncRate() internal override {
        kelp.updateRSETHPrice();
    }

    /// @dev The operator unlocks every request whose delay passed (wide price bounds).
    function _finalizeDue() internal override {
        kelp.unlockQueue(kelp.ETH_TOKEN(), type(uint256).max, 0, 0, type(uint256).max, type(uint256).max);
    }

    /// Row "rsETHPrice is stored, moved only by the permissionless updateRSETHPrice": time and a slash leave it;
    /// anyone's update moves it.
    function test_real_kelp_storedPriceMovesOnlyByUpdate() public {
        uint256 stored = kelp.rsETHPrice();
        vm.warp(block.timestamp + 30 days);
        kelp.slash(300);
        assertEq(kelp.rsETHPrice(), stored, "neither time nor a slash moves the stored price");
        vm.prank(attacker);
        kelp.updateRSETHPrice();
        assertEq(kelp.rsETHPrice(), kelp.accruedRate(), "anyone's update stores the true price");
    }

    /// Issue 18: a loss behind Kelp's stored price is seen by the adapter at once, from the protocol's own totals,
    /// before anyone updates the price (the old adapter valued 10 ETH at the stored 9.9999 against a true 9.74).
    /// A gain still waits for the update.
    function test_real_kelp_lossSeenBeforeTheStoredPriceUpdates() public {
        _allocate(10 ether);
        uint256 stored = kelp.rsETHPrice();
        kelp.slash(300);
        assertEq(kelp.rsETHPrice(), stored, "the protocol's rate still shows no loss");
        uint256 trueRate = kelp.accruedRate();
        assertEq(adapter.fairRate(), trueRate, "the adapter's rate shows it");
        feed.setPrice(int256(stored));
        assertEq(adapter.realAssets(), _value(adapter.lrtHeld(), trueRate), "valued at the true price");
        assertLt(adapter.realAssets(), 9.75 ether);

        kelp.updateRSETHPrice();
        kelp.reward(200);
        assertEq(adapter.fairRate(), kelp.rsETHPrice(), "a gain waits for the update");
    }

    /// Row "payout fixed at unlock": the operator's unlock fixes min(expected, rsETH x stored price then); a later
    /// loss does not lower it, and the adapter values the exit at it.
    function test_real_kelp_payoutFixedAtUnlock() public {
        _allocate(10 ether);
        adapter.requestExit(4 ether);
        BaseLRTAdapter.ExitRequest memory r = adapter.openExits()[0];
        vm.warp(block.timestamp + kelp.withdrawalDelay());
        assertEq(adapter.claimExits(), 0, "not unlocked: nothing paid however long");
        kelp.updateRSETHPrice();
        _finalizeDue();
        assertEq(kelp.nextLockedNonce(kelp.ETH_TOKEN()), r.protocolId + 1, "unlocked");
        (, uint256 fixedPayout,) = kelp.withdrawalRequests(kelp.getRequestId(kelp.ETH_TOKEN(), r.protocolId));
        assertEq(fixedPayout, r.valueAtRequest);
        kelp.slash(500);
        kelp.updateRSETHPrice();
        feed.setPrice(int256(_fair()));
        assertEq(adapter.pendingExits(), fixedPayout, "valued at the fixed payout");
        assertEq(adapter.claimExits(), fixedPayout, "paid the fixed payout");
    }

    /// Row "unlock by the operator after the delay": a stranger cannot unlock; the operator cannot unlock a
    /// request younger than the delay.
    function test_real_kelp_unlockIsTheOperatorsAfterTheDelay() public {
        _allocate(10 ether);
        adapter.requestExit(1 ether);
        address eth = kelp.ETH_TOKEN();
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.UnauthorizedCaller.selector, attacker));
        kelp.unlockQueue(eth, type(uint256).max, 0, 0, type(uint256).max, type(uint256).max);
        _finalizeDue();
        assertEq(kelp.nextLockedNonce(eth), 0, "too young: still locked");
        vm.warp(block.timestamp + kelp.withdrawalDelay());
        _finalizeDue();
        assertEq(kelp.nextLockedNonce(eth), 1);
    }

    /// Row "a request is capped at the uncommitted assets": others queued everything else, then a slash hit; the
    /// commitments made at the old price now exceed what the protocol holds, so no request fits
    /// (ExceedAmountToWithdraw), and exitRequestLimits says so to the keeper before it tries.
    function test_real_kelp_requestCappedAtUncommittedAssets() public {
        _allocate(50 ether);
        address eth = kelp.ETH_TOKEN();
        uint256 others = pool.reserve0();
        pool.removeLiquidity(others, 0, address(this));
        lrtToken.approve(address(kelp), others);
        kelp.initiateWithdrawal(eth, others, "");
        (, uint256 maxBefore) = adapter.exitRequestLimits();
        assertGt(maxBefore, 49 ether, "the adapter's own position is still uncommitted");

        kelp.slash(100);
        assertEq(kelp.getAvailableAssetAmount(eth), 0, "commitments at the old price exceed the holdings");
        (, uint256 maxAfter) = adapter.exitRequestLimits();
        assertEq(maxAfter, 0, "no request fits");
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.ExitOutsideProtocolLimits.selector, 1 ether, 0, 0));
        adapter.requestExit(1 ether);
        vm.expectPartialRevert(SimErrorsLib.ExceedAmountToWithdraw.selector);
        kelp.initiateWithdrawal(eth, 1 ether, "");
    }

    function test_kelp_requestsSettleOldestFirst() public {
        _allocate(10 ether);
        adapter.requestExit(1 ether);
        vm.warp(block.timestamp + 1 days);
        adapter.requestExit(2 ether);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        vm.warp(exits[0].requestedAt + kelp.withdrawalDelay());
        _finalizeDue();
        assertEq(adapter.claimExits(), exits[0].valueAtRequest, "only the oldest is due");
        assertEq(kelp.openRequests(address(adapter)), 1);
        assertEq(adapter.openExits()[0].id, exits[1].id);
        vm.warp(exits[1].requestedAt + kelp.withdrawalDelay());
        _finalizeDue();
        assertEq(adapter.claimExits(), exits[1].valueAtRequest);
        assertEq(kelp.openRequests(address(adapter)), 0);
    }

    // ----- issue 18: an LRT operator may complete a user's oldest request for them, paying the user -----

    /// The operator settles the adapter's oldest request (`completeWithdrawalForUser`): the ETH reaches the
    /// adapter. claimExits must close that exit (its stored request is deleted), book the payout once, and still
    /// settle the next one itself; the old adapter's sequence counter then settled the wrong request and kept
    /// counting a paid one.
    function test_real_kelp_operatorCompletionClosesExitAndCountsPayoutOnce() public {
        address op = makeAddr("kelpOperator");
        _allocate(10 ether);
        adapter.requestExit(1 ether);
        adapter.requestExit(2 ether);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        _warpAndRefreshFeed(kelp.withdrawalDelay());
        uint256 valueBefore = adapter.realAssets();
        address eth = kelp.ETH_TOKEN();
        kelp.setOperator(op);

        vm.prank(op);
        kelp.completeWithdrawalForUser(eth, address(adapter), "");
        assertEq(address(adapter).balance, exits[0].valueAtRequest, "operator paid the adapter");

        uint256 out = adapter.claimExits();
        assertEq(out, exits[0].valueAtRequest + exits[1].valueAtRequest, "each request paid once");
        assertEq(adapter.openExits().length, 0, "both closed");
        assertEq(kelp.openRequests(address(adapter)), 0);
        assertEq(adapter.realAssets() + out, valueBefore, "value counted once");
    }

    function test_real_kelp_onlyTheOperatorCompletesForAUser() public {
        _allocate(10 ether);
        adapter.requestExit(1 ether);
        _passExitDelay();
        address eth = kelp.ETH_TOKEN();
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.UnauthorizedCaller.selector, attacker));
        kelp.completeWithdrawalForUser(eth, address(adapter), "");
    }
}
