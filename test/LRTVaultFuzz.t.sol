// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin} from "../contracts/interfaces/ILRTVault.sol";
import {VaultTestBase} from "./VaultTestBase.sol";

/// @notice Fuzz tests of every conversion and fee path: rounding always favours the vault, fees never move the
/// share price, a covered loss never lowers it, an uncovered loss lowers it by no more than the uncovered part.
contract LRTVaultFuzzTest is VaultTestBase {
    /// @dev Brings the vault to a fuzzed, non-trivial share price: deposits, an allocation, a reported gain or
    /// loss, and some unlocking time.
    function _scenario(uint256 seedAssets, uint256 gain, uint256 loss, uint256 elapsed) internal {
        seedAssets = bound(seedAssets, 1 ether, 1_000_000 ether);
        _deposit(bob, seedAssets);
        _allocate(adapter, seedAssets / 2);
        gain = bound(gain, 0, seedAssets / 2);
        loss = bound(loss, 0, seedAssets / 100); // within the default 1 % price bound
        if (gain != 0) _gain(adapter, gain);
        if (loss != 0) _slash(adapter, loss);
        _report();
        vm.warp(block.timestamp + bound(elapsed, 0, 10 days));
    }

    function testFuzz_depositThenRedeemNeverReturnsMore(uint256 s, uint256 g, uint256 l, uint256 t, uint256 assets)
        public
    {
        _scenario(s, g, l, t);
        assets = bound(assets, 1e6, 1_000_000 ether);
        uint256 expected = vault.previewDeposit(assets);
        uint256 shares = _deposit(alice, assets);
        assertEq(shares, expected);
        vm.prank(alice);
        uint256 back = vault.redeem(shares, alice, alice);
        assertLe(back, assets);
    }

    function testFuzz_mintPullsPreviewMintAndIsWorthNoMore(uint256 s, uint256 g, uint256 l, uint256 t, uint256 shares)
        public
    {
        _scenario(s, g, l, t);
        shares = bound(shares, 1e12, 1_000_000 * ONE_SHARE);
        uint256 expected = vault.previewMint(shares);
        _wethFor(alice, expected);
        vm.prank(alice);
        uint256 pulled = vault.mint(shares, alice);
        assertEq(pulled, expected);
        assertEq(vault.balanceOf(alice), shares);
        assertLe(vault.previewRedeem(shares), pulled);
    }

    function testFuzz_withdrawBurnsAtLeastTheSharesWorthTheAssets(
        uint256 s,
        uint256 g,
        uint256 l,
        uint256 t,
        uint256 deposit,
        uint256 assets
    ) public {
        _scenario(s, g, l, t);
        deposit = bound(deposit, 1 ether, 1_000_000 ether);
        _deposit(alice, deposit);
        assets = bound(assets, 1, vault.maxWithdraw(alice));
        uint256 expected = vault.previewWithdraw(assets);
        uint256 sharesBefore = vault.balanceOf(alice);
        vm.prank(alice);
        uint256 burned = vault.withdraw(assets, alice, alice);
        assertEq(burned, expected);
        assertEq(sharesBefore - vault.balanceOf(alice), burned);
        assertGe(vault.convertToAssets(burned) + 1, assets);
        assertEq(weth.balanceOf(alice), assets);
    }

    function testFuzz_conversionsRoundInFavourOfTheVault(uint256 s, uint256 g, uint256 l, uint256 t, uint256 x) public {
        _scenario(s, g, l, t);
        x = bound(x, 0, 1e36);
        assertLe(vault.convertToShares(vault.convertToAssets(x)), x);
        assertLe(vault.previewDeposit(x), vault.previewWithdraw(x));
        assertLe(vault.previewRedeem(x), vault.previewMint(x));
        assertEq(vault.convertToAssets(x), vault.previewRedeem(x));
        assertEq(vault.convertToShares(x), vault.previewDeposit(x));
    }

    function testFuzz_profitWithFeesNeverMovesSharePriceDown(uint256 s, uint256 profit, uint16 perf, uint16 ins)
        public
    {
        perf = uint16(bound(perf, 0, 3_000));
        ins = uint16(bound(ins, 0, 2_000));
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (perf, ins)));
        s = bound(s, 1 ether, 1_000_000 ether);
        _deposit(bob, s);
        _allocate(adapter, s / 2);
        profit = bound(profit, 1, s);
        uint256 priceBefore = _price();
        _gain(adapter, profit);
        _report();
        uint256 priceAfter = _price();
        assertGe(priceAfter, priceBefore);
        // Price-neutral: at most the rounding of two share mints (one share unit each) above.
        assertLe(priceAfter - priceBefore, 2);
        uint256 feeAssets = profit * perf / 10_000;
        uint256 insAssets = profit * ins / 10_000;
        assertLe(vault.previewRedeem(vault.balanceOf(feeRecipient)), feeAssets);
        assertLe(vault.reserveAssets(), insAssets);
        assertEq(vault.lockedProfit(), profit - feeAssets - insAssets);
    }

    function testFuzz_lossCoveredByReserveKeepsSharePrice(uint256 s, uint256 reserve, uint256 loss) public {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (10_000, 10_000)));
        s = bound(s, 1 ether, 1_000_000 ether);
        _deposit(bob, s);
        reserve = bound(reserve, 1 ether, s);
        _fundReserve(reserve);
        _allocate(adapter, s);
        loss = bound(loss, 1, vault.reserveAssets());
        uint256 priceBefore = _price();
        uint256 bobBefore = vault.previewRedeem(vault.balanceOf(bob));
        _slash(adapter, loss);
        _report();
        assertGe(_price(), priceBefore);
        assertGe(vault.previewRedeem(vault.balanceOf(bob)), bobBefore);
    }

    function testFuzz_uncoveredLossLowersHoldersByNoMoreThanItsShare(uint256 s, uint256 reserve, uint256 loss) public {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (10_000, 10_000)));
        s = bound(s, 1 ether, 1_000_000 ether);
        _deposit(bob, s);
        reserve = bound(reserve, 0, s / 10);
        if (reserve != 0) _fundReserve(reserve);
        _allocate(adapter, s);
        loss = bound(loss, 1, s);
        uint256 totalBefore = vault.totalAssets();
        uint256 reserveBefore = vault.reserveAssets();
        _slash(adapter, loss);
        _report();
        // Everyone but the reserve bears at most the part the reserve could not cover.
        uint256 uncovered = loss > reserveBefore ? loss - reserveBefore : 0;
        assertEq(vault.totalAssets(), totalBefore - loss);
        assertGe(vault.previewRedeem(vault.balanceOf(bob)) + uncovered + 1, s);
    }

    function testFuzz_lockedProfitUnlocksLinearlyAndStaysBelowStoredAssets(uint256 profit, uint256 elapsed) public {
        _deposit(bob, 100 ether);
        _allocate(adapter, 50 ether);
        profit = bound(profit, 1, 1_000 ether);
        _gain(adapter, profit);
        _report();
        uint256 period = vault.profitUnlockPeriod();
        elapsed = bound(elapsed, 0, 2 * period);
        vm.warp(block.timestamp + elapsed);
        uint256 locked = vault.lockedProfit();
        uint256 expected = elapsed >= period ? 0 : profit - profit * elapsed / period;
        assertApproxEqAbs(locked, expected, 1);
        assertLe(locked, vault.idleAssets() + vault.totalAllocated());
    }

    function testFuzz_moveLossWithinBoundIsRecognisedExactly(uint256 assets, uint16 slipBps) public {
        _deposit(bob, 1_000 ether);
        assets = bound(assets, 1 ether, 1_000 ether);
        slipBps = uint16(bound(slipBps, 0, 49)); // 50 bps rounds the mock's loss 1 wei past the bound
        adapter.setSlippage(slipBps, 0);
        uint256 totalBefore = vault.totalAssets();
        uint256 valueIn = _allocate(adapter, assets);
        assertEq(valueIn, assets * (10_000 - slipBps) / 10_000);
        assertEq(vault.totalAssets(), totalBefore - (assets - valueIn));
        assertEq(vault.allocation(address(adapter)), valueIn);
    }
}
