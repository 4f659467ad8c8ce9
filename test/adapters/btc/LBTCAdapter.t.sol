// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {AdapterErrorsLib} from "../../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {BaseBTCAdapter} from "../../../contracts/adapters/btc/BaseBTCAdapter.sol";
import {LBTCAdapter} from "../../../contracts/adapters/btc/LBTCAdapter.sol";
import {SimBabylon} from "../../../contracts/simulation/btc/SimBabylon.sol";
import {SimBtcToken} from "../../../contracts/simulation/btc/SimBtcToken.sol";
import {SimLBTC, SimStakedLBTCOracle, SimCurvePool} from "../../../contracts/simulation/btc/SimLombard.sol";
import {SimMarketFeed} from "../../../contracts/simulation/SimMarketFeed.sol";

/// The LBTC adapter over an 8-decimal WBTC, against the Lombard and Babylon stand-ins. This contract plays the
/// vault: it sends WBTC to the adapter and calls it.
contract LBTCAdapterTest is Test {
    uint256 internal constant RATE = 1.002e18;
    SimBabylon internal babylon;
    SimBtcToken internal wbtc;
    SimLBTC internal lbtc;
    SimStakedLBTCOracle internal oracle;
    SimCurvePool internal pool;
    SimMarketFeed internal feed;
    LBTCAdapter internal adapter;
    uint64 internal fp;
    uint64 internal bsn;
    address internal attacker = makeAddr("attacker");

    function setUp() public {
        vm.warp(1_800_000_000);
        babylon = new SimBabylon(address(this));
        wbtc = new SimBtcToken("Wrapped BTC", "WBTC", 8, address(this));
        lbtc = new SimLBTC(address(this), address(new SimBtcToken("BTC.b", "BTC.b", 8, address(this))));
        oracle = new SimStakedLBTCOracle(address(this), address(lbtc), babylon, RATE, 80);
        lbtc.setOracle(oracle);
        fp = babylon.registerFinalityProvider();
        bsn = babylon.registerBsn("bsn");
        babylon.optIn(fp, bsn);
        babylon.delegate(address(lbtc), fp, 10_000e8);
        // pool at the fair rate: 1,000 LBTC against 1,002 WBTC, 4 bps fee
        pool = new SimCurvePool(address(this), address(lbtc), address(wbtc), 4);
        lbtc.mint(address(this), 1_000e8);
        wbtc.mint(address(this), 100_000e8);
        lbtc.approve(address(pool), type(uint256).max);
        wbtc.approve(address(pool), type(uint256).max);
        pool.setBalances(1_000e8, 1_002e8);
        feed = new SimMarketFeed(address(this), 8, "LBTC / BTC", 1.002e8);
        adapter = new LBTCAdapter(address(this), address(wbtc), address(lbtc), address(pool), address(oracle), address(feed), 1 days);
    }

    function _allocate(uint256 assets) internal returns (uint256 valueIn) {
        wbtc.transfer(address(adapter), assets);
        valueIn = adapter.allocate(assets, 0);
    }

    function test_lbtc_allocateEntersThroughThePoolAndValuesAtMinFairMarket() public {
        uint256 expectedLbtc = pool.get_dy(1, 0, 1e8);
        uint256 valueIn = _allocate(1e8);
        assertEq(adapter.lstHeld(), expectedLbtc);
        assertEq(lbtc.balanceOf(address(adapter)), expectedLbtc);
        assertEq(valueIn, expectedLbtc * RATE / 1e18);
        assertEq(adapter.realAssets(), valueIn);
        assertEq(adapter.asset(), address(wbtc));
        assertEq(adapter.lrt(), address(lbtc));
        // the 4 bps fee and the constant-product impact of 1 in 1,002 (about 10 bps) cost the vault, never pay it
        assertLe(valueIn, 1e8);
        assertGt(valueIn, 0.998e8);
    }

    function test_lbtc_allocateBelowMinimumReverts() public {
        wbtc.transfer(address(adapter), 1e8);
        uint256 expectedValue = pool.get_dy(1, 0, 1e8) * RATE / 1e18;
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.ValueBelowMinimum.selector, expectedValue, 1e8));
        adapter.allocate(1e8, 1e8);
    }

    function test_lbtc_deallocateSellsThroughThePoolToTheVault() public {
        _allocate(10e8);
        uint256 held = adapter.lstHeld();
        uint256 lbtcIn = Math.mulDiv(5e8, 1e18, RATE, Math.Rounding.Ceil);
        uint256 quoted = adapter.previewDeallocate(5e8);
        assertEq(quoted, pool.get_dy(0, 1, lbtcIn));
        uint256 before = wbtc.balanceOf(address(this));
        uint256 out = adapter.deallocate(5e8, quoted);
        assertEq(out, quoted);
        assertEq(wbtc.balanceOf(address(this)) - before, out);
        assertEq(adapter.lstHeld(), held - lbtcIn);
        assertEq(wbtc.balanceOf(address(adapter)), 0);
    }

    function test_lbtc_deallocateBelowMinimumRevertsAndKeepsThePosition() public {
        _allocate(10e8);
        uint256 held = adapter.lstHeld();
        uint256 quoted = adapter.previewDeallocate(5e8);
        vm.expectRevert();
        adapter.deallocate(5e8, quoted + 1);
        assertEq(adapter.lstHeld(), held);
        uint256 heldValue = held * RATE / 1e18;
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.ExceedsHoldings.selector, heldValue + 1, heldValue));
        adapter.deallocate(heldValue + 1, 0);
    }

    /// Lombard pays its redemptions in BTC.b or on Bitcoin, not in the vault's WBTC: no queued exit.
    function test_lbtc_noQueuedExit() public {
        _allocate(10e8);
        (uint256 minA, uint256 maxA) = adapter.exitRequestLimits();
        assertEq(minA, 0);
        assertEq(maxA, 0);
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.ExitOutsideProtocolLimits.selector, 1e8, 0, 0));
        adapter.requestExit(1e8);
        assertEq(adapter.pendingExits(), 0);
        assertEq(adapter.claimExits(), 0);
    }

    /// A Babylon slash reaches Lombard's oracle over days (0.1 % a day), the market at once: the adapter's value
    /// drops in the slash's block through the feed.
    function test_lbtc_babylonSlashReachesTheValueThroughTheMarketInTheSameBlock() public {
        _allocate(10e8);
        uint256 held = adapter.lstHeld();
        babylon.slash(fp, bsn, 500); // 5 %
        assertEq(oracle.getRate(), RATE); // the oracle has not moved
        feed.setPrice(0.952e8); // the market prices the loss
        assertEq(adapter.valuationRate(), 0.952e18);
        assertEq(adapter.realAssets(), held * 0.952e18 / 1e18);
        // without a feed the loss would hide behind the capped oracle
        LBTCAdapter blind = new LBTCAdapter(address(this), address(wbtc), address(lbtc), address(pool), address(oracle), address(0), 0);
        assertEq(blind.valuationRate(), RATE);
    }

    function test_lbtc_donationChangesNothing() public {
        _allocate(1e8);
        uint256 value = adapter.realAssets();
        lbtc.mint(attacker, 5e8);
        vm.prank(attacker);
        lbtc.transfer(address(adapter), 5e8);
        assertEq(adapter.realAssets(), value);
    }

    function test_lbtc_onlyTheVaultMoves() public {
        vm.startPrank(attacker);
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.NotVault.selector, attacker));
        adapter.allocate(1, 0);
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.NotVault.selector, attacker));
        adapter.deallocate(1, 0);
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.NotVault.selector, attacker));
        adapter.requestExit(1);
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.NotVault.selector, attacker));
        adapter.claimExits();
        vm.stopPrank();
    }

    function test_lbtc_staleOrBadFeedRevertsTheValuation() public {
        _allocate(1e8);
        vm.warp(block.timestamp + 1 days + 1);
        vm.expectRevert();
        adapter.realAssets();
        feed.setPrice(0);
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.InvalidMarketPrice.selector, address(feed), int256(0)));
        adapter.realAssets();
    }

    function test_lbtc_constructorChecks() public {
        SimBtcToken six = new SimBtcToken("six", "SIX", 6, address(this));
        vm.expectRevert(abi.encodeWithSelector(BaseBTCAdapter.UnsupportedDecimals.selector, address(six), uint8(6)));
        new LBTCAdapter(address(this), address(wbtc), address(six), address(pool), address(oracle), address(0), 0);
        SimCurvePool other = new SimCurvePool(address(this), address(wbtc), address(six), 4);
        vm.expectRevert(abi.encodeWithSelector(LBTCAdapter.PoolCoinMismatch.selector, address(other)));
        new LBTCAdapter(address(this), address(wbtc), address(lbtc), address(other), address(oracle), address(0), 0);
        vm.expectRevert(AdapterErrorsLib.ZeroMaxStaleness.selector);
        new LBTCAdapter(address(this), address(wbtc), address(lbtc), address(pool), address(oracle), address(feed), 0);
    }

    /// The attacker's best move with the vault's key is a round trip; it never returns more than went in.
    function testFuzz_lbtc_roundTripNeverGainsAndValueMatchesHoldings(uint256 assets) public {
        assets = bound(assets, 1e4, 50e8);
        uint256 valueIn = _allocate(assets);
        assertEq(adapter.realAssets(), adapter.lstHeld() * adapter.valuationRate() / 1e18);
        uint256 out = adapter.deallocate(valueIn, 0);
        assertLe(out, assets);
        assertLe(adapter.lstHeld(), 1);
    }
}
