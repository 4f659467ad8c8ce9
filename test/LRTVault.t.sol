// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin} from "../contracts/interfaces/ILRTVault.sol";
import {ErrorsLib} from "../contracts/libraries/ErrorsLib.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";

/// @notice Depositor-side rules: native ETH entry and exit, ERC-5143 bounds, honest max views, stored accounting.
contract LRTVaultDepositorTest is VaultTestBase {
    function test_depositETHWrapsAndMintsSharesAtOneWethPerShare() public {
        uint256 shares = _deposit(alice, 2 ether);
        assertEq(shares, 2 * ONE_SHARE);
        assertEq(vault.balanceOf(alice), 2 * ONE_SHARE);
        assertEq(weth.balanceOf(address(vault)), 2 ether);
        assertEq(vault.idleAssets(), 2 ether);
        assertEq(vault.totalAssets(), 2 ether);
        assertEq(_price(), 1e18);
    }

    function test_withdrawETHPaysNativeEth() public {
        _deposit(alice, 2 ether);
        uint256 ethBefore = alice.balance;
        vm.prank(alice);
        uint256 burned = vault.withdrawETH(1 ether, payable(alice), alice, type(uint256).max);
        assertEq(alice.balance - ethBefore, 1 ether);
        assertEq(burned, ONE_SHARE);
        assertEq(vault.idleAssets(), 1 ether);
    }

    function test_redeemETHPaysNativeEth() public {
        _deposit(alice, 2 ether);
        uint256 ethBefore = alice.balance;
        vm.prank(alice);
        uint256 paid = vault.redeemETH(ONE_SHARE, payable(alice), alice, 1 ether);
        assertEq(paid, 1 ether);
        assertEq(alice.balance - ethBefore, 1 ether);
    }

    function test_withdrawETHToAReceiverThatRejectsEthRevertsAndMovesNothing() public {
        _deposit(alice, 2 ether);
        address rejecter = address(new EthRejecter());
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.EthTransferFailed.selector, rejecter));
        vault.withdrawETH(1 ether, payable(rejecter), alice, type(uint256).max);
        assertEq(vault.balanceOf(alice), 2 * ONE_SHARE);
        assertEq(vault.idleAssets(), 2 ether);
    }

    function test_depositOfZeroRevertsWithZeroShares() public {
        vm.prank(alice);
        vm.expectRevert(ErrorsLib.ZeroShares.selector);
        vault.depositETH{value: 0}(alice, 0);
    }

    function test_erc5143_depositRevertsBelowMinShares() public {
        _wethFor(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SharesBelowMin.selector, ONE_SHARE, ONE_SHARE + 1));
        vault.deposit(1 ether, alice, ONE_SHARE + 1);
    }

    function test_erc5143_depositETHRevertsBelowMinShares() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SharesBelowMin.selector, ONE_SHARE, 2 * ONE_SHARE));
        vault.depositETH{value: 1 ether}(alice, 2 * ONE_SHARE);
    }

    function test_erc5143_mintRevertsAboveMaxAssets() public {
        _wethFor(alice, 2 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AssetsAboveMax.selector, 1 ether, 1 ether - 1));
        vault.mint(ONE_SHARE, alice, 1 ether - 1);
        vm.prank(alice);
        assertEq(vault.mint(ONE_SHARE, alice, 1 ether), 1 ether);
    }

    function test_erc5143_withdrawRevertsAboveMaxShares() public {
        _deposit(alice, 2 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SharesAboveMax.selector, ONE_SHARE, ONE_SHARE - 1));
        vault.withdraw(1 ether, alice, alice, ONE_SHARE - 1);
    }

    function test_erc5143_redeemRevertsBelowMinAssets() public {
        _deposit(alice, 2 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AssetsBelowMin.selector, 1 ether, 1 ether + 1));
        vault.redeem(ONE_SHARE, alice, alice, 1 ether + 1);
    }

    function test_maxWithdrawIsBoundedByIdleLiquidity() public {
        _deposit(alice, 10 ether);
        _allocate(adapter, 7 ether);
        assertEq(vault.maxWithdraw(alice), 3 ether);
        assertEq(vault.maxRedeem(alice), 3 * ONE_SHARE);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxWithdraw.selector, alice, 4 ether, 3 ether));
        vault.withdraw(4 ether, alice, alice);
        vm.prank(alice);
        vault.withdraw(3 ether, alice, alice);
        assertEq(weth.balanceOf(alice), 3 ether);
    }

    function test_maxViewsAreZeroWhilePausedAndDepositsRevert() public {
        _deposit(alice, 1 ether);
        vm.prank(guardian);
        vault.pause();
        assertEq(vault.maxDeposit(alice), 0);
        assertEq(vault.maxMint(alice), 0);
        assertEq(vault.maxWithdraw(alice), 0);
        assertEq(vault.maxRedeem(alice), 0);
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(ErrorsLib.VaultPaused.selector);
        vault.depositETH{value: 1 ether}(alice, 0);
        vm.prank(alice);
        vm.expectRevert(ErrorsLib.VaultPaused.selector);
        vault.redeem(1, alice, alice);
    }

    function test_maxDepositHonoursDepositCap() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setDepositCap, (5 ether)));
        _deposit(alice, 2 ether);
        assertEq(vault.maxDeposit(bob), 3 ether);
        assertEq(vault.maxMint(bob), 3 * ONE_SHARE);
        vm.deal(bob, 4 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxDeposit.selector, bob, 4 ether, 3 ether));
        vault.depositETH{value: 4 ether}(bob, 0);
    }

    function test_depositCapBackToUnlimitedLiftsTheCap() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setDepositCap, (5 ether)));
        _deposit(alice, 2 ether);
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setDepositCap, (type(uint256).max)));
        assertEq(vault.depositCap(), type(uint256).max);
        assertEq(vault.maxDeposit(bob), uint256(type(uint96).max) - 2 ether);
        _deposit(bob, 10 ether);
        assertEq(vault.totalAssets(), 12 ether);
    }

    /// @dev idleAssets is packed as a uint96: maxDeposit stops total assets at 2^96 - 1 wei even without a cap, and a
    /// path without a maxDeposit check (fundReserve) reverts on the narrowing write instead of wrapping.
    function test_packedIdleBoundHoldsWithoutACap() public {
        uint256 bound = type(uint96).max;
        _deposit(alice, 1 ether);
        assertEq(vault.maxDeposit(bob), bound - 1 ether);
        vm.deal(bob, bound);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxDeposit.selector, bob, bound, bound - 1 ether)
        );
        vault.depositETH{value: bound}(bob, 0);

        _wethFor(address(this), bound);
        weth.approve(address(vault), type(uint256).max);
        // The reserve's funding honours the same bound as a deposit (I-3).
        vm.expectRevert(
            abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxDeposit.selector, address(vault), bound, bound - 1 ether)
        );
        vault.fundReserve(bound);
        assertEq(vault.idleAssets(), 1 ether);
        assertEq(vault.reserveShares(), 0);

        // Up to the bound itself works.
        vm.prank(bob);
        vault.depositETH{value: bound - 1 ether}(bob, 0);
        assertEq(vault.idleAssets(), bound);
        assertEq(vault.maxDeposit(bob), 0);
    }

    /// @dev Share balances and supply are the vault's own (packed storage): transfers move balances and keep the
    /// supply, and a transfer above the balance reverts with OZ's error, leaving both balances as they were.
    function test_shareTransfersKeepSupplyAndRejectOverdraft() public {
        uint256 shares = _deposit(alice, 2 ether);
        uint256 supply = vault.totalSupply();
        vm.prank(alice);
        vault.transfer(bob, shares / 4);
        assertEq(vault.balanceOf(alice), shares - shares / 4);
        assertEq(vault.balanceOf(bob), shares / 4);
        assertEq(vault.totalSupply(), supply);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, shares / 4, shares / 4 + 1)
        );
        vault.transfer(alice, shares / 4 + 1);
        assertEq(vault.balanceOf(bob), shares / 4);
        vm.prank(bob);
        vault.redeem(shares / 4, bob, bob);
        assertEq(vault.totalSupply(), supply - shares / 4);
        assertEq(vault.balanceOf(bob), 0);
    }

    function test_donationOfWethDoesNotMoveSharePrice() public {
        _deposit(alice, 5 ether);
        uint256 priceBefore = _price();
        uint256 assetsBefore = vault.totalAssets();
        _wethFor(attacker, 100 ether);
        vm.prank(attacker);
        weth.transfer(address(vault), 100 ether);
        assertEq(_price(), priceBefore);
        assertEq(vault.totalAssets(), assetsBefore);
    }

    function test_donationOfEthDoesNotMoveSharePrice() public {
        _deposit(alice, 5 ether);
        uint256 priceBefore = _price();
        // Forced ETH (selfdestruct or coinbase) lands without calling receive().
        vm.deal(address(vault), 50 ether);
        assertEq(_price(), priceBefore);
        assertEq(vault.totalAssets(), 5 ether);
    }

    function test_plainEthTransferToVaultReverts() public {
        vm.deal(attacker, 1 ether);
        vm.prank(attacker);
        (bool ok, bytes memory ret) = address(vault).call{value: 1 ether}("");
        assertFalse(ok);
        assertEq(bytes4(ret), ErrorsLib.OnlyWeth.selector);
    }

    function test_donationOfLrtToAdapterMovesNothingUntilReportedThenLocked() public {
        _deposit(alice, 10 ether);
        _allocate(adapter, 5 ether);
        uint256 priceBefore = _price();
        _gain(adapter, 1 ether); // an LRT donation to the adapter
        assertEq(_price(), priceBefore);
        _report();
        // Reported, but locked: the price has not moved yet.
        assertEq(_price(), priceBefore);
        assertEq(vault.lockedProfit(), 1 ether);
    }

    function test_firstDepositorInflationAttackLosesAttackerMoney_donationRoute() public {
        _wethFor(attacker, 10 ether + 1);
        vm.startPrank(attacker);
        vault.deposit(1, attacker);
        weth.transfer(address(vault), 10 ether);
        vm.stopPrank();
        _deposit(alice, 1 ether);
        // Alice got her full share count: the donation counted for nothing.
        assertEq(vault.balanceOf(alice), ONE_SHARE);
        uint256 attackerShares = vault.balanceOf(attacker);
        vm.prank(attacker);
        uint256 back = vault.redeem(attackerShares, attacker, attacker);
        assertLe(back, 1);
        assertEq(vault.previewRedeem(vault.balanceOf(alice)), 1 ether);
    }

    function test_firstDepositorInflationAttackLosesAttackerMoney_reportedRoute() public {
        // The one route left: value reaching an adapter and being reported as profit (then fully unlocked).
        _wethFor(attacker, 1);
        vm.prank(attacker);
        vault.deposit(1, attacker);
        vm.prank(allocator);
        vault.allocate(address(adapter), 1, 0);
        _gain(adapter, 10 ether); // the attacker's 10 ETH
        _report();
        vm.warp(block.timestamp + vault.profitUnlockPeriod());
        _deposit(alice, 1 ether);
        // Alice loses at most one share unit's worth of rounding.
        assertApproxEqAbs(vault.previewRedeem(vault.balanceOf(alice)), 1 ether, 1e13);
        uint256 attackerValue = vault.previewRedeem(vault.balanceOf(attacker));
        // The attacker paid 10 ETH + 1 wei and owns at most about half of it (virtual shares take the rest).
        assertLt(attackerValue, 5.01 ether);
    }
}

/// @notice Report rules: locked profit, fees from profit only, reserve-first losses.
contract LRTVaultReportTest is VaultTestBase {
    function setUp() public override {
        super.setUp();
        _deposit(alice, 100 ether);
        _allocate(adapter, 80 ether);
    }

    function test_reportLocksProfitAndUnlocksLinearly() public {
        uint256 priceBefore = _price();
        _gain(adapter, 8 ether);
        (uint256 profit, uint256 loss) = _report();
        assertEq(profit, 8 ether);
        assertEq(loss, 0);
        assertEq(vault.lockedProfit(), 8 ether);
        assertEq(_price(), priceBefore);
        uint256 period = vault.profitUnlockPeriod();
        vm.warp(block.timestamp + period / 4);
        assertEq(vault.lockedProfit(), 6 ether);
        assertEq(vault.totalAssets(), 102 ether);
        vm.warp(block.timestamp + period);
        assertEq(vault.lockedProfit(), 0);
        assertEq(vault.totalAssets(), 108 ether);
    }

    function test_sandwichingAReportGainsNothing() public {
        _gain(adapter, 8 ether);
        _deposit(attacker, 100 ether);
        _report();
        uint256 shares = vault.balanceOf(attacker);
        vm.prank(attacker);
        uint256 back = vault.redeem(shares, attacker, attacker);
        assertLe(back, 100 ether);
    }

    function test_performanceFeeAndInsuranceCutDoNotMoveSharePrice() public {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (1_000, 500)));
        uint256 priceBefore = _price();
        _gain(adapter, 10 ether);
        _report();
        // 10 % fee and 5 % insurance are added with their shares; 8.5 ETH is locked.
        assertEq(vault.lockedProfit(), 8.5 ether);
        assertGe(_price(), priceBefore);
        assertApproxEqAbs(_price(), priceBefore, 1);
        assertApproxEqAbs(vault.previewRedeem(vault.balanceOf(feeRecipient)), 1 ether, 1);
        assertApproxEqAbs(vault.reserveAssets(), 0.5 ether, 1);
        assertEq(vault.reserveShares(), vault.balanceOf(address(vault)));
    }

    function test_feesAreTakenFromProfitOnly() public {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (1_000, 500)));
        _slash(adapter, 1 ether);
        _report();
        assertEq(vault.balanceOf(feeRecipient), 0);
        assertEq(vault.reserveShares(), 0);
    }

    function test_lossBurnsReserveSharesFirst() public {
        _fundReserve(5 ether);
        uint256 priceBefore = _price();
        uint256 reserveSharesBefore = vault.reserveShares();
        _slash(adapter, 2 ether);
        (, uint256 loss) = _report();
        assertEq(loss, 2 ether);
        assertGe(_price(), priceBefore);
        assertApproxEqAbs(_price(), priceBefore, 1);
        assertApproxEqAbs(vault.reserveAssets(), 3 ether, 1);
        assertLt(vault.reserveShares(), reserveSharesBefore);
        assertApproxEqAbs(vault.previewRedeem(vault.balanceOf(alice)), 100 ether, 1);
    }

    function test_lossBeyondReserveCancelsLockedProfitNext() public {
        _fundReserve(1 ether);
        _gain(adapter, 4 ether);
        _report();
        uint256 priceBefore = _price();
        _slash(adapter, 3 ether);
        _report();
        assertEq(vault.reserveShares(), 0);
        // 1 ETH from the reserve, 2 ETH from the 4 ETH still locked.
        assertApproxEqAbs(vault.lockedProfit(), 2 ether, 1);
        assertApproxEqAbs(_price(), priceBefore, 1);
    }

    function test_lossBeyondReserveAndLockedProfitLowersSharePrice() public {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (10_000, 10_000)));
        _fundReserve(1 ether);
        _slash(adapter, 11 ether);
        _report();
        // 1 ETH covered, 10 ETH hits holders: 101 - 11 = 90 ETH of assets for 101 ETH of shares.
        assertEq(vault.reserveShares(), 0);
        assertApproxEqAbs(vault.totalAssets(), 90 ether, 1);
        assertApproxEqAbs(vault.previewRedeem(vault.balanceOf(alice)), 90 ether, 1e6);
    }

    function test_reportNeverRevertsForReserveRule() public {
        // Raising coverage lowers risk: immediate. Requirement 5 % of 80 ETH = 4 ETH, no reserve at all.
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 500)));
        assertEq(vault.requiredReserve(), 4 ether);
        _slash(adapter, 0.5 ether);
        (, uint256 loss) = _report();
        assertEq(loss, 0.5 ether);
    }

    function test_fundReserveAddsReserveSharesWithoutMovingPrice() public {
        uint256 priceBefore = _price();
        uint256 shares = _fundReserve(3 ether);
        assertEq(vault.reserveShares(), shares);
        assertEq(vault.balanceOf(address(vault)), shares);
        assertApproxEqAbs(vault.reserveAssets(), 3 ether, 1);
        assertEq(_price(), priceBefore);
    }

    function test_reserveSharesCannotBeRedeemedByAnyone() public {
        _fundReserve(3 ether);
        uint256 shares = vault.reserveShares();
        vm.prank(attacker);
        vm.expectRevert();
        vault.redeem(shares, attacker, address(vault));
        assertEq(vault.reserveShares(), shares);
    }
}

/// @notice A receiver that refuses native ETH.
contract EthRejecter {
    receive() external payable {
        revert("no ETH");
    }
}
