// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title SimBabylon
/// @notice A stand-in for Babylon's BTC staking as the Ethereum side sees it: finality providers (FPs), the
/// Babylon-secured networks (BSNs) each FP secures, the BTC each liquid staking token (LST) delegates to each FP,
/// the 7-day unbonding (1,008 Bitcoin blocks), and slashing.
/// @dev Babylon has no contract on Ethereum; the LST sims read `retained(lst)` and multiply it into their rate.
/// Spec (the scenario admin plays the LSTs' custodians, so every write is the owner's):
/// - `stakeOf(lst, fp)` is BTC (8 decimals) the LST has with `fp`, active or unbonding: both are slashable.
/// - `slash(fp, bsn, bps)`: `fp` double-signed on `bsn`, one it secures. In the same call every LST delegating to
///   `fp` loses `bps` of its stake there: `loss = floor(stake x bps / 10_000)`, and its `retained` multiplier drops
///   by the share of its whole Babylon stake that was lost: retained' = floor(retained x (total - loss) / total).
///   The LST sims read `retained` in their rate views, so every such LST's rate drops in the same block. The FP is
///   tombstoned: it takes no new delegation. Unbonding requests lose the same share (paid x multiplier now /
///   multiplier at request).
/// - Restaking: one FP secures several BSNs, so a fault on any of them costs every LST staked with that FP.
/// - Unbonding: `requestUnbond` starts it; `completeUnbond` only after `UNBONDING_TIME`; the stake leaves then.
/// - Loops are bounded: at most MAX_BSNS_PER_FP BSNs per FP and MAX_DELEGATORS_PER_FP LSTs per FP.
contract SimBabylon is Ownable {
    /// @notice One unbonding request.
    /// @param lst The LST whose stake unbonds.
    /// @param fp The finality provider it leaves.
    /// @param amount BTC at request.
    /// @param multiplierAtRequest The FP's slash multiplier then (WAD).
    /// @param completableAt When it may complete.
    struct Unbonding {
        address lst;
        uint64 fp;
        uint128 amount;
        uint256 multiplierAtRequest;
        uint64 completableAt;
    }

    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;

    /// @notice Babylon's unbonding time: 1,008 Bitcoin blocks of about 10 minutes.
    uint256 public constant UNBONDING_TIME = 1008 * 10 minutes;
    /// @notice Largest number of BSNs one FP secures here.
    uint256 public constant MAX_BSNS_PER_FP = 8;
    /// @notice Largest number of LSTs delegating to one FP here.
    uint256 public constant MAX_DELEGATORS_PER_FP = 8;

    /// @notice Number of FPs registered (ids 1..fpCount).
    uint64 public fpCount;
    /// @notice Number of BSNs registered (ids 1..bsnCount).
    uint64 public bsnCount;
    /// @notice Next unbonding id.
    uint256 public nextUnbondingId = 1;

    /// @notice BSN name by id.
    mapping(uint64 bsn => string) public bsnName;
    /// @notice Whether an FP was slashed (tombstoned).
    mapping(uint64 fp => bool) public tombstoned;
    /// @notice The share of an FP's stake left after its slashes (WAD).
    mapping(uint64 fp => uint256) public fpMultiplier;
    /// @notice BTC an LST has with an FP, active or unbonding.
    mapping(address lst => mapping(uint64 fp => uint256)) public stakeOf;
    /// @notice BTC an LST has in Babylon over every FP.
    mapping(address lst => uint256) public totalStakeOf;
    /// @notice Unbonding requests by id.
    mapping(uint256 id => Unbonding) public unbondings;
    mapping(address lst => uint256) internal _lossMultiplier;
    mapping(uint64 fp => uint64[]) internal _bsnsOf;
    mapping(uint64 fp => address[]) internal _delegatorsOf;
    /// @notice Whether an FP secures a BSN.
    mapping(uint64 fp => mapping(uint64 bsn => bool)) public secures;
    mapping(address lst => mapping(uint64 fp => uint256)) internal _pendingUnbond;

    /// @notice FP `fp` registered.
    event FinalityProviderRegistered(uint64 indexed fp);
    /// @notice BSN `bsn` registered.
    event BsnRegistered(uint64 indexed bsn, string name);
    /// @notice `fp` now secures `bsn` too.
    event FinalityProviderOptedIn(uint64 indexed fp, uint64 indexed bsn);
    /// @notice `lst` delegated `amount` BTC to `fp`.
    event Delegated(address indexed lst, uint64 indexed fp, uint256 amount);
    /// @notice `lst` started unbonding `amount` from `fp` (request `id`).
    event UnbondingRequested(uint256 indexed id, address indexed lst, uint64 indexed fp, uint256 amount, uint256 completableAt);
    /// @notice Unbonding `id` completed, `paid` BTC left Babylon.
    event UnbondingCompleted(uint256 indexed id, uint256 paid);
    /// @notice `fp` was slashed `bps` for a fault on `bsn`.
    event FinalityProviderSlashed(uint64 indexed fp, uint64 indexed bsn, uint256 bps);
    /// @notice `lst` lost `loss` BTC in the slash of `fp`; its retained multiplier is now `retained`.
    event DelegatorSlashed(address indexed lst, uint64 indexed fp, uint256 loss, uint256 retained);

    /// @notice The FP id is not registered.
    error UnknownFinalityProvider(uint64 fp);
    /// @notice The BSN id is not registered.
    error UnknownBsn(uint64 bsn);
    /// @notice The FP does not secure that BSN.
    error NotSecuring(uint64 fp, uint64 bsn);
    /// @notice The FP was slashed and takes no new delegation.
    error FinalityProviderTombstoned(uint64 fp);
    /// @notice More than `max` items in a bounded list.
    error TooMany(uint256 max);
    /// @notice Zero amount, address or bps.
    error ZeroValue();
    /// @notice `bps` is not below 10_000.
    error SlashTooLarge(uint256 bps);
    /// @notice Unbonding `amount` exceeds the stake `stake`.
    error ExceedsStake(uint256 amount, uint256 stake);
    /// @notice Unbonding `id` is unknown or done.
    error UnknownUnbonding(uint256 id);
    /// @notice Unbonding `id` completes only at `completableAt`.
    error StillUnbonding(uint256 id, uint256 completableAt);

    /// @param owner_ The scenario admin.
    constructor(address owner_) Ownable(owner_) {}

    /// @notice Registers a finality provider.
    /// @return fp Its id.
    function registerFinalityProvider() external onlyOwner returns (uint64 fp) {
        fp = ++fpCount;
        fpMultiplier[fp] = WAD;
        emit FinalityProviderRegistered(fp);
    }

    /// @notice Registers a Babylon-secured network.
    /// @param name Its name.
    /// @return bsn Its id.
    function registerBsn(string calldata name) external onlyOwner returns (uint64 bsn) {
        bsn = ++bsnCount;
        bsnName[bsn] = name;
        emit BsnRegistered(bsn, name);
    }

    /// @notice Makes `fp` secure `bsn` too (the same BTC secures several networks).
    /// @param fp The finality provider.
    /// @param bsn The network.
    function optIn(uint64 fp, uint64 bsn) external onlyOwner {
        _checkFp(fp);
        if (bsn == 0 || bsn > bsnCount) revert UnknownBsn(bsn);
        if (secures[fp][bsn]) return;
        if (_bsnsOf[fp].length >= MAX_BSNS_PER_FP) revert TooMany(MAX_BSNS_PER_FP);
        secures[fp][bsn] = true;
        _bsnsOf[fp].push(bsn);
        emit FinalityProviderOptedIn(fp, bsn);
    }

    /// @notice Records `amount` BTC of `lst` staked with `fp`.
    /// @param lst The LST (its sim reads `retained`).
    /// @param fp A finality provider that was never slashed.
    /// @param amount BTC, 8 decimals.
    function delegate(address lst, uint64 fp, uint256 amount) external onlyOwner {
        _checkFp(fp);
        if (lst == address(0) || amount == 0) revert ZeroValue();
        if (tombstoned[fp]) revert FinalityProviderTombstoned(fp);
        if (!_isDelegator(lst, fp)) {
            if (_delegatorsOf[fp].length >= MAX_DELEGATORS_PER_FP) revert TooMany(MAX_DELEGATORS_PER_FP);
            _delegatorsOf[fp].push(lst);
        }
        if (_lossMultiplier[lst] == 0) _lossMultiplier[lst] = WAD;
        stakeOf[lst][fp] += amount;
        totalStakeOf[lst] += amount;
        emit Delegated(lst, fp, amount);
    }

    /// @notice Starts unbonding `amount` of `lst`'s stake with `fp`; it stays slashable until it completes.
    /// @return id The unbonding's id.
    function requestUnbond(address lst, uint64 fp, uint256 amount) external onlyOwner returns (uint256 id) {
        _checkFp(fp);
        if (amount == 0) revert ZeroValue();
        uint256 unbondingThere = _unbondingOf(lst, fp);
        uint256 free = stakeOf[lst][fp] - Math.min(stakeOf[lst][fp], unbondingThere);
        if (amount > free) revert ExceedsStake(amount, free);
        id = nextUnbondingId++;
        uint256 at = block.timestamp + UNBONDING_TIME;
        // amount <= stake, which came in as uint256 sums of owner inputs far below 2^128 in any scenario
        // forge-lint: disable-next-line(unsafe-typecast)
        unbondings[id] = Unbonding(lst, fp, uint128(amount), fpMultiplier[fp], uint64(at));
        _pendingUnbond[lst][fp] += amount;
        emit UnbondingRequested(id, lst, fp, amount, at);
    }

    /// @notice Completes unbonding `id` after UNBONDING_TIME; the BTC (less any slash since) leaves Babylon.
    /// @return paid BTC that left.
    function completeUnbond(uint256 id) external onlyOwner returns (uint256 paid) {
        Unbonding memory u = unbondings[id];
        if (u.lst == address(0)) revert UnknownUnbonding(id);
        if (block.timestamp < u.completableAt) revert StillUnbonding(id, u.completableAt);
        delete unbondings[id];
        paid = Math.mulDiv(u.amount, fpMultiplier[u.fp], u.multiplierAtRequest);
        _pendingUnbond[u.lst][u.fp] -= u.amount;
        uint256 stake = stakeOf[u.lst][u.fp];
        if (paid > stake) paid = stake;
        stakeOf[u.lst][u.fp] = stake - paid;
        totalStakeOf[u.lst] -= paid;
        emit UnbondingCompleted(id, paid);
    }

    /// @notice `fp` double-signed on `bsn`: every LST staked with `fp` loses `bps` of that stake, in this call.
    /// @param fp The faulty finality provider.
    /// @param bsn The network where it faulted (one it secures).
    /// @param bps Share slashed (Babylon phase 2: 10 = 0.1 %).
    function slash(uint64 fp, uint64 bsn, uint256 bps) external onlyOwner {
        _checkFp(fp);
        if (!secures[fp][bsn]) revert NotSecuring(fp, bsn);
        if (bps == 0) revert ZeroValue();
        if (bps >= BPS) revert SlashTooLarge(bps);
        tombstoned[fp] = true;
        fpMultiplier[fp] = Math.mulDiv(fpMultiplier[fp], BPS - bps, BPS);
        address[] memory ds = _delegatorsOf[fp];
        for (uint256 i; i < ds.length; ++i) {
            address lst = ds[i];
            uint256 stake = stakeOf[lst][fp];
            if (stake == 0) continue;
            uint256 loss = Math.mulDiv(stake, bps, BPS);
            uint256 total = totalStakeOf[lst];
            _lossMultiplier[lst] = Math.mulDiv(_lossMultiplier[lst], total - loss, total);
            stakeOf[lst][fp] = stake - loss;
            totalStakeOf[lst] = total - loss;
            emit DelegatorSlashed(lst, fp, loss, _lossMultiplier[lst]);
        }
        emit FinalityProviderSlashed(fp, bsn, bps);
    }

    // ----- Views -----

    /// @notice Share of `lst`'s Babylon stake left after every slash (WAD; 1e18 for an LST never slashed).
    function retained(address lst) external view returns (uint256) {
        uint256 m = _lossMultiplier[lst];
        return m == 0 ? WAD : m;
    }

    /// @notice The BSNs `fp` secures.
    function bsnsOf(uint64 fp) external view returns (uint64[] memory) {
        return _bsnsOf[fp];
    }

    /// @notice The LSTs delegating to `fp`.
    function delegatorsOf(uint64 fp) external view returns (address[] memory) {
        return _delegatorsOf[fp];
    }

    /// @notice BTC of `lst` unbonding from `fp` (requested, not completed).
    function unbondingOf(address lst, uint64 fp) external view returns (uint256) {
        return _unbondingOf(lst, fp);
    }

    // ----- Internal -----

    /// @dev Amounts at request (before any later slash), so the stake still free to unbond is counted low, never
    /// high.
    function _unbondingOf(address lst, uint64 fp) internal view returns (uint256) {
        return _pendingUnbond[lst][fp];
    }

    function _isDelegator(address lst, uint64 fp) internal view returns (bool) {
        address[] storage ds = _delegatorsOf[fp];
        for (uint256 i; i < ds.length; ++i) {
            if (ds[i] == lst) return true;
        }
        return false;
    }

    function _checkFp(uint64 fp) internal view {
        if (fp == 0 || fp > fpCount) revert UnknownFinalityProvider(fp);
    }
}
