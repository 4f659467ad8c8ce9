// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {RedemptionQueue} from "../../contracts/RedemptionQueue.sol";
import {IRedemptionQueue} from "../../contracts/interfaces/IRedemptionQueue.sol";
import {WETH} from "../../contracts/tokens/WETH.sol";
import {MockQueueAdapter, MockQueueVault} from "./mocks/MockQueueVault.sol";

/// @notice A queue over the vault's test double: 100 ETH deposited (alice 60, bob 30, carol 10), 90 ETH allocated to
/// one adapter (8-day queue, 1 % instant price impact), 10 ETH idle. maxWait 10 days (floor 8 days, Kelp's delay),
/// minimum request 0.01 ETH.
abstract contract QueueTestBase is Test {
    uint256 internal constant MIN_MAX_WAIT = 8 days;
    uint256 internal constant MAX_WAIT = 10 days;
    uint256 internal constant MIN_REQUEST = 0.01 ether;

    WETH internal weth;
    MockQueueVault internal vault;
    MockQueueAdapter internal adapter;
    RedemptionQueue internal queue;
    address[] internal route;

    address internal curator = makeAddr("curator");
    address internal guardian = makeAddr("guardian");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal keeper = makeAddr("keeper");
    address internal stranger = makeAddr("stranger");

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        weth = new WETH();
        vault = new MockQueueVault(weth);
        vault.setRole(vault.CURATOR_ROLE(), curator, true);
        vault.setRole(vault.GUARDIAN_ROLE(), guardian, true);
        adapter = vault.addAdapter();
        adapter.setImpact(100);
        queue = new RedemptionQueue(address(vault), MIN_MAX_WAIT, MAX_WAIT, MIN_REQUEST);
        vault.setRedemptionQueue(address(queue));
        route.push(address(adapter));
        _deposit(alice, 60 ether);
        _deposit(bob, 30 ether);
        _deposit(carol, 10 ether);
        vault.allocate(adapter, 90 ether);
    }

    function _deposit(address who, uint256 assets) internal returns (uint256 shares) {
        vm.deal(who, assets);
        vm.startPrank(who);
        weth.deposit{value: assets}();
        weth.approve(address(vault), assets);
        shares = vault.deposit(assets, who);
        vm.stopPrank();
    }

    function _request(address who, uint256 shares) internal returns (uint256 id) {
        vm.prank(who);
        id = queue.requestRedeem(shares, who, who);
    }

    function _requestAssets(address who, uint256 assets) internal returns (uint256 id) {
        return _request(who, vault.convertToShares(assets));
    }

    /// @dev Brings `assets` WETH back to idle the way the keeper would (a fair-rate queued exit, finalised).
    function _refill(uint256 assets) internal {
        vm.prank(address(queue));
        vault.requestExit(address(adapter), assets);
        vm.warp(block.timestamp + adapter.delay());
        vm.prank(address(queue));
        vault.claimExits(address(adapter));
    }

    function _gain(uint256 assets) internal {
        vm.deal(address(this), assets);
        weth.deposit{value: assets}();
        weth.approve(address(vault), assets);
        vault.gain(adapter, assets);
    }

    function _valueOf(address who) internal view returns (uint256) {
        return vault.convertToAssets(vault.balanceOf(who));
    }

    function _status(uint256 id) internal view returns (IRedemptionQueue.Status) {
        return queue.getRequest(id).status;
    }
}
