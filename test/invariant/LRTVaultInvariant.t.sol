// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {LRTVault} from "../../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin} from "../../contracts/interfaces/ILRTVault.sol";
import {VaultTestBase} from "../VaultTestBase.sol";
import {MockAdapter} from "../mocks/MockAdapter.sol";
import {VaultHandler} from "./VaultHandler.sol";

/// @notice Accounting invariants under random deposits (WETH and ETH), withdrawals and redeems, donations,
/// gains, slashes, reports, allocations, deallocations, queued exits, failing valuations and guardian write-downs.
contract LRTVaultInvariantTest is StdInvariant, VaultTestBase {
    VaultHandler internal handler;
    MockAdapter[] internal mocks;

    function setUp() public override {
        super.setUp();
        // Tier 0 needs 5 % reserve coverage; a second adapter sits in uncovered tier 1. No price halts.
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 500)));
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setTier, (1, 10_000, 0)));
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (10_000, 10_000)));
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (1_000, 1_000)));
        MockAdapter second = _newAdapter();
        _addAdapter(address(second), 1, type(uint256).max);
        mocks.push(adapter);
        mocks.push(second);
        handler = new VaultHandler(vault, weth, mocks);
        vm.startPrank(admin);
        vault.setRole(vault.ALLOCATOR_ROLE(), address(handler), true);
        vault.setRole(vault.GUARDIAN_ROLE(), address(handler), true);
        vm.stopPrank();
        _deposit(bob, 10 ether);
        _fundReserve(1 ether);
        targetContract(address(handler));
    }

    /// @dev The vault keeps its own share balances and supply (packed beside idle assets): every holder's balance
    /// adds up to totalSupply through deposits, mints, burns, fees, reserve cuts and transfers.
    function invariant_shareBalancesSumToTotalSupply() public view {
        uint256 held = handler.sharesHeldByActors() + vault.balanceOf(bob) + vault.balanceOf(address(vault));
        address fees = vault.feeRecipient();
        if (fees != address(0) && fees != bob && fees != address(vault)) held += vault.balanceOf(fees);
        assertEq(held, vault.totalSupply());
    }

    function invariant_totalSharesValueNeverExceedsAssets() public view {
        assertLe(vault.convertToAssets(vault.totalSupply()), vault.totalAssets());
    }

    function invariant_noRedeemableValueDropsExceptThroughARecognisedLossBeyondTheReserve() public view {
        assertEq(handler.ghostPriceDropsWithoutLoss(), 0);
        assertEq(handler.ghostValueDropsWithoutLoss(), 0);
    }

    function invariant_reserveRuleHoldsAfterEveryKeeperMove() public view {
        assertEq(handler.ghostReserveRuleBreaks(), 0);
    }

    function invariant_reportNeverRaisesTheRecordedValueOfAnImpairedAdapter() public view {
        assertEq(handler.ghostImpairedValueRaised(), 0);
    }

    function invariant_replayedPlanNeverApplies() public view {
        assertEq(handler.ghostReplaysAccepted(), 0);
    }

    function invariant_lockedProfitNeverAboveStoredAssets() public view {
        assertLe(vault.lockedProfit(), vault.idleAssets() + vault.totalAllocated());
    }

    function invariant_storedSumEqualsRecordedAllocations() public view {
        address[] memory list = vault.adapters();
        uint256 sum;
        for (uint256 i; i < list.length; ++i) {
            sum += vault.allocation(list[i]);
        }
        assertEq(vault.totalAllocated(), sum);
    }

    function invariant_idleIsBackedByWeth() public view {
        assertGe(weth.balanceOf(address(vault)), vault.idleAssets());
    }

    function invariant_reserveSharesAreHeldByTheVault() public view {
        assertGe(vault.balanceOf(address(vault)), vault.reserveShares());
    }
}
