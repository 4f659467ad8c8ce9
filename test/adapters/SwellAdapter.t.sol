// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {SwellAdapter} from "../../contracts/adapters/SwellAdapter.sol";
import {SimRswETH, SimRswEXIT} from "../../contracts/simulation/SimSwell.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {AdapterTestBase} from "./AdapterTestBase.sol";

contract SwellAdapterTest is AdapterTestBase {
    SimRswETH internal rswETH;
    SimRswEXIT internal rswEXIT;

    function _deployProtocol() internal override {
        rswETH = new SimRswETH(address(this), INITIAL_RATE, APR_BPS);
        rswEXIT = new SimRswEXIT(rswETH);
        rswETH.setExitQueue(address(rswEXIT));
        sim = rswETH;
        lrtToken = rswETH;
    }

    function _deployAdapter(address feed_) internal override returns (BaseLRTAdapter) {
        return new SwellAdapter(
            address(this), address(weth), address(rswETH), address(rswEXIT), address(pool), feed_, MAX_STALENESS
        );
    }

    function _mintLrt(uint256 eth) internal override returns (uint256 minted) {
        vm.deal(address(this), address(this).balance + eth);
        uint256 before = rswETH.balanceOf(address(this));
        rswETH.deposit{value: eth}();
        minted = rswETH.balanceOf(address(this)) - before;
    }

    function _exitDelay() internal view override returns (uint256) {
        return rswETH.withdrawalDelay();
    }

    function test_swell_queuedExitIsAnNftHeldByTheAdapter() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        assertEq(tokenId, rswEXIT.getLastTokenIdCreated());
        assertEq(rswEXIT.ownerOf(tokenId), address(adapter));
        vm.warp(block.timestamp + rswETH.withdrawalDelay());
        assertGt(adapter.claimExits(), 0);
        assertEq(rswEXIT.balanceOf(address(adapter)), 0, "NFT burned on finalisation");
    }

    /// Swell's finalizeWithdrawal is the NFT owner's only (mainnet, after its audit): a stranger cannot settle
    /// the adapter's request, so no payout arrives outside claimExits.
    function test_real_swell_onlyTheNftOwnerFinalizes() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        vm.warp(block.timestamp + rswETH.withdrawalDelay());
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NotRequestOwner.selector, tokenId, attacker));
        rswEXIT.finalizeWithdrawal(tokenId);
        assertEq(adapter.openExits().length, 1, "still open, still counted");
    }
}
