// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {PufferAdapter} from "../../contracts/adapters/PufferAdapter.sol";
import {AdapterErrorsLib} from "../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {SimPufferVault, SimPufferWithdrawalManager} from "../../contracts/simulation/SimPuffer.sol";
import {AdapterTestBase} from "./AdapterTestBase.sol";

/// Puffer forbids two withdrawal requests (and a deposit then a withdrawal) in one transaction, so every call
/// of these tests runs as its own transaction.
/// forge-config: default.isolate = true
contract PufferAdapterTest is AdapterTestBase {
    SimPufferVault internal puffer;
    SimPufferWithdrawalManager internal manager;

    function _deployProtocol() internal override {
        puffer = new SimPufferVault(address(this), IERC20(address(weth)), INITIAL_RATE, APR_BPS);
        manager = new SimPufferWithdrawalManager(puffer);
        puffer.setWithdrawalManager(address(manager));
        sim = puffer;
        lrtToken = puffer;
    }

    function _deployAdapter(address feed_) internal override returns (BaseLRTAdapter) {
        return new PufferAdapter(
            address(this), address(weth), address(puffer), address(manager), address(pool), feed_, MAX_STALENESS
        );
    }

    function _mintLrt(uint256 eth) internal override returns (uint256) {
        vm.deal(address(this), address(this).balance + eth);
        return puffer.depositETH{value: eth}(address(this));
    }

    function _exitDelay() internal view override returns (uint256) {
        return puffer.withdrawalDelay();
    }

    function _settleAsStranger(BaseLRTAdapter.ExitRequest memory r) internal override returns (bool) {
        vm.prank(makeAddr("stranger"));
        manager.completeQueuedWithdrawal(r.protocolId);
        return true;
    }

    address internal filler = makeAddr("batchFiller");

    /// @dev Other users fill the open batch to 10 requests (one per transaction), then the finaliser finalises
    /// every full batch.
    function _finalizeDue() internal override {
        uint256 size = manager.BATCH_SIZE();
        uint256 len = manager.getWithdrawalsLength();
        if (len % size != 0) {
            uint256 missing = size - (len % size);
            vm.deal(filler, 1 ether);
            vm.prank(filler);
            puffer.depositETH{value: 1 ether}(filler);
            vm.prank(filler);
            puffer.approve(address(manager), type(uint256).max);
            for (uint256 i; i < missing; ++i) {
                vm.prank(filler);
                manager.requestWithdrawal(0.01 ether, filler);
            }
            len += missing;
        }
        if (len / size > manager.finalizedBatches()) manager.finalizeWithdrawals(len / size - 1);
    }

    function test_puffer_queuedExitPaysWeth() public {
        _allocate(10 ether);
        adapter.requestExit(3 ether);
        BaseLRTAdapter.ExitRequest memory r = adapter.openExits()[0];
        assertEq(r.protocolId, manager.getWithdrawalsLength() - 1, "withdrawal index tracked");
        vm.warp(block.timestamp + puffer.withdrawalDelay());
        _finalizeDue();
        uint256 before = weth.balanceOf(address(this));
        uint256 out = adapter.claimExits();
        assertEq(out, r.valueAtRequest);
        assertEq(weth.balanceOf(address(this)) - before, out);
    }

    /// @dev H-1: anyone may complete a finalised Puffer withdrawal, paying the adapter outside claimExits. The exit
    /// keeps counting until the adapter's claim, which closes it and brings the payout to the vault.
    function test_review_H01_thirdPartyCompletionClosesTheExitAndPaysTheVault() public {
        _allocate(10 ether);
        adapter.requestExit(3 ether);
        uint256 idx = adapter.openExits()[0].protocolId;
        uint256 claimable = adapter.pendingExits();
        _warpAndRefreshFeed(puffer.withdrawalDelay());
        claimable = adapter.pendingExits();
        uint256 realBefore = adapter.realAssets();
        vm.prank(makeAddr("stranger"));
        manager.completeQueuedWithdrawal(idx);
        assertEq(weth.balanceOf(address(adapter)), claimable, "the payout landed in the adapter");
        assertEq(adapter.realAssets(), realBefore, "still counted until claimed");
        uint256 before = weth.balanceOf(address(this));
        uint256 out = adapter.claimExits();
        assertEq(out, claimable);
        assertEq(weth.balanceOf(address(this)) - before, claimable, "and it reached the vault");
        assertEq(adapter.openExits().length, 0, "the exit is closed");
        assertEq(adapter.pendingExits(), 0);
        assertEq(weth.balanceOf(address(adapter)), 0);
    }

    /// @dev H-1: third-party completions cannot fill the bounded list of open exits for good.
    function test_review_H01_thirdPartyCompletionsCannotFillTheExitList() public {
        _allocate(40 ether);
        uint256 n = adapter.MAX_OPEN_EXITS();
        for (uint256 i; i < n; ++i) {
            adapter.requestExit(1 ether);
        }
        vm.warp(block.timestamp + puffer.withdrawalDelay());
        _finalizeDue();
        for (uint256 i; i < n; ++i) {
            manager.completeQueuedWithdrawal(adapter.openExits()[i].protocolId);
        }
        adapter.claimExits();
        assertEq(adapter.openExits().length, 0);
        adapter.requestExit(1 ether); // room again
    }

    // ----- issue 18: the rules of the real protocol (contracts/simulation/README.md, Puffer rows) -----

    /// Row "full batches of 10, finalised by a finaliser, not a timer": a lone request is never finalised, however
    /// long; the finaliser cannot finalise a batch that is not full; a stranger cannot finalise at all.
    function test_real_puffer_onlyFullBatchesAreFinalised() public {
        _allocate(10 ether);
        adapter.requestExit(1 ether);
        vm.warp(block.timestamp + 30 days);
        feed.setPrice(int256(_fair()));
        assertEq(adapter.claimExits(), 0, "30 days on, nothing paid");
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.BatchNotFull.selector, 0, 10));
        manager.finalizeWithdrawals(0);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.UnauthorizedCaller.selector, attacker));
        manager.finalizeWithdrawals(0);
        _finalizeDue();
        assertGt(adapter.claimExits(), 0, "paid once its batch filled and was finalised");
    }

    /// Row "payout min(request rate, batch rate), fixed at finalisation": a slash after the batch is finalised does
    /// not lower it; a slash before does.
    function test_real_puffer_payoutFixedAtBatchFinalisation() public {
        _allocate(10 ether);
        adapter.requestExit(3 ether);
        uint256 idx = adapter.openExits()[0].protocolId;
        puffer.slash(100);
        _finalizeDue();
        uint256 fixedPayout = manager.payoutOf(idx);
        assertLt(fixedPayout, adapter.openExits()[0].valueAtRequest, "the loss before finalisation is passed on");
        puffer.slash(500);
        assertEq(manager.payoutOf(idx), fixedPayout, "the loss after it is not");
        feed.setPrice(int256(_fair()));
        assertEq(adapter.claimExits(), fixedPayout);
    }

    /// Row "32 ETH per validator until the exit is processed, then net of the bond": a beacon-chain loss does not
    /// move the rate (the adapter cannot see it); processing books it less the burned bond.
    function test_real_puffer_beaconLossReachesTheRateOnlyWhenExitsAreProcessed() public {
        _allocate(10 ether);
        uint256 rate0 = puffer.convertToAssets(1e18);
        puffer.beaconChainLoss(300);
        assertEq(puffer.convertToAssets(1e18), rate0, "still 32 ETH per validator");
        puffer.processValidatorExits(60);
        assertEq(puffer.convertToAssets(1e18), rate0 * (10_000 - 240) / 10_000, "booked net of the bond");
    }

    /// Row "DAO maximum per request": beyond it the adapter refuses with the limits named.
    function test_real_puffer_daoMaximumPerRequest() public {
        _allocate(10 ether);
        manager.setMaxWithdrawalAmount(2 ether);
        (uint256 minAssets, uint256 maxAssets) = adapter.exitRequestLimits();
        assertEq(maxAssets, 2 ether * _fair() / 1e18, "2 pufETH at the fair rate");
        vm.expectRevert(
            abi.encodeWithSelector(AdapterErrorsLib.ExitOutsideProtocolLimits.selector, 3 ether, minAssets, maxAssets)
        );
        adapter.requestExit(3 ether);
    }
}
