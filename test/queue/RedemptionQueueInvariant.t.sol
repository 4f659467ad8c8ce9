// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {QueueHandler} from "./QueueHandler.sol";
import {QueueTestBase} from "./QueueTestBase.sol";

/// @notice Accounting invariants of the redemption queue under random requests, cancels, fulfilments, claims (WETH
/// and ETH), instant exits, unwinding, gains, visible losses, keeper refills and time.
contract RedemptionQueueInvariantTest is StdInvariant, QueueTestBase {
    QueueHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory who = new address[](3);
        who[0] = alice;
        who[1] = bob;
        who[2] = makeAddr("dave");
        _deposit(who[2], 5 ether);
        handler = new QueueHandler(queue, vault, adapter, weth, who, carol);
        targetContract(address(handler));
    }

    function invariant_wethSetAsideCoversEverythingClaimable() public view {
        assertEq(queue.summary().setAside, handler.ghostClaimable());
        assertGe(weth.balanceOf(address(queue)), handler.ghostClaimable());
    }

    function invariant_noRequestPaidTwiceOrOutOfFifoOrder() public view {
        assertEq(handler.ghostDoublePays(), 0);
        assertEq(handler.ghostFifoBreaks(), 0);
    }

    function invariant_aRequesterNeverReceivesMoreThanTheValueAtRequest() public view {
        assertEq(handler.ghostOverpaid(), 0);
    }

    function invariant_nobodysValueMovesWhenSomeoneRequestsCancelsOrClaims() public view {
        assertEq(handler.ghostValueMoves(), 0);
    }

    /// @dev What the queue owes (set aside) plus what every share is worth never exceeds the WETH that exists for them.
    function invariant_payoutsPlusRemainingShareValueWithinAssets() public view {
        uint256 assets = weth.balanceOf(address(vault)) + weth.balanceOf(address(adapter)) + adapter.pendingExits()
            + weth.balanceOf(address(queue));
        uint256 owed = queue.summary().setAside + vault.convertToAssets(vault.totalSupply());
        assertLe(owed, assets);
    }

    function invariant_escrowedSharesEqualPendingShares() public view {
        assertEq(vault.balanceOf(address(queue)), queue.summary().pendingShares);
    }
}
