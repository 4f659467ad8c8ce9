// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {RenzoAdapter} from "../../contracts/adapters/RenzoAdapter.sol";
import {KelpAdapter} from "../../contracts/adapters/KelpAdapter.sol";
import {AdapterErrorsLib} from "../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {EventsLib} from "../../contracts/libraries/EventsLib.sol";
import {SimRenzo} from "../../contracts/simulation/SimRenzo.sol";
import {SimKelp} from "../../contracts/simulation/SimKelp.sol";
import {SimExitPool} from "../../contracts/simulation/SimExitPool.sol";
import {SimMarketFeed} from "../../contracts/simulation/SimMarketFeed.sol";
import {VaultTestBase} from "../VaultTestBase.sol";

/// The real vault driving real adapters over the protocol simulations: a slash or a depeg that report()
/// recognises is a loss the insurance reserve absorbs first; queued and instant exits come home as WETH.
contract VaultWithAdaptersTest is VaultTestBase {
    uint256 internal constant RATE0 = 1.05e18;
    uint256 internal constant POOL_DEPTH = 10_000 ether;

    SimRenzo internal renzo;
    SimKelp internal kelp;
    SimMarketFeed internal ezFeed;
    SimExitPool internal ezPool;
    BaseLRTAdapter internal renzoAdapter;
    BaseLRTAdapter internal kelpAdapter;

    function setUp() public override {
        super.setUp();
        renzo = new SimRenzo(address(this), RATE0, 300);
        kelp = new SimKelp(address(this), RATE0, 300);
        vm.deal(address(renzo), 1_000 ether);
        vm.deal(address(kelp), 1_000 ether);
        ezPool = _seedPool(address(renzo.ezETH()), _mintEzEth);
        SimExitPool rsPool = _seedPool(address(kelp.rsETH()), _mintRsEth);
        ezFeed = new SimMarketFeed(address(this), 18, "ezETH / ETH", int256(RATE0));
        renzoAdapter = new RenzoAdapter(
            address(vault),
            address(weth),
            address(renzo),
            address(renzo.ezETH()),
            address(renzo),
            address(renzo),
            address(ezPool),
            address(ezFeed),
            1 days
        );
        kelpAdapter = new KelpAdapter(
            address(vault),
            address(weth),
            address(kelp),
            address(kelp.rsETH()),
            address(kelp),
            address(kelp),
            address(rsPool),
            address(0),
            0
        );
        _addAdapter(address(renzoAdapter), 0, type(uint256).max);
        _addAdapter(address(kelpAdapter), 0, type(uint256).max);
        _deposit(alice, 100 ether);
    }

    function test_vaultAdapters_slashRecognisedByReportBurnsReserveSharesFirst() public {
        _fundReserve(5 ether);
        _allocateTo(renzoAdapter, 40 ether);
        _allocateTo(kelpAdapter, 20 ether);
        uint256 priceBefore = _price();
        uint256 reserveBefore = vault.reserveAssets();
        uint256 reserveSharesBefore = vault.reserveShares();
        uint256 recorded = vault.allocation(address(renzoAdapter));

        renzo.slash(500);
        uint256 valueAfterSlash = renzoAdapter.realAssets();
        (, uint256 loss) = _report();

        assertEq(loss, recorded - valueAfterSlash, "report recognises the slash at once");
        assertApproxEqRel(loss, 2 ether, 0.001e18, "5 % of 40 ETH");
        assertLt(vault.reserveShares(), reserveSharesBefore, "reserve shares burned");
        assertApproxEqAbs(vault.reserveAssets(), reserveBefore - loss, 2, "reserve paid the loss");
        assertGe(_price(), priceBefore, "holders keep their price");
        assertApproxEqAbs(_price(), priceBefore, 1);
    }

    function test_vaultAdapters_depegIsPricedInAtReport() public {
        _fundReserve(5 ether);
        _allocateTo(renzoAdapter, 40 ether);
        uint256 held = renzoAdapter.lrtHeld();
        uint256 recorded = vault.allocation(address(renzoAdapter));
        ezFeed.setPrice(int256(renzo.getRate() * 97 / 100));
        (, uint256 loss) = _report();
        uint256 depegValue = Math.mulDiv(held, renzo.getRate() * 97 / 100, 1e18);
        assertEq(vault.allocation(address(renzoAdapter)), depegValue, "recorded at the market price");
        assertEq(loss, recorded - depegValue);
    }

    /// A stale feed is never replaced by the fair rate: the report leaves the adapter's value where it was and flags
    /// it impaired (the vault's rule for a valuation that reverts), with the adapter's error as the reason.
    function test_vaultAdapters_staleFeedImpairsTheAdapterInsteadOfFallingBack() public {
        _allocateTo(renzoAdapter, 10 ether);
        uint256 recorded = vault.allocation(address(renzoAdapter));
        uint256 old = block.timestamp - 2 days;
        ezFeed.setUpdatedAt(old);
        vm.expectEmit(true, false, false, true, address(vault));
        emit EventsLib.ValuationFailed(
            address(renzoAdapter),
            abi.encodeWithSelector(AdapterErrorsLib.StaleMarketFeed.selector, address(ezFeed), old)
        );
        _report();
        assertTrue(vault.isImpaired(address(renzoAdapter)));
        assertEq(vault.allocation(address(renzoAdapter)), recorded);
    }

    function test_vaultAdapters_yieldReportedAsProfit() public {
        _allocateTo(kelpAdapter, 50 ether);
        uint256 recorded = vault.allocation(address(kelpAdapter));
        vm.warp(block.timestamp + 30 days);
        kelp.updateRSETHPrice();
        (uint256 profit,) = _report();
        assertApproxEqRel(profit, recorded * 300 * 30 days / (10_000 * 365 days), 0.001e18, "3 % APR for 30 days");
    }

    function test_vaultAdapters_queuedExitComesHomeAsIdleWeth() public {
        _allocateTo(renzoAdapter, 20 ether);
        uint256 idleBefore = vault.idleAssets();
        vm.prank(allocator);
        vault.requestExit(address(renzoAdapter), 10 ether);
        assertApproxEqAbs(vault.allocation(address(renzoAdapter)), renzoAdapter.realAssets(), 1, "still counted");
        vm.warp(block.timestamp + renzo.coolDownPeriod());
        ezFeed.setPrice(int256(renzo.getRate()));
        vm.prank(allocator);
        uint256 out = vault.claimExits(address(renzoAdapter));
        assertApproxEqAbs(out, 10 ether, 1e9, "paid the value requested");
        assertEq(vault.idleAssets(), idleBefore + out);
        assertEq(weth.balanceOf(address(renzoAdapter)), 0);
    }

    /// Issue 18 (High): a stranger claims the vault's Renzo request (mainnet `claim(index, user)` checks no
    /// caller). The vault's total assets must not grow by the payout: the adapter closes the exit whose request
    /// left the queue in the same claimExits that brings the ETH home. Before the fix the 10 ETH was counted in
    /// idle and again in the adapter's pendingExits.
    function test_real_renzo_thirdPartyClaimDoesNotInflateTotalAssets() public {
        _allocateTo(renzoAdapter, 20 ether);
        vm.prank(allocator);
        vault.requestExit(address(renzoAdapter), 10 ether);
        vm.warp(block.timestamp + renzo.coolDownPeriod());
        ezFeed.setPrice(int256(renzo.getRate()));
        uint256 totalBefore = vault.totalAssets();
        uint256 pending = renzoAdapter.pendingExits();

        vm.prank(makeAddr("stranger"));
        renzo.claim(0, address(renzoAdapter));
        uint256 out = vault.claimExits(address(renzoAdapter));

        assertEq(out, pending, "the payout came home");
        assertEq(renzoAdapter.pendingExits(), 0, "and left pendingExits");
        assertEq(renzoAdapter.openExits().length, 0, "the exit slot is free");
        assertApproxEqAbs(vault.totalAssets(), totalBefore, 1, "total assets counted once, not +10 ETH");
    }

    function test_vaultAdapters_instantExitThroughPoolWithinSlippageBound() public {
        _allocateTo(renzoAdapter, 20 ether);
        uint256 quote = renzoAdapter.previewDeallocate(10 ether);
        vm.prank(allocator);
        uint256 out = vault.deallocate(address(renzoAdapter), 10 ether, quote);
        assertEq(out, quote);
        assertGt(out, 10 ether * 9_950 / 10_000, "fee and impact under the 50 bps bound");
    }

    // ----- helpers -----

    function _allocateTo(BaseLRTAdapter a, uint256 assets) internal {
        vm.prank(allocator);
        vault.allocate(address(a), assets, 0);
    }

    function _mintEzEth(uint256 eth) internal returns (uint256 minted) {
        IERC20 ez = renzo.ezETH();
        uint256 before = ez.balanceOf(address(this));
        renzo.depositETH{value: eth}();
        minted = ez.balanceOf(address(this)) - before;
    }

    function _mintRsEth(uint256 eth) internal returns (uint256 minted) {
        IERC20 rs = kelp.rsETH();
        uint256 before = rs.balanceOf(address(this));
        kelp.depositETH{value: eth}(0, "");
        minted = rs.balanceOf(address(this)) - before;
    }

    function _seedPool(address lrt, function(uint256) internal returns (uint256) mint)
        internal
        returns (SimExitPool pool)
    {
        pool = new SimExitPool(address(this), lrt, address(weth), 5);
        vm.deal(address(this), address(this).balance + 2 * POOL_DEPTH);
        uint256 lrtAmount = mint(POOL_DEPTH);
        weth.deposit{value: POOL_DEPTH}();
        IERC20(lrt).approve(address(pool), lrtAmount);
        weth.approve(address(pool), POOL_DEPTH);
        pool.addLiquidity(lrtAmount, POOL_DEPTH);
    }
}
