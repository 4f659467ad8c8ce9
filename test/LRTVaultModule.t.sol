// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {VaultTestBase} from "./VaultTestBase.sol";
import {LRTVaultAdmin} from "../contracts/LRTVaultAdmin.sol";
import {ErrorsLib} from "../contracts/libraries/ErrorsLib.sol";

/// @notice The split of the vault into its core and its admin module (delegatecall from the fallback).
contract LRTVaultModuleTest is VaultTestBase {
    /// @dev The compiler's storage layouts of the two contracts are the same, slot for slot and type for type
    /// (only the `contract` field, the name of the compiled contract, differs). Type ids embed the AST id of the
    /// struct or mapping declaration, so equal types mean the same declaration in LRTVaultBase.
    function test_module_storageLayoutMatchesVault() public view {
        string memory v = vm.readFile("out/LRTVault.sol/LRTVault.json");
        string memory m = vm.readFile("out/LRTVaultAdmin.sol/LRTVaultAdmin.json");
        string[5] memory fields = ["label", "type", "slot", "offset", "astId"];
        for (uint256 i; i < fields.length; ++i) {
            string memory path = string.concat(".storageLayout.storage[*].", fields[i]);
            bytes memory inVault = vm.parseJson(v, path);
            assertGt(inVault.length, 20 * 32, "no layout in the artifact");
            assertEq(keccak256(inVault), keccak256(vm.parseJson(m, path)), path);
        }
    }

    /// @dev What the module writes is what the vault reads (same slots): settings, roles, the timelock table.
    function test_module_writesAreVaultReads() public {
        _curatorCall(abi.encodeWithSignature("setTimelock(uint64)", uint64(3 days)));
        assertEq(vault.timelock(), 3 days);
        _curatorCall(abi.encodeWithSignature("setBufferFloor(uint16)", uint16(1_234)));
        assertEq(vault.bufferFloorBps(), 1_234);
        bytes memory data = abi.encodeWithSignature("setMaxSlippage(uint16)", uint16(60));
        vm.prank(curator);
        vault.submit(data);
        assertEq(vault.executableAt(data), block.timestamp + 3 days);
        bytes32 role = vault.ALLOCATOR_ROLE();
        vm.prank(admin);
        vault.setRole(role, bob, true);
        assertTrue(vault.hasRole(role, bob));
        // Immutables: the module runs with the vault's feed and WETH (unpause publishes to the feed; addAdapter
        // checks the adapter's asset against WETH, which the set-up's registration already exercised).
        vm.prank(guardian);
        vault.pause();
        (uint80 roundBefore,,,,) = feed.latestRoundData();
        vm.prank(guardian);
        vault.unpause();
        (uint80 roundAfter,,,,) = feed.latestRoundData();
        assertEq(roundAfter, roundBefore);
        assertEq(vault.allocation(address(adapter)), 0);
        assertEq(vault.adapters().length, 1);
    }

    function test_module_unknownSelectorRevertsClearly() public {
        (bool ok, bytes memory ret) = address(vault).call(abi.encodeWithSignature("noSuchFunction(uint256)", 1));
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(ErrorsLib.UnknownSelector.selector, bytes4(keccak256("noSuchFunction(uint256)"))));
        (ok, ret) = address(vault).call(hex"01");
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(ErrorsLib.UnknownSelector.selector, bytes4(hex"01000000")));
    }

    function test_module_sendingEthToUnknownSelectorReverts() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        (bool ok,) = address(vault).call{value: 1 ether}(abi.encodeWithSignature("pause()"));
        assertFalse(ok);
    }

    /// @dev Called at its own address the module is inert, even for a caller who holds roles in the vault.
    function test_module_directCallReverts() public {
        LRTVaultAdmin module = LRTVaultAdmin(vault.adminModule());
        vm.prank(guardian);
        vm.expectRevert(ErrorsLib.NotDelegated.selector);
        module.pause();
        vm.prank(admin);
        vm.expectRevert(ErrorsLib.NotDelegated.selector);
        module.setRole(bytes32(0), admin, true);
    }
}
