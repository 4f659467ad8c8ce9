// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {
    IAllocationManager,
    IAllocationManagerTypes,
    IDelegationManager,
    IEigenStrategy,
    OperatorSet
} from "../interfaces/protocols/IEigenLayer.sol";

/// @title SimEigenErrorsLib
/// @notice Custom errors of the simulated EigenLayer core.
library SimEigenErrorsLib {
    /// @notice The caller may not act for `expected` (an operator or an AVS acts for itself only).
    error InvalidCaller(address caller, address expected);
    /// @notice `operator` is not a registered operator.
    error NotOperator(address operator);
    /// @notice `operator` is already registered.
    error AlreadyOperator(address operator);
    /// @notice The operator's allocation delay is not in force yet.
    error UninitializedAllocationDelay(address operator);
    /// @notice The operator set does not exist.
    error InvalidOperatorSet(address avs, uint32 id);
    /// @notice The operator set exists already.
    error OperatorSetExists(address avs, uint32 id);
    /// @notice The strategy is not slashable by the operator set.
    error StrategyNotInOperatorSet(address strategy);
    /// @notice Strategies must be given in strictly ascending order.
    error StrategiesMustBeInAscendingOrder();
    /// @notice Two parallel arrays differ in length.
    error InputArrayLengthMismatch();
    /// @notice The operator is already a member of the set.
    error AlreadyMemberOfSet(address operator);
    /// @notice The operator is not a member of the set, so the set cannot slash it.
    error NotMemberOfSet(address operator);
    /// @notice A change of this allocation is already pending.
    error ModificationAlreadyPending();
    /// @notice The new magnitude equals the current one.
    error SameMagnitude();
    /// @notice The allocation needs `needed` magnitude, only `available` is free.
    error InsufficientMagnitude(uint64 needed, uint64 available);
    /// @notice `wad` is zero or above 1e18.
    error InvalidWadToSlash(uint256 wad);
    /// @notice A bound on a list (operator sets per operator, members per set, strategies per set) was reached.
    error TooMany(uint256 max);
    /// @notice `staker` delegates to another operator already.
    error AlreadyDelegated(address staker, address operator);
    /// @notice `staker` has deposit shares in the strategy already (the sim seeds each stake once).
    error AlreadySeeded(address staker);
    /// @notice A zero amount where a positive one is needed.
    error ZeroShares();
}

/// @title SimEigenLayer
/// @notice Simulated EigenLayer core of the slashing release: AllocationManager and DelegationManager in one
/// contract (pass this address for both), with the mainnet function signatures of `IEigenLayer.sol`.
/// @dev The model, as on mainnet:
/// - An operator's magnitude per strategy starts at WAD (1e18 = all of its delegated stake). It allocates parts of
///   it to operator sets; an allocation is slashable once in force. A rise takes effect after the operator's
///   allocation delay (blocks); a fall only after `DEALLOCATION_DELAY` blocks and stays slashable until then. A
///   new allocation delay takes effect after `ALLOCATION_CONFIGURATION_DELAY` blocks. One pending change per
///   allocation. Pending changes take effect lazily: every view applies those whose block has come.
/// - `slashOperator(avs, params)`: per strategy, burns `ceil(current x wad)` of the set's allocation (and the same
///   share of a pending deallocation), lowers the operator's max magnitude by what was burnt, and scales the
///   operator's delegated shares by newMax / prevMax. A staker's withdrawable shares are
///   `deposit x depositScalingFactor x maxMagnitude` (both WAD-scaled), so every delegator of the operator loses
///   the same share at once, in the same transaction.
/// - Stakers and their deposits come from StrategyManager / EigenPodManager on mainnet, which the sim does not
///   have: the owner seeds the state mainnet already holds (`seed*`, in force at once). Everything after the
///   seeding (new allocations, delays, slashes) follows the rules above.
contract SimEigenLayer is IAllocationManager, IDelegationManager, Ownable {
    /// @inheritdoc IAllocationManager
    uint32 public constant DEALLOCATION_DELAY = 100_800;
    /// @inheritdoc IAllocationManager
    uint32 public constant ALLOCATION_CONFIGURATION_DELAY = 126_000;

    uint64 internal constant WAD64 = 1e18;
    uint256 internal constant WAD = 1e18;
    /// @notice Bounds that keep every loop small: allocated sets per operator, members per set, strategies per set.
    uint256 public constant MAX_SETS_PER_OPERATOR = 16;
    uint256 public constant MAX_MEMBERS_PER_SET = 64;
    uint256 public constant MAX_STRATEGIES_PER_SET = 4;

    struct DelayInfo {
        uint32 delay;
        bool isSet;
        uint32 pendingDelay;
        uint32 effectBlock;
    }

    mapping(address operator => bool) private _registered;
    mapping(address operator => DelayInfo) private _delays;
    mapping(bytes32 set => bool) private _setExists;
    mapping(bytes32 set => IEigenStrategy[]) private _setStrategies;
    mapping(bytes32 set => address[]) private _members;
    mapping(bytes32 set => mapping(address operator => bool)) private _isMember;
    mapping(address operator => OperatorSet[]) private _allocatedSets;
    mapping(address operator => mapping(bytes32 set => bool)) private _hasAllocatedSet;
    mapping(address operator => mapping(bytes32 set => mapping(IEigenStrategy => Allocation))) private _allocations;
    /// @dev Zero stands for WAD (never slashed): a slash to exactly zero is stored as `_ZERO_MAGNITUDE`.
    mapping(address operator => mapping(IEigenStrategy => uint64)) private _maxMagnitudes;
    uint64 private constant _ZERO_MAGNITUDE = type(uint64).max;

    mapping(address staker => address operator) private _delegatedTo;
    mapping(address staker => mapping(IEigenStrategy => uint256)) private _depositShares;
    mapping(address staker => mapping(IEigenStrategy => uint256)) private _depositScalingFactor;
    mapping(address operator => mapping(IEigenStrategy => uint256)) private _operatorShares;

    /// @notice An operator registered (`delegationApprover` is recorded in the event only).
    event OperatorRegistered(address indexed operator, address delegationApprover, string metadataURI);
    /// @notice An operator's allocation delay will be `delay` from block `effectBlock`.
    event AllocationDelaySet(address operator, uint32 delay, uint32 effectBlock);
    /// @notice An allocation will be `magnitude` from block `effectBlock`.
    event AllocationUpdated(
        address operator, OperatorSet operatorSet, IEigenStrategy strategy, uint64 magnitude, uint32 effectBlock
    );
    /// @notice An operator's max magnitude changed (a slash).
    event MaxMagnitudeUpdated(address operator, IEigenStrategy strategy, uint64 maxMagnitude);
    /// @notice An operator was slashed; `wadSlashed` is the share of its whole delegated stake burnt, per strategy.
    event OperatorSlashed(
        address operator, OperatorSet operatorSet, IEigenStrategy[] strategies, uint256[] wadSlashed, string description
    );
    /// @notice An operator set was created.
    event OperatorSetCreated(OperatorSet operatorSet);
    /// @notice An operator joined an operator set.
    event OperatorAddedToOperatorSet(address indexed operator, OperatorSet operatorSet);
    /// @notice A staker delegates to an operator.
    event StakerDelegated(address indexed staker, address indexed operator);
    /// @notice Shares delegated to an operator rose.
    event OperatorSharesIncreased(address indexed operator, address staker, IEigenStrategy strategy, uint256 shares);
    /// @notice Shares delegated to an operator fell by a slash.
    event OperatorSharesSlashed(address indexed operator, IEigenStrategy strategy, uint256 totalSlashedShares);

    /// @param owner_ Scenario admin: seeds the state mainnet already has.
    constructor(address owner_) Ownable(owner_) {}

    // ----- Operators (DelegationManager side) -----

    /// @notice Registers the caller as an operator delegated to itself; its allocation delay takes effect after
    /// `ALLOCATION_CONFIGURATION_DELAY` blocks (mainnet signature).
    function registerAsOperator(address initDelegationApprover, uint32 allocationDelay, string calldata metadataURI)
        external
    {
        _register(msg.sender, initDelegationApprover, metadataURI);
        _setDelay(msg.sender, allocationDelay);
    }

    // ----- AllocationManager -----

    /// @inheritdoc IAllocationManager
    function setAllocationDelay(address operator, uint32 delay) external {
        _checkCaller(operator);
        if (!_registered[operator]) revert SimEigenErrorsLib.NotOperator(operator);
        _setDelay(operator, delay);
    }

    /// @inheritdoc IAllocationManager
    function createOperatorSets(address avs, CreateSetParams[] calldata params) external {
        _checkCaller(avs);
        for (uint256 i; i < params.length; ++i) {
            _createSet(OperatorSet(avs, params[i].operatorSetId), params[i].strategies);
        }
    }

    /// @inheritdoc IAllocationManager
    function registerForOperatorSets(address operator, RegisterParams calldata params) external {
        _checkCaller(operator);
        if (!_registered[operator]) revert SimEigenErrorsLib.NotOperator(operator);
        for (uint256 i; i < params.operatorSetIds.length; ++i) {
            _join(operator, OperatorSet(params.avs, params.operatorSetIds[i]));
        }
    }

    /// @inheritdoc IAllocationManager
    function modifyAllocations(address operator, AllocateParams[] calldata params) external {
        _checkCaller(operator);
        (bool isSet, uint32 delay) = getAllocationDelay(operator);
        if (!isSet) revert SimEigenErrorsLib.UninitializedAllocationDelay(operator);
        for (uint256 i; i < params.length; ++i) {
            AllocateParams calldata p = params[i];
            if (p.strategies.length != p.newMagnitudes.length) revert SimEigenErrorsLib.InputArrayLengthMismatch();
            bytes32 key = _requireSet(p.operatorSet);
            for (uint256 j; j < p.strategies.length; ++j) {
                _modify(operator, p.operatorSet, key, p.strategies[j], p.newMagnitudes[j], delay);
            }
        }
    }

    /// @inheritdoc IAllocationManager
    function slashOperator(address avs, SlashingParams calldata params) external {
        _checkCaller(avs);
        OperatorSet memory set = OperatorSet(avs, params.operatorSetId);
        bytes32 key = _requireSet(set);
        if (!_isMember[key][params.operator]) revert SimEigenErrorsLib.NotMemberOfSet(params.operator);
        uint256 n = params.strategies.length;
        if (n != params.wadsToSlash.length) revert SimEigenErrorsLib.InputArrayLengthMismatch();
        uint256[] memory wadSlashed = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            if (i > 0 && address(params.strategies[i]) <= address(params.strategies[i - 1])) {
                revert SimEigenErrorsLib.StrategiesMustBeInAscendingOrder();
            }
            uint256 wad = params.wadsToSlash[i];
            if (wad == 0 || wad > WAD) revert SimEigenErrorsLib.InvalidWadToSlash(wad);
            if (!_strategyInSet(key, params.strategies[i])) {
                revert SimEigenErrorsLib.StrategyNotInOperatorSet(address(params.strategies[i]));
            }
            wadSlashed[i] = _slash(params.operator, set, key, params.strategies[i], wad);
        }
        emit OperatorSlashed(params.operator, set, params.strategies, wadSlashed, params.description);
    }

    // ----- Genesis seeding (owner): the state mainnet already holds, in force at once -----

    /// @notice Registers `operator` with `allocationDelay` already in force.
    function seedOperator(address operator, uint32 allocationDelay) external onlyOwner {
        _register(operator, address(0), "");
        _delays[operator] = DelayInfo(allocationDelay, true, 0, 0);
        emit AllocationDelaySet(operator, allocationDelay, uint32(block.number));
    }

    /// @notice Makes `operator` a member of `operatorSet` (as `registerForOperatorSets` would).
    function seedRegistration(address operator, OperatorSet calldata operatorSet) external onlyOwner {
        if (!_registered[operator]) revert SimEigenErrorsLib.NotOperator(operator);
        _join(operator, operatorSet);
    }

    /// @notice Sets `operator`'s allocation of `strategy` to `operatorSet` to `magnitude`, in force now.
    function seedAllocation(address operator, OperatorSet calldata operatorSet, IEigenStrategy strategy, uint64 magnitude)
        external
        onlyOwner
    {
        if (!_registered[operator]) revert SimEigenErrorsLib.NotOperator(operator);
        bytes32 key = _requireSet(operatorSet);
        if (!_strategyInSet(key, strategy)) revert SimEigenErrorsLib.StrategyNotInOperatorSet(address(strategy));
        Allocation memory a = _effective(_allocations[operator][key][strategy]);
        if (a.pendingDiff != 0) revert SimEigenErrorsLib.ModificationAlreadyPending();
        if (magnitude > a.currentMagnitude) {
            uint64 free = getAllocatableMagnitude(operator, strategy);
            uint64 needed = magnitude - a.currentMagnitude;
            if (needed > free) revert SimEigenErrorsLib.InsufficientMagnitude(needed, free);
        }
        _trackSet(operator, operatorSet, key);
        _allocations[operator][key][strategy] = Allocation(magnitude, 0, 0);
        emit AllocationUpdated(operator, operatorSet, strategy, magnitude, uint32(block.number));
    }

    /// @notice Gives `staker` `shares` deposit shares of `strategy`, delegated to `operator` (once per staker and
    /// strategy; a staker delegates to one operator).
    function seedStake(address staker, address operator, IEigenStrategy strategy, uint256 shares) external onlyOwner {
        if (shares == 0) revert SimEigenErrorsLib.ZeroShares();
        if (!_registered[operator]) revert SimEigenErrorsLib.NotOperator(operator);
        address current = _delegatedTo[staker];
        if (current != address(0) && current != operator) revert SimEigenErrorsLib.AlreadyDelegated(staker, current);
        if (_depositShares[staker][strategy] != 0) revert SimEigenErrorsLib.AlreadySeeded(staker);
        if (current == address(0)) {
            _delegatedTo[staker] = operator;
            emit StakerDelegated(staker, operator);
        }
        _depositShares[staker][strategy] = shares;
        // withdrawable = shares x dsf x maxMagnitude = shares at the time of the deposit
        _depositScalingFactor[staker][strategy] = Math.mulDiv(WAD, WAD, getMaxMagnitude(operator, strategy));
        _operatorShares[operator][strategy] += shares;
        emit OperatorSharesIncreased(operator, staker, strategy, shares);
    }

    // ----- AllocationManager views -----

    /// @inheritdoc IAllocationManager
    function getAllocatedSets(address operator) external view returns (OperatorSet[] memory) {
        return _allocatedSets[operator];
    }

    /// @inheritdoc IAllocationManager
    function getAllocation(address operator, OperatorSet memory operatorSet, IEigenStrategy strategy)
        external
        view
        returns (Allocation memory)
    {
        return _effective(_allocations[operator][_key(operatorSet)][strategy]);
    }

    /// @inheritdoc IAllocationManager
    function getMaxMagnitude(address operator, IEigenStrategy strategy) public view returns (uint64) {
        uint64 stored = _maxMagnitudes[operator][strategy];
        if (stored == 0) return WAD64;
        return stored == _ZERO_MAGNITUDE ? 0 : stored;
    }

    /// @inheritdoc IAllocationManager
    function getEncumberedMagnitude(address operator, IEigenStrategy strategy) public view returns (uint64 total) {
        OperatorSet[] storage sets = _allocatedSets[operator];
        for (uint256 i; i < sets.length; ++i) {
            Allocation memory a = _effective(_allocations[operator][_key(sets[i])][strategy]);
            total += a.currentMagnitude;
            if (a.pendingDiff > 0) total += uint64(uint128(a.pendingDiff));
        }
    }

    /// @inheritdoc IAllocationManager
    function getAllocatableMagnitude(address operator, IEigenStrategy strategy) public view returns (uint64) {
        uint64 max = getMaxMagnitude(operator, strategy);
        uint64 used = getEncumberedMagnitude(operator, strategy);
        return used >= max ? 0 : max - used;
    }

    /// @inheritdoc IAllocationManager
    function getAllocationDelay(address operator) public view returns (bool isSet, uint32 delay) {
        DelayInfo memory d = _delays[operator];
        if (d.effectBlock != 0 && block.number >= d.effectBlock) return (true, d.pendingDelay);
        return (d.isSet, d.delay);
    }

    /// @inheritdoc IAllocationManager
    function getMembers(OperatorSet memory operatorSet) external view returns (address[] memory operators) {
        return _members[_key(operatorSet)];
    }

    /// @inheritdoc IAllocationManager
    function getMemberCount(OperatorSet memory operatorSet) external view returns (uint256) {
        return _members[_key(operatorSet)].length;
    }

    /// @inheritdoc IAllocationManager
    function isMemberOfOperatorSet(address operator, OperatorSet memory operatorSet) external view returns (bool) {
        return _isMember[_key(operatorSet)][operator];
    }

    /// @inheritdoc IAllocationManager
    function isOperatorSet(OperatorSet memory operatorSet) external view returns (bool) {
        return _setExists[_key(operatorSet)];
    }

    /// @inheritdoc IAllocationManager
    function getStrategiesInOperatorSet(OperatorSet memory operatorSet)
        external
        view
        returns (IEigenStrategy[] memory strategies)
    {
        return _setStrategies[_key(operatorSet)];
    }

    // ----- DelegationManager views -----

    /// @inheritdoc IDelegationManager
    function delegatedTo(address staker) external view returns (address) {
        return _delegatedTo[staker];
    }

    /// @inheritdoc IDelegationManager
    function isDelegated(address staker) external view returns (bool) {
        return _delegatedTo[staker] != address(0);
    }

    /// @inheritdoc IDelegationManager
    function isOperator(address operator) external view returns (bool) {
        return _registered[operator];
    }

    /// @inheritdoc IDelegationManager
    function getOperatorShares(address operator, IEigenStrategy[] memory strategies)
        external
        view
        returns (uint256[] memory shares)
    {
        shares = new uint256[](strategies.length);
        for (uint256 i; i < strategies.length; ++i) {
            shares[i] = _operatorShares[operator][strategies[i]];
        }
    }

    /// @inheritdoc IDelegationManager
    function operatorShares(address operator, IEigenStrategy strategy) external view returns (uint256) {
        return _operatorShares[operator][strategy];
    }

    /// @inheritdoc IDelegationManager
    function getWithdrawableShares(address staker, IEigenStrategy[] memory strategies)
        external
        view
        returns (uint256[] memory withdrawableShares, uint256[] memory depositShares)
    {
        withdrawableShares = new uint256[](strategies.length);
        depositShares = new uint256[](strategies.length);
        address operator = _delegatedTo[staker];
        for (uint256 i; i < strategies.length; ++i) {
            uint256 deposit = _depositShares[staker][strategies[i]];
            depositShares[i] = deposit;
            if (deposit == 0) continue;
            uint256 scaled = Math.mulDiv(deposit, _depositScalingFactor[staker][strategies[i]], WAD);
            withdrawableShares[i] = Math.mulDiv(scaled, getMaxMagnitude(operator, strategies[i]), WAD);
        }
    }

    // ----- Internal -----

    function _checkCaller(address expected) internal view {
        if (msg.sender != expected) revert SimEigenErrorsLib.InvalidCaller(msg.sender, expected);
    }

    function _key(OperatorSet memory s) internal pure returns (bytes32) {
        return bytes32(abi.encodePacked(s.avs, uint96(s.id)));
    }

    function _requireSet(OperatorSet memory s) internal view returns (bytes32 key) {
        key = _key(s);
        if (!_setExists[key]) revert SimEigenErrorsLib.InvalidOperatorSet(s.avs, s.id);
    }

    function _strategyInSet(bytes32 key, IEigenStrategy strategy) internal view returns (bool) {
        IEigenStrategy[] storage list = _setStrategies[key];
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == strategy) return true;
        }
        return false;
    }

    function _register(address operator, address approver, string memory metadataURI) internal {
        if (_registered[operator]) revert SimEigenErrorsLib.AlreadyOperator(operator);
        address current = _delegatedTo[operator];
        if (current != address(0)) revert SimEigenErrorsLib.AlreadyDelegated(operator, current);
        _registered[operator] = true;
        _delegatedTo[operator] = operator;
        emit OperatorRegistered(operator, approver, metadataURI);
        emit StakerDelegated(operator, operator);
    }

    function _setDelay(address operator, uint32 delay) internal {
        DelayInfo memory d = _delays[operator];
        // fold a pending delay that has taken effect
        if (d.effectBlock != 0 && block.number >= d.effectBlock) {
            d.delay = d.pendingDelay;
            d.isSet = true;
        }
        d.pendingDelay = delay;
        d.effectBlock = uint32(block.number) + ALLOCATION_CONFIGURATION_DELAY + 1;
        _delays[operator] = d;
        emit AllocationDelaySet(operator, delay, d.effectBlock);
    }

    function _createSet(OperatorSet memory set, IEigenStrategy[] calldata strategies) internal {
        bytes32 key = _key(set);
        if (_setExists[key]) revert SimEigenErrorsLib.OperatorSetExists(set.avs, set.id);
        if (strategies.length > MAX_STRATEGIES_PER_SET) revert SimEigenErrorsLib.TooMany(MAX_STRATEGIES_PER_SET);
        _setExists[key] = true;
        for (uint256 i; i < strategies.length; ++i) {
            _setStrategies[key].push(strategies[i]);
        }
        emit OperatorSetCreated(set);
    }

    function _join(address operator, OperatorSet memory set) internal {
        bytes32 key = _requireSet(set);
        if (_isMember[key][operator]) revert SimEigenErrorsLib.AlreadyMemberOfSet(operator);
        if (_members[key].length >= MAX_MEMBERS_PER_SET) revert SimEigenErrorsLib.TooMany(MAX_MEMBERS_PER_SET);
        _isMember[key][operator] = true;
        _members[key].push(operator);
        emit OperatorAddedToOperatorSet(operator, set);
    }

    function _trackSet(address operator, OperatorSet memory set, bytes32 key) internal {
        if (_hasAllocatedSet[operator][key]) return;
        if (_allocatedSets[operator].length >= MAX_SETS_PER_OPERATOR) {
            revert SimEigenErrorsLib.TooMany(MAX_SETS_PER_OPERATOR);
        }
        _hasAllocatedSet[operator][key] = true;
        _allocatedSets[operator].push(set);
    }

    /// @dev The allocation with a pending change applied when its block has come.
    function _effective(Allocation memory a) internal view returns (Allocation memory) {
        if (a.pendingDiff != 0 && block.number >= a.effectBlock) {
            a.currentMagnitude = uint64(uint128(int128(uint128(a.currentMagnitude)) + a.pendingDiff));
            a.pendingDiff = 0;
            a.effectBlock = 0;
        }
        return a;
    }

    function _modify(
        address operator,
        OperatorSet calldata set,
        bytes32 key,
        IEigenStrategy strategy,
        uint64 magnitude,
        uint32 delay
    ) internal {
        if (!_strategyInSet(key, strategy)) revert SimEigenErrorsLib.StrategyNotInOperatorSet(address(strategy));
        Allocation memory a = _effective(_allocations[operator][key][strategy]);
        if (a.pendingDiff != 0) revert SimEigenErrorsLib.ModificationAlreadyPending();
        if (magnitude == a.currentMagnitude) revert SimEigenErrorsLib.SameMagnitude();
        if (magnitude > a.currentMagnitude) {
            uint64 needed = magnitude - a.currentMagnitude;
            uint64 free = getAllocatableMagnitude(operator, strategy);
            if (needed > free) revert SimEigenErrorsLib.InsufficientMagnitude(needed, free);
            a.effectBlock = uint32(block.number) + delay;
        } else {
            a.effectBlock = uint32(block.number) + DEALLOCATION_DELAY + 1;
        }
        a.pendingDiff = int128(uint128(magnitude)) - int128(uint128(a.currentMagnitude));
        _trackSet(operator, set, key);
        _allocations[operator][key][strategy] = a;
        emit AllocationUpdated(operator, set, strategy, magnitude, a.effectBlock);
    }

    /// @dev Burns `wad` of the set's allocation of `strategy`; returns the share of the operator's stake burnt.
    function _slash(address operator, OperatorSet memory set, bytes32 key, IEigenStrategy strategy, uint256 wad)
        internal
        returns (uint256 wadSlashed)
    {
        Allocation memory a = _effective(_allocations[operator][key][strategy]);
        uint64 slashed = uint64(Math.mulDiv(a.currentMagnitude, wad, WAD, Math.Rounding.Ceil));
        if (slashed == 0) return 0;
        a.currentMagnitude -= slashed;
        if (a.pendingDiff < 0) {
            uint256 pendingOut = uint256(uint128(-a.pendingDiff));
            a.pendingDiff += int128(uint128(Math.mulDiv(pendingOut, wad, WAD, Math.Rounding.Ceil)));
        }
        _allocations[operator][key][strategy] = a;
        emit AllocationUpdated(operator, set, strategy, a.currentMagnitude, uint32(block.number));

        uint64 prevMax = getMaxMagnitude(operator, strategy);
        uint64 newMax = prevMax - slashed;
        _maxMagnitudes[operator][strategy] = newMax == 0 ? _ZERO_MAGNITUDE : newMax;
        emit MaxMagnitudeUpdated(operator, strategy, newMax);
        wadSlashed = Math.mulDiv(slashed, WAD, prevMax, Math.Rounding.Ceil);

        uint256 before = _operatorShares[operator][strategy];
        uint256 remaining = Math.mulDiv(before, newMax, prevMax);
        _operatorShares[operator][strategy] = remaining;
        emit OperatorSharesSlashed(operator, strategy, before - remaining);
    }
}

/// @title SimAVS
/// @notice A simulated AVS (EigenDA, Hyperlane, ...): creates its operator sets and slashes through the
/// AllocationManager as the AVS itself, driven by its owner (the scenario).
contract SimAVS is Ownable {
    /// @notice The AllocationManager this AVS slashes through.
    IAllocationManager public immutable allocationManager;
    /// @notice Display name (EigenDA, Hyperlane, ...).
    string public name;

    /// @notice Every member of operator set `operatorSetId` was slashed by `wad` (an AVS-level event).
    event OperatorSetSlashed(uint32 indexed operatorSetId, uint256 wad, uint256 operators, string description);

    /// @param owner_ Scenario admin.
    /// @param allocationManager_ The AllocationManager.
    /// @param name_ Display name.
    constructor(address owner_, IAllocationManager allocationManager_, string memory name_) Ownable(owner_) {
        allocationManager = allocationManager_;
        name = name_;
    }

    /// @notice Creates operator sets of this AVS.
    function createOperatorSets(IAllocationManager.CreateSetParams[] calldata params) external onlyOwner {
        allocationManager.createOperatorSets(address(this), params);
    }

    /// @notice Slashes one operator (the mainnet call, made as this AVS).
    function slashOperator(IAllocationManager.SlashingParams calldata params) external onlyOwner {
        allocationManager.slashOperator(address(this), params);
    }

    /// @notice Slashes every member of `operatorSetId` by `wad` of its allocation, in every strategy of the set:
    /// one AVS-level fault that hits all of its operators at once (and every LRT delegated to them).
    function slashOperatorSet(uint32 operatorSetId, uint256 wad, string calldata description) external onlyOwner {
        OperatorSet memory set = OperatorSet(address(this), operatorSetId);
        address[] memory members = allocationManager.getMembers(set);
        IEigenStrategy[] memory strategies = _sorted(allocationManager.getStrategiesInOperatorSet(set));
        uint256[] memory wads = new uint256[](strategies.length);
        for (uint256 i; i < wads.length; ++i) {
            wads[i] = wad;
        }
        for (uint256 i; i < members.length; ++i) {
            allocationManager.slashOperator(
                address(this), IAllocationManagerTypes.SlashingParams(members[i], operatorSetId, strategies, wads, description)
            );
        }
        emit OperatorSetSlashed(operatorSetId, wad, members.length, description);
    }

    /// @dev Insertion sort of a short list (at most MAX_STRATEGIES_PER_SET) by address.
    function _sorted(IEigenStrategy[] memory list) internal pure returns (IEigenStrategy[] memory) {
        for (uint256 i = 1; i < list.length; ++i) {
            IEigenStrategy item = list[i];
            uint256 j = i;
            while (j > 0 && address(list[j - 1]) > address(item)) {
                list[j] = list[j - 1];
                --j;
            }
            list[j] = item;
        }
        return list;
    }
}
