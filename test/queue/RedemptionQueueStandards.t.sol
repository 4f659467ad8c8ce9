// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Vm} from "forge-std/Vm.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC7540Operator, IERC7540Redeem} from "../../contracts/interfaces/protocols/IERC7540.sol";
import {QueueEventsLib} from "../../contracts/libraries/QueueEventsLib.sol";
import {QueueTestBase} from "./QueueTestBase.sol";

/// @notice The queue speaks the standards it names: ERC-165 with ERC-7540's ids, ERC-7575's share()/asset(), and
/// ERC-7887's cancel events (emitted together: the cancel is synchronous).
contract RedemptionQueueStandardsTest is QueueTestBase {
    function test_erc165AnswersTheErc7540OperatorAndAsyncRedeemIds() public view {
        assertEq(type(IERC7540Operator).interfaceId, bytes4(0xe3bc4e65), "ERC-7540 operator id");
        assertEq(type(IERC7540Redeem).interfaceId, bytes4(0x620ee8e4), "ERC-7540 async redeem id");
        assertTrue(queue.supportsInterface(type(IERC165).interfaceId));
        assertTrue(queue.supportsInterface(0xe3bc4e65));
        assertTrue(queue.supportsInterface(0x620ee8e4));
        assertFalse(queue.supportsInterface(0xce3bbe50), "no async deposit");
        assertFalse(queue.supportsInterface(0xe76cffc7), "not ERC-7887's asynchronous cancel flow");
        assertFalse(queue.supportsInterface(0xffffffff), "ERC-165's invalid id");
    }

    function test_erc7575ShareAndAsset() public view {
        assertEq(queue.share(), address(vault));
        assertEq(queue.asset(), address(weth));
    }

    /// @dev The event signatures indexers key on, and the pair one cancel emits (request, then the claim that returns
    /// the shares in the same call).
    function test_cancelEmitsErc7887RequestAndClaimEvents() public {
        assertEq(QueueEventsLib.CancelRedeemRequest.selector, keccak256("CancelRedeemRequest(address,uint256,address)"));
        assertEq(
            QueueEventsLib.CancelRedeemClaim.selector,
            keccak256("CancelRedeemClaim(address,address,uint256,address,uint256)")
        );
        uint256 shares = vault.balanceOf(bob) / 2;
        uint256 id = _request(bob, shares);
        address operator = makeAddr("operator");
        vm.prank(bob);
        queue.setOperator(operator, true);
        vm.recordLogs();
        vm.prank(operator);
        queue.cancelRedeemRequest(id, bob);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 found;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(queue)) continue;
            if (logs[i].topics[0] == QueueEventsLib.CancelRedeemRequest.selector) {
                assertEq(found, 0, "request first");
                assertEq(logs[i].topics[1], bytes32(uint256(uint160(bob))));
                assertEq(logs[i].topics[2], bytes32(id));
                assertEq(abi.decode(logs[i].data, (address)), operator);
                found = 1;
            } else if (logs[i].topics[0] == QueueEventsLib.CancelRedeemClaim.selector) {
                assertEq(found, 1, "claim second");
                assertEq(logs[i].topics[1], bytes32(uint256(uint160(bob))));
                assertEq(logs[i].topics[2], bytes32(uint256(uint160(bob))), "shares go back to the controller");
                assertEq(logs[i].topics[3], bytes32(id));
                (address sender, uint256 returned) = abi.decode(logs[i].data, (address, uint256));
                assertEq(sender, operator);
                assertEq(returned, shares);
                found = 2;
            }
        }
        assertEq(found, 2);
        assertEq(queue.pendingRedeemRequest(id, bob), 0);
    }
}
