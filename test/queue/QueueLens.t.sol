// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {VaultLens} from "../../contracts/periphery/VaultLens.sol";
import {LensVaultStub} from "../periphery/VaultLens.t.sol";
import {QueueTestBase} from "./QueueTestBase.sol";

/// @dev The lens's vault stub, with a redemption queue.
contract LensVaultWithQueue is LensVaultStub {
    address public redemptionQueue;

    function setQueue(address q) external {
        redemptionQueue = q;
    }
}

/// @notice The lens reads the queue in the same call: pending count and value, the head's age and due time, WETH
/// set aside and the first pending requests; a vault without a queue (or without the hooks) reads as zero.
contract QueueLensTest is QueueTestBase {
    VaultLens internal lens;
    LensVaultWithQueue internal stub;

    function setUp() public override {
        super.setUp();
        lens = new VaultLens();
        stub = new LensVaultWithQueue();
    }

    function test_lens_showsPendingCountValueOldestAgeAndWethSetAside() public {
        uint256 a = _requestAssets(alice, 3 ether);
        vm.warp(block.timestamp + 1 days);
        _requestAssets(bob, 20 ether);
        queue.fulfil(1);
        stub.setQueue(address(queue));
        VaultLens.QueueInfo memory q = lens.snapshot(address(stub)).queue;
        assertEq(q.queue, address(queue));
        assertEq(q.summary.pendingCount, 1);
        assertEq(q.summary.owedAssets, queue.getRequest(2).owed);
        assertEq(q.summary.setAside, queue.claimableAssets(a));
        assertEq(q.summary.headId, 2);
        assertEq(q.summary.headRequestedAt, block.timestamp);
        assertEq(q.summary.headDueAt, block.timestamp + MAX_WAIT);
        assertEq(q.requests.length, 1);
        assertEq(q.requests[0].requestId, 2);
    }

    function test_lens_vaultWithoutQueueReadsZero() public view {
        VaultLens.QueueInfo memory q = lens.snapshot(address(stub)).queue;
        assertEq(q.queue, address(0));
        assertEq(q.summary.pendingCount, 0);
        assertEq(q.requests.length, 0);
    }
}
