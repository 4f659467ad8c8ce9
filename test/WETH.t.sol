// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {WETH} from "../contracts/tokens/WETH.sol";

/// @notice The devnet WETH behaves as mainnet WETH9 for everything the vault and adapters use.
contract WETHTest is Test {
    WETH internal weth;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        weth = new WETH();
    }

    function test_depositAndPlainTransferWrapOneForOne() public {
        vm.deal(alice, 3 ether);
        vm.prank(alice);
        weth.deposit{value: 1 ether}();
        vm.prank(alice);
        (bool ok,) = address(weth).call{value: 2 ether}("");
        assertTrue(ok);
        assertEq(weth.balanceOf(alice), 3 ether);
        assertEq(weth.totalSupply(), 3 ether);
        assertEq(address(weth).balance, 3 ether);
    }

    function test_withdrawUnwrapsOneForOne() public {
        vm.deal(alice, 2 ether);
        vm.startPrank(alice);
        weth.deposit{value: 2 ether}();
        weth.withdraw(0.5 ether);
        vm.stopPrank();
        assertEq(alice.balance, 0.5 ether);
        assertEq(weth.balanceOf(alice), 1.5 ether);
    }

    function test_withdrawMoreThanBalanceReverts() public {
        vm.deal(alice, 1 ether);
        vm.startPrank(alice);
        weth.deposit{value: 1 ether}();
        vm.expectRevert();
        weth.withdraw(1 ether + 1);
        vm.stopPrank();
    }

    function test_maxAllowanceIsNeverSpent() public {
        vm.deal(alice, 1 ether);
        vm.startPrank(alice);
        weth.deposit{value: 1 ether}();
        weth.approve(bob, type(uint256).max);
        vm.stopPrank();
        vm.prank(bob);
        weth.transferFrom(alice, bob, 1 ether);
        assertEq(weth.allowance(alice, bob), type(uint256).max);
        assertEq(weth.balanceOf(bob), 1 ether);
    }
}
