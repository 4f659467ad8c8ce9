// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {VaultLens} from "../../contracts/periphery/VaultLens.sol";
import {ILRTVault, ILRTVaultCore} from "../../contracts/interfaces/ILRTVault.sol";

/// @dev Only the views the lens reads, with settable values.
contract LensVaultStub {
    address[] internal list;
    mapping(address => uint256) public allocation;
    mapping(address => uint256) public adapterCap;
    mapping(address => uint8) public adapterTier;
    mapping(uint8 => ILRTVaultCore.Tier) internal tiers;

    function add(address adapter, uint256 alloc, uint256 cap, uint8 tierId) external {
        list.push(adapter);
        allocation[adapter] = alloc;
        adapterCap[adapter] = cap;
        adapterTier[adapter] = tierId;
    }

    function setTier(uint8 id, uint16 capBps, uint16 coverageBps) external {
        tiers[id] = ILRTVaultCore.Tier(capBps, coverageBps);
    }

    function adapters() external view returns (address[] memory) {
        return list;
    }

    function tier(uint8 id) external view returns (ILRTVaultCore.Tier memory) {
        return tiers[id];
    }

    function totalAssets() external pure returns (uint256) {
        return 100 ether;
    }

    function totalSupply() external pure returns (uint256) {
        return 99 ether;
    }

    function idleAssets() external pure returns (uint256) {
        return 40 ether;
    }

    function lockedProfit() external pure returns (uint256) {
        return 1 ether;
    }

    function reserveShares() external pure returns (uint256) {
        return 5 ether;
    }

    function reserveAssets() external pure returns (uint256) {
        return 5.05 ether;
    }

    function requiredReserve() external pure returns (uint256) {
        return 2 ether;
    }

    function rebalanceNonce() external pure returns (uint256) {
        return 7;
    }

    function paused() external pure returns (bool) {
        return false;
    }

    function priceHalted() external pure returns (bool) {
        return false;
    }

    function isImpaired(address) external pure returns (bool) {
        return false;
    }

    function bufferFloorBps() external pure returns (uint16) {
        return 500;
    }

    function maxSlippageBps() external pure returns (uint16) {
        return 100;
    }
}

/// @dev An adapter whose views can each be made to revert.
contract LensAdapterStub {
    address public lrt;
    uint256 internal value;
    uint256 internal pending;
    bool public brokenValuation;
    bool public brokenFeed;

    constructor(address lrt_, uint256 value_, uint256 pending_) {
        lrt = lrt_;
        value = value_;
        pending = pending_;
    }

    function breakValuation() external {
        brokenValuation = true;
    }

    function breakFeed() external {
        brokenFeed = true;
    }

    function realAssets() external view returns (uint256) {
        require(!brokenValuation && !brokenFeed, "stale feed");
        return value;
    }

    function fairRate() external pure returns (uint256) {
        return 1.05e18;
    }

    function marketRate() external view returns (uint256) {
        require(!brokenFeed, "stale feed");
        return 1.04e18;
    }

    function pendingExits() external view returns (uint256) {
        return pending;
    }

    /// @dev 1 % exit cost.
    function previewDeallocate(uint256 assets) external pure returns (uint256) {
        return assets * 99 / 100;
    }
}

contract VaultLensTest is Test {
    VaultLens internal lens;
    LensVaultStub internal vault;
    LensAdapterStub internal a0;
    LensAdapterStub internal a1;
    LensAdapterStub internal a2;

    function setUp() public {
        lens = new VaultLens();
        vault = new LensVaultStub();
        a0 = new LensAdapterStub(address(0xA0), 30 ether, 0);
        a1 = new LensAdapterStub(address(0xA1), 20 ether, 5 ether);
        a2 = new LensAdapterStub(address(0xA2), 11 ether, 0);
        vault.add(address(a0), 30 ether, 50 ether, 1);
        vault.add(address(a1), 21 ether, 60 ether, 0);
        vault.add(address(a2), 10 ether, 70 ether, 1);
        vault.setTier(0, 10_000, 100);
        vault.setTier(1, 5_000, 500);
    }

    function test_snapshotReadsVaultTotalsAndSettings() public view {
        VaultLens.VaultSnapshot memory s = lens.snapshot(address(vault));
        assertEq(s.blockNumber, block.number);
        assertEq(s.timestamp, block.timestamp);
        assertEq(s.totalAssets, 100 ether);
        assertEq(s.totalSupply, 99 ether);
        assertEq(s.idle, 40 ether);
        assertEq(s.lockedProfit, 1 ether);
        assertEq(s.reserveShares, 5 ether);
        assertEq(s.reserveAssets, 5.05 ether);
        assertEq(s.requiredReserve, 2 ether);
        assertEq(s.rebalanceNonce, 7);
        assertFalse(s.paused);
        assertEq(s.bufferFloorBps, 500);
        assertEq(s.maxSlippageBps, 100);
    }

    function test_snapshotListsEachTierInUseOnceInFirstUseOrder() public view {
        VaultLens.VaultSnapshot memory s = lens.snapshot(address(vault));
        assertEq(s.tiers.length, 2);
        assertEq(s.tiers[0].id, 1);
        assertEq(s.tiers[0].capBps, 5_000);
        assertEq(s.tiers[0].coverageBps, 500);
        assertEq(s.tiers[1].id, 0);
        assertEq(s.tiers[1].capBps, 10_000);
        assertEq(s.tiers[1].coverageBps, 100);
    }

    function test_snapshotPricesTheExitOfWhatIsHeldLessPendingExits() public view {
        VaultLens.VaultSnapshot memory s = lens.snapshot(address(vault));
        assertEq(s.adapters.length, 3);
        VaultLens.AdapterInfo memory i0 = s.adapters[0];
        assertEq(i0.adapter, address(a0));
        assertEq(i0.lrt, address(0xA0));
        assertEq(i0.allocation, 30 ether);
        assertEq(i0.realAssets, 30 ether);
        assertEq(i0.fairRate, 1.05e18);
        assertEq(i0.marketRate, 1.04e18);
        assertEq(i0.cap, 50 ether);
        assertEq(i0.tier, 1);
        assertEq(i0.exitAmount, 30 ether);
        assertEq(i0.exitPreview, 29.7 ether);
        assertEq(i0.errors, 0);
        // Live value 20 below the recorded 21, of which 5 are queued: 15 can exit now.
        VaultLens.AdapterInfo memory i1 = s.adapters[1];
        assertEq(i1.pendingExits, 5 ether);
        assertEq(i1.exitAmount, 15 ether);
        assertEq(i1.exitPreview, 14.85 ether);
        // Live value above the recorded one: only the recorded 10 can exit.
        assertEq(s.adapters[2].exitAmount, 10 ether);
    }

    function test_aRevertingValuationIsFlaggedNotPropagated() public {
        a1.breakValuation();
        a2.breakFeed();
        VaultLens.VaultSnapshot memory s = lens.snapshot(address(vault));
        assertEq(s.adapters[0].errors, 0);
        assertEq(s.adapters[1].errors, lens.ERR_REAL_ASSETS());
        assertEq(s.adapters[1].realAssets, 0);
        assertEq(s.adapters[1].exitAmount, 0);
        assertEq(s.adapters[1].exitPreview, 0);
        assertEq(s.adapters[2].errors, lens.ERR_REAL_ASSETS() | lens.ERR_MARKET_RATE());
        assertEq(s.adapters[2].marketRate, 0);
        assertEq(s.adapters[2].fairRate, 1.05e18);
    }
}
