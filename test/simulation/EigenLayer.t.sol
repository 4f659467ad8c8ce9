// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SimEigenLayer, SimAVS, SimEigenErrorsLib} from "../../contracts/simulation/SimEigenLayer.sol";
import {SimProtocolBase} from "../../contracts/simulation/SimProtocolBase.sol";
import {SimErrorsLib} from "../../contracts/simulation/SimErrorsLib.sol";
import {SimRenzo} from "../../contracts/simulation/SimRenzo.sol";
import {SimKelp} from "../../contracts/simulation/SimKelp.sol";
import {SimRswETH} from "../../contracts/simulation/SimSwell.sol";
import {ExposureLens} from "../../contracts/periphery/ExposureLens.sol";
import {
    IAllocationManager,
    IAllocationManagerTypes,
    IEigenStrategy,
    OperatorSet
} from "../../contracts/interfaces/protocols/IEigenLayer.sol";

/// The simulated EigenLayer core: allocations with mainnet delays, slashing through magnitudes and delegated
/// shares, and the LRT protocols' fair rates following what their operators still hold.
contract SimEigenLayerTest is Test {
    IEigenStrategy internal constant BEACON = IEigenStrategy(0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0);
    uint64 internal constant PCT = 1e16;

    SimEigenLayer internal el;
    SimAVS internal eigenDA;
    SimAVS internal hyperlane;
    SimRenzo internal renzo;
    SimKelp internal kelp;
    SimRswETH internal swell;
    address internal op0 = makeAddr("op0");
    address internal op1 = makeAddr("op1");
    address internal op2 = makeAddr("op2");

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        el = new SimEigenLayer(address(this));
        eigenDA = _avs("EigenDA");
        hyperlane = _avs("Hyperlane");
        el.seedOperator(op0, 1);
        el.seedOperator(op1, 1);
        el.seedOperator(op2, 1);
        // EigenDA: op0 50 %, op1 20 %; Hyperlane: op1 30 %, op2 40 %
        _seed(op0, eigenDA, 50);
        _seed(op1, eigenDA, 20);
        _seed(op1, hyperlane, 30);
        _seed(op2, hyperlane, 40);
        renzo = new SimRenzo(address(this), 1e18, 0);
        kelp = new SimKelp(address(this), 1e18, 0);
        swell = new SimRswETH(address(this), 1e18, 0);
        // renzo: all through op0; kelp: half op0, half op1; swell: 25 % op0, 75 % op2
        _link(address(renzo), "renzo", _ops(op0, address(0)), _amounts(100 ether, 0));
        _link(address(kelp), "kelp", _ops(op0, op1), _amounts(50 ether, 50 ether));
        _link(address(swell), "swell", _ops(op0, op2), _amounts(25 ether, 75 ether));
        // Swell's rate moves only when its bot reprices (issue 18): any size, any time, for these tests
        swell.setRepriceBounds(10_000, 0);
    }

    function _avs(string memory name) internal returns (SimAVS avs) {
        avs = new SimAVS(address(this), el, name);
        IEigenStrategy[] memory s = new IEigenStrategy[](1);
        s[0] = BEACON;
        IAllocationManager.CreateSetParams[] memory p = new IAllocationManager.CreateSetParams[](1);
        p[0] = IAllocationManagerTypes.CreateSetParams(0, s);
        avs.createOperatorSets(p);
    }

    function _set(SimAVS avs) internal pure returns (OperatorSet memory) {
        return OperatorSet(address(avs), 0);
    }

    function _seed(address op, SimAVS avs, uint64 pct) internal {
        el.seedRegistration(op, _set(avs));
        el.seedAllocation(op, _set(avs), BEACON, pct * PCT);
    }

    function _ops(address a, address b) internal pure returns (address[2] memory) {
        return [a, b];
    }

    function _amounts(uint256 a, uint256 b) internal pure returns (uint256[2] memory) {
        return [a, b];
    }

    function _link(address sim, string memory tag, address[2] memory ops, uint256[2] memory amounts) internal {
        uint256 n = ops[1] == address(0) ? 1 : 2;
        address[] memory stakers = new address[](n);
        for (uint256 i; i < n; ++i) {
            stakers[i] = makeAddr(string.concat(tag, "-staker-", vm.toString(i)));
            el.seedStake(stakers[i], ops[i], BEACON, amounts[i]);
        }
        SimProtocolBase(payable(sim)).setEigenDelegation(el, stakers);
    }

    function _strategies() internal pure returns (IEigenStrategy[] memory s) {
        s = new IEigenStrategy[](1);
        s[0] = BEACON;
    }

    function _params(address op, uint256 wad) internal pure returns (IAllocationManager.SlashingParams memory p) {
        uint256[] memory wads = new uint256[](1);
        wads[0] = wad;
        p = IAllocationManagerTypes.SlashingParams(op, 0, _strategies(), wads, "fault");
    }

    // ----- the LRTs' rates -----

    /// One EigenDA fault slashing its whole operator set by 50 % hits renzo, kelp and swell in the same block, each
    /// by exactly its exposure x 50 %: renzo 100 % x 50 % x 50 %, kelp (50 % x 50 % + 50 % x 20 %) x 50 %,
    /// swell 25 % x 50 % x 50 %.
    function test_avsSlash_hitsEveryExposedLrtInTheSameBlockInProportion() public {
        uint256 r0 = renzo.getRate();
        uint256 k0 = kelp.rsETHPrice();
        uint256 s0 = swell.getRate();
        eigenDA.slashOperatorSet(0, 0.5e18, "EigenDA double signing");
        assertEq(renzo.getRate(), r0 * 7_500 / 10_000, "renzo: 25 % of its ETH slashed");
        assertEq(kelp.rsETHPrice(), k0 * 8_250 / 10_000, "kelp: 17.5 %, without waiting for its oracle update");
        assertEq(swell.getRate(), s0, "swell: not before its bot reprices");
        swell.reprice();
        assertEq(swell.getRate(), s0 * 9_375 / 10_000, "swell: 6.25 % at the reprice");
    }

    function test_avsSlash_ofAnUnrelatedSetLeavesUnexposedLrtsAlone() public {
        uint256 r0 = renzo.getRate();
        hyperlane.slashOperatorSet(0, 0.5e18, "Hyperlane fault");
        assertEq(renzo.getRate(), r0, "renzo's only operator is not in Hyperlane's set");
        swell.reprice();
        assertLt(swell.getRate(), 1e18);
        assertLt(kelp.rsETHPrice(), 1e18);
    }

    function test_rateLink_doesNotJumpWhenLinkedAndKeepsAccruing() public {
        SimRenzo fresh = new SimRenzo(address(this), 1.05e18, 365);
        vm.warp(block.timestamp + 10 days);
        uint256 before = fresh.getRate();
        address[] memory stakers = new address[](1);
        stakers[0] = makeAddr("fresh-staker");
        el.seedStake(stakers[0], op2, BEACON, 10 ether);
        fresh.setEigenDelegation(el, stakers);
        assertEq(fresh.getRate(), before, "linking moves nothing");
        assertEq(fresh.restakedFactor(), 1e18);
    }

    function test_rateLink_rejectsAnUndelegatedStaker() public {
        address[] memory stakers = new address[](1);
        stakers[0] = makeAddr("nobody");
        vm.expectRevert(abi.encodeWithSelector(SimErrorsLib.StakerNotDelegated.selector, stakers[0]));
        renzo.setEigenDelegation(el, stakers);
    }

    function test_protocolSlash_staysBesideTheAvsSlash() public {
        renzo.slash(100);
        eigenDA.slashOperatorSet(0, 0.1e18, "fault");
        // 1 % protocol-level, then 100 % x 50 % x 10 % = 5 % through EigenLayer
        assertEq(renzo.getRate(), uint256(1e18) * 9_900 / 10_000 * 9_500 / 10_000);
    }

    // ----- magnitudes and shares -----

    function test_slash_lowersMagnitudeMaxMagnitudeAndDelegatedShares() public {
        eigenDA.slashOperator(_params(op0, 0.5e18));
        assertEq(el.getAllocation(op0, _set(eigenDA), BEACON).currentMagnitude, 25 * PCT);
        assertEq(el.getMaxMagnitude(op0, BEACON), 75 * PCT);
        // op0 holds renzo 100 + kelp 50 + swell 25 = 175 ETH of shares
        assertEq(el.operatorShares(op0, BEACON), 175 ether * 75 / 100);
        (uint256[] memory w, uint256[] memory d) = el.getWithdrawableShares(makeAddr("renzo-staker-0"), _strategies());
        assertEq(w[0], 75 ether);
        assertEq(d[0], 100 ether, "deposit shares do not change; withdrawable ones do");
        assertEq(el.getAllocatableMagnitude(op0, BEACON), 50 * PCT, "the unallocated half is untouched");
    }

    function test_slash_onlyTheAvsItselfAndOnlyMembers() public {
        vm.expectRevert(
            abi.encodeWithSelector(SimEigenErrorsLib.InvalidCaller.selector, address(this), address(eigenDA))
        );
        el.slashOperator(address(eigenDA), _params(op0, 0.5e18));
        vm.expectRevert(abi.encodeWithSelector(SimEigenErrorsLib.NotMemberOfSet.selector, op2));
        eigenDA.slashOperator(_params(op2, 0.5e18));
        vm.expectRevert(abi.encodeWithSelector(SimEigenErrorsLib.InvalidWadToSlash.selector, 0));
        eigenDA.slashOperator(_params(op0, 0));
        vm.expectRevert(abi.encodeWithSelector(SimEigenErrorsLib.InvalidWadToSlash.selector, 1e18 + 1));
        eigenDA.slashOperator(_params(op0, 1e18 + 1));
    }

    function testFuzz_slash_rateFallsByExposureTimesWad(uint64 wad) public {
        wad = uint64(bound(wad, 1e12, 1e18));
        uint256 r0 = renzo.getRate();
        eigenDA.slashOperator(_params(op0, wad));
        uint256 slashedMagnitude = Math.mulDiv(50 * PCT, wad, 1e18, Math.Rounding.Ceil);
        uint256 expected = Math.mulDiv(r0, 1e18 - slashedMagnitude, 1e18);
        assertApproxEqAbs(renzo.getRate(), expected, 2, "renzo loses 50 % x wad of its ETH");
        assertLe(renzo.getRate(), expected, "rounding never favours the LRT");
    }

    // ----- delays as on mainnet -----

    function _allocate(address op, SimAVS avs, uint64 magnitude) internal {
        IEigenStrategy[] memory s = _strategies();
        uint64[] memory m = new uint64[](1);
        m[0] = magnitude;
        IAllocationManager.AllocateParams[] memory p = new IAllocationManager.AllocateParams[](1);
        p[0] = IAllocationManagerTypes.AllocateParams(_set(avs), s, m);
        vm.prank(op);
        el.modifyAllocations(op, p);
    }

    function test_delays_areMainnets() public view {
        assertEq(el.DEALLOCATION_DELAY(), 100_800, "14 days of 12 s blocks");
        assertEq(el.ALLOCATION_CONFIGURATION_DELAY(), 126_000, "17.5 days of 12 s blocks");
    }

    function test_allocation_takesEffectAfterTheOperatorsAllocationDelay() public {
        vm.prank(op2);
        el.setAllocationDelay(op2, 50);
        vm.roll(block.number + 126_000);
        (bool isSet, uint32 delay) = el.getAllocationDelay(op2);
        assertTrue(!isSet || delay == 1, "the new delay is not in force before ALLOCATION_CONFIGURATION_DELAY + 1");
        vm.roll(block.number + 1);
        (isSet, delay) = el.getAllocationDelay(op2);
        assertTrue(isSet);
        assertEq(delay, 50);

        el.seedRegistration(op2, _set(eigenDA));
        _allocate(op2, eigenDA, 10 * PCT);
        IAllocationManager.Allocation memory a = el.getAllocation(op2, _set(eigenDA), BEACON);
        assertEq(a.currentMagnitude, 0, "not slashable yet");
        assertEq(a.pendingDiff, int128(int64(10 * PCT)));
        assertEq(a.effectBlock, block.number + 50);
        assertEq(el.getEncumberedMagnitude(op2, BEACON), 50 * PCT, "40 in force + 10 pending");
        vm.roll(block.number + 50);
        assertEq(el.getAllocation(op2, _set(eigenDA), BEACON).currentMagnitude, 10 * PCT);
    }

    function test_deallocation_staysSlashableForTheDeallocationDelay() public {
        _allocate(op0, eigenDA, 10 * PCT);
        IAllocationManager.Allocation memory a = el.getAllocation(op0, _set(eigenDA), BEACON);
        assertEq(a.currentMagnitude, 50 * PCT, "still slashable");
        assertEq(a.effectBlock, block.number + 100_800 + 1);
        vm.expectRevert(SimEigenErrorsLib.ModificationAlreadyPending.selector);
        _allocate(op0, eigenDA, 20 * PCT);

        uint256 r0 = renzo.getRate();
        vm.roll(block.number + 100_800);
        eigenDA.slashOperator(_params(op0, 0.5e18));
        assertEq(renzo.getRate(), r0 * 75 / 100, "slashed on the full 50 % during the delay");
        a = el.getAllocation(op0, _set(eigenDA), BEACON);
        assertEq(a.currentMagnitude, 25 * PCT);
        assertEq(a.pendingDiff, -20 * int128(int64(PCT)), "the pending deallocation shrinks by the same share");
        vm.roll(block.number + 1);
        assertEq(el.getAllocation(op0, _set(eigenDA), BEACON).currentMagnitude, 5 * PCT);
    }

    function test_allocation_needsFreeMagnitudeAndTheOperator() public {
        vm.expectRevert(abi.encodeWithSelector(SimEigenErrorsLib.InsufficientMagnitude.selector, 60 * PCT, 50 * PCT));
        _allocate(op0, eigenDA, 110 * PCT);
        IAllocationManager.AllocateParams[] memory p = new IAllocationManager.AllocateParams[](0);
        vm.expectRevert(abi.encodeWithSelector(SimEigenErrorsLib.InvalidCaller.selector, address(this), op0));
        el.modifyAllocations(op0, p);
    }

    function test_registerAsOperator_delayNotInForceUntilConfigurationDelay() public {
        address op = makeAddr("newcomer");
        vm.prank(op);
        el.registerAsOperator(address(0), 10, "ipfs://op");
        assertTrue(el.isOperator(op));
        assertEq(el.delegatedTo(op), op);
        (bool isSet,) = el.getAllocationDelay(op);
        assertFalse(isSet);
        IAllocationManager.AllocateParams[] memory p = new IAllocationManager.AllocateParams[](0);
        vm.prank(op);
        vm.expectRevert(abi.encodeWithSelector(SimEigenErrorsLib.UninitializedAllocationDelay.selector, op));
        el.modifyAllocations(op, p);
    }

    function test_membersAndAllocatedSets() public view {
        address[] memory members = el.getMembers(_set(hyperlane));
        assertEq(members.length, 2);
        assertEq(members[0], op1);
        assertEq(members[1], op2);
        OperatorSet[] memory sets = el.getAllocatedSets(op1);
        assertEq(sets.length, 2);
        assertEq(sets[0].avs, address(eigenDA));
        assertEq(sets[1].avs, address(hyperlane));
    }

    // ----- the exposure reader -----

    function test_exposureLens_readsEachLrtsSlashableEthPerAvs() public {
        ExposureLens lens = new ExposureLens();
        OperatorSet[] memory sets = new OperatorSet[](2);
        sets[0] = _set(eigenDA);
        sets[1] = _set(hyperlane);
        ExposureLens.LrtStakers[] memory lrts = new ExposureLens.LrtStakers[](2);
        lrts[0].adapter = address(0xA);
        lrts[0].stakers = renzo.eigenStakers();
        lrts[1].adapter = address(0xB);
        lrts[1].stakers = kelp.eigenStakers();
        (uint256 blockNumber, ExposureLens.LrtExposure[] memory e) = lens.exposures(el, el, BEACON, sets, lrts);
        assertEq(blockNumber, block.number);
        assertEq(e[0].adapter, address(0xA));
        assertEq(e[0].restaked, 100 ether);
        assertEq(e[0].atRisk[0], 50 ether, "renzo: op0's 50 % to EigenDA");
        assertEq(e[0].atRisk[1], 0);
        assertEq(e[1].restaked, 100 ether);
        assertEq(e[1].atRisk[0], 25 ether + 10 ether, "kelp: 50 x 50 % + 50 x 20 %");
        assertEq(e[1].atRisk[1], 15 ether, "kelp: 50 x 30 %");
        assertEq(e[1].operators[1], op1);

        eigenDA.slashOperatorSet(0, 0.5e18, "fault");
        (, e) = lens.exposures(el, el, BEACON, sets, lrts);
        assertEq(e[0].restaked, 75 ether);
        assertEq(e[0].atRisk[0], 25 ether, "what is left at risk after the slash");
    }
}
