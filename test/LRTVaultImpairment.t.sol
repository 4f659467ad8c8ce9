// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Vm} from "forge-std/Vm.sol";
import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin, ILRTVaultCore} from "../contracts/interfaces/ILRTVault.sol";
import {ErrorsLib} from "../contracts/libraries/ErrorsLib.sol";
import {EventsLib} from "../contracts/libraries/EventsLib.sol";
import {ConstantsLib} from "../contracts/libraries/ConstantsLib.sol";
import {VaultLens} from "../contracts/periphery/VaultLens.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";

/// @notice Impaired adapters: a protocol failure that is not a slash (a reverting or garbage valuation, as with
/// Kelp's bridge exploit). The report goes on without the failing adapter, which keeps its recorded value, is
/// flagged and takes no new allocation; the guardian writes it down through the loss path; a written-off adapter
/// can be removed; a recovering one is un-flagged; one that reverts to dodge a loss gains nothing.
contract LRTVaultImpairmentTest is VaultTestBase {
    MockAdapter internal second;
    MockAdapter internal broken;

    function setUp() public override {
        super.setUp();
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setTier, (1, 10_000, 0)));
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (10_000, 10_000)));
        second = _newAdapter();
        broken = _newAdapter();
        _addAdapter(address(second), 1, type(uint256).max);
        _addAdapter(address(broken), 1, type(uint256).max);
        _deposit(alice, 100 ether);
        _allocate(adapter, 20 ether);
        _allocate(second, 20 ether);
        _allocate(broken, 20 ether);
    }

    function _writeDown(MockAdapter a, uint256 newValue) internal {
        vm.prank(guardian);
        vault.writeDown(address(a), newValue);
    }

    /// @dev The `reason` of the ValuationFailed event for `a` in `logs` (reverts the test if there is none).
    function _failureReason(Vm.Log[] memory logs, address a) internal pure returns (bytes memory) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == EventsLib.ValuationFailed.selector && logs[i].topics[1] == bytes32(uint256(uint160(a)))) {
                return abi.decode(logs[i].data, (bytes));
            }
        }
        revert("no ValuationFailed event");
    }

    // ----- report -----

    function test_reportProceedsPastARevertingAdapterAndRecognisesTheOthersGainAndLoss() public {
        _gain(adapter, 1 ether);
        _slash(second, 0.4 ether);
        broken.setFault(MockAdapter.Fault.Revert, 0);
        uint256 idleBefore = vault.idleAssets();

        vm.expectEmit(true, false, false, true, address(vault));
        emit EventsLib.ValuationFailed(address(broken), abi.encodeWithSelector(MockAdapter.FeedStale.selector));
        (uint256 profit, uint256 loss) = _report();

        assertEq(profit, 0.6 ether);
        assertEq(loss, 0);
        assertEq(vault.allocation(address(adapter)), 21 ether);
        assertEq(vault.allocation(address(second)), 19.6 ether);
        assertEq(vault.allocation(address(broken)), 20 ether, "impaired adapter keeps its recorded value");
        assertEq(vault.totalAllocated(), 60.6 ether);
        assertEq(vault.idleAssets(), idleBefore);
        assertTrue(vault.isImpaired(address(broken)));
        assertFalse(vault.isImpaired(address(adapter)));
        assertFalse(vault.isImpaired(address(second)));
    }

    function test_reportProceedsPastAnAdapterWhoseValuationReturnsFewerThan32Bytes() public {
        _slash(adapter, 1 ether);
        broken.setFault(MockAdapter.Fault.Short, 0);
        vm.recordLogs();
        (, uint256 loss) = _report();
        assertEq(loss, 1 ether);
        assertEq(
            _failureReason(vm.getRecordedLogs(), address(broken)),
            abi.encodeWithSelector(ErrorsLib.InvalidValuation.selector, 16, 0)
        );
        assertTrue(vault.isImpaired(address(broken)));
        assertEq(vault.allocation(address(broken)), 20 ether);
    }

    function test_reportTreatsAValuationAboveMaxValuationAsGarbage() public {
        broken.setFault(MockAdapter.Fault.Huge, 0);
        vm.recordLogs();
        (uint256 profit, uint256 loss) = _report();
        assertEq(profit, 0);
        assertEq(loss, 0);
        assertEq(
            _failureReason(vm.getRecordedLogs(), address(broken)),
            abi.encodeWithSelector(ErrorsLib.InvalidValuation.selector, 32, ConstantsLib.MAX_VALUATION + 1)
        );
        assertTrue(vault.isImpaired(address(broken)));
        assertEq(vault.allocation(address(broken)), 20 ether);
    }

    function test_reportTreatsAnAdapterWithoutCodeAsGarbageInsteadOfReverting() public {
        vm.etch(address(broken), "");
        vm.recordLogs();
        _report();
        assertEq(
            _failureReason(vm.getRecordedLogs(), address(broken)),
            abi.encodeWithSelector(ErrorsLib.InvalidValuation.selector, 0, 0)
        );
        assertTrue(vault.isImpaired(address(broken)));
        assertEq(vault.allocation(address(broken)), 20 ether);
    }

    function test_reportKeepsAtMostMaxReasonBytesOfARevertBomb() public {
        broken.setFault(MockAdapter.Fault.Bomb, 0);
        vm.recordLogs();
        _report();
        bytes memory reason = _failureReason(vm.getRecordedLogs(), address(broken));
        assertEq(reason.length, ConstantsLib.MAX_REASON_BYTES);
        assertTrue(vault.isImpaired(address(broken)));
    }

    function test_reportFlagsEveryFailingAdapterAndStillRecognisesTheRest() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        second.setFault(MockAdapter.Fault.Short, 0);
        _slash(adapter, 2 ether);
        (, uint256 loss) = _report();
        assertEq(loss, 2 ether);
        assertTrue(vault.isImpaired(address(broken)));
        assertTrue(vault.isImpaired(address(second)));
        assertEq(vault.totalAllocated(), 58 ether);
    }

    // ----- no new allocation, exits allowed -----

    function test_impairedAdapterGetsNoNewAllocation() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        broken.setFault(MockAdapter.Fault.None, 0); // even once it values again, only a report clears the flag
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AdapterImpaired.selector, address(broken)));
        vault.allocate(address(broken), 1 ether, 0);

        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](2);
        moves[0] = ILRTVaultCore.Move(address(adapter), false, 1 ether, 1 ether);
        moves[1] = ILRTVaultCore.Move(address(broken), true, 1 ether, 0);
        uint256 nonce = vault.rebalanceNonce();
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AdapterImpaired.selector, address(broken)));
        vault.rebalance(moves, nonce);
        assertEq(vault.allocation(address(broken)), 20 ether);
        assertEq(vault.allocation(address(adapter)), 20 ether, "nothing of the plan applied");
    }

    function test_impairedAdapterCanStillBeDeallocated() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        broken.setFault(MockAdapter.Fault.None, 0);
        uint256 received = _deallocate(broken, 5 ether);
        assertEq(received, 5 ether);
        assertEq(vault.allocation(address(broken)), 15 ether);
        assertEq(vault.idleAssets(), 45 ether);
        assertTrue(vault.isImpaired(address(broken)), "a move does not clear the flag; a report does");
    }

    function test_exitFromAnAdapterWhoseValuationStillRevertsRevertsAndAppliesNothing() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        uint256 nonce = vault.rebalanceNonce();
        vm.prank(allocator);
        vm.expectRevert(MockAdapter.FeedStale.selector);
        vault.deallocate(address(broken), 5 ether, 0);
        assertEq(vault.allocation(address(broken)), 20 ether);
        assertEq(vault.idleAssets(), 40 ether);
        assertEq(vault.rebalanceNonce(), nonce);
    }

    // ----- guardian write-down -----

    function test_guardianWriteDownBurnsReserveFirst() public {
        _fundReserve(2 ether);
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        uint256 priceBefore = _price();
        uint256 reserveBefore = vault.reserveAssets();
        uint256 totalBefore = vault.totalAssets();

        vm.expectEmit(true, true, false, true, address(vault));
        emit EventsLib.WriteDown(guardian, address(broken), 20 ether, 18.5 ether);
        _writeDown(broken, 18.5 ether);

        assertEq(vault.allocation(address(broken)), 18.5 ether);
        assertEq(vault.totalAllocated(), 58.5 ether);
        assertEq(vault.totalAssets(), totalBefore - 1.5 ether);
        assertApproxEqAbs(vault.reserveAssets(), reserveBefore - 1.5 ether, 2);
        assertGe(_price(), priceBefore, "holders keep their price while the reserve lasts");
        assertApproxEqAbs(_price(), priceBefore, 1);
        assertTrue(vault.isImpaired(address(broken)), "still impaired: only a report clears the flag");
    }

    function test_writeDownBeyondTheReserveAndLockedProfitFallsOnThePrice() public {
        _fundReserve(1 ether);
        _gain(adapter, 1 ether);
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report(); // no fees are set here: the whole 1 ETH is locked
        assertEq(vault.lockedProfit(), 1 ether);
        uint256 priceBefore = _price();
        uint256 supply = vault.totalSupply();
        uint256 reserveShares = vault.reserveShares();

        vm.recordLogs();
        _writeDown(broken, 15 ether); // 5 ETH loss: 1 reserve, 1 locked profit, 3 through the price
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 priceLoss;
        uint256 cancelled;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == EventsLib.LossRecognised.selector) {
                (,,, cancelled, priceLoss) = abi.decode(logs[i].data, (uint256, uint256, uint256, uint256, uint256));
            }
        }
        assertEq(vault.reserveShares(), 0);
        assertEq(cancelled, 1 ether);
        assertApproxEqAbs(priceLoss, 3 ether, 2);
        assertEq(vault.lockedProfit(), 0);
        assertLt(_price(), priceBefore);
        assertApproxEqAbs(vault.totalAssets(), 97 ether, 2);
        assertEq(vault.totalSupply(), supply - reserveShares);
    }

    function test_writeDownCannotRaise() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        vm.startPrank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.WriteDownNotLower.selector, 20 ether, 20 ether));
        vault.writeDown(address(broken), 20 ether);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.WriteDownNotLower.selector, 25 ether, 20 ether));
        vault.writeDown(address(broken), 25 ether);
        vm.stopPrank();
        assertEq(vault.allocation(address(broken)), 20 ether);
    }

    function test_writeDownByNonGuardianReverts() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        address[3] memory others = [allocator, curator, admin];
        bytes32 role = vault.GUARDIAN_ROLE();
        for (uint256 i; i < others.length; ++i) {
            vm.prank(others[i]);
            vm.expectRevert(abi.encodeWithSelector(ErrorsLib.Unauthorized.selector, others[i], role));
            vault.writeDown(address(broken), 0);
        }
        assertEq(vault.allocation(address(broken)), 20 ether);
    }

    function test_writeDownOfAHealthyAdapterReverts() public {
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AdapterNotImpaired.selector, address(broken)));
        vault.writeDown(address(broken), 0);
        // A failing valuation alone is not enough: a report must have flagged it.
        broken.setFault(MockAdapter.Fault.Revert, 0);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AdapterNotImpaired.selector, address(broken)));
        vault.writeDown(address(broken), 0);
    }

    function test_writeDownOfAnUnknownAdapterReverts() public {
        address stranger = makeAddr("stranger");
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.UnknownAdapter.selector, stranger));
        vault.writeDown(stranger, 0);
    }

    function test_writeDownWorksWhilePaused() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        vm.prank(guardian);
        vault.pause();
        _writeDown(broken, 10 ether);
        assertEq(vault.allocation(address(broken)), 10 ether);
    }

    function test_writeDownBeyondThePriceBoundPausesAndPublishes() public {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (100, 300))); // lowering: immediate
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        (, int256 answerBefore,,,) = feed.latestRoundData();
        vm.expectEmit(false, false, false, false, address(vault));
        emit EventsLib.PriceBoundBreached(0, 0);
        _writeDown(broken, 10 ether); // 10 % of total assets, no reserve: the price falls 10 %
        assertTrue(vault.paused());
        assertFalse(vault.priceHalted(), "a fall is published (M-4)");
        (, int256 answer,,,) = feed.latestRoundData();
        assertLt(answer, answerBefore);
        assertEq(uint256(answer), vault.pricePerShare());
        assertEq(vault.allocation(address(broken)), 10 ether, "the write-down itself applies");
    }

    // ----- removal -----

    function test_removalAfterWriteOff() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        _writeDown(broken, 0);
        vm.expectEmit(true, false, false, false, address(vault));
        emit EventsLib.AdapterRemoved(address(broken));
        vm.prank(curator);
        vault.removeAdapter(address(broken));
        address[] memory list = vault.adapters();
        assertEq(list.length, 2);
        assertTrue(list[0] != address(broken) && list[1] != address(broken));
        assertFalse(vault.isImpaired(address(broken)));
        assertEq(vault.totalAllocated(), 40 ether);
        _report(); // the vault reports again without it
    }

    function test_removalOfAnImpairedAdapterStillRecordingValueReverts() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        _writeDown(broken, 1 ether);
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AdapterNotEmpty.selector, address(broken), 1 ether, 0));
        vault.removeAdapter(address(broken));
    }

    function test_removalOfAnUnflaggedAdapterWhoseValuationFailsReverts() public {
        _deallocate(broken, 20 ether);
        broken.setFault(MockAdapter.Fault.Revert, 0);
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AdapterNotImpaired.selector, address(broken)));
        vault.removeAdapter(address(broken));
    }

    function test_removalOfAWrittenOffAdapterThatValuesAgainAboveZeroReverts() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        _writeDown(broken, 0);
        broken.setFault(MockAdapter.Fault.None, 0); // it holds 20 ETH again: removing it would strand them
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AdapterNotEmpty.selector, address(broken), 0, 20 ether));
        vault.removeAdapter(address(broken));
    }

    // ----- recovery -----

    function test_recoveringAdapterIsUnflagged() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        assertTrue(vault.isImpaired(address(broken)));
        broken.setFault(MockAdapter.Fault.None, 0);
        _slash(broken, 1 ether);

        vm.expectEmit(true, false, false, true, address(vault));
        emit EventsLib.ImpairmentCleared(address(broken), 19 ether);
        (, uint256 loss) = _report();

        assertFalse(vault.isImpaired(address(broken)));
        assertEq(loss, 1 ether, "the loss hidden while impaired is recognised on recovery");
        assertEq(vault.allocation(address(broken)), 19 ether);
        assertEq(_allocate(broken, 1 ether), 1 ether, "allocation is allowed again");
    }

    function test_recoveryAfterWriteOffIsRecognisedAsProfitThatUnlocks() public {
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        _writeDown(broken, 0);
        broken.setFault(MockAdapter.Fault.None, 0);
        (uint256 profit,) = _report();
        assertEq(profit, 20 ether);
        assertEq(vault.lockedProfit(), 20 ether, "recovered value unlocks over time, not at once");
        assertEq(vault.allocation(address(broken)), 20 ether);
    }

    // ----- a hostile adapter that reverts only while at a loss -----

    /// @dev Runs the same story twice: once with an honest adapter, once with one that reverts whenever it is worth
    /// less than its recorded value. Then keeper and guardian act on what they see (honest: a report; hostile: the
    /// flag, a write-down to the true value). The hostile run must end no better for anyone than the honest one.
    function test_maliciousAdapterThatRevertsOnlyAtALossGainsNothing() public {
        _fundReserve(2 ether);
        uint256 snap = vm.snapshotState();

        // Honest: the 3 ETH slash is recognised at the report; reserve first.
        _slash(broken, 3 ether);
        _gain(adapter, 0.5 ether);
        _report();
        uint256 honestPrice = _price();
        uint256 honestReserve = vault.reserveAssets();
        uint256 honestTotal = vault.totalAssets();

        vm.revertToState(snap);
        // Hostile: it hides the same slash by reverting while worth less than its recorded 20 ETH.
        broken.setFault(MockAdapter.Fault.HideLoss, 20 ether);
        _slash(broken, 3 ether);
        _gain(adapter, 0.5 ether);
        uint256 priceBefore = _price();
        _report();
        assertTrue(vault.isImpaired(address(broken)));
        assertEq(vault.allocation(address(broken)), 20 ether, "frozen, never raised");
        assertGe(_price(), priceBefore);

        // While impaired it takes no new money, and later reports never raise its value.
        vm.prank(allocator);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.AdapterImpaired.selector, address(broken)));
        vault.allocate(address(broken), 1 ether, 0);
        _report();
        assertEq(vault.allocation(address(broken)), 20 ether);

        // The guardian sees the flag and writes it down to its true value: reserve first, then the profit the
        // other adapter's gain locked meanwhile, then the price. The end state is the honest one.
        _writeDown(broken, 17 ether);
        assertLe(_price(), honestPrice + 1, "the hostile run prices no higher than the honest one");
        assertApproxEqAbs(_price(), honestPrice, 2);
        assertApproxEqAbs(vault.reserveAssets(), honestReserve, 2);
        assertApproxEqAbs(vault.totalAssets(), honestTotal, 2);
        assertEq(vault.lockedProfit(), 0);

        // If it later values again at its true 17 ETH, nothing more is recognised either way.
        broken.setFault(MockAdapter.Fault.None, 0);
        (uint256 profit, uint256 loss) = _report();
        assertEq(profit, 0);
        assertEq(loss, 0);
        assertFalse(vault.isImpaired(address(broken)));
    }

    // ----- what the keeper reads -----

    function test_lensShowsImpairedAdaptersAndThePriceHalt() public {
        VaultLens lens = new VaultLens();
        VaultLens.VaultSnapshot memory s = lens.snapshot(address(vault));
        assertFalse(s.priceHalted);
        for (uint256 i; i < s.adapters.length; ++i) {
            assertFalse(s.adapters[i].impaired);
        }
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (100, 300)));
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        _writeDown(broken, 10 ether);
        s = lens.snapshot(address(vault));
        assertFalse(s.priceHalted);
        assertTrue(s.paused);
        assertEq(s.adapters[2].adapter, address(broken));
        assertTrue(s.adapters[2].impaired);
        assertEq(s.adapters[2].allocation, 10 ether);
        assertEq(s.adapters[2].errors & lens.ERR_REAL_ASSETS(), lens.ERR_REAL_ASSETS());
        assertFalse(s.adapters[0].impaired);
        assertFalse(s.adapters[1].impaired);
    }

    // ----- fuzz -----

    /// @dev Any write-down lowers total assets by exactly the loss; the price moves only for what the reserve and
    /// locked profit cannot cover.
    function testFuzz_writeDownLowersTotalAssetsByTheLossAndThePriceOnlyBeyondTheReserve(
        uint256 reserve,
        uint256 newValue
    ) public {
        reserve = bound(reserve, 1 ether, 30 ether);
        newValue = bound(newValue, 0, 20 ether - 1);
        _fundReserve(reserve);
        broken.setFault(MockAdapter.Fault.Revert, 0);
        _report();
        uint256 priceBefore = _price();
        uint256 totalBefore = vault.totalAssets();
        uint256 reserveBefore = vault.reserveAssets();
        _writeDown(broken, newValue);
        uint256 loss = 20 ether - newValue;
        assertEq(vault.totalAssets(), totalBefore - loss);
        assertEq(vault.allocation(address(broken)), newValue);
        if (loss <= reserveBefore) {
            assertGe(_price() + 1, priceBefore);
        } else {
            assertEq(vault.reserveShares(), 0);
            assertLe(_price(), priceBefore);
        }
    }
}
