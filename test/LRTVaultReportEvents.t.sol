// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Vm} from "forge-std/Vm.sol";
import {EventsLib} from "../contracts/libraries/EventsLib.sol";
import {VaultTestBase} from "./VaultTestBase.sol";
import {MockAdapter} from "./mocks/MockAdapter.sol";

/// @notice A report's result can be attributed to the LRT that earned or lost it from events alone: one
/// AdapterRevalued per adapter whose value changed, whose sum is the report's gain minus its loss.
contract LRTVaultReportEventsTest is VaultTestBase {
    MockAdapter internal second;

    function setUp() public override {
        super.setUp();
        second = _newAdapter();
        _addAdapter(address(second), 0, type(uint256).max);
        _deposit(alice, 100 ether);
        _allocate(adapter, 40 ether);
        _allocate(second, 40 ether);
    }

    function _revaluations() internal returns (address[] memory who, int256[] memory delta, uint256 n) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        who = new address[](logs.length);
        delta = new int256[](logs.length);
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(vault) || logs[i].topics[0] != EventsLib.AdapterRevalued.selector) continue;
            (uint256 recorded, uint256 value) = abi.decode(logs[i].data, (uint256, uint256));
            who[n] = address(uint160(uint256(logs[i].topics[1])));
            delta[n] = int256(value) - int256(recorded);
            ++n;
        }
    }

    function test_reportEmitsOneRevaluationPerChangedAdapter() public {
        _gain(adapter, 0.3 ether);
        _slash(second, 0.1 ether);
        vm.recordLogs();
        (uint256 profit, uint256 loss) = _report();
        (address[] memory who, int256[] memory delta, uint256 n) = _revaluations();
        assertEq(n, 2);
        assertEq(who[0], address(adapter));
        assertEq(delta[0], 0.3 ether);
        assertEq(who[1], address(second));
        assertEq(delta[1], -0.1 ether);
        assertEq(profit, 0.2 ether);
        assertEq(loss, 0);
    }

    function test_unchangedAdaptersEmitNothing() public {
        _gain(second, 0.05 ether);
        vm.recordLogs();
        _report();
        (address[] memory who, int256[] memory delta, uint256 n) = _revaluations();
        assertEq(n, 1);
        assertEq(who[0], address(second));
        assertEq(delta[0], 0.05 ether);
    }

    /// @dev Fuzz: the revaluations of one report sum to its net result (profit minus loss).
    function testFuzz_revaluationsSumToTheReportsResult(uint256 gainA, uint256 lossB) public {
        gainA = bound(gainA, 0, 0.35 ether);
        lossB = bound(lossB, 0, 0.35 ether);
        _gain(adapter, gainA);
        _slash(second, lossB);
        vm.recordLogs();
        (uint256 profit, uint256 loss) = _report();
        (, int256[] memory delta, uint256 n) = _revaluations();
        int256 sum;
        for (uint256 i; i < n; ++i) {
            sum += delta[i];
        }
        assertEq(sum, int256(profit) - int256(loss));
    }
}
