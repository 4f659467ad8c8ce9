// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {LRTVault} from "../contracts/LRTVault.sol";
import {ErrorsLib} from "../contracts/libraries/ErrorsLib.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {MaliciousAdapter} from "./mocks/MaliciousAdapter.sol";
import {LendingMarketConsumer} from "./mocks/LendingMarketConsumer.sol";

/// @notice Reentrancy from a malicious adapter into every state-changing entry point and every price view.
/// The adapter even holds the allocator role and WETH, so only the guards can stop it.
contract LRTVaultReentrancyTest is VaultTestBase {
    MaliciousAdapter internal evil;
    LendingMarketConsumer internal market;

    function setUp() public override {
        super.setUp();
        evil = new MaliciousAdapter(address(vault), address(weth), address(feed));
        _addAdapter(address(evil), 0, type(uint256).max);
        bytes32 allocatorRole = vault.ALLOCATOR_ROLE();
        vm.prank(admin);
        vault.setRole(allocatorRole, address(evil), true);
        _wethFor(address(evil), 10 ether);
        _deposit(alice, 100 ether);
        vm.prank(allocator);
        vault.allocate(address(evil), 10 ether, 0); // attack mode None: a normal allocation
        market = new LendingMarketConsumer(feed, 1 days);
    }

    function _expectAllocateReverts(MaliciousAdapter.Attack a, bytes4 err) internal {
        evil.setAttack(a);
        vm.prank(allocator);
        vm.expectRevert(err);
        vault.allocate(address(evil), 1 ether, 0);
        vm.prank(allocator);
        vm.expectRevert(err);
        vault.deallocate(address(evil), 1 ether, 0);
        assertEq(evil.readPrice(), 0);
    }

    function test_reentrancyFromAdapterIntoDepositReverts() public {
        _expectAllocateReverts(
            MaliciousAdapter.Attack.Deposit, ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector
        );
    }

    function test_reentrancyFromAdapterIntoWithdrawReverts() public {
        _expectAllocateReverts(
            MaliciousAdapter.Attack.Withdraw, ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector
        );
    }

    function test_reentrancyFromAdapterIntoReportReverts() public {
        _expectAllocateReverts(
            MaliciousAdapter.Attack.Report, ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector
        );
    }

    function test_reentrancyFromAdapterIntoAllocateReverts() public {
        _expectAllocateReverts(
            MaliciousAdapter.Attack.Allocate, ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector
        );
    }

    function test_readOnlyReentrancy_pricePerShareRevertsMidOperation() public {
        _expectAllocateReverts(MaliciousAdapter.Attack.PricePerShare, ErrorsLib.ReentrantView.selector);
    }

    function test_readOnlyReentrancy_totalAssetsRevertsMidOperation() public {
        _expectAllocateReverts(MaliciousAdapter.Attack.TotalAssets, ErrorsLib.ReentrantView.selector);
    }

    function test_readOnlyReentrancy_convertToAssetsRevertsMidOperation() public {
        _expectAllocateReverts(MaliciousAdapter.Attack.ConvertToAssets, ErrorsLib.ReentrantView.selector);
    }

    function test_readOnlyReentrancy_previewRedeemRevertsMidOperation() public {
        _expectAllocateReverts(MaliciousAdapter.Attack.PreviewRedeem, ErrorsLib.ReentrantView.selector);
    }

    /// @dev The feed answers its stored round (I-1), which only the vault writes: read mid-operation it is the last
    /// published price, never a half-updated one.
    function test_readOnlyReentrancy_feedAnswersItsStoredRoundMidOperation() public {
        evil.setAttack(MaliciousAdapter.Attack.FeedLatestRoundData);
        (, int256 published,,,) = vault.priceFeed().latestRoundData();
        vm.prank(allocator);
        vault.allocate(address(evil), 1 ether, 0);
        assertEq(evil.readPrice(), uint256(published));
    }

    function test_reentrantReadFromExitCallbacksReverts() public {
        evil.setAttack(MaliciousAdapter.Attack.PricePerShare);
        vm.startPrank(allocator);
        vm.expectRevert(ErrorsLib.ReentrantView.selector);
        vault.requestExit(address(evil), 1 ether);
        vm.expectRevert(ErrorsLib.ReentrantView.selector);
        vault.claimExits(address(evil));
        vm.stopPrank();
    }

    function test_viewsWorkAgainOnceTheOperationIsOver() public {
        evil.setAttack(MaliciousAdapter.Attack.None);
        vm.prank(allocator);
        vault.allocate(address(evil), 1 ether, 0);
        assertEq(vault.pricePerShare(), 1e18);
        assertEq(market.price(), 1e18);
    }
}
