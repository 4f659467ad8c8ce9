// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {EtherFiAdapter} from "../../contracts/adapters/EtherFiAdapter.sol";
import {AdapterErrorsLib} from "../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {
    SimEtherFiLiquidityPool,
    SimWeETH,
    SimEtherFiWithdrawRequestNFT
} from "../../contracts/simulation/SimEtherFi.sol";
import {AdapterTestBase} from "./AdapterTestBase.sol";

contract EtherFiAdapterTest is AdapterTestBase {
    SimEtherFiLiquidityPool internal lp;
    SimWeETH internal weETH;
    SimEtherFiWithdrawRequestNFT internal nft;

    function _deployProtocol() internal override {
        lp = new SimEtherFiLiquidityPool(address(this), INITIAL_RATE, APR_BPS);
        nft = new SimEtherFiWithdrawRequestNFT(lp);
        lp.setWithdrawRequestNFT(nft);
        weETH = new SimWeETH(lp);
        sim = lp;
        lrtToken = weETH;
    }

    function _deployAdapter(address feed_) internal override returns (BaseLRTAdapter) {
        return new EtherFiAdapter(
            address(this),
            address(weth),
            address(lp),
            address(lp),
            address(weETH),
            address(nft),
            address(pool),
            feed_,
            MAX_STALENESS
        );
    }

    function _mintLrt(uint256 eth) internal override returns (uint256) {
        vm.deal(address(this), address(this).balance + eth);
        lp.deposit{value: eth}();
        uint256 eEth = lp.balanceOf(address(this));
        lp.approve(address(weETH), eEth);
        return weETH.wrap(eEth);
    }

    function _exitDelay() internal view override returns (uint256) {
        return lp.withdrawalDelay();
    }

    function _slashBps() internal pure override returns (uint256) {
        return 10;
    }

    function test_etherFi_queuedExitIsAnNftHeldByTheAdapter() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        assertEq(nft.ownerOf(tokenId), address(adapter), "adapter owns the request NFT");
        assertFalse(nft.isFinalized(tokenId));
        vm.warp(block.timestamp + lp.withdrawalDelay());
        assertTrue(nft.isFinalized(tokenId));
        adapter.claimExits();
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, tokenId));
        nft.ownerOf(tokenId);
    }

    function test_etherFi_negativeRebaseIsBoundedPerReport() public {
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NegativeRebaseTooLarge.selector, 11, 10));
        lp.slash(11);
    }

    function test_etherFi_rejectsForeignNft() public {
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.UnexpectedNft.selector, address(this)));
        adapter.onERC721Received(address(this), address(this), 1, "");
    }

    // ----- issue 18: anyone may claim a finalised request, paying the NFT's owner -----

    /// A stranger claims the adapter's finalised request: the ETH reaches the adapter, and claimExits must close
    /// the exit (its NFT is burned) and book the payout once. On the old adapter the exit stayed open and
    /// `pendingExits` kept counting the 4 ETH the vault had already received.
    function test_real_etherfi_thirdPartyClaimClosesExitAndCountsPayoutOnce() public {
        _allocate(10 ether);
        adapter.requestExit(4 ether);
        BaseLRTAdapter.ExitRequest memory r = adapter.openExits()[0];
        _warpAndRefreshFeed(_exitDelay());
        uint256 pending = adapter.pendingExits();
        uint256 valueBefore = adapter.realAssets();

        vm.prank(attacker);
        nft.claimWithdraw(r.protocolId);
        assertEq(address(adapter).balance, pending, "the claim paid the NFT owner, the adapter");
        assertEq(attacker.balance, 0, "nothing to the caller");

        uint256 out = adapter.claimExits();
        assertEq(out, pending, "the payout reaches the vault once");
        assertEq(adapter.openExits().length, 0, "exit closed, its slot freed");
        assertEq(adapter.pendingExits(), 0, "no longer counted as pending");
        assertEq(adapter.realAssets() + out, valueBefore, "value counted once, before and after");
        assertEq(adapter.claimExits(), 0, "nothing booked twice");
    }

    /// A third-party claim of one exit among several: only that exit closes; the others keep their value and are
    /// claimed normally later.
    function test_real_etherfi_thirdPartyClaimClosesOnlyItsOwnExit() public {
        _allocate(20 ether);
        adapter.requestExit(3 ether);
        adapter.requestExit(5 ether);
        BaseLRTAdapter.ExitRequest[] memory exits = adapter.openExits();
        _warpAndRefreshFeed(_exitDelay());
        vm.prank(attacker);
        nft.claimWithdraw(exits[1].protocolId);
        uint256 out = adapter.claimExits();
        assertEq(out, exits[0].valueAtRequest + exits[1].valueAtRequest, "both paid once");
        assertEq(adapter.openExits().length, 0);
    }

    /// Claims stay permissionless on the stand-in, as on mainnet: the stranger pays the owner, never itself.
    function test_real_etherfi_claimWithdrawPaysOwnerWhoeverCalls() public {
        _allocate(10 ether);
        adapter.requestExit(2 ether);
        uint256 tokenId = adapter.openExits()[0].protocolId;
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.NotYetClaimable.selector, tokenId, block.timestamp + _exitDelay()));
        nft.claimWithdraw(tokenId);
        vm.warp(block.timestamp + _exitDelay());
        uint256 amount = nft.getRequest(tokenId).amountOfEEth;
        vm.prank(attacker);
        nft.claimWithdraw(tokenId);
        assertEq(address(adapter).balance, amount, "owner paid");
        assertEq(nft.getRequest(tokenId).shareOfEEth, 0, "request deleted");
        assertTrue(nft.isFinalized(tokenId), "still reads as finalised after the claim");
    }
}
