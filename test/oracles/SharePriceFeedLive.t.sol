// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ILRTVaultAdmin} from "../../contracts/interfaces/ILRTVault.sol";
import {ErrorsLib} from "../../contracts/libraries/ErrorsLib.sol";
import {EventsLib} from "../../contracts/libraries/EventsLib.sol";
import {ConstantsLib} from "../../contracts/libraries/ConstantsLib.sol";
import {SharePriceFeed} from "../../contracts/oracles/SharePriceFeed.sol";
import {VaultTestBase} from "../VaultTestBase.sol";

/// @notice The feed between reports: v2 calls beside v3's, the live answer under the yearly growth cap (Aave CAPO's
/// idea) and the instant fall on a loss.
contract SharePriceFeedLiveTest is VaultTestBase {
    SharePriceFeed internal f;

    function setUp() public override {
        super.setUp();
        f = SharePriceFeed(address(feed));
        _deposit(alice, 100 ether);
        _allocate(adapter, 80 ether);
    }

    function _latest() internal view returns (uint256 answer, uint256 updatedAt, uint80 roundId) {
        (uint80 id, int256 a,, uint256 u,) = f.latestRoundData();
        return (uint256(a), u, id);
    }

    function _capped(uint256 anchor, uint256 bps, uint256 elapsed) internal pure returns (uint256) {
        return anchor + anchor * bps * elapsed / (ConstantsLib.BPS * ConstantsLib.YEAR);
    }

    function test_v2CallsAgreeWithV3AtEveryBlock() public {
        _gain(adapter, 0.05 ether);
        _report();
        vm.warp(block.timestamp + 1 days);
        (uint256 answer, uint256 updatedAt, uint80 id) = _latest();
        assertEq(uint256(f.latestAnswer()), answer);
        assertEq(f.latestTimestamp(), updatedAt);
        assertEq(f.latestRound(), id);
        assertEq(uint256(f.getAnswer(id)), answer);
        assertEq(f.getTimestamp(id), updatedAt);
        (uint80 rid, int256 a, uint256 startedAt, uint256 u, uint80 answeredIn) = f.getRoundData(id);
        assertEq(rid, id);
        assertEq(uint256(a), answer, "I-1: getRoundData(latestRound) is latestRoundData");
        assertEq(startedAt, updatedAt);
        assertEq(u, updatedAt);
        assertEq(answeredIn, id);
        // An older round answers what was published then.
        assertEq(f.getAnswer(id - 1), 1e18);
        assertEq(f.getTimestamp(id - 1), 1_700_000_000);
        // Rounds not kept answer zero (Chainlink's v2 convention), where getRoundData reverts.
        assertEq(f.getAnswer(0), 0);
        assertEq(f.getTimestamp(0), 0);
        assertEq(f.getAnswer(uint256(id) + 1), 0);
        assertEq(f.getTimestamp(uint256(id) + 1), 0);
    }

    function test_v2GettersForgetRoundsOutsideTheRingBuffer() public {
        for (uint256 i; i < ConstantsLib.FEED_CAPACITY; ++i) {
            vm.warp(block.timestamp + 1 hours);
            _report();
        }
        uint256 latest = f.latestRound();
        assertEq(latest, ConstantsLib.FEED_CAPACITY + 1);
        assertEq(f.getAnswer(1), 0);
        assertEq(f.getTimestamp(1), 0);
        assertEq(uint256(f.getAnswer(2)), 1e18);
        assertEq(f.getTimestamp(latest), block.timestamp);
    }

    /// @dev The held-out lender scenario: a week without a report while a realistic profit unlocks. The answer is the
    /// vault's own price, not the last round's.
    function test_answerFollowsTheVaultPriceAsProfitUnlocks() public {
        _gain(adapter, 0.18 ether); // 0.18 % of 100 ETH, unlocking over 7 days: about 9.4 % a year, under the cap
        _report();
        (uint256 anchor, uint256 publishedAt, uint80 id) = _latest();
        assertEq(anchor, 1e18);
        vm.warp(block.timestamp + 3 days);
        (uint256 answer, uint256 updatedAt, uint80 idNow) = _latest();
        assertEq(answer, vault.pricePerShare());
        assertGt(answer, anchor);
        assertEq(updatedAt, publishedAt, "updatedAt stays the report's time: heartbeat measures report cadence");
        assertEq(idNow, id);
        vm.warp(block.timestamp + 4 days);
        assertEq(uint256(f.latestAnswer()), vault.pricePerShare());
        assertApproxEqAbs(uint256(f.latestAnswer()), 1.0018e18, 1);
    }

    function test_growthCapBindsOnARiseFasterThanItAllows() public {
        _gain(adapter, 5 ether);
        _report();
        vm.warp(block.timestamp + 2 days);
        uint256 answer = uint256(f.latestAnswer());
        assertEq(answer, _capped(1e18, ConstantsLib.DEFAULT_FEED_MAX_YEARLY_GROWTH_BPS, 2 days));
        assertLt(answer, vault.pricePerShare());
    }

    function test_zeroCapKeepsThePublishedAnswerBetweenReports() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setFeedGrowthCap, (0)));
        assertEq(f.maxYearlyGrowthBps(), 0);
        _gain(adapter, 0.1 ether);
        _report();
        vm.warp(block.timestamp + 5 days);
        assertEq(uint256(f.latestAnswer()), 1e18);
        assertGt(vault.pricePerShare(), 1e18);
    }

    function test_raisingTheGrowthCapIsTimelockedLoweringIsNot() public {
        bytes memory raise = abi.encodeCall(ILRTVaultAdmin.setFeedGrowthCap, (2_000));
        vm.expectRevert(ErrorsLib.NotSubmitted.selector);
        _curatorCall(raise);
        vm.prank(curator);
        vault.submit(raise);
        vm.warp(block.timestamp + vault.timelock());
        vm.expectEmit(address(f));
        emit EventsLib.FeedGrowthCapSet(2_000);
        _curatorCall(raise);
        assertEq(f.maxYearlyGrowthBps(), 2_000);
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setFeedGrowthCap, (500)));
        assertEq(f.maxYearlyGrowthBps(), 500);
        bytes memory tooHigh = abi.encodeCall(ILRTVaultAdmin.setFeedGrowthCap, (10_001));
        vm.prank(curator);
        vault.submit(tooHigh);
        vm.warp(block.timestamp + vault.timelock());
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.BpsTooHigh.selector, 10_001, 10_000));
        _curatorCall(tooHigh);
    }

    function test_onlyTheCuratorSetsTheCapAndOnlyThroughTheVault() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, attacker, vault.CURATOR_ROLE()));
        vm.prank(attacker);
        vault.setFeedGrowthCap(0);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.OnlyVault.selector, curator));
        vm.prank(curator);
        f.setMaxYearlyGrowth(0);
    }

    function test_aLossFallsAtOnceWithoutTheKeeper() public {
        _gain(adapter, 0.05 ether);
        _report();
        vm.warp(block.timestamp + 3 days);
        uint256 before = uint256(f.latestAnswer());
        uint256 roundBefore = f.latestRound();
        _slash(adapter, 0.5 ether);
        vm.prank(attacker);
        vault.recognizeLosses(); // anyone
        uint256 answer = uint256(f.latestAnswer());
        assertEq(answer, vault.pricePerShare());
        assertLt(answer, before);
        assertEq(f.latestRound(), roundBefore + 1);
        assertEq(f.latestTimestamp(), block.timestamp);
    }

    function test_haltedFeedAnswersThePublishedRound() public {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setProfitUnlockPeriod, (1)));
        _gain(adapter, 5 ether);
        _report();
        vm.warp(block.timestamp + 1);
        _report(); // +5 %: beyond the 1 % per-report bound, withheld, halts
        assertTrue(vault.priceHalted());
        assertTrue(f.halted());
        (uint256 published, uint256 updatedAt,) = _latest();
        vm.warp(block.timestamp + 3 days);
        assertEq(uint256(f.latestAnswer()), published);
        assertEq(f.latestTimestamp(), updatedAt);
        vm.prank(guardian);
        vault.unpause();
        assertFalse(f.halted());
        assertEq(uint256(f.latestAnswer()), vault.pricePerShare());
    }

    /// @dev Fuzz: between reports the answer is exactly min(vault price, published answer grown by the cap), so it
    /// is never above the vault's price and never above the cap, whatever the profit, the cap and the time.
    function testFuzz_answerIsTheVaultPriceUnderTheGrowthCap(uint256 gain, uint256 capBps, uint256 elapsed) public {
        gain = bound(gain, 0, 0.8 ether);
        capBps = bound(capBps, 0, ConstantsLib.DEFAULT_FEED_MAX_YEARLY_GROWTH_BPS);
        elapsed = bound(elapsed, 0, 60 days);
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setFeedGrowthCap, (uint16(capBps))));
        _gain(adapter, gain);
        _report();
        (uint256 anchor,,) = _latest();
        vm.warp(block.timestamp + elapsed);
        uint256 answer = uint256(f.latestAnswer());
        uint256 price = vault.pricePerShare();
        uint256 cap = _capped(anchor, capBps, elapsed);
        assertEq(answer, price < cap ? price : cap);
        assertLe(answer, price);
        assertGe(answer, anchor);
    }

    /// @dev Fuzz: a recognised loss lowers the answer to the vault's price at once (no report, no cap lag), after any
    /// profit and any wait.
    function testFuzz_aLossIsAnsweredAtOnce(uint256 gain, uint256 loss, uint256 elapsed) public {
        gain = bound(gain, 0, 0.8 ether);
        elapsed = bound(elapsed, 0, 30 days);
        _gain(adapter, gain);
        _report();
        vm.warp(block.timestamp + elapsed);
        uint256 priceBefore = vault.pricePerShare();
        loss = bound(loss, 1, 20 ether);
        _slash(adapter, loss);
        vault.recognizeLosses();
        uint256 price = vault.pricePerShare();
        uint256 answer = uint256(f.latestAnswer());
        if (price < priceBefore) {
            assertEq(answer, price, "a fall is answered at once");
            assertEq(f.latestTimestamp(), block.timestamp);
        }
        assertLe(answer, price, "never above the price after a loss");
    }
}
