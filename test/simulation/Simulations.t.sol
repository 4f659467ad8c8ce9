// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SimProtocolBase} from "../../contracts/simulation/SimProtocolBase.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {SimRenzo} from "../../contracts/simulation/SimRenzo.sol";
import {SimKelp} from "../../contracts/simulation/SimKelp.sol";
import {SimPufferVault, SimPufferWithdrawalManager} from "../../contracts/simulation/SimPuffer.sol";
import {SimMarketFeed} from "../../contracts/simulation/SimMarketFeed.sol";
import {SimExitPool} from "../../contracts/simulation/SimExitPool.sol";
import {SimLRTToken} from "../../contracts/simulation/SimLRTToken.sol";
import {MockWETH} from "../mocks/MockWETH.sol";

contract SimulationsTest is Test {
    uint256 internal constant RATE0 = 1.02e18;
    SimRenzo internal renzo;
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        vm.warp(1_700_000_000);
        renzo = new SimRenzo(address(this), RATE0, 300);
    }

    receive() external payable {}

    // ----- rate model -----

    function test_rate_accruesSimpleInterestSinceCheckpoint() public {
        vm.warp(block.timestamp + 100 days);
        uint256 expected = RATE0 + RATE0 * 300 * 100 days / (10_000 * 365 days);
        assertEq(renzo.accruedRate(), expected);
        assertEq(renzo.getRate(), expected);
    }

    function test_rate_compoundsAtEachCheckpoint() public {
        vm.warp(block.timestamp + 365 days);
        renzo.setAprBps(300); // checkpoint, same APR
        uint256 r1 = RATE0 + RATE0 * 300 / 10_000;
        assertEq(renzo.rateCheckpoint(), r1);
        vm.warp(block.timestamp + 365 days);
        assertEq(renzo.accruedRate(), r1 + r1 * 300 / 10_000, "second year on the new base");
    }

    function testFuzz_rate_matchesDocumentedFormula(uint32 dt, uint16 aprBps) public {
        renzo.setAprBps(aprBps);
        uint256 r0 = renzo.rateCheckpoint();
        vm.warp(block.timestamp + dt);
        assertEq(renzo.accruedRate(), r0 + Math.mulDiv(r0, uint256(aprBps) * dt, 10_000 * 365 days));
    }

    function test_slash_dropsRateAtOnce() public {
        vm.warp(block.timestamp + 10 days);
        uint256 before = renzo.accruedRate();
        renzo.slash(250);
        assertEq(renzo.getRate(), before * 9_750 / 10_000);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.SlashTooLarge.selector, 10_000));
        renzo.slash(10_000);
    }

    function test_reward_raisesRateAtOnce() public {
        renzo.reward(100);
        assertEq(renzo.getRate(), RATE0 * 10_100 / 10_000);
    }

    function test_hooks_areOwnerOnly() public {
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        renzo.setAprBps(1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        renzo.slash(1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        renzo.reward(1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        renzo.setPaused(true);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        renzo.setFailureMode(SimProtocolBase.FailureMode.Revert);
        vm.stopPrank();
    }

    function test_failureModes_revertOrReturnZero() public {
        renzo.setFailureMode(SimProtocolBase.FailureMode.ReturnZero);
        assertEq(renzo.getRate(), 0);
        renzo.depositETH{value: 1 ether}();
        assertEq(renzo.ezETH().balanceOf(address(this)), 0, "minted nothing");
        renzo.setFailureMode(SimProtocolBase.FailureMode.Revert);
        vm.expectRevert(SimErrorsLib.SimulatedFailure.selector);
        renzo.getRate();
        renzo.setFailureMode(SimProtocolBase.FailureMode.None);
        renzo.setPaused(true);
        vm.expectRevert(SimErrorsLib.ProtocolPaused.selector);
        renzo.depositETH{value: 1 ether}();
    }

    // ----- real ETH -----

    function test_renzo_holdsAndPaysRealEth() public {
        renzo.depositETH{value: 10 ether}();
        assertEq(address(renzo).balance, 10 ether, "deposit held as ETH");
        IERC20 ez = renzo.ezETH();
        ez.approve(address(renzo), 1 ether);
        renzo.withdraw(1 ether, renzo.IS_NATIVE());
        vm.warp(block.timestamp + renzo.coolDownPeriod());
        uint256 before = address(this).balance;
        renzo.claim(0, address(this));
        assertEq(address(this).balance - before, RATE0, "paid 1 ezETH at the request rate");
    }

    function test_renzo_withdrawNeedsApproval() public {
        renzo.depositETH{value: 1 ether}();
        address native = renzo.IS_NATIVE();
        vm.expectRevert();
        renzo.withdraw(0.5 ether, native);
    }

    function test_renzo_claimBeforeCoolDownReverts() public {
        renzo.depositETH{value: 1 ether}();
        renzo.ezETH().approve(address(renzo), 0.5 ether);
        renzo.withdraw(0.5 ether, renzo.IS_NATIVE());
        vm.expectRevert(
            abi.encodeWithSelector(SimErrorsLib.NotYetClaimable.selector, 0, block.timestamp + renzo.coolDownPeriod())
        );
        renzo.claim(0, address(this));
    }

    // ----- Kelp -----

    function test_kelp_depositHonoursMinimumOut() public {
        SimKelp kelp = new SimKelp(address(this), RATE0, 300);
        uint256 expected = Math.mulDiv(1 ether, 1e18, RATE0);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.InsufficientMinted.selector, expected, expected + 1));
        kelp.depositETH{value: 1 ether}(expected + 1, "");
        kelp.depositETH{value: 1 ether}(expected, "");
        assertEq(kelp.rsETH().balanceOf(address(this)), expected);
    }

    // ----- Puffer -----

    /// A later transaction than the deposit, as Puffer requires.
    /// forge-config: default.isolate = true
    function test_puffer_instantRedeemChargesExitFee() public {
        (SimPufferVault puffer,, MockWETH weth) = _puffer();
        vm.deal(stranger, 10 ether);
        vm.prank(stranger);
        uint256 shares = puffer.depositETH{value: 10 ether}(stranger);
        vm.roll(block.number + 1);
        uint256 gross = puffer.convertToAssets(shares);
        uint256 preview = puffer.previewRedeem(shares);
        assertEq(preview, gross - Math.mulDiv(gross, 100, 10_000, Math.Rounding.Ceil), "1 % exit fee");
        vm.prank(stranger);
        uint256 paid = puffer.redeem(shares, stranger, stranger);
        assertEq(paid, preview);
        assertEq(weth.balanceOf(stranger), paid, "paid in WETH");
    }

    function test_puffer_depositAndWithdrawInOneTxRevert() public {
        (SimPufferVault puffer,,) = _puffer();
        uint256 shares = puffer.depositETH{value: 1 ether}(address(this));
        vm.expectRevert(SimErrorsLib.DepositAndWithdrawalInSameTx.selector);
        puffer.redeem(shares, address(this), address(this));
    }

    function test_puffer_twoWithdrawalRequestsInOneTxRevert() public {
        (SimPufferVault puffer, SimPufferWithdrawalManager manager,) = _puffer();
        puffer.depositETH{value: 1 ether}(address(this));
        puffer.approve(address(manager), type(uint256).max);
        manager.requestWithdrawal(0.1 ether, address(this));
        vm.expectRevert(SimPufferWithdrawalManager.MultipleWithdrawalsAreForbidden.selector);
        manager.requestWithdrawal(0.1 ether, address(this));
    }

    function test_puffer_withdrawalBelowMinimumReverts() public {
        (SimPufferVault puffer, SimPufferWithdrawalManager manager,) = _puffer();
        puffer.depositETH{value: 1 ether}(address(this));
        puffer.approve(address(manager), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(SimErrorsLib.WithdrawalOutsideLimits.selector, 0.001 ether, 0.01 ether, 1_000 ether)
        );
        manager.requestWithdrawal(0.001 ether, address(this));
    }

    function _puffer() internal returns (SimPufferVault puffer, SimPufferWithdrawalManager manager, MockWETH weth) {
        weth = new MockWETH();
        puffer = new SimPufferVault(address(this), IERC20(address(weth)), RATE0, 300);
        manager = new SimPufferWithdrawalManager(puffer);
        puffer.setWithdrawalManager(address(manager));
    }

    // ----- exit pool -----

    function test_pool_constantProductWithFee() public {
        (SimExitPool pool, SimLRTToken lrt,) = _pool(1_000 ether, 1_000 ether);
        uint256 amountIn = 10 ether;
        uint256 inAfterFee = amountIn * 9_995 / 10_000;
        uint256 expected = 1_000 ether * inAfterFee / (1_000 ether + inAfterFee);
        assertEq(pool.quote(address(lrt), amountIn), expected);
        lrt.mint(address(this), amountIn);
        lrt.approve(address(pool), amountIn);
        assertEq(pool.swap(address(lrt), amountIn, expected, stranger), expected);
        assertEq(pool.reserve0(), 1_010 ether);
        assertEq(pool.reserve1(), 1_000 ether - expected);
    }

    function test_pool_swapBelowMinOutReverts() public {
        (SimExitPool pool, SimLRTToken lrt,) = _pool(1_000 ether, 1_000 ether);
        uint256 q = pool.quote(address(lrt), 1 ether);
        lrt.mint(address(this), 1 ether);
        lrt.approve(address(pool), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.SlippageExceeded.selector, q, q + 1));
        pool.swap(address(lrt), 1 ether, q + 1, address(this));
    }

    function test_pool_donationDoesNotMovePrice() public {
        (SimExitPool pool, SimLRTToken lrt,) = _pool(1_000 ether, 1_000 ether);
        uint256 q = pool.quote(address(lrt), 1 ether);
        lrt.mint(address(pool), 500 ether);
        assertEq(pool.quote(address(lrt), 1 ether), q);
    }

    function testFuzz_pool_priceImpactGrowsWithSize(uint96 a, uint96 b) public {
        (SimExitPool pool, SimLRTToken lrt,) = _pool(1_000 ether, 1_000 ether);
        uint256 small = bound(uint256(a), 1 ether, 100 ether);
        uint256 large = bound(uint256(b), small + 1 ether, 10_000 ether);
        uint256 qs = pool.quote(address(lrt), small);
        uint256 ql = pool.quote(address(lrt), large);
        assertGt(ql, qs, "more in, more out");
        assertLt(ql * 1e18 / large, qs * 1e18 / small, "worse average price");
    }

    function test_pool_alignPriceMovesSpotAtConstantK() public {
        (SimExitPool pool, SimLRTToken lrt, MockWETH weth) = _pool(1_000 ether, 1_050 ether);
        uint256 k = pool.reserve0() * pool.reserve1();
        lrt.mint(address(this), 500 ether);
        vm.deal(address(this), 100 ether);
        weth.deposit{value: 100 ether}();
        weth.approve(address(pool), type(uint256).max);
        lrt.approve(address(pool), type(uint256).max);
        pool.alignPrice(1.08e18);
        assertApproxEqRel(pool.spotPrice(), 1.08e18, 1e9, "price moved up to the new fair rate");
        assertGe(pool.reserve0() * pool.reserve1(), k, "k kept");
        assertApproxEqRel(pool.reserve0() * pool.reserve1(), k, 1e9);
        assertEq(lrt.balanceOf(address(pool)), pool.reserve0(), "owner settled token0");
        assertEq(weth.balanceOf(address(pool)), pool.reserve1(), "owner settled token1");
        pool.alignPrice(0.7e18);
        assertApproxEqRel(pool.spotPrice(), 0.7e18, 1e9, "a staged depeg");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        pool.alignPrice(1e18);
    }

    function _pool(uint256 r0, uint256 r1) internal returns (SimExitPool pool, SimLRTToken lrt, MockWETH weth) {
        weth = new MockWETH();
        lrt = new SimLRTToken("LRT", "LRT", address(this));
        pool = new SimExitPool(address(this), address(lrt), address(weth), 5);
        lrt.mint(address(this), r0);
        vm.deal(address(this), r1);
        weth.deposit{value: r1}();
        lrt.approve(address(pool), r0);
        weth.approve(address(pool), r1);
        pool.addLiquidity(r0, r1);
    }

    // ----- market feed -----

    function test_feed_ownerMovesPriceAndStaleness() public {
        SimMarketFeed feed = new SimMarketFeed(address(this), 18, "ezETH / ETH", 1e18);
        feed.setPrice(0.7e18);
        (uint80 id, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        assertEq(id, 2);
        assertEq(answer, 0.7e18);
        assertEq(updatedAt, block.timestamp);
        feed.setUpdatedAt(123);
        (,,, updatedAt,) = feed.latestRoundData();
        assertEq(updatedAt, 123);
        (, answer,,,) = feed.getRoundData(1);
        assertEq(answer, 1e18, "history kept");
        feed.setReverting(true);
        vm.expectRevert(SimErrorsLib.FeedReverting.selector);
        feed.latestRoundData();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        feed.setPrice(1);
    }
}
