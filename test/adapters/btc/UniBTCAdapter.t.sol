// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {AdapterErrorsLib} from "../../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {UniBTCAdapter} from "../../../contracts/adapters/btc/UniBTCAdapter.sol";
import {IUniBTCVault, IDelayRedeemRouter} from "../../../contracts/interfaces/protocols/IBedrock.sol";
import {SimBtcToken} from "../../../contracts/simulation/btc/SimBtcToken.sol";
import {SimUniBTCVault, SimDelayRedeemRouter} from "../../../contracts/simulation/btc/SimBedrock.sol";
import {SimExitPool} from "../../../contracts/simulation/SimExitPool.sol";
import {SimErrorsLib} from "../../../contracts/simulation/SimErrorsLib.sol";

/// The uniBTC adapter over an 8-decimal WBTC against the Bedrock stand-ins (1:1 mint within a cap, 8-day delayed
/// redeem with a 2 % fee, an allow-list and a quota). This contract plays the vault.
contract UniBTCAdapterTest is Test {
    SimBtcToken internal wbtc;
    SimUniBTCVault internal uniVault;
    SimDelayRedeemRouter internal router;
    SimBtcToken internal uniBTC;
    SimExitPool internal pool;
    UniBTCAdapter internal adapter;
    address internal attacker = makeAddr("attacker");

    function setUp() public {
        wbtc = new SimBtcToken("Wrapped BTC", "WBTC", 8, address(this));
        uniVault = new SimUniBTCVault(address(this));
        uniBTC = uniVault.uniBTC();
        router = new SimDelayRedeemRouter(address(this), uniVault);
        uniVault.setRedeemRouter(address(router));
        uniVault.setCap(address(wbtc), 50e8);
        router.setQuota(address(wbtc), 0, 10e8);
        pool = new SimExitPool(address(this), address(uniBTC), address(wbtc), 5);
        wbtc.mint(address(this), 1_000e8);
        adapter = new UniBTCAdapter(
            address(this), address(wbtc), address(uniBTC), address(uniVault), address(router), address(pool), 200, address(0), 0
        );
        router.setWhitelisted(address(adapter), true);
    }

    function test_selectors_bedrockSimsMatchMainnetInterface() public pure {
        assertEq(IUniBTCVault.mint.selector, SimUniBTCVault.mint.selector);
        assertEq(IUniBTCVault.mint.selector, bytes4(keccak256("mint(address,uint256)")));
        assertEq(IDelayRedeemRouter.createDelayedRedeem.selector, SimDelayRedeemRouter.createDelayedRedeem.selector);
        assertEq(IDelayRedeemRouter.createDelayedRedeem.selector, bytes4(keccak256("createDelayedRedeem(address,uint256)")));
        assertEq(IDelayRedeemRouter.claimDelayedRedeems.selector, SimDelayRedeemRouter.claimDelayedRedeems.selector);
        assertEq(IDelayRedeemRouter.claimDelayedRedeems.selector, bytes4(keccak256("claimDelayedRedeems()")));
    }

    function _allocate(uint256 assets) internal returns (uint256) {
        wbtc.transfer(address(adapter), assets);
        return adapter.allocate(assets, assets);
    }

    function test_unibtc_mintsOneToOneWithinTheCap() public {
        assertEq(_allocate(20e8), 20e8);
        assertEq(adapter.lstHeld(), 20e8);
        assertEq(adapter.realAssets(), 20e8);
        assertEq(wbtc.balanceOf(address(uniVault)), 20e8);
        wbtc.transfer(address(adapter), 31e8);
        vm.expectRevert(abi.encodeWithSelector(SimUniBTCVault.CapExceeded.selector, address(wbtc), 31e8, 30e8));
        adapter.allocate(31e8, 0);
    }

    /// The 2 % fee is booked at request; the payout arrives after 8 days and reaches the vault once.
    function test_unibtc_delayedRedeemPaysAfterEightDaysLessTheFee() public {
        _allocate(10e8);
        adapter.requestExit(5e8);
        assertEq(adapter.lstHeld(), 5e8);
        assertEq(adapter.pendingExits(), 4.9e8);
        assertEq(adapter.realAssets(), 9.9e8);
        vm.warp(block.timestamp + 8 days - 1);
        assertEq(adapter.claimExits(), 0);
        assertEq(adapter.pendingExits(), 4.9e8);
        vm.warp(block.timestamp + 1);
        uint256 before = wbtc.balanceOf(address(this));
        assertEq(adapter.claimExits(), 4.9e8);
        assertEq(wbtc.balanceOf(address(this)) - before, 4.9e8);
        assertEq(adapter.pendingExits(), 0);
        assertEq(adapter.realAssets(), 5e8);
        assertEq(adapter.unmatchedPaid(), 0);
        // the router burned the principal and kept the fee
        assertEq(uniBTC.balanceOf(address(router)), 0.1e8);
    }

    function test_unibtc_twoMaturedExitsCloseInOneClaim() public {
        _allocate(10e8);
        adapter.requestExit(2e8);
        vm.warp(block.timestamp + 1 days);
        adapter.requestExit(3e8);
        vm.warp(block.timestamp + 8 days);
        assertEq(adapter.claimExits(), 1.96e8 + 2.94e8);
        assertEq(adapter.openExits().length, 0);
        assertEq(adapter.unmatchedPaid(), 0);
    }

    function test_unibtc_quotaAndAllowListAreTheRouters() public {
        _allocate(20e8);
        vm.expectRevert(abi.encodeWithSelector(SimDelayRedeemRouter.QuotaExceeded.selector, address(wbtc), 11e8, 10e8));
        adapter.requestExit(11e8);
        router.setWhitelisted(address(adapter), false);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NotWhitelisted.selector, address(adapter)));
        adapter.requestExit(1e8);
        assertEq(adapter.lstHeld(), 20e8);
    }

    function test_unibtc_strangersCannotClaimForTheAdapterOrMoveIt() public {
        _allocate(10e8);
        adapter.requestExit(5e8);
        vm.warp(block.timestamp + 8 days);
        vm.prank(attacker);
        router.claimDelayedRedeems(); // pays only the attacker's own (none)
        assertEq(wbtc.balanceOf(attacker), 0);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.NotVault.selector, attacker));
        adapter.claimExits();
        assertEq(adapter.claimExits(), 4.9e8);
    }

    /// Fuzz: whatever is requested, the vault receives exactly the recorded value once, and nothing stays behind.
    function testFuzz_unibtc_exitPaysItsRecordedValueOnce(uint256 a, uint256 b) public {
        _allocate(20e8);
        a = bound(a, 1, 5e8);
        b = bound(b, 1, 5e8);
        adapter.requestExit(a);
        adapter.requestExit(b);
        uint256 pending = adapter.pendingExits();
        assertEq(pending, a * 9_800 / 10_000 + b * 9_800 / 10_000);
        vm.warp(block.timestamp + 8 days);
        assertEq(adapter.claimExits(), pending);
        assertEq(adapter.pendingExits(), 0);
        assertEq(wbtc.balanceOf(address(adapter)), 0);
        assertEq(adapter.claimExits(), 0);
    }
}
