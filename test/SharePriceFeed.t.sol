// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin} from "../contracts/interfaces/ILRTVault.sol";
import {IWETH9} from "../contracts/interfaces/protocols/IWETH9.sol";
import {ErrorsLib} from "../contracts/libraries/ErrorsLib.sol";
import {ConstantsLib} from "../contracts/libraries/ConstantsLib.sol";
import {SharePriceFeed} from "../contracts/oracles/SharePriceFeed.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";
import {LendingMarketConsumer} from "./mocks/LendingMarketConsumer.sol";

/// @notice The share-price feed as a lending market sees it.
contract SharePriceFeedTest is VaultTestBase {
    uint256 internal constant MAX_AGE = 1 days;
    LendingMarketConsumer internal market;

    function setUp() public override {
        super.setUp();
        market = new LendingMarketConsumer(feed, MAX_AGE);
        _deposit(alice, 100 ether);
        _allocate(adapter, 80 ether);
    }

    function _answer() internal view returns (uint256 answer, uint256 updatedAt, uint80 roundId) {
        (uint80 id, int256 a,, uint256 u,) = feed.latestRoundData();
        return (uint256(a), u, id);
    }

    function test_feedDescribesItselfAsAnAggregatorV3() public view {
        assertEq(feed.decimals(), 18);
        assertEq(feed.version(), 2);
        assertEq(feed.description(), "lrtETH / WETH");
        assertEq(feed.vault(), address(vault));
    }

    function test_feedRoundIdsIncreaseByOnePerReport() public {
        (, uint256 updatedAt, uint80 id) = _answer();
        assertEq(id, 1); // published when the vault was created
        vm.warp(block.timestamp + 1 hours);
        _report();
        (, updatedAt, id) = _answer();
        assertEq(id, 2);
        assertEq(updatedAt, block.timestamp);
        vm.warp(block.timestamp + 1 hours);
        _report();
        (uint80 rid, int256 answer, uint256 startedAt, uint256 upd, uint80 answeredIn) = feed.getRoundData(3);
        assertEq(rid, 3);
        assertEq(uint256(answer), 1e18);
        assertEq(startedAt, block.timestamp);
        assertEq(upd, block.timestamp);
        assertEq(answeredIn, 3);
    }

    function test_getRoundDataKeepsOnlyTheRingBuffer() public {
        for (uint256 i; i < ConstantsLib.FEED_CAPACITY + 5; ++i) {
            vm.warp(block.timestamp + 1 hours);
            _report();
        }
        uint80 latest = uint80(SharePriceFeed(address(feed)).latestRound());
        assertEq(latest, ConstantsLib.FEED_CAPACITY + 6);
        uint80 oldestKept = uint80(latest - ConstantsLib.FEED_CAPACITY + 1);
        feed.getRoundData(oldestKept);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.RoundNotKept.selector, oldestKept - 1));
        feed.getRoundData(oldestKept - 1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.RoundNotKept.selector, latest + 1));
        feed.getRoundData(latest + 1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.RoundNotKept.selector, 0));
        feed.getRoundData(0);
    }

    function test_onlyTheVaultPublishes() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.OnlyVault.selector, attacker));
        vm.prank(attacker);
        feed.publish(1e18, 2e18, 10_000, 10_000, false);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.OnlyVault.selector, attacker));
        vm.prank(attacker);
        feed.resume(2e18);
    }

    function test_feedAnswerRisesOnlyAsProfitUnlocksUnderTheGrowthCap() public {
        _gain(adapter, 10 ether);
        _report();
        assertEq(market.price(), 1e18);
        // 10 ETH unlock over 7 days: one day later a seventh is in the vault's price (a 1.4 % day, far above any
        // yield); the feed follows it only up to the default 15 %-a-year cap on the published round's answer.
        vm.warp(block.timestamp + 1 days);
        uint256 capped = 1e18 + uint256(1e18) * 1_500 * 1 days / (10_000 * 365 days);
        assertEq(market.price(), capped);
        assertLt(market.price(), vault.pricePerShare());
        // A report re-anchors the answer at the vault's price (within the per-report and per-day bounds).
        _report();
        uint256 dayOne = market.price();
        assertEq(dayOne, vault.pricePerShare());
        assertApproxEqAbs(dayOne, 1e18 + uint256(1e18) / 70, 1);
        vm.warp(block.timestamp + 2.5 days);
        _report();
        assertApproxEqAbs(market.price(), 1.05e18, 1);
    }

    function test_feedAnswerFallsAtOnceOnALoss() public {
        _slash(adapter, 0.5 ether); // 0.5 %, within the 1 % bound, no reserve
        _report();
        assertApproxEqAbs(market.price(), 0.995e18, 1);
        assertFalse(vault.priceHalted());
    }

    function test_consumer_donationGivesTheSamePrice() public {
        uint256 before = market.price();
        _wethFor(attacker, 50 ether);
        vm.prank(attacker);
        weth.transfer(address(vault), 50 ether);
        vm.deal(address(vault), 50 ether);
        _gain(adapter, 50 ether); // also an LRT donation to the adapter, not yet reported
        assertEq(market.price(), before);
    }

    function test_consumer_sandwichAroundReportSeesNoJump() public {
        _gain(adapter, 8 ether);
        uint256 before = market.price();
        _deposit(attacker, 100 ether);
        _report();
        assertEq(market.price(), before);
    }

    /// @dev M-4: a recognised loss beyond the bound is published at once (a lender liquidates on the true value);
    /// the vault pauses deposits and withdrawals, but the feed is not halted.
    function test_review_M04_lossBeyondTheBoundIsPublishedAndPauses() public {
        (uint256 goodAnswer,, uint80 goodId) = _answer();
        _slash(adapter, 5 ether); // 5 %: beyond the 1 % per-report bound
        _report();
        assertFalse(vault.priceHalted());
        assertTrue(vault.paused());
        (uint256 answer, uint256 updatedAt, uint80 id) = _answer();
        assertEq(id, goodId + 1);
        assertEq(updatedAt, block.timestamp);
        assertEq(answer, vault.pricePerShare());
        assertLt(answer, goodAnswer);
        assertApproxEqAbs(market.price(), 0.95e18, 1);
        // Deposits and withdrawals are paused.
        assertEq(vault.maxDeposit(alice), 0);
        assertEq(vault.maxWithdraw(alice), 0);
    }

    /// @dev Only a rise beyond the bound is withheld: the feed halts on its last good round and then goes stale.
    function test_consumer_riseBeyondBoundHaltsFeedOnLastGoodRoundThenStops() public {
        (uint256 goodAnswer, uint256 goodUpdatedAt, uint80 goodId) = _answer();
        _gainInstant(5 ether);
        assertTrue(vault.priceHalted());
        assertTrue(vault.paused());
        (uint256 answer, uint256 updatedAt, uint80 id) = _answer();
        assertEq(answer, goodAnswer);
        assertEq(updatedAt, goodUpdatedAt);
        assertEq(id, goodId + 1, "only the locking report's round, at the unchanged price");
        vm.warp(goodUpdatedAt + MAX_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(LendingMarketConsumer.StalePrice.selector, goodUpdatedAt, block.timestamp)
        );
        market.price();
    }

    /// @dev A profit that reaches the price within a second (unlock period one second), then a report.
    function _gainInstant(uint256 assets) internal {
        if (vault.profitUnlockPeriod() != 1) _timelocked(abi.encodeCall(ILRTVaultAdmin.setProfitUnlockPeriod, (1)));
        _gain(adapter, assets);
        _report();
        vm.warp(block.timestamp + 1);
        _report();
    }

    function test_haltedVaultDoesNotPublishFurtherReports() public {
        _gainInstant(5 ether);
        assertTrue(vault.priceHalted());
        (,, uint80 id) = _answer();
        vm.warp(block.timestamp + 1 hours);
        _report();
        (,, uint80 idAfter) = _answer();
        assertEq(idAfter, id);
    }

    function test_perDayBoundPausesOnCumulativeMoves() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (100, 150)));
        _slash(adapter, 0.9 ether);
        _report();
        assertFalse(vault.paused());
        vm.warp(block.timestamp + 6 hours);
        _slash(adapter, 0.9 ether);
        _report();
        assertTrue(vault.paused());
        assertFalse(vault.priceHalted(), "a fall is published, not withheld");
        assertEq(market.price(), vault.pricePerShare());
    }

    function test_perDayWindowRestartsAfterADay() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (100, 150)));
        vm.warp(block.timestamp + 1 days);
        _slash(adapter, 0.9 ether);
        _report();
        vm.warp(block.timestamp + 1 days);
        _slash(adapter, 0.9 ether);
        _report();
        assertFalse(vault.priceHalted());
    }

    function test_unpauseResumesAndPublishesTheCurrentPrice() public {
        _slash(adapter, 5 ether);
        _report(); // the fall is published and pauses
        _gainInstant(0); // a report while paused: no move, nothing to withhold
        vm.prank(guardian);
        vault.unpause();
        vm.prank(guardian);
        vault.pause();
        // A withheld rise: halted until resumed.
        _gainInstant(5 ether);
        assertTrue(vault.priceHalted());
        (,, uint80 id) = _answer();
        vm.warp(block.timestamp + 2 days);
        vm.prank(guardian);
        vault.unpause();
        assertFalse(vault.priceHalted());
        (uint256 answer, uint256 updatedAt, uint80 idAfter) = _answer();
        assertEq(idAfter, id + 1);
        assertEq(updatedAt, block.timestamp);
        assertEq(answer, vault.pricePerShare());
        assertEq(market.price(), answer);
    }

    function test_priceReadGasIsIndependentOfAdapterCount() public {
        // Vault A: 1 adapter holding 16 ETH. Vault B: 16 adapters holding 1 ETH each. Same totals.
        (ILRTVault a,) = _vaultWithAdapters(1, 16 ether);
        (ILRTVault b,) = _vaultWithAdapters(16, 1 ether);
        assertEq(a.totalAssets(), b.totalAssets());
        assertEq(_gasOfPriceReads(a), _gasOfPriceReads(b));
    }

    function _vaultWithAdapters(uint256 n, uint256 each) internal returns (ILRTVault v, SharePriceFeed f) {
        v = ILRTVault(address(new LRTVault(IWETH9(address(weth)), admin, "LRT ETH Vault", "lrtETH")));
        f = SharePriceFeed(address(v.priceFeed()));
        vm.startPrank(admin);
        v.setRole(v.CURATOR_ROLE(), curator, true);
        v.setRole(v.ALLOCATOR_ROLE(), allocator, true);
        vm.stopPrank();
        vm.startPrank(curator);
        v.submit(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 0)));
        v.setTier(0, 10_000, 0);
        for (uint256 i; i < n; ++i) {
            MockAdapter m = new MockAdapter(address(v), address(weth));
            v.submit(abi.encodeCall(ILRTVaultAdmin.addAdapter, (address(m), 0, type(uint256).max)));
            v.addAdapter(address(m), 0, type(uint256).max);
        }
        vm.stopPrank();
        vm.deal(bob, 32 ether);
        vm.prank(bob);
        v.depositETH{value: 32 ether}(bob, 0);
        address[] memory list = v.adapters();
        for (uint256 i; i < n; ++i) {
            vm.prank(allocator);
            v.allocate(list[i], each, 0);
        }
    }

    function _gasOfPriceReads(ILRTVault v) internal view returns (uint256 used) {
        SharePriceFeed f = SharePriceFeed(address(v.priceFeed()));
        uint256 g = gasleft();
        v.pricePerShare();
        v.totalAssets();
        v.convertToAssets(1e24);
        v.convertToShares(1e18);
        f.latestRoundData();
        used = g - gasleft();
    }
}
