// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAllocationManager, IDelegationManager, IEigenStrategy, OperatorSet} from "../interfaces/protocols/IEigenLayer.sol";

/// @title ExposureLens
/// @notice Reads, in one call, how much of each LRT's restaked ETH each AVS operator set can slash: for every
/// EigenLayer staker through which an LRT protocol holds its ETH, the operator it delegates to, its withdrawable
/// shares, and the share of the operator's stake allocated (and slashable now) to each operator set.
/// @dev Stateless, without constructor arguments, and works undeployed (an `eth_call` with the creation code), like
/// VaultLens: the keeper's second read per cycle. Uses only EigenLayer's mainnet views (`delegatedTo`,
/// `getWithdrawableShares`, `getMaxMagnitude`, `getAllocation`), so it reads mainnet as it reads the devnet.
/// Exposure of staker s to set a: withdrawable_s x currentMagnitude(op_s, a) / maxMagnitude(op_s), rounded down;
/// a pending allocation is not slashable yet and is left out, a pending deallocation still is and counts.
/// The loops are bounded by the caller's input (this is a view for off-chain use).
contract ExposureLens {
    /// @notice The EigenLayer stakers one LRT protocol holds its ETH through, keyed by the vault's adapter.
    struct LrtStakers {
        address adapter;
        address[] stakers;
    }

    /// @notice One LRT's restaked ETH and what each operator set can slash of it.
    /// @param restaked Sum of the stakers' withdrawable shares (wei of ETH for the beacon-chain strategy).
    /// @param atRisk Per operator set (in the order asked), the part of `restaked` that set can slash.
    /// @param operators The operator each staker delegates to (zero when it delegates to none), in input order.
    struct LrtExposure {
        address adapter;
        uint256 restaked;
        uint256[] atRisk;
        address[] operators;
    }

    /// @notice Exposure of every LRT to every operator set at the current block.
    /// @param allocationManager EigenLayer's AllocationManager.
    /// @param delegationManager EigenLayer's DelegationManager.
    /// @param strategy The restaked strategy (beacon-chain ETH for native restaking).
    /// @param operatorSets The AVS operator sets to measure.
    /// @param lrts Per adapter, the protocol's stakers.
    function exposures(
        IAllocationManager allocationManager,
        IDelegationManager delegationManager,
        IEigenStrategy strategy,
        OperatorSet[] calldata operatorSets,
        LrtStakers[] calldata lrts
    ) external view returns (uint256 blockNumber, LrtExposure[] memory out) {
        blockNumber = block.number;
        out = new LrtExposure[](lrts.length);
        for (uint256 i; i < lrts.length; ++i) {
            out[i] = _exposure(allocationManager, delegationManager, strategy, operatorSets, lrts[i]);
        }
    }

    function _exposure(
        IAllocationManager allocationManager,
        IDelegationManager delegationManager,
        IEigenStrategy strategy,
        OperatorSet[] calldata operatorSets,
        LrtStakers calldata lrt
    ) internal view returns (LrtExposure memory e) {
        e.adapter = lrt.adapter;
        e.atRisk = new uint256[](operatorSets.length);
        e.operators = new address[](lrt.stakers.length);
        IEigenStrategy[] memory strategies = new IEigenStrategy[](1);
        strategies[0] = strategy;
        for (uint256 s; s < lrt.stakers.length; ++s) {
            address operator = delegationManager.delegatedTo(lrt.stakers[s]);
            e.operators[s] = operator;
            if (operator == address(0)) continue;
            (uint256[] memory withdrawable,) = delegationManager.getWithdrawableShares(lrt.stakers[s], strategies);
            e.restaked += withdrawable[0];
            _addAtRisk(allocationManager, strategy, operatorSets, operator, withdrawable[0], e.atRisk);
        }
    }

    function _addAtRisk(
        IAllocationManager allocationManager,
        IEigenStrategy strategy,
        OperatorSet[] calldata operatorSets,
        address operator,
        uint256 held,
        uint256[] memory atRisk
    ) internal view {
        uint256 maxMagnitude = allocationManager.getMaxMagnitude(operator, strategy);
        if (held == 0 || maxMagnitude == 0) return;
        for (uint256 a; a < operatorSets.length; ++a) {
            uint64 magnitude = allocationManager.getAllocation(operator, operatorSets[a], strategy).currentMagnitude;
            atRisk[a] += held * magnitude / maxMagnitude;
        }
    }
}
