// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {RedemptionQueue} from "../../contracts/RedemptionQueue.sol";
import {ILRTVault, ILRTVaultAdmin} from "../../contracts/interfaces/ILRTVault.sol";
import {IVaultQueueHooks} from "../../contracts/interfaces/IVaultQueueHooks.sol";
import {WETH} from "../../contracts/tokens/WETH.sol";
import {VaultTestBase} from "../VaultTestBase.sol";
import {MockAdapter} from "../mocks/MockAdapter.sol";
import {QueueHandlerBase} from "./QueueHandler.sol";

/// @notice The queue's handler over the real vault: gains are reported by the keeper (locked, unlocking), a loss is
/// visible at the adapter before anyone reports it (the queue's fulfilment and instant exits recognise it), the keeper
/// refills idle through a queued exit that finalises later.
contract VaultQueueHandler is QueueHandlerBase {
    ILRTVault internal lrtVault;
    MockAdapter internal mock;

    constructor(RedemptionQueue q, ILRTVault v, MockAdapter a, WETH w, address[] memory who, address stay)
        QueueHandlerBase(q, address(v), address(a), w, who, stay)
    {
        lrtVault = v;
        mock = a;
    }

    function gain(uint256 amount) external {
        amount = bound(amount, 0, 0.5 ether);
        vm.deal(address(this), amount);
        weth.deposit{value: amount}();
        weth.transfer(address(mock), amount);
        mock.setValue(mock.value() + amount);
        lrtVault.report();
    }

    function visibleLoss(uint256 bps) external {
        uint256 value = mock.value();
        mock.setValue(value - value * bound(bps, 0, 300) / 10_000);
    }

    function keeperRefill(uint256 amount) external {
        uint256 held = mock.value();
        uint256 sellable = vault.allocation(address(adapter)) - adapter.pendingExits();
        amount = bound(amount, 0, sellable < held ? sellable : held);
        if (amount == 0 || vault.paused()) return;
        mock.setExits(false, 0);
        lrtVault.requestExit(address(mock), amount);
    }

    function claimExits() external {
        mock.setExits(true, 0);
        lrtVault.claimExits(address(mock));
    }
}

/// @notice The queue's accounting invariants against the real vault and its hooks.
contract RedemptionQueueVaultInvariantTest is StdInvariant, VaultTestBase {
    RedemptionQueue internal queue;
    VaultQueueHandler internal handler;
    address internal carol = makeAddr("carol");

    function setUp() public override {
        super.setUp();
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (10_000, 10_000)));
        queue = new RedemptionQueue(address(vault), 14 days, 15 days, 0.01 ether);
        vm.prank(admin);
        IVaultQueueHooks(address(vault)).setRedemptionQueue(address(queue));
        address[] memory who = new address[](2);
        who[0] = alice;
        who[1] = bob;
        _deposit(alice, 40 ether);
        _deposit(bob, 30 ether);
        _deposit(carol, 10 ether);
        _allocate(adapter, 70 ether);
        adapter.setSlippage(0, 100);
        handler = new VaultQueueHandler(queue, ILRTVault(address(vault)), adapter, weth, who, carol);
        bytes32 allocatorRole = vault.ALLOCATOR_ROLE();
        vm.prank(admin);
        vault.setRole(allocatorRole, address(handler), true);
        targetContract(address(handler));
    }

    function invariant_vault_wethSetAsideCoversEverythingClaimable() public view {
        assertEq(queue.summary().setAside, handler.ghostClaimable());
        assertGe(weth.balanceOf(address(queue)), handler.ghostClaimable());
    }

    function invariant_vault_noRequestPaidTwiceOrOutOfFifoOrder() public view {
        assertEq(handler.ghostDoublePays(), 0);
        assertEq(handler.ghostFifoBreaks(), 0);
    }

    function invariant_vault_aRequesterNeverReceivesMoreThanTheValueAtRequest() public view {
        assertEq(handler.ghostOverpaid(), 0);
    }

    function invariant_vault_nobodysValueMovesWhenSomeoneRequestsCancelsOrClaims() public view {
        assertEq(handler.ghostValueMoves(), 0);
    }

    function invariant_vault_payoutsPlusRemainingShareValueWithinAssets() public view {
        uint256 assets = weth.balanceOf(address(vault)) + weth.balanceOf(address(adapter)) + weth.balanceOf(address(queue));
        uint256 owed = queue.summary().setAside + vault.convertToAssets(vault.totalSupply());
        assertLe(owed, assets);
    }

    function invariant_vault_escrowedSharesEqualPendingShares() public view {
        assertEq(vault.balanceOf(address(queue)), queue.summary().pendingShares);
    }
}
