// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {RenzoAdapter} from "../../contracts/adapters/RenzoAdapter.sol";
import {SimRenzo} from "../../contracts/simulation/SimRenzo.sol";
import {SimExitPool} from "../../contracts/simulation/SimExitPool.sol";
import {SimMarketFeed} from "../../contracts/simulation/SimMarketFeed.sol";
import {MockWETH} from "../mocks/MockWETH.sol";

/// Plays the vault (and the scenario owner) with random moves against a Renzo adapter, keeping ghost totals.
contract AdapterHandler is Test {
    MockWETH public weth;
    SimRenzo public renzo;
    SimExitPool public pool;
    SimMarketFeed public feed;
    BaseLRTAdapter public adapter;

    uint256 public ghostLrtMinted;
    uint256 public ghostLrtSold;
    uint256 public ghostLrtQueued;
    uint256 public ghostLrtClaimed;
    uint256 public ghostWethIn;
    uint256 public ghostWethOut;

    constructor() {
        weth = new MockWETH();
        renzo = new SimRenzo(address(this), 1.05e18, 300);
        vm.deal(address(renzo), 10_000 ether);
        pool = new SimExitPool(address(this), address(renzo.ezETH()), address(weth), 5);
        vm.deal(address(this), 20_000 ether);
        renzo.depositETH{value: 10_000 ether}();
        weth.deposit{value: 10_000 ether}();
        uint256 ez = renzo.ezETH().balanceOf(address(this));
        renzo.ezETH().approve(address(pool), ez);
        weth.approve(address(pool), 10_000 ether);
        pool.addLiquidity(ez, 10_000 ether);
        feed = new SimMarketFeed(address(this), 18, "ezETH / ETH", int256(renzo.getRate()));
        adapter = new RenzoAdapter(
            address(this),
            address(weth),
            address(renzo),
            address(renzo.ezETH()),
            address(renzo),
            address(renzo),
            address(pool),
            address(feed),
            1 days
        );
    }

    receive() external payable {}

    function allocate(uint96 amount) external {
        uint256 assets = bound(uint256(amount), 0.01 ether, 100 ether);
        vm.deal(address(this), address(this).balance + assets);
        weth.deposit{value: assets}();
        weth.transfer(address(adapter), assets);
        uint256 before = adapter.lrtHeld();
        adapter.allocate(assets, 0);
        ghostLrtMinted += adapter.lrtHeld() - before;
        ghostWethIn += assets;
    }

    function deallocate(uint96 amount) external {
        uint256 heldValue = Math.mulDiv(adapter.lrtHeld(), adapter.valuationRate(), 1e18);
        if (heldValue < 0.001 ether) return;
        uint256 assets = bound(uint256(amount), 0.001 ether, heldValue);
        uint256 before = adapter.lrtHeld();
        ghostWethOut += adapter.deallocate(assets, 0);
        ghostLrtSold += before - adapter.lrtHeld();
    }

    function requestExit(uint96 amount) external {
        if (adapter.openExits().length == adapter.MAX_OPEN_EXITS()) return;
        uint256 heldValue = Math.mulDiv(adapter.lrtHeld(), adapter.fairRate(), 1e18);
        if (heldValue < 0.001 ether) return;
        uint256 assets = bound(uint256(amount), 0.001 ether, heldValue);
        uint256 before = adapter.lrtHeld();
        adapter.requestExit(assets);
        ghostLrtQueued += before - adapter.lrtHeld();
    }

    function claimExits() external {
        BaseLRTAdapter.ExitRequest[] memory before = adapter.openExits();
        ghostWethOut += adapter.claimExits();
        BaseLRTAdapter.ExitRequest[] memory afterClaim = adapter.openExits();
        uint256 lrtBefore;
        uint256 lrtAfter;
        for (uint256 i; i < before.length; ++i) {
            lrtBefore += before[i].lrtAmount;
        }
        for (uint256 i; i < afterClaim.length; ++i) {
            lrtAfter += afterClaim[i].lrtAmount;
        }
        ghostLrtClaimed += lrtBefore - lrtAfter;
    }

    function passTime(uint32 dt) external {
        vm.warp(block.timestamp + bound(uint256(dt), 1 hours, 5 days));
        feed.setPrice(int256(renzo.getRate()));
    }

    function slash(uint16 bps) external {
        renzo.slash(bound(uint256(bps), 1, 300));
    }

    function depeg(uint16 bps) external {
        feed.setPrice(int256(renzo.getRate() * bound(uint256(bps), 8_000, 10_500) / 10_000));
    }
}

contract AdapterInvariantsTest is Test {
    AdapterHandler internal handler;
    BaseLRTAdapter internal adapter;

    function setUp() public {
        vm.warp(1_700_000_000);
        handler = new AdapterHandler();
        adapter = handler.adapter();
        targetContract(address(handler));
    }

    /// The stored position equals the LRT the adapter holds (no donations here) and what the ghosts say.
    function invariant_lrtHeldMatchesBalanceAndGhosts() public view {
        assertEq(IERC20(adapter.lrt()).balanceOf(address(adapter)), adapter.lrtHeld());
        assertEq(
            adapter.lrtHeld(), handler.ghostLrtMinted() - handler.ghostLrtSold() - handler.ghostLrtQueued()
        );
    }

    /// Open exits are the queued LRT not yet claimed, bounded, and in step with the protocol's own list
    /// (tracked by content through swap-and-pop).
    function invariant_openExitsTrackTheProtocolQueue() public view {
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        assertLe(exits.length, adapter.MAX_OPEN_EXITS());
        SimRenzo renzo = handler.renzo();
        assertEq(renzo.getOutstandingWithdrawRequests(address(adapter)), exits.length);
        uint256 queued;
        for (uint256 i; i < exits.length; ++i) {
            queued += exits[i].lrtAmount;
            bool found;
            for (uint256 j; j < exits.length; ++j) {
                (, uint256 id,,,) = renzo.withdrawRequests(address(adapter), j);
                if (id == exits[i].protocolId) found = true;
            }
            assertTrue(found, "every open exit is in the protocol's list");
        }
        assertEq(queued, handler.ghostLrtQueued() - handler.ghostLrtClaimed());
    }

    /// Nothing is left behind in the adapter: all WETH and ETH goes back to the vault.
    function invariant_noIdleFundsInAdapter() public view {
        assertEq(handler.weth().balanceOf(address(adapter)), 0);
        assertEq(address(adapter).balance, 0);
    }

    /// realAssets is the held LRT at min(fair, market) plus each exit at min(request value, value now).
    function invariant_realAssetsIsHeldAtMinRatePlusClaimableExits() public view {
        uint256 fair = adapter.fairRate();
        uint256 rate = Math.min(fair, adapter.marketRate());
        uint256 expected = Math.mulDiv(adapter.lrtHeld(), rate, 1e18);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        for (uint256 i; i < exits.length; ++i) {
            expected += Math.min(exits[i].valueAtRequest, Math.mulDiv(exits[i].lrtAmount, fair, 1e18));
        }
        assertEq(adapter.realAssets(), expected);
        assertLe(adapter.pendingExits(), _sumRequested(exits), "pending never above the value requested");
    }

    function _sumRequested(BaseLRTAdapter.ExitRequest[] memory exits) internal pure returns (uint256 s) {
        for (uint256 i; i < exits.length; ++i) {
            s += exits[i].valueAtRequest;
        }
    }
}
