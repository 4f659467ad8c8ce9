// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {EtherFiAdapter} from "../../contracts/adapters/EtherFiAdapter.sol";
import {AdapterErrorsLib} from "../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {
    SimEtherFiLiquidityPool,
    SimWeETH,
    SimEtherFiWithdrawRequestNFT
} from "../../contracts/simulation/SimEtherFi.sol";
import {AdapterTestBase} from "./AdapterTestBase.sol";

contract EtherFiAdapterTest is AdapterTestBase {
    SimEtherFiLiquidityPool internal lp;
    SimWeETH internal weETH;
    SimEtherFiWithdrawRequestNFT internal nft;

    function _deployProtocol() internal override {
        lp = new SimEtherFiLiquidityPool(address(this), INITIAL_RATE, APR_BPS);
        nft = new SimEtherFiWithdrawRequestNFT(lp);
        lp.setWithdrawRequestNFT(nft);
        weETH = new SimWeETH(lp);
        sim = lp;
        lrtToken = weETH;
        // unit tests report whenever they sync; the daily interval has its own test
        lp.setReportBounds(270, 0);
    }

    /// @dev Oracle reports until the published rate reaches the true rate (each bounded: +25 bps, -2.7 bps).
    function _syncRate() internal override {
        for (uint256 i; i < 500 && lp.publishedRate() != lp.accruedRate(); ++i) {
            lp.oracleReport();
        }
    }

    /// @dev The admin finalises every open request in a report.
    function _finalizeDue() internal override {
        uint256 last = nft.nextRequestId() - 1;
        if (last > nft.lastFinalizedRequestId()) nft.finalizeRequests(last);
    }

    function _deployAdapter(address feed_) internal override returns (BaseLRTAdapter) {
        return new EtherFiAdapter(
            address(this),
            address(weth),
            address(lp),
            address(lp),
            address(weETH),
            address(nft),
            address(pool),
            feed_,
            MAX_STALENESS
        );
    }

    function _mintLrt(uint256 eth) internal override returns (uint256) {
        vm.deal(address(this), address(this).balance + eth);
        lp.deposit{value: eth}();
        uint256 eEth = lp.balanceOf(address(this));
        lp.approve(address(weETH), eEth);
        return weETH.wrap(eEth);
    }

    function _exitDelay() internal view override returns (uint256) {
        return lp.withdrawalDelay();
    }

    function _settleAsStranger(BaseLRTAdapter.ExitRequest memory r) internal override returns (bool) {
        vm.prank(attacker);
        nft.claimWithdraw(r.protocolId);
        return true;
    }

    /// @dev Four reports' worth (2.7 bps each); `_syncRate` reports until the rate has caught up.
    function _slashBps() internal pure override returns (uint256) {
        return 10;
    }

    function test_etherFi_queuedExitIsAnNftHeldByTheAdapter() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        assertEq(nft.ownerOf(tokenId), address(adapter), "adapter owns the request NFT");
        assertFalse(nft.isFinalized(tokenId));
        vm.warp(block.timestamp + lp.withdrawalDelay());
        assertFalse(nft.isFinalized(tokenId), "time alone finalises nothing");
        _finalizeDue();
        assertTrue(nft.isFinalized(tokenId));
        adapter.claimExits();
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, tokenId));
        nft.ownerOf(tokenId);
    }

    function test_etherFi_rejectsForeignNft() public {
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.UnexpectedNft.selector, address(this)));
        adapter.onERC721Received(address(this), address(this), 1, "");
    }

    // ----- issue 18: anyone may claim a finalised request, paying the NFT's owner -----

    /// A stranger claims the adapter's finalised request: the ETH reaches the adapter, and claimExits must close
    /// the exit (its NFT is burned) and book the payout once. On the old adapter the exit stayed open and
    /// `pendingExits` kept counting the 4 ETH the vault had already received.
    function test_real_etherfi_thirdPartyClaimClosesExitAndCountsPayoutOnce() public {
        _allocate(10 ether);
        adapter.requestExit(4 ether);
        BaseLRTAdapter.ExitRequest memory r = adapter.openExits()[0];
        _warpAndRefreshFeed(_exitDelay());
        uint256 pending = adapter.pendingExits();
        uint256 valueBefore = adapter.realAssets();

        vm.prank(attacker);
        nft.claimWithdraw(r.protocolId);
        assertEq(address(adapter).balance, pending, "the claim paid the NFT owner, the adapter");
        assertEq(attacker.balance, 0, "nothing to the caller");

        uint256 out = adapter.claimExits();
        assertEq(out, pending, "the payout reaches the vault once");
        assertEq(adapter.openExits().length, 0, "exit closed, its slot freed");
        assertEq(adapter.pendingExits(), 0, "no longer counted as pending");
        assertEq(adapter.realAssets() + out, valueBefore, "value counted once, before and after");
        assertEq(adapter.claimExits(), 0, "nothing booked twice");
    }

    /// A third-party claim of one exit among several: only that exit closes; the others keep their value and are
    /// claimed normally later.
    function test_real_etherfi_thirdPartyClaimClosesOnlyItsOwnExit() public {
        _allocate(20 ether);
        adapter.requestExit(3 ether);
        adapter.requestExit(5 ether);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        _warpAndRefreshFeed(_exitDelay());
        vm.prank(attacker);
        nft.claimWithdraw(exits[1].protocolId);
        uint256 out = adapter.claimExits();
        assertEq(out, exits[0].valueAtRequest + exits[1].valueAtRequest, "both paid once");
        assertEq(adapter.openExits().length, 0);
    }

    /// Claims stay permissionless on the stand-in, as on mainnet: the stranger pays the owner, never itself.
    function test_real_etherfi_claimWithdrawPaysOwnerWhoeverCalls() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NotFinalized.selector, tokenId));
        nft.claimWithdraw(tokenId);
        _finalizeDue();
        uint256 amount = nft.getClaimableAmount(tokenId);
        vm.prank(attacker);
        nft.claimWithdraw(tokenId);
        assertEq(address(adapter).balance, amount, "owner paid");
        assertEq(nft.getRequest(tokenId).shareOfEEth, 0, "request deleted");
        assertTrue(nft.isFinalized(tokenId), "still reads as finalised after the claim");
    }

    // ----- issue 18: the rules of the real protocol (contracts/simulation/README.md, ether.fi rows) -----

    /// Row "rate moves only at oracle reports": time alone moves nothing; a report moves the rate up by at most
    /// 25 bps.
    function test_real_etherfi_rewardsReachTheRateOnlyAtReports() public {
        uint256 rate0 = weETH.getRate();
        vm.warp(block.timestamp + 30 days);
        assertEq(weETH.getRate(), rate0, "no report, no change");
        assertGt(lp.accruedRate(), rate0, "the true rate grew");
        lp.oracleReport();
        assertEq(weETH.getRate(), lp.accruedRate(), "one report books 30 days (under the 25 bps cap)");
        vm.warp(block.timestamp + 365 days);
        uint256 before = weETH.getRate();
        lp.oracleReport();
        assertEq(weETH.getRate(), before * 10_025 / 10_000, "a report moves up by at most 25 bps");
    }

    /// Row "a loss reaches the rate by at most 2.7 bps per daily report": a 1 % loss takes 38 reports (37 days),
    /// and the adapter's value (the published rate) overstates the position meanwhile.
    function test_real_etherfi_lossReachesTheRateAtMostPerReport() public {
        lp.setAprBps(0); // no yield meanwhile: the count is the loss's alone
        lp.setReportBounds(270, 1 days);
        _allocate(100 ether);
        uint256 published0 = weETH.getRate();
        lp.slash(100);
        assertEq(weETH.getRate(), published0, "the loss is outside the rate");
        uint256 trueValue = _value(adapter.lrtHeld(), lp.accruedRate());
        feed.setPrice(int256(published0));
        assertApproxEqAbs(adapter.realAssets() - trueValue, 1 ether, 0.01 ether, "about 1 ETH overstated on 100");
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.ReportTooSoon.selector, 0, 1 days));
        lp.oracleReport();
        uint256 reports;
        while (lp.publishedRate() != lp.accruedRate()) {
            vm.warp(block.timestamp + 1 days);
            uint256 before = lp.publishedRate();
            lp.oracleReport();
            assertGe(lp.publishedRate(), before * (1_000_000 - 270) / 1_000_000, "at most 2.7 bps per report");
            ++reports;
        }
        assertEq(reports, 38, "1 % at 2.7 bps a report");
    }

    /// Row "payout fixed at finalisation": a loss after finalisation does not lower what the request pays, and the
    /// adapter values the exit at that fixed payout (the old adapter showed the lower live value until the claim,
    /// then booked the gap as a gain).
    function test_real_etherfi_payoutFixedAtFinalisation() public {
        _allocate(10 ether);
        adapter.requestExit(4 ether);
        BaseLRTAdapter.ExitRequest memory r = adapter.openExits()[0];
        _finalizeDue();
        uint256 fixedPayout = nft.getClaimableAmount(r.protocolId);
        assertApproxEqAbs(fixedPayout, r.valueAtRequest, 2, "fixed at the request's value (eETH share rounding)");
        lp.slash(2);
        _syncRate();
        assertLt(_value(r.lrtAmount, _fair()), fixedPayout, "the live value fell");
        feed.setPrice(int256(_fair()));
        assertEq(adapter.pendingExits(), fixedPayout, "valued at what the protocol will pay");
        uint256 valueBefore = adapter.realAssets();
        uint256 out = adapter.claimExits();
        assertEq(out, fixedPayout, "paid the fixed amount");
        assertEq(adapter.realAssets() + out, valueBefore, "no gain booked at the claim");
    }

    /// Row "0.001 to 1,000 ETH per request": a 1,000 ETH exit goes through (the round-up wei is clamped), more is
    /// refused with the limits named, and exitRequestLimits tells the keeper.
    function test_real_etherfi_requestLimits() public {
        _allocate(1_500 ether);
        (uint256 minAssets, uint256 maxAssets) = adapter.exitRequestLimits();
        assertEq(minAssets, 0.001 ether);
        assertEq(maxAssets, 1_000 ether);
        vm.expectRevert(
            abi.encodeWithSelector(AdapterErrorsLib.ExitOutsideProtocolLimits.selector, 1_000 ether + 1, minAssets, maxAssets)
        );
        adapter.requestExit(1_000 ether + 1);
        vm.expectRevert(
            abi.encodeWithSelector(AdapterErrorsLib.ExitOutsideProtocolLimits.selector, 0.0009 ether, minAssets, maxAssets)
        );
        adapter.requestExit(0.0009 ether);
        adapter.requestExit(1_000 ether);
        uint256 requested = nft.getRequest(adapter.openExits()[0].protocolId).amountOfEEth;
        assertLe(requested, 1_000 ether, "never above the maximum");
        assertApproxEqAbs(requested, 1_000 ether, 1, "the whole 1,000 ETH");
        vm.expectRevert(
            abi.encodeWithSelector(SimErrorsLib.WithdrawalOutsideLimits.selector, 1_000 ether + 1, 0.001 ether, 1_000 ether)
        );
        lp.requestWithdraw(address(this), 1_000 ether + 1);
    }

    /// Row "finalised by the admin in a report, not by time": without the admin, nothing is claimable however long.
    function test_real_etherfi_finalisationIsTheAdminsNotATimer() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        vm.warp(block.timestamp + 60 days);
        feed.setPrice(int256(_fair()));
        assertEq(adapter.claimExits(), 0, "60 days, no finalisation, nothing paid");
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.UnauthorizedCaller.selector, attacker));
        nft.finalizeRequests(tokenId);
        _finalizeDue();
        assertGt(adapter.claimExits(), 0);
    }
}
