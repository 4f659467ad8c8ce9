// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {SwellAdapter} from "../../contracts/adapters/SwellAdapter.sol";
import {AdapterErrorsLib} from "../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {SimRswETH, SimRswEXIT} from "../../contracts/simulation/SimSwell.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {AdapterTestBase} from "./AdapterTestBase.sol";

contract SwellAdapterTest is AdapterTestBase {
    SimRswETH internal rswETH;
    SimRswEXIT internal rswEXIT;

    function _deployProtocol() internal override {
        rswETH = new SimRswETH(address(this), INITIAL_RATE, APR_BPS);
        rswEXIT = new SimRswEXIT(rswETH);
        rswETH.setExitQueue(address(rswEXIT));
        sim = rswETH;
        lrtToken = rswETH;
        // unit tests reprice whenever they sync, by any amount; the bounds have their own tests
        rswETH.setRepriceBounds(10_000, 0);
    }

    /// @dev The bot reprices to the true rate; a downward reprice's lockdown is lifted by the role at once.
    function _syncRate() internal override {
        if (rswETH.publishedRate() == rswETH.accruedRate()) return;
        if (rswETH.repriceLockdown()) rswETH.setRepriceLockdown(false);
        rswETH.reprice();
        if (rswETH.repriceLockdown()) rswETH.setRepriceLockdown(false);
    }

    /// @dev The processor processes every open request.
    function _finalizeDue() internal override {
        uint256 last = rswEXIT.getLastTokenIdCreated();
        if (last > rswEXIT.getLastTokenIdProcessed()) rswEXIT.processWithdrawals(last);
    }

    /// @dev Within the generic tests' reprice bound.
    function _slashBps() internal pure override returns (uint256) {
        return 50;
    }

    function _deployAdapter(address feed_) internal override returns (BaseLRTAdapter) {
        return new SwellAdapter(
            address(this), address(weth), address(rswETH), address(rswEXIT), address(pool), feed_, MAX_STALENESS
        );
    }

    function _mintLrt(uint256 eth) internal override returns (uint256 minted) {
        vm.deal(address(this), address(this).balance + eth);
        uint256 before = rswETH.balanceOf(address(this));
        rswETH.deposit{value: eth}();
        minted = rswETH.balanceOf(address(this)) - before;
    }

    function _exitDelay() internal view override returns (uint256) {
        return rswETH.withdrawalDelay();
    }

    function test_swell_queuedExitIsAnNftHeldByTheAdapter() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        assertEq(tokenId, rswEXIT.getLastTokenIdCreated());
        assertEq(rswEXIT.ownerOf(tokenId), address(adapter));
        vm.warp(block.timestamp + rswETH.withdrawalDelay());
        assertEq(adapter.claimExits(), 0, "time alone processes nothing");
        _finalizeDue();
        assertGt(adapter.claimExits(), 0);
        assertEq(rswEXIT.balanceOf(address(adapter)), 0, "NFT burned on finalisation");
    }

    /// Swell's finalizeWithdrawal is the NFT owner's only (mainnet, after its audit): a stranger cannot settle
    /// the adapter's request, so no payout arrives outside claimExits.
    function test_real_swell_onlyTheNftOwnerFinalizes() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        _passExitDelay();
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NotRequestOwner.selector, tokenId, attacker));
        rswEXIT.finalizeWithdrawal(tokenId);
        assertEq(adapter.openExits().length, 1, "still open, still counted");
    }

    // ----- issue 18: the rules of the real protocol (contracts/simulation/README.md, Swell rows) -----

    /// Row "the rate moves only by the bot's reprice, within a bound, at most daily": a 3 % loss stays outside the
    /// rate because the honest reprice is refused; the adapter (reading the rate) overstates meanwhile.
    function test_real_swell_repriceBoundKeepsALossOutsideTheRate() public {
        rswETH.setRepriceBounds(100, 1 days);
        _allocate(10 ether);
        uint256 rate0 = rswETH.getRate();
        vm.warp(block.timestamp + 1 days);
        rswETH.slash(300);
        assertEq(rswETH.getRate(), rate0, "no reprice, no change");
        vm.expectPartialRevert(SimErrorsLib.RepriceDifferenceTooLarge.selector);
        rswETH.reprice();
        feed.setPrice(int256(rate0));
        assertGt(adapter.realAssets(), _value(adapter.lrtHeld(), rswETH.accruedRate()), "overstated");
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.UnauthorizedCaller.selector, attacker));
        rswETH.reprice();
    }

    function test_real_swell_repriceAtMostDaily() public {
        rswETH.setRepriceBounds(100, 1 days);
        vm.warp(block.timestamp + 12 hours);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.ReportTooSoon.selector, 12 hours, 1 days));
        rswETH.reprice();
        vm.warp(block.timestamp + 12 hours);
        rswETH.reprice();
        assertEq(rswETH.getRate(), rswETH.accruedRate());
    }

    /// Row "an accepted downward reprice locks the protocol down": allocate and requestExit revert until a role
    /// lifts it; claims of processed requests still pay.
    function test_real_swell_downwardRepriceLocksDepositsAndRequests() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        _finalizeDue();
        rswETH.slash(50);
        vm.expectEmit(address(rswETH));
        emit SimRswETH.BotMethodsPause(true);
        rswETH.reprice();
        assertTrue(rswETH.repriceLockdown());
        feed.setPrice(int256(_fair()));
        vm.deal(address(this), 1 ether);
        weth.deposit{value: 1 ether}();
        weth.transfer(address(adapter), 1 ether);
        vm.expectRevert(SimErrorsLib.RepriceLockdown.selector);
        adapter.allocate(1 ether, 0);
        vm.expectRevert(SimErrorsLib.RepriceLockdown.selector);
        adapter.requestExit(1 ether);
        vm.expectRevert(SimErrorsLib.RepriceLockdown.selector);
        rswETH.reprice();
        assertGt(adapter.claimExits(), 0, "a processed request still pays");
        rswETH.setRepriceLockdown(false);
        adapter.requestExit(1 ether);
    }

    /// Row "payout fixed at processing": amount x min(rate at request, rate at processing); a later reprice does
    /// not change it, and the adapter values the exit at it.
    function test_real_swell_payoutFixedAtProcessing() public {
        _allocate(10 ether);
        adapter.requestExit(4 ether);
        BaseLRTAdapter.ExitRequest memory r = adapter.openExits()[0];
        _finalizeDue();
        (bool processed, uint256 processedRate) = rswEXIT.getProcessedRateForTokenId(r.protocolId);
        assertTrue(processed);
        uint256 fixedPayout = _value(r.lrtAmount, processedRate);
        rswETH.slash(50);
        _syncRate();
        feed.setPrice(int256(_fair()));
        assertLt(_value(r.lrtAmount, _fair()), fixedPayout, "the live value fell");
        assertEq(adapter.pendingExits(), fixedPayout, "valued at the fixed payout");
        assertEq(adapter.claimExits(), fixedPayout, "paid it");
    }

    /// Row "per-request limits and whitelists": outside the limits (zero until set on mainnet) nothing is requested;
    /// with the whitelist on, a stranger cannot request or deposit.
    function test_real_swell_requestLimitsAndWhitelists() public {
        _allocate(10 ether);
        (uint256 minAssets, uint256 maxAssets) = adapter.exitRequestLimits();
        assertApproxEqAbs(minAssets, _value(0.005 ether, _fair()), 1, "0.005 rswETH");
        assertEq(maxAssets, adapter.realAssets() - adapter.pendingExits(), "capped by the position");
        rswEXIT.setWithdrawRequestLimits(0, 0);
        (, maxAssets) = adapter.exitRequestLimits();
        assertEq(maxAssets, 0, "zero maximum: no request possible");
        vm.expectPartialRevert(AdapterErrorsLib.ExitOutsideProtocolLimits.selector);
        adapter.requestExit(1 ether);
        rswEXIT.setWithdrawRequestLimits(0.005 ether, 500 ether);
        rswEXIT.setWithdrawalWhitelist(address(this), true, true);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NotWhitelisted.selector, address(adapter)));
        adapter.requestExit(1 ether);
        rswETH.setWhitelist(address(this), true, true);
        vm.deal(attacker, 1 ether);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NotWhitelisted.selector, attacker));
        rswETH.deposit{value: 1 ether}();
    }
}
