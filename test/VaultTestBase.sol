// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin} from "../contracts/interfaces/ILRTVault.sol";
import {IWETH9} from "../contracts/interfaces/protocols/IWETH9.sol";
import {ISharePriceFeed} from "../contracts/interfaces/ISharePriceFeed.sol";
import {WETH} from "../contracts/tokens/WETH.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";

/// @notice Shared set-up: a vault with its four roles held by distinct accounts, one mock adapter in tier 0
/// (cap 100 % of total assets, no reserve coverage: tests of the reserve rule raise it), no timelock (changes are still submitted, then executed).
abstract contract VaultTestBase is Test {
    uint256 internal constant ONE_SHARE = 1e24; // decimals 18 + offset 6
    uint16 internal constant COVERAGE_BPS = 0;

    WETH internal weth;
    ILRTVault internal vault;
    ISharePriceFeed internal feed;
    MockAdapter internal adapter;

    address internal admin = makeAddr("admin");
    address internal curator = makeAddr("curator");
    address internal allocator = makeAddr("allocator");
    address internal guardian = makeAddr("guardian");
    address internal feeRecipient = makeAddr("feeRecipient");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal attacker = makeAddr("attacker");

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        weth = new WETH();
        vault = ILRTVault(address(new LRTVault(IWETH9(address(weth)), admin, "LRT ETH Vault", "lrtETH")));
        feed = vault.priceFeed();
        vm.startPrank(admin);
        vault.setRole(vault.CURATOR_ROLE(), curator, true);
        vault.setRole(vault.ALLOCATOR_ROLE(), allocator, true);
        vault.setRole(vault.GUARDIAN_ROLE(), guardian, true);
        vault.setFeeRecipient(feeRecipient);
        vm.stopPrank();
        adapter = _newAdapter();
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, COVERAGE_BPS)));
        _addAdapter(address(adapter), 0, type(uint256).max);
    }

    // ----- helpers -----

    function _newAdapter() internal returns (MockAdapter a) {
        a = new MockAdapter(address(vault), address(weth));
    }

    function _addAdapter(address a, uint8 tierId, uint256 cap) internal {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.addAdapter, (a, tierId, cap)));
    }

    /// @dev Submits `data` as curator, waits the timelock, executes it as curator.
    function _timelocked(bytes memory data) internal {
        vm.prank(curator);
        vault.submit(data);
        vm.warp(block.timestamp + vault.timelock());
        _curatorCall(data);
    }

    function _curatorCall(bytes memory data) internal {
        vm.prank(curator);
        (bool ok, bytes memory ret) = address(vault).call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    function _wethFor(address user, uint256 assets) internal {
        vm.deal(user, user.balance + assets);
        vm.prank(user);
        weth.deposit{value: assets}();
        vm.prank(user);
        weth.approve(address(vault), type(uint256).max);
    }

    function _deposit(address user, uint256 assets) internal returns (uint256 shares) {
        vm.deal(user, user.balance + assets);
        vm.prank(user);
        shares = vault.depositETH{value: assets}(user, 0);
    }

    function _fundReserve(uint256 assets) internal returns (uint256 shares) {
        _wethFor(address(this), assets);
        weth.approve(address(vault), type(uint256).max);
        shares = vault.fundReserve(assets);
    }

    function _allocate(MockAdapter a, uint256 assets) internal returns (uint256) {
        vm.prank(allocator);
        return vault.allocate(address(a), assets, 0);
    }

    function _deallocate(MockAdapter a, uint256 assets) internal returns (uint256) {
        vm.prank(allocator);
        return vault.deallocate(address(a), assets, 0);
    }

    function _report() internal returns (uint256 profit, uint256 loss) {
        vm.prank(allocator);
        return vault.report();
    }

    /// @dev Real yield: the adapter's value rises and it holds the WETH to pay it out.
    function _gain(MockAdapter a, uint256 assets) internal {
        vm.deal(address(this), address(this).balance + assets);
        weth.deposit{value: assets}();
        weth.transfer(address(a), assets);
        a.setValue(a.value() + assets);
    }

    /// @dev A slash: the adapter's value falls.
    function _slash(MockAdapter a, uint256 assets) internal {
        a.setValue(a.value() - assets);
    }

    function _price() internal view returns (uint256) {
        return vault.pricePerShare();
    }

    receive() external payable {}
}
