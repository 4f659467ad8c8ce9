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
}
