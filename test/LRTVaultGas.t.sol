// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultCore} from "../contracts/interfaces/ILRTVault.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";

/// @notice The vault's main paths, one per test, for `forge snapshot --match-path test/LRTVaultGas.t.sol`.
/// Each test also asserts the path's effect, so a snapshot entry is never a silent no-op.
contract LRTVaultGasTest is VaultTestBase {
    function setUp() public override {
        super.setUp();
        _deposit(alice, 100 ether);
        _wethFor(bob, 10 ether);
        _allocate(adapter, 50 ether);
    }

    function test_gas_deposit() public {
        vm.prank(bob);
        vault.deposit(1 ether, bob);
        assertEq(vault.balanceOf(bob), ONE_SHARE);
    }

    function test_gas_depositETH() public {
        vm.deal(bob, 1 ether);
        vm.prank(bob);
        vault.depositETH{value: 1 ether}(bob, ONE_SHARE);
        assertEq(vault.balanceOf(bob), ONE_SHARE);
    }

    function test_gas_withdraw() public {
        vm.prank(alice);
        vault.withdraw(1 ether, alice, alice);
        assertEq(weth.balanceOf(alice), 1 ether);
    }

    function test_gas_redeemETH() public {
        uint256 before = alice.balance;
        vm.prank(alice);
        vault.redeemETH(ONE_SHARE, payable(alice), alice, 1 ether);
        assertEq(alice.balance - before, 1 ether);
    }

    function test_gas_allocate() public {
        _allocate(adapter, 1 ether);
        assertEq(vault.allocation(address(adapter)), 51 ether);
    }

    function test_gas_deallocate() public {
        _deallocate(adapter, 1 ether);
        assertEq(vault.allocation(address(adapter)), 49 ether);
    }

    function test_gas_rebalanceTwoMoves() public {
        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](2);
        moves[0] = ILRTVaultCore.Move(address(adapter), false, 10 ether, 10 ether);
        moves[1] = ILRTVaultCore.Move(address(adapter), true, 5 ether, 5 ether);
        uint256 nonce = vault.rebalanceNonce();
        vm.prank(allocator);
        vault.rebalance(moves, nonce);
        assertEq(vault.allocation(address(adapter)), 45 ether);
    }

    function test_gas_reportOneAdapterWithProfit() public {
        _gain(adapter, 1 ether);
        (uint256 profit,) = _report();
        assertEq(profit, 1 ether);
    }

    function test_gas_reportLossCoveredByReserve() public {
        _fundReserve(5 ether);
        _slash(adapter, 0.4 ether);
        (, uint256 loss) = _report();
        assertEq(loss, 0.4 ether);
    }

    function test_gas_pricePerShareOneAdapter() public view {
        assertEq(vault.pricePerShare(), 1e18);
    }

    function test_gas_feedLatestRoundData() public view {
        (, int256 answer,,,) = feed.latestRoundData();
        assertEq(answer, 1e18);
    }
}

/// @notice The same paths with 16 registered adapters: report grows with the count, price reads do not.
contract LRTVaultGasSixteenAdaptersTest is VaultTestBase {
    function setUp() public override {
        super.setUp();
        _deposit(alice, 100 ether);
        _allocate(adapter, 50 ether);
        for (uint256 i; i < 15; ++i) {
            MockAdapter m = _newAdapter();
            _addAdapter(address(m), 0, type(uint256).max);
            _allocate(m, 1 ether);
        }
    }

    function test_gas_reportSixteenAdaptersWithProfit() public {
        _gain(adapter, 1 ether);
        (uint256 profit,) = _report();
        assertEq(profit, 1 ether);
    }

    function test_gas_pricePerShareSixteenAdapters() public view {
        assertEq(vault.pricePerShare(), 1e18);
    }

    function test_gas_feedLatestRoundDataSixteenAdapters() public view {
        (, int256 answer,,,) = feed.latestRoundData();
        assertEq(answer, 1e18);
    }
}
