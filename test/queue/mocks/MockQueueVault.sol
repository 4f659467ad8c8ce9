// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVaultQueueHooks} from "../../../contracts/interfaces/IVaultQueueHooks.sol";
import {MathLib} from "../../../contracts/libraries/MathLib.sol";

/// @notice An adapter for the queue's test double: holds WETH worth `live` (settable, so a loss can be visible on
/// chain before the vault recognises it), sells instantly at `impactBps` below value, and queues exits that finalise
/// after `delay`.
contract MockQueueAdapter {
    IERC20 public immutable weth;
    address public immutable vault;
    uint256 public live;
    uint256 public pendingExits;
    uint256 public finalisedAt;
    uint256 public impactBps;
    uint256 public delay = 8 days;
    address internal constant SINK = address(0xdead);

    constructor(address vault_, IERC20 weth_) {
        vault = vault_;
        weth = weth_;
    }

    function setLive(uint256 v) external {
        live = v;
    }

    function setImpact(uint256 bps) external {
        impactBps = bps;
    }

    function realAssets() external view returns (uint256) {
        return live + pendingExits;
    }

    /// @dev No protocol limit on one queued exit.
    function exitRequestLimits() external pure returns (uint256, uint256) {
        return (0, type(uint256).max);
    }

    function previewDeallocate(uint256 assets) public view returns (uint256) {
        return assets - assets * impactBps / 10_000;
    }

    /// @dev The vault sent `assets` WETH before calling.
    function allocate(uint256 assets) external {
        live += assets;
    }

    function deallocate(uint256 assets) external returns (uint256 out) {
        require(msg.sender == vault, "only vault");
        out = previewDeallocate(assets);
        live -= assets;
        weth.transfer(vault, out);
        weth.transfer(SINK, assets - out);
    }

    function requestExit(uint256 assets) external returns (uint256) {
        require(msg.sender == vault, "only vault");
        live -= assets;
        pendingExits += assets;
        finalisedAt = block.timestamp + delay;
        return 1;
    }

    function claimExits() external returns (uint256 out) {
        require(msg.sender == vault, "only vault");
        if (block.timestamp < finalisedAt || pendingExits == 0) return 0;
        out = pendingExits;
        pendingExits = 0;
        weth.transfer(vault, out);
    }
}

/// @notice Test double of the vault side of IVaultQueueHooks (/work/VAULT_QUEUE_HOOKS.md), with the vault's share
/// math (virtual offset 1e6, rounding down) and stored accounting: totalAssets = idle + recorded allocations - locked.
/// A surplus from settlement is locked (left out of totalAssets, as the vault blends it into its unlock schedule);
/// a loss is recognised only by `recognizeLosses` or `report` and goes straight through the price.
contract MockQueueVault is ERC20, IVaultQueueHooks {
    using MathLib for uint256;

    bytes32 public constant CURATOR_ROLE = keccak256("CURATOR_ROLE");
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    uint256 internal constant OFFSET = 1e6;

    IERC20 public immutable weth;
    address public redemptionQueue;
    uint16 public maxExitPenaltyBps = 200;
    /// @dev The per-move slippage bound the queue's instant unwind must meet: the mock venue's 1 % impact passes.
    uint16 public maxSlippageBps = 100;
    uint64 public timelock = 1 days;
    bool public paused;
    uint256 public idleAssets;
    uint256 public locked;
    uint256 public settledShares;
    uint256 public settledAssets;
    mapping(address => uint256) public allocation;
    mapping(bytes32 => mapping(address => bool)) public hasRole;
    address[] internal _adapters;

    error RedemptionAboveValue(uint256 assets, uint256 value);
    error InsufficientIdle(uint256 assets, uint256 idle);
    error ExitPenaltyTooHigh(uint256 loss, uint256 maxLoss);
    error OnlyQueue(address sender);

    constructor(IERC20 weth_) ERC20("Vault", "v") {
        weth = weth_;
    }

    // ----- test set-up -----
    function setRole(bytes32 role, address account, bool granted) external {
        hasRole[role][account] = granted;
    }

    function setRedemptionQueue(address queue) external {
        redemptionQueue = queue;
    }

    function setPaused(bool p) external {
        paused = p;
    }

    /// @dev The vault's timelock, reduced to what the queue relies on: a submission matures after `timelock` and is
    /// consumed once, by the queue, for a curator.
    mapping(bytes => uint256) public submittedAt;

    error NotSubmitted();
    error TimelockNotExpired(uint256 executableAt);
    error Unauthorized(address caller, bytes32 role);

    function submit(bytes calldata data) external {
        if (!hasRole[CURATOR_ROLE][msg.sender]) revert Unauthorized(msg.sender, CURATOR_ROLE);
        submittedAt[data] = block.timestamp;
    }

    function revoke(bytes calldata data) external {
        delete submittedAt[data];
    }

    function acceptQueueChange(address caller, bytes calldata data) external {
        _onlyQueue();
        if (!hasRole[CURATOR_ROLE][caller]) revert Unauthorized(caller, CURATOR_ROLE);
        uint256 at = submittedAt[data];
        if (at == 0) revert NotSubmitted();
        if (block.timestamp < at + timelock) revert TimelockNotExpired(at + timelock);
        delete submittedAt[data];
    }

    function setMaxExitPenalty(uint16 bps) external {
        maxExitPenaltyBps = bps;
    }

    function addAdapter() external returns (MockQueueAdapter a) {
        a = new MockQueueAdapter(address(this), weth);
        _adapters.push(address(a));
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        shares = convertToShares(assets);
        weth.transferFrom(msg.sender, address(this), assets);
        idleAssets += assets;
        _mint(receiver, shares);
    }

    function redeem(uint256 shares, address receiver) external returns (uint256 assets) {
        assets = convertToAssets(shares);
        require(assets <= idleAssets, "idle");
        _burn(msg.sender, shares);
        idleAssets -= assets;
        weth.transfer(receiver, assets);
    }

    function allocate(MockQueueAdapter a, uint256 assets) external {
        idleAssets -= assets;
        allocation[address(a)] += assets;
        weth.transfer(address(a), assets);
        a.allocate(assets);
    }

    /// @dev A gain reported at once (no unlock), for tests of "a gain during the wait stays with the holders".
    function gain(MockQueueAdapter a, uint256 assets) external {
        weth.transferFrom(msg.sender, address(a), assets);
        a.allocate(assets);
        allocation[address(a)] += assets;
    }

    function unlock() external {
        locked = 0;
    }

    function adapters() external view returns (address[] memory) {
        return _adapters;
    }

    // ----- ERC-4626 views the queue reads -----
    function asset() external view returns (address) {
        return address(weth);
    }

    function totalAssets() public view returns (uint256 total) {
        total = idleAssets;
        for (uint256 i; i < _adapters.length; ++i) {
            total += allocation[_adapters[i]];
        }
        total -= locked;
    }

    function convertToAssets(uint256 shares) public view returns (uint256) {
        return shares.mulDivDown(totalAssets() + 1, totalSupply() + OFFSET);
    }

    /// @dev As the vault: the owner's value, within idle beyond what the queue's escrowed shares are worth.
    function maxWithdraw(address owner) external view returns (uint256) {
        uint256 owed = redemptionQueue == address(0) ? 0 : convertToAssets(balanceOf(redemptionQueue));
        uint256 free = idleAssets > owed ? idleAssets - owed : 0;
        uint256 value = convertToAssets(balanceOf(owner));
        return value < free ? value : free;
    }

    function convertToShares(uint256 assets) public view returns (uint256) {
        return assets.mulDivDown(totalSupply() + OFFSET, totalAssets() + 1);
    }

    // ----- hooks -----
    function escrowShares(address owner, uint256 shares) external {
        _onlyQueue();
        _transfer(owner, msg.sender, shares);
    }

    function settleRedemption(uint256 shares, uint256 assets) external returns (uint256 surplus) {
        _onlyQueue();
        require(!paused, "paused");
        uint256 value = convertToAssets(shares);
        if (assets > value) revert RedemptionAboveValue(assets, value);
        if (assets > idleAssets) revert InsufficientIdle(assets, idleAssets);
        surplus = value - assets;
        _burn(msg.sender, shares);
        idleAssets -= assets;
        locked += surplus;
        settledShares += shares;
        settledAssets += assets;
        weth.transfer(msg.sender, assets);
    }

    function forceDeallocate(address adapter, uint256 assets, address payer) external returns (uint256 received) {
        require(payer == msg.sender || msg.sender == redemptionQueue, "payer");
        require(!paused, "paused");
        uint256 total = totalAssets();
        uint256 supply = totalSupply();
        received = MockQueueAdapter(adapter).deallocate(assets);
        uint256 loss = assets - received;
        uint256 maxLoss = assets * maxExitPenaltyBps / 10_000;
        if (loss > maxLoss) revert ExitPenaltyTooHigh(loss, maxLoss);
        allocation[adapter] -= assets;
        idleAssets += received;
        if (loss != 0) _burn(payer, loss.mulDivUp(supply + OFFSET, total + 1));
    }

    function recognizeLosses() public returns (uint256 loss) {
        for (uint256 i; i < _adapters.length; ++i) {
            address a = _adapters[i];
            uint256 liveValue = MockQueueAdapter(a).realAssets();
            if (liveValue < allocation[a]) {
                loss += allocation[a] - liveValue;
                allocation[a] = liveValue;
            }
        }
    }

    function requestExit(address adapter, uint256 assets) external returns (uint256) {
        _onlyQueue();
        return MockQueueAdapter(adapter).requestExit(assets);
    }

    function claimExits(address adapter) external returns (uint256 out) {
        _onlyQueue();
        out = MockQueueAdapter(adapter).claimExits();
        allocation[adapter] -= out;
        idleAssets += out;
    }

    function _onlyQueue() internal view {
        if (msg.sender != redemptionQueue) revert OnlyQueue(msg.sender);
    }
}
