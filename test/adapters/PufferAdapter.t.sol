// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {PufferAdapter} from "../../contracts/adapters/PufferAdapter.sol";
import {SimPufferVault, SimPufferWithdrawalManager} from "../../contracts/simulation/SimPuffer.sol";
import {AdapterTestBase} from "./AdapterTestBase.sol";

/// Puffer forbids two withdrawal requests (and a deposit then a withdrawal) in one transaction, so every call
/// of these tests runs as its own transaction.
/// forge-config: default.isolate = true
contract PufferAdapterTest is AdapterTestBase {
    SimPufferVault internal puffer;
    SimPufferWithdrawalManager internal manager;

    function _deployProtocol() internal override {
        puffer = new SimPufferVault(address(this), IERC20(address(weth)), INITIAL_RATE, APR_BPS);
        manager = new SimPufferWithdrawalManager(puffer);
        puffer.setWithdrawalManager(address(manager));
        sim = puffer;
        lrtToken = puffer;
    }

    function _deployAdapter(address feed_) internal override returns (BaseLRTAdapter) {
        return new PufferAdapter(
            address(this), address(weth), address(puffer), address(manager), address(pool), feed_, MAX_STALENESS
        );
    }

    function _mintLrt(uint256 eth) internal override returns (uint256) {
        vm.deal(address(this), address(this).balance + eth);
        return puffer.depositETH{value: eth}(address(this));
    }

    function _exitDelay() internal view override returns (uint256) {
        return puffer.withdrawalDelay();
    }

    function test_puffer_queuedExitPaysWeth() public {
        _allocate(10 ether);
        adapter.requestExit(3 ether);
        BaseLRTAdapter.ExitRequest memory r = adapter.openExits()[0];
        assertEq(r.protocolId, manager.getWithdrawalsLength() - 1, "withdrawal index tracked");
        vm.warp(block.timestamp + puffer.withdrawalDelay());
        uint256 before = weth.balanceOf(address(this));
        uint256 out = adapter.claimExits();
        assertEq(out, r.valueAtRequest);
        assertEq(weth.balanceOf(address(this)) - before, out);
    }

    /// @dev H-1: anyone may complete a finalised Puffer withdrawal, paying the adapter outside claimExits. The exit
    /// keeps counting until the adapter's claim, which closes it and brings the payout to the vault.
    function test_review_H01_thirdPartyCompletionClosesTheExitAndPaysTheVault() public {
        _allocate(10 ether);
        adapter.requestExit(3 ether);
        uint256 idx = adapter.openExits()[0].protocolId;
        uint256 claimable = adapter.pendingExits();
        _warpAndRefreshFeed(puffer.withdrawalDelay());
        claimable = adapter.pendingExits();
        uint256 realBefore = adapter.realAssets();
        vm.prank(makeAddr("stranger"));
        manager.completeQueuedWithdrawal(idx);
        assertEq(weth.balanceOf(address(adapter)), claimable, "the payout landed in the adapter");
        assertEq(adapter.realAssets(), realBefore, "still counted until claimed");
        uint256 before = weth.balanceOf(address(this));
        uint256 out = adapter.claimExits();
        assertEq(out, claimable);
        assertEq(weth.balanceOf(address(this)) - before, claimable, "and it reached the vault");
        assertEq(adapter.openExits().length, 0, "the exit is closed");
        assertEq(adapter.pendingExits(), 0);
        assertEq(weth.balanceOf(address(adapter)), 0);
    }

    /// @dev H-1: third-party completions cannot fill the bounded list of open exits for good.
    function test_review_H01_thirdPartyCompletionsCannotFillTheExitList() public {
        _allocate(40 ether);
        uint256 n = adapter.MAX_OPEN_EXITS();
        for (uint256 i; i < n; ++i) {
            adapter.requestExit(1 ether);
        }
        vm.warp(block.timestamp + puffer.withdrawalDelay());
        for (uint256 i; i < n; ++i) {
            manager.completeQueuedWithdrawal(adapter.openExits()[i].protocolId);
        }
        adapter.claimExits();
        assertEq(adapter.openExits().length, 0);
        adapter.requestExit(1 ether); // room again
    }
}
