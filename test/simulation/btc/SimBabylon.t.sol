// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {ILBTC, IStakedLBTCOracle, ICurvePool} from "../../../contracts/interfaces/protocols/ILombard.sol";
import {SimBabylon} from "../../../contracts/simulation/btc/SimBabylon.sol";
import {SimBtcToken} from "../../../contracts/simulation/btc/SimBtcToken.sol";
import {SimLBTC, SimStakedLBTCOracle, SimCurvePool} from "../../../contracts/simulation/btc/SimLombard.sol";
import {SimErrorsLib} from "../../../contracts/simulation/SimErrorsLib.sol";

/// Babylon's rules (finality providers shared by BSNs, 7-day unbonding, a slash that hits every LST staked with a
/// faulty provider in one block) and Lombard's stand-ins, with their mainnet selectors.
contract SimBabylonTest is Test {
    SimBabylon internal babylon;
    SimBtcToken internal btcb;
    SimLBTC internal lbtc;
    SimStakedLBTCOracle internal oracle;
    SimStakedLBTCOracle internal otherOracle;
    address internal otherLst = makeAddr("otherLst");
    address internal user = makeAddr("user");
    uint64 internal fpA;
    uint64 internal fpB;
    uint64 internal bsn1;
    uint64 internal bsn2;

    function setUp() public {
        babylon = new SimBabylon(address(this));
        btcb = new SimBtcToken("BTC.b", "BTC.b", 8, address(this));
        lbtc = new SimLBTC(address(this), address(btcb));
        oracle = new SimStakedLBTCOracle(address(this), address(lbtc), babylon, 1e18, 100);
        lbtc.setOracle(oracle);
        otherOracle = new SimStakedLBTCOracle(address(this), otherLst, babylon, 1e18, 0);
        fpA = babylon.registerFinalityProvider();
        fpB = babylon.registerFinalityProvider();
        bsn1 = babylon.registerBsn("bsn-one");
        bsn2 = babylon.registerBsn("bsn-two");
        babylon.optIn(fpA, bsn1);
        babylon.optIn(fpA, bsn2);
        babylon.optIn(fpB, bsn1);
        // LBTC: 60 BTC with A, 40 with B; the other LST: 100 with A
        babylon.delegate(address(lbtc), fpA, 60e8);
        babylon.delegate(address(lbtc), fpB, 40e8);
        babylon.delegate(otherLst, fpA, 100e8);
    }

    function test_selectors_lombardSimsMatchMainnetInterface() public pure {
        assertEq(ILBTC.redeem.selector, SimLBTC.redeem.selector);
        assertEq(ILBTC.redeemForBtc.selector, SimLBTC.redeemForBtc.selector);
        assertEq(ILBTC.redeem.selector, bytes4(keccak256("redeem(uint256)")));
        assertEq(ILBTC.redeemForBtc.selector, bytes4(keccak256("redeemForBtc(bytes,uint256)")));
        assertEq(IStakedLBTCOracle.getRate.selector, SimStakedLBTCOracle.getRate.selector);
        assertEq(IStakedLBTCOracle.getRate.selector, bytes4(keccak256("getRate()")));
        assertEq(ICurvePool.exchange.selector, SimCurvePool.exchange.selector);
        assertEq(ICurvePool.exchange.selector, bytes4(keccak256("exchange(int128,int128,uint256,uint256)")));
        assertEq(ICurvePool.get_dy.selector, SimCurvePool.get_dy.selector);
        assertEq(ICurvePool.get_dy.selector, bytes4(keccak256("get_dy(int128,int128,uint256)")));
        assertEq(ICurvePool.coins.selector, SimCurvePool.coins.selector);
        assertEq(ICurvePool.coins.selector, bytes4(keccak256("coins(uint256)")));
    }

    function test_babylon_oneProviderSecuresSeveralBsns() public view {
        uint64[] memory bsns = babylon.bsnsOf(fpA);
        assertEq(bsns.length, 2);
        assertEq(bsns[0], bsn1);
        assertEq(bsns[1], bsn2);
        address[] memory ds = babylon.delegatorsOf(fpA);
        assertEq(ds.length, 2);
        assertEq(ds[0], address(lbtc));
        assertEq(ds[1], otherLst);
    }

    /// A fault of A on bsn-two (which B does not secure) costs every LST staked with A, in the same call.
    function test_babylon_slashHitsEveryLstOfTheProviderInOneBlock() public {
        uint256 block0 = block.number;
        babylon.slash(fpA, bsn2, 1_000); // 10 %
        assertEq(block.number, block0);
        // LBTC: 6 of 100 BTC lost -> retained 0.94
        assertEq(babylon.stakeOf(address(lbtc), fpA), 54e8);
        assertEq(babylon.stakeOf(address(lbtc), fpB), 40e8);
        assertEq(babylon.totalStakeOf(address(lbtc)), 94e8);
        assertEq(babylon.retained(address(lbtc)), 0.94e18);
        // the other LST: 10 of 100 lost -> 0.90
        assertEq(babylon.retained(otherLst), 0.9e18);
        // both true rates dropped in this block
        assertEq(oracle.trueRate(), 0.94e18);
        assertEq(otherOracle.trueRate(), 0.9e18);
        // A is tombstoned; B is untouched
        assertTrue(babylon.tombstoned(fpA));
        assertFalse(babylon.tombstoned(fpB));
        vm.expectRevert(abi.encodeWithSelector(SimBabylon.FinalityProviderTombstoned.selector, fpA));
        babylon.delegate(address(lbtc), fpA, 1e8);
    }

    function test_babylon_slashNeedsTheFaultOnABsnTheProviderSecures() public {
        vm.expectRevert(abi.encodeWithSelector(SimBabylon.NotSecuring.selector, fpB, bsn2));
        babylon.slash(fpB, bsn2, 10);
        vm.expectRevert(abi.encodeWithSelector(SimBabylon.SlashTooLarge.selector, 10_000));
        babylon.slash(fpA, bsn1, 10_000);
        vm.prank(user);
        vm.expectRevert();
        babylon.slash(fpA, bsn1, 10);
    }

    function test_babylon_unbondingTakesSevenDaysAndStaysSlashable() public {
        assertEq(babylon.UNBONDING_TIME(), 7 days);
        uint256 id = babylon.requestUnbond(address(lbtc), fpA, 50e8);
        vm.expectRevert(abi.encodeWithSelector(SimBabylon.ExceedsStake.selector, 11e8, 10e8));
        babylon.requestUnbond(address(lbtc), fpA, 11e8);
        vm.warp(block.timestamp + 7 days - 1);
        vm.expectRevert(abi.encodeWithSelector(SimBabylon.StillUnbonding.selector, id, block.timestamp + 1));
        babylon.completeUnbond(id);
        // a slash during unbonding hits the unbonding BTC too (0.1 %, Babylon phase 2)
        babylon.slash(fpA, bsn1, 10);
        vm.warp(block.timestamp + 1);
        uint256 paid = babylon.completeUnbond(id);
        assertEq(paid, 50e8 - 0.05e8);
        assertEq(babylon.stakeOf(address(lbtc), fpA), 60e8 - 0.06e8 - paid);
        assertEq(babylon.totalStakeOf(address(lbtc)), 100e8 - 0.06e8 - paid);
        // completion moves no rate: retained stays at the slash's value
        assertEq(babylon.retained(address(lbtc)), 0.9994e18);
        vm.expectRevert(abi.encodeWithSelector(SimBabylon.UnknownUnbonding.selector, id));
        babylon.completeUnbond(id);
    }

    /// Lombard's oracle moves at most 0.1 % a day: a 10 % slash takes 100+ days to reach getRate().
    function test_lombard_oracleFollowsTheSlashAtMostPointOnePercentADay() public {
        babylon.slash(fpA, bsn1, 1_000);
        assertEq(oracle.getRate(), 1e18);
        vm.warp(block.timestamp + 1 days);
        oracle.publish();
        assertEq(oracle.getRate(), 0.999e18);
        vm.warp(block.timestamp + 200 days);
        oracle.publish();
        assertEq(oracle.getRate(), oracle.trueRate());
        assertLt(oracle.getRate(), 0.95e18);
    }

    function test_lombard_redeemFixesTheValueAndPaysBtcbAfterEightDays() public {
        lbtc.mint(user, 2e8);
        vm.warp(block.timestamp + 365 days);
        oracle.publish(); // capped: +0.1 % x 365 would be 36.5 %, the true rate is 1.01
        assertEq(oracle.getRate(), 1.01e18);
        vm.prank(user);
        lbtc.redeem(1e8);
        assertEq(lbtc.balanceOf(user), 1e8);
        (address redeemer, uint128 btc, uint64 dueAt, bool toBitcoin) = lbtc.redemptions(1);
        assertEq(redeemer, user);
        assertEq(btc, 1.01e8);
        assertEq(dueAt, block.timestamp + 8 days);
        assertFalse(toBitcoin);
        btcb.mint(address(lbtc), 1.01e8);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NotYetClaimable.selector, 1, block.timestamp + 8 days));
        lbtc.settleRedeem(1);
        vm.warp(block.timestamp + 8 days);
        lbtc.settleRedeem(1);
        assertEq(btcb.balanceOf(user), 1.01e8);
        vm.prank(user);
        lbtc.redeemForBtc(hex"0014aa", 1e8);
        (,, uint64 due2, bool toBtc2) = lbtc.redemptions(2);
        assertEq(due2, block.timestamp + 9 days);
        assertTrue(toBtc2);
    }

    function test_curvePool_constantProductWithFee() public {
        SimBtcToken wbtc = new SimBtcToken("WBTC", "WBTC", 8, address(this));
        SimCurvePool pool = new SimCurvePool(address(this), address(lbtc), address(wbtc), 4);
        lbtc.mint(address(this), 101e8);
        wbtc.mint(address(this), 100e8);
        lbtc.approve(address(pool), type(uint256).max);
        wbtc.approve(address(pool), type(uint256).max);
        pool.setBalances(100e8, 100e8);
        // dy = 100e8 x 0.9996e8 / (100e8 + 0.9996e8)
        uint256 expected = uint256(100e8) * 0.9996e8 / (100e8 + 0.9996e8);
        assertEq(pool.get_dy(0, 1, 1e8), expected);
        uint256 dy = pool.exchange(0, 1, 1e8, expected);
        assertEq(dy, expected);
        assertEq(pool.balances(0), 101e8);
        assertEq(pool.balances(1), 100e8 - expected);
        vm.expectRevert(abi.encodeWithSelector(SimCurvePool.BadCoinIndex.selector, int128(1), int128(1)));
        pool.get_dy(1, 1, 1);
    }
}
