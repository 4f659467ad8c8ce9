// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAdapter} from "../../contracts/interfaces/IAdapter.sol";
import {IExitPool} from "../../contracts/interfaces/protocols/IExitPool.sol";
import {RenzoAdapter} from "../../contracts/adapters/RenzoAdapter.sol";
import {AdapterErrorsLib} from "../../contracts/adapters/libraries/AdapterErrorsLib.sol";
import {SimRenzo} from "../../contracts/simulation/SimRenzo.sol";
import {SimExitPool} from "../../contracts/simulation/SimExitPool.sol";
import {SimMarketFeed} from "../../contracts/simulation/SimMarketFeed.sol";
import {MockWETH} from "../mocks/MockWETH.sol";

/// An exit venue that, mid-swap, tries to read the adapter's value (a read-only reentrancy probe) and then
/// pays 1:1 from its own WETH.
contract ReadingPool is IExitPool {
    address public immutable token0;
    address public immutable token1;
    bytes public lastReadError;
    bool public readSucceeded;

    constructor(address lrt, address weth) {
        token0 = lrt;
        token1 = weth;
    }

    function quote(address, uint256 amountIn) external pure returns (uint256) {
        return amountIn;
    }

    function swap(address tokenIn, uint256 amountIn, uint256, address to) external returns (uint256) {
        try IAdapter(msg.sender).realAssets() returns (uint256) {
            readSucceeded = true;
        } catch (bytes memory err) {
            lastReadError = err;
        }
        IERC20(tokenIn).transferFrom(msg.sender, address(this), amountIn);
        IERC20(token1).transfer(to, amountIn);
        return amountIn;
    }
}

contract AdapterGuardsTest is Test {
    MockWETH internal weth;
    SimRenzo internal renzo;
    SimExitPool internal pool;
    SimMarketFeed internal feed;
    address internal ez;

    function setUp() public {
        weth = new MockWETH();
        renzo = new SimRenzo(address(this), 1.05e18, 300);
        pool = new SimExitPool(address(this), address(renzo.ezETH()), address(weth), 5);
        feed = new SimMarketFeed(address(this), 18, "ezETH / ETH", 1.05e18);
        ez = address(renzo.ezETH());
    }

    function _deploy(address vault_, address pool_, address feed_, uint256 staleness) internal returns (RenzoAdapter) {
        return new RenzoAdapter(
            vault_,
            address(weth),
            address(renzo),
            ez,
            address(renzo),
            address(renzo),
            pool_,
            feed_,
            staleness
        );
    }

    function test_constructor_rejectsZeroVault() public {
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.ZeroAddress.selector, "vault"));
        _deploy(address(0), address(pool), address(feed), 1 days);
    }

    function test_constructor_rejectsPoolOfOtherTokens() public {
        SimExitPool wrong = new SimExitPool(address(this), address(weth), address(feed), 5);
        vm.expectRevert(abi.encodeWithSelector(AdapterErrorsLib.PoolTokenMismatch.selector, address(wrong)));
        _deploy(address(this), address(wrong), address(feed), 1 days);
    }

    function test_constructor_rejectsFeedWithoutMaxStaleness() public {
        vm.expectRevert(AdapterErrorsLib.ZeroMaxStaleness.selector);
        _deploy(address(this), address(pool), address(feed), 0);
    }

    function test_constructor_scalesFeedsWithFewerDecimals() public {
        SimMarketFeed eightDecimals = new SimMarketFeed(address(this), 8, "ezETH / ETH", 0.9e8);
        RenzoAdapter a = _deploy(address(this), address(pool), address(eightDecimals), 1 days);
        assertEq(a.marketRate(), 0.9e18);
    }

    function test_realAssets_revertsWhenReadMidOperation() public {
        ReadingPool probe = new ReadingPool(address(renzo.ezETH()), address(weth));
        vm.deal(address(this), 20 ether);
        weth.deposit{value: 10 ether}();
        weth.transfer(address(probe), 10 ether);
        RenzoAdapter a = _deploy(address(this), address(probe), address(0), 0);
        weth.deposit{value: 10 ether}();
        weth.transfer(address(a), 10 ether);
        a.allocate(10 ether, 0);
        a.deallocate(1 ether, 0);
        assertFalse(probe.readSucceeded(), "mid-operation read refused");
        assertEq(probe.lastReadError(), abi.encodeWithSelector(AdapterErrorsLib.ReentrantRead.selector));
        assertGt(a.realAssets(), 0, "readable again afterwards");
    }
}
