// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title IEigenStrategy
/// @notice An EigenLayer strategy (a restakable asset). Native restaked ETH is the beacon-chain ETH strategy,
/// the sentinel address 0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0, whose shares are wei of ETH.
interface IEigenStrategy {}

/// @notice An AVS's operator set: the AVS address and the set's id within it (EigenLayer's `OperatorSet`).
struct OperatorSet {
    address avs;
    uint32 id;
}

/// @title IAllocationManagerTypes
/// @notice The structs of EigenLayer's AllocationManager (slashing release), field for field as on mainnet.
interface IAllocationManagerTypes {
    /// @notice Magnitude an operator has allocated from one strategy to one operator set.
    /// @param currentMagnitude Magnitude in force (slashable) now.
    /// @param pendingDiff A pending change (positive: an allocation, negative: a deallocation), zero when none.
    /// @param effectBlock The block at which `pendingDiff` takes effect.
    struct Allocation {
        uint64 currentMagnitude;
        int128 pendingDiff;
        uint32 effectBlock;
    }

    /// @notice What an AVS passes to slash an operator.
    /// @param operator The operator to slash.
    /// @param operatorSetId The AVS's operator set the operator is slashed for.
    /// @param strategies The strategies to slash, in ascending address order.
    /// @param wadsToSlash Per strategy, the share (1e18 = all) of the operator's allocation to this set to slash.
    /// @param description Why, for people reading the event.
    struct SlashingParams {
        address operator;
        uint32 operatorSetId;
        IEigenStrategy[] strategies;
        uint256[] wadsToSlash;
        string description;
    }

    /// @notice One operator set's new magnitudes, per strategy.
    struct AllocateParams {
        OperatorSet operatorSet;
        IEigenStrategy[] strategies;
        uint64[] newMagnitudes;
    }

    /// @notice An operator's registration for some of one AVS's operator sets.
    struct RegisterParams {
        address avs;
        uint32[] operatorSetIds;
        bytes data;
    }

    /// @notice An operator set an AVS creates, with the strategies it can slash.
    struct CreateSetParams {
        uint32 operatorSetId;
        IEigenStrategy[] strategies;
    }
}

/// @title IAllocationManager
/// @notice EigenLayer AllocationManager (mainnet 0x948a420b8CC1d6BFd0B6087C2E7c344a2CD0bc39, slashing release): the
/// part of its interface the simulation implements. An operator's magnitude for a strategy starts at 1e18 (all of
/// its delegated stake) and is split between operator sets; a slash by an operator set burns a share of that set's
/// allocation and lowers the operator's max magnitude, and with it every delegator's withdrawable shares.
/// Allocations take effect after the operator's allocation delay, deallocations after `DEALLOCATION_DELAY` blocks
/// (slashable until then); a new allocation delay takes effect after `ALLOCATION_CONFIGURATION_DELAY` blocks.
interface IAllocationManager is IAllocationManagerTypes {
    /// @notice Blocks a deallocation stays slashable before it takes effect (mainnet: 100,800, 14 days).
    function DEALLOCATION_DELAY() external view returns (uint32);

    /// @notice Blocks until a new allocation delay takes effect (mainnet: 126,000, 17.5 days).
    function ALLOCATION_CONFIGURATION_DELAY() external view returns (uint32);

    /// @notice Called by an AVS to slash an operator of one of its operator sets.
    function slashOperator(address avs, SlashingParams calldata params) external;

    /// @notice Called by an operator to change its magnitudes for one or more operator sets.
    function modifyAllocations(address operator, AllocateParams[] calldata params) external;

    /// @notice Registers an operator for some of an AVS's operator sets (called by the operator).
    function registerForOperatorSets(address operator, RegisterParams calldata params) external;

    /// @notice Sets an operator's allocation delay in blocks (called by the operator).
    function setAllocationDelay(address operator, uint32 delay) external;

    /// @notice Creates operator sets (called by the AVS).
    function createOperatorSets(address avs, CreateSetParams[] calldata params) external;

    /// @notice The operator sets the operator has current or pending allocations in.
    function getAllocatedSets(address operator) external view returns (OperatorSet[] memory);

    /// @notice The operator's current and pending allocation from `strategy` to `operatorSet`.
    function getAllocation(address operator, OperatorSet memory operatorSet, IEigenStrategy strategy)
        external
        view
        returns (Allocation memory);

    /// @notice The operator's max magnitude for `strategy`: 1e18 until it is slashed.
    function getMaxMagnitude(address operator, IEigenStrategy strategy) external view returns (uint64);

    /// @notice Magnitude allocated (or pending allocation, or still slashable in a deallocation) across all sets.
    function getEncumberedMagnitude(address operator, IEigenStrategy strategy) external view returns (uint64);

    /// @notice Magnitude free to allocate now.
    function getAllocatableMagnitude(address operator, IEigenStrategy strategy) external view returns (uint64);

    /// @notice The operator's allocation delay and whether it is in force.
    function getAllocationDelay(address operator) external view returns (bool isSet, uint32 delay);

    /// @notice The operators registered for an operator set.
    function getMembers(OperatorSet memory operatorSet) external view returns (address[] memory operators);

    /// @notice How many operators are registered for an operator set.
    function getMemberCount(OperatorSet memory operatorSet) external view returns (uint256);

    /// @notice Whether the operator is registered for the operator set.
    function isMemberOfOperatorSet(address operator, OperatorSet memory operatorSet) external view returns (bool);

    /// @notice Whether the operator set exists.
    function isOperatorSet(OperatorSet memory operatorSet) external view returns (bool);

    /// @notice The strategies an operator set can slash.
    function getStrategiesInOperatorSet(OperatorSet memory operatorSet)
        external
        view
        returns (IEigenStrategy[] memory strategies);
}

/// @title IDelegationManager
/// @notice EigenLayer DelegationManager (mainnet 0x39053D51B77DC0d36036Fc1fCc8Cb819df8Ef37A): who a staker
/// delegates to and what operators hold. A staker's withdrawable shares fall with its operator's max magnitude.
interface IDelegationManager {
    /// @notice The operator `staker` delegates to (zero when none).
    function delegatedTo(address staker) external view returns (address);

    /// @notice Whether `staker` delegates to an operator.
    function isDelegated(address staker) external view returns (bool);

    /// @notice Whether `operator` is a registered operator.
    function isOperator(address operator) external view returns (bool);

    /// @notice Shares delegated to `operator`, per strategy, after slashing.
    function getOperatorShares(address operator, IEigenStrategy[] memory strategies)
        external
        view
        returns (uint256[] memory);

    /// @notice Shares delegated to `operator` in one strategy, after slashing.
    function operatorShares(address operator, IEigenStrategy strategy) external view returns (uint256);

    /// @notice Per strategy, what `staker` could withdraw now (after slashing) and the shares it deposited.
    function getWithdrawableShares(address staker, IEigenStrategy[] memory strategies)
        external
        view
        returns (uint256[] memory withdrawableShares, uint256[] memory depositShares);
}
