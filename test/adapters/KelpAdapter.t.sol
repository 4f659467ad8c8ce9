// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {KelpAdapter} from "../../contracts/adapters/KelpAdapter.sol";
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

    function _syncRate() internal override {
        kelp.updateRSETHPrice();
    }

    function test_kelp_fairRateIsTheStoredOracleValueUntilUpdated() public {
        _allocate(10 ether);
        uint256 stored = adapter.fairRate();
        vm.warp(block.timestamp + 30 days);
        assertEq(adapter.fairRate(), stored, "stored price does not move by itself");
        kelp.slash(1_000);
        assertEq(adapter.fairRate(), stored, "a slash shows only after the keeper update");
        kelp.updateRSETHPrice();
        assertEq(adapter.fairRate(), kelp.accruedRate(), "update stores the accrued rate");
        assertLt(adapter.fairRate(), stored);
    }

    function test_kelp_requestsSettleOldestFirst() public {
        _allocate(10 ether);
        adapter.requestExit(1 ether);
        vm.warp(block.timestamp + 1 days);
        adapter.requestExit(2 ether);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        vm.warp(exits[0].requestedAt + kelp.withdrawalDelay());
        assertEq(adapter.claimExits(), exits[0].valueAtRequest, "only the oldest is due");
        assertEq(kelp.openRequests(address(adapter)), 1);
        assertEq(adapter.openExits()[0].id, exits[1].id);
        vm.warp(exits[1].requestedAt + kelp.withdrawalDelay());
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
        kelp.setOperator(op);
        _allocate(10 ether);
        adapter.requestExit(1 ether);
        adapter.requestExit(2 ether);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        _warpAndRefreshFeed(kelp.withdrawalDelay());
        uint256 valueBefore = adapter.realAssets();
        address eth = kelp.ETH_TOKEN();

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
        vm.warp(block.timestamp + kelp.withdrawalDelay());
        address eth = kelp.ETH_TOKEN();
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.UnauthorizedCaller.selector, attacker));
        kelp.completeWithdrawalForUser(eth, address(adapter), "");
    }
}
