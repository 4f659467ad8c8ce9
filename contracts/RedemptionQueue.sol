// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {IAdapter} from "./interfaces/IAdapter.sol";
import {IERC7540Operator, IERC7540Redeem} from "./interfaces/protocols/IERC7540.sol";
import {ILRTVault} from "./interfaces/ILRTVault.sol";
import {IRedemptionQueue} from "./interfaces/IRedemptionQueue.sol";
import {IVaultAccess, IVaultQueueHooks} from "./interfaces/IVaultQueueHooks.sol";
import {IWETH9} from "./interfaces/protocols/IWETH9.sol";
import {MathLib} from "./libraries/MathLib.sol";
import {QueueErrorsLib} from "./libraries/QueueErrorsLib.sol";
import {QueueEventsLib} from "./libraries/QueueEventsLib.sol";

/// @title RedemptionQueue
/// @notice Exits beyond the LRT vault's idle buffer: redemption requests (ERC-7540 names), a paid instant exit and a
/// liveness rule that lets anyone unwind for overdue requests.
/// @dev Spec, in the order the code follows:
/// - A request moves the owner's shares into this contract (`escrowShares`): they leave circulation for the owner,
///   stop being transferable and are valued once, at request (`owed`, rounded down). Requests below
///   `minRequestAssets` revert, so spam costs real escrow and every loop below is bounded by a caller-given batch.
/// - Pending requests form a doubly-linked FIFO list (ids grow by one; a cancel unlinks in O(1)), so the head is
///   always the oldest pending request, fulfilment never walks over cancelled ones and `isOverdue` is one read.
///   Running totals (pending count, shares, owed, WETH set aside) make every view O(1).
/// - `fulfil(n)` is permissionless: it first lets the vault recognise losses visible on chain (`recognizeLosses`), then
///   walks at most min(n, MAX_BATCH) requests from the head, each paying min(owed, value of its shares now) in O(1),
///   and stops at the first request idle WETH cannot cover (strictly FIFO, never skipping). One `settleRedemption`
///   burns the batch's shares and moves its WETH here; the value above the payouts (growth during the wait) stays
///   with the holders who stayed, locked like profit, so the price does not jump. Payouts are stored per request, so
///   a claim is O(1) with no checkpoint search (Lido needs checkpoints because it finalises a batch at one rate).
/// - Claims pay the stored payout to any receiver, in WETH or native ETH, by the controller or its operator. A
///   receiver that rejects ETH reverts its own claim only; it can still claim WETH.
/// - `instantRedeem` escrows the caller's shares, sells their value through the listed adapters with
///   `forceDeallocate(payer = this queue)`: the vault burns shares of this contract worth the sale's loss, which are
///   the shares just escrowed (checked), and the remaining shares settle at min(WETH received, their value).
/// - Liveness: once the head is older than `maxWait`, anyone may request queued protocol exits for what pending
///   requests are owed beyond idle and pending exits, claim finalised exits, or sell instantly for the head requests;
///   that sale's penalty burns queue shares, attributed FIFO to the head requests (shares and owed both fall), so
///   only the requests served pay it. Without the keeper a head request is therefore paid within
///   maxWait + the slowest protocol queue's delay at min(value at request, value then), or at once after maxWait at a
///   cost of at most the vault's maxExitPenaltyBps of what is sold for it.
/// - Settings are the vault's curator's: a lower maximum wait (never below MIN_MAX_WAIT, the deployment's slowest
///   protocol queue delay) applies at once; a raise goes through the vault's one timelock mechanism (submitted at the
///   vault as this setter's canonical calldata, the longer timelock, expiry, guardian revoke), N-7.
/// - Neither the vault nor this queue can use shares or WETH sent to them: every receiver and controller argument
///   refuses both (U-1).
contract RedemptionQueue is IRedemptionQueue, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SafeCast for uint256;

    /// @notice Most requests one fulfilment (or penalty attribution) walks.
    uint256 public constant MAX_BATCH = 50;
    /// @notice Most requests one `pendingRequests` page returns.
    uint256 public constant MAX_PAGE = 100;
    /// @notice Upper bound of the maximum wait.
    uint256 public constant MAX_MAX_WAIT = 60 days;
    /// @notice Upper bound of the minimum request size.
    uint256 public constant MAX_MIN_REQUEST = 1 ether;
    /// @dev Bound on the adapters one instant exit lists (the vault's own MAX_ADAPTERS).
    uint256 internal constant MAX_ADAPTERS = 16;
    uint256 internal constant BPS = 10_000;

    /// @notice Lower bound of the maximum wait: the slowest protocol queue's delay in this deployment.
    uint256 public immutable MIN_MAX_WAIT;

    ILRTVault internal immutable VAULT;
    IWETH9 internal immutable WETH;

    /// @dev What every path reads, in one slot. Amounts fit the vault's bounds (shares below 2^128, assets below 2^96).
    struct Totals {
        uint32 nextId;
        uint32 head;
        uint32 tail;
        uint32 pendingCount;
        uint128 pendingShares;
    }

    Totals internal _totals;
    /// @dev Sum of `owed` over pending requests.
    uint128 internal _owedAssets;
    /// @dev WETH held for claimable requests (stored, not read from the balance: donations move nothing).
    uint128 internal _setAside;

    mapping(uint256 requestId => Request) internal _requests;
    mapping(address controller => mapping(address operator => bool)) internal _operators;

    /// @inheritdoc IRedemptionQueue
    uint256 public maxWait;
    /// @notice The minimum request size, in assets.
    uint256 public minRequestAssets;

    /// @param vault_ The LRT vault (its asset must be WETH).
    /// @param minMaxWait The slowest protocol queue's delay in this deployment: the floor of the maximum wait.
    /// @param maxWait_ The initial maximum wait, in [minMaxWait, MAX_MAX_WAIT].
    /// @param minRequest The initial minimum request size, at most MAX_MIN_REQUEST.
    constructor(address vault_, uint256 minMaxWait, uint256 maxWait_, uint256 minRequest) {
        if (vault_ == address(0)) revert QueueErrorsLib.ZeroAddress();
        if (minMaxWait == 0 || minMaxWait > MAX_MAX_WAIT) {
            revert QueueErrorsLib.InvalidMaxWait(minMaxWait, 1, MAX_MAX_WAIT);
        }
        MIN_MAX_WAIT = minMaxWait;
        VAULT = ILRTVault(vault_);
        WETH = IWETH9(VAULT.asset());
        _checkMaxWait(maxWait_);
        if (minRequest > MAX_MIN_REQUEST) revert QueueErrorsLib.MinRequestTooHigh(minRequest, MAX_MIN_REQUEST);
        maxWait = maxWait_;
        minRequestAssets = minRequest;
        _totals.nextId = 1;
        emit QueueEventsLib.MaxWaitSet(maxWait_);
        emit QueueEventsLib.MinRequestAssetsSet(minRequest);
    }

    /// @notice Accepts native ETH only from WETH (unwrapping for `claimETH`).
    receive() external payable {
        if (msg.sender != address(WETH)) revert QueueErrorsLib.OnlyWeth(msg.sender);
    }

    // =============================================================================================
    // Requests
    // =============================================================================================

    /// @inheritdoc IRedemptionQueue
    function requestRedeem(uint256 shares, address controller, address owner)
        external
        nonReentrant
        returns (uint256 requestId)
    {
        _checkReceiver(controller);
        if (shares == 0) revert QueueErrorsLib.ZeroShares();
        _checkOwnerOrOperator(owner);
        if (VAULT.paused()) revert QueueErrorsLib.VaultPaused();
        uint256 owed = VAULT.convertToAssets(shares);
        if (owed < minRequestAssets) revert QueueErrorsLib.RequestBelowMinimum(owed, minRequestAssets);

        Totals memory t = _totals;
        requestId = t.nextId;
        _requests[requestId] = Request({
            controller: controller,
            requestedAt: uint40(block.timestamp),
            status: Status.Pending,
            prev: t.tail,
            shares: shares.toUint128(),
            owed: owed.toUint96(),
            next: 0
        });
        if (t.tail == 0) t.head = uint32(requestId);
        else _requests[t.tail].next = uint32(requestId);
        t.tail = uint32(requestId);
        t.nextId = (requestId + 1).toUint32();
        ++t.pendingCount;
        t.pendingShares = (uint256(t.pendingShares) + shares).toUint128();
        _totals = t;
        _owedAssets += uint128(owed);

        emit QueueEventsLib.RedeemRequest(controller, owner, requestId, msg.sender, shares);
        emit QueueEventsLib.RequestValued(requestId, owed, block.timestamp + maxWait);
        IVaultQueueHooks(address(VAULT)).escrowShares(owner, shares);
    }

    /// @inheritdoc IRedemptionQueue
    function cancelRedeemRequest(uint256 requestId, address controller) external nonReentrant returns (uint256 shares) {
        Request storage r = _requests[requestId];
        if (r.status != Status.Pending) revert QueueErrorsLib.NotPending(requestId);
        if (r.controller != controller) revert QueueErrorsLib.NotController(requestId, controller);
        _checkOwnerOrOperator(controller);
        shares = r.shares;
        uint256 owed = r.owed;
        r.status = Status.Cancelled;

        Totals memory t = _totals;
        _unlink(t, r);
        --t.pendingCount;
        t.pendingShares -= uint128(shares);
        _totals = t;
        _owedAssets -= uint128(owed);

        emit QueueEventsLib.CancelRedeemRequest(controller, requestId, msg.sender);
        emit QueueEventsLib.CancelRedeemClaim(controller, controller, requestId, msg.sender, shares);
        SafeERC20.safeTransfer(VAULT, controller, shares);
    }

    /// @inheritdoc IRedemptionQueue
    function share() external view returns (address) {
        return address(VAULT);
    }

    /// @inheritdoc IRedemptionQueue
    function asset() external view returns (address) {
        return address(WETH);
    }

    /// @inheritdoc IERC165
    /// @dev ERC-165, ERC-7540's operator and asynchronous-redeem ids. Not ERC-7887's cancel id (0xe76cffc7): a cancel
    /// here is synchronous (no separate claim step), so its pending/claimable cancel views do not exist.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IERC7540Operator).interfaceId
            || interfaceId == type(IERC7540Redeem).interfaceId;
    }

    /// @inheritdoc IRedemptionQueue
    function setOperator(address operator, bool approved) external returns (bool) {
        _operators[msg.sender][operator] = approved;
        emit QueueEventsLib.OperatorSet(msg.sender, operator, approved);
        return true;
    }

    // =============================================================================================
    // Fulfilment and claims
    // =============================================================================================

    /// @inheritdoc IRedemptionQueue
    function fulfil(uint256 maxRequests) external nonReentrant returns (uint256 count, uint256 assets) {
        if (maxRequests == 0) revert QueueErrorsLib.ZeroBatch();
        IVaultQueueHooks(address(VAULT)).recognizeLosses();
        return _fulfil(maxRequests);
    }

    /// @inheritdoc IRedemptionQueue
    function claim(uint256 requestId, address receiver) external nonReentrant returns (uint256 assets) {
        _checkReceiver(receiver);
        assets = _claim(requestId, receiver, false);
        SafeERC20.safeTransfer(WETH, receiver, assets);
    }

    /// @inheritdoc IRedemptionQueue
    function claimETH(uint256 requestId, address payable receiver) external nonReentrant returns (uint256 assets) {
        _checkReceiver(receiver);
        assets = _claim(requestId, receiver, true);
        _payETH(receiver, assets);
    }

    function _payETH(address payable receiver, uint256 assets) internal {
        WETH.withdraw(assets);
        (bool ok,) = receiver.call{value: assets}("");
        if (!ok) revert QueueErrorsLib.EthTransferFailed(receiver);
    }

    /// @dev Walks from the head while idle covers the next payout. The price is the same for the whole batch: the
    /// vault settles once at the end, and per-request floors sum to at most the floor of the batch's value.
    function _fulfil(uint256 maxRequests) internal returns (uint256 count, uint256 assets) {
        Totals memory t = _totals;
        uint256 n = MathLib.min(maxRequests, MAX_BATCH);
        uint256 idle = VAULT.idleAssets();
        uint256 shares;
        uint256 owedOut;
        uint256 id = t.head;
        while (id != 0 && count < n) {
            Request storage r = _requests[id];
            uint256 s = r.shares;
            uint256 owed = r.owed;
            uint256 pay = MathLib.min(owed, VAULT.convertToAssets(s));
            if (assets + pay > idle) break;
            r.status = Status.Claimable;
            r.owed = uint96(pay);
            emit QueueEventsLib.RedeemFulfilled(id, r.controller, s, pay);
            shares += s;
            owedOut += owed;
            assets += pay;
            ++count;
            id = r.next;
            r.next = 0;
            r.prev = 0;
        }
        if (count == 0) return (0, 0);
        t.head = uint32(id);
        if (id == 0) t.tail = 0;
        else _requests[id].prev = 0;
        t.pendingCount -= uint32(count);
        t.pendingShares -= uint128(shares);
        _totals = t;
        _owedAssets -= uint128(owedOut);
        _setAside += uint128(assets);
        // Requests whose shares all went to an unwinding penalty pay nothing and burn nothing.
        uint256 surplus = shares == 0 ? 0 : IVaultQueueHooks(address(VAULT)).settleRedemption(shares, assets);
        emit QueueEventsLib.BatchFulfilled(msg.sender, count, shares, assets, surplus);
    }

    function _claim(uint256 requestId, address receiver, bool eth) internal returns (uint256 assets) {
        Request storage r = _requests[requestId];
        if (r.status != Status.Claimable) revert QueueErrorsLib.NotClaimable(requestId);
        address controller = r.controller;
        _checkOwnerOrOperator(controller);
        assets = r.owed;
        r.status = Status.Claimed;
        _setAside -= uint128(assets);
        emit QueueEventsLib.RedeemClaimed(requestId, controller, receiver, assets, eth);
    }

    // =============================================================================================
    // Paid instant exit
    // =============================================================================================

    /// @inheritdoc IRedemptionQueue
    function instantRedeem(
        uint256 shares,
        address receiver,
        address owner,
        uint256 minAssets,
        address[] calldata adapters
    ) external nonReentrant returns (uint256 assets) {
        assets = _instantRedeem(shares, receiver, owner, minAssets, adapters);
        SafeERC20.safeTransfer(WETH, receiver, assets);
    }

    /// @inheritdoc IRedemptionQueue
    function instantRedeemETH(
        uint256 shares,
        address payable receiver,
        address owner,
        uint256 minAssets,
        address[] calldata adapters
    ) external nonReentrant returns (uint256 assets) {
        assets = _instantRedeem(shares, receiver, owner, minAssets, adapters);
        _payETH(receiver, assets);
    }

    function _instantRedeem(
        uint256 shares,
        address receiver,
        address owner,
        uint256 minAssets,
        address[] calldata adapters
    ) internal returns (uint256 assets) {
        _checkReceiver(receiver);
        if (shares == 0) revert QueueErrorsLib.ZeroShares();
        if (adapters.length > MAX_ADAPTERS) revert QueueErrorsLib.TooManyAdapters(adapters.length);
        _checkOwnerOrOperator(owner);
        if (VAULT.paused()) revert QueueErrorsLib.VaultPaused();
        uint256 left;
        (left, assets) = _escrowAndSell(shares, owner, adapters);
        if (assets < minAssets) revert QueueErrorsLib.AssetsBelowMin(assets, minAssets);
        IVaultQueueHooks(address(VAULT)).settleRedemption(left, assets);
        emit QueueEventsLib.InstantRedeem(msg.sender, owner, receiver, shares, assets, shares - left);
    }

    /// @dev Recognises losses, escrows `shares` of `owner` and sells their value; `left` is what the sale's penalty
    /// did not burn (the penalty must come out of these shares alone) and `assets` = min(WETH received, its value).
    function _escrowAndSell(uint256 shares, address owner, address[] calldata adapters)
        internal
        returns (uint256 left, uint256 assets)
    {
        IVaultQueueHooks hooks = IVaultQueueHooks(address(VAULT));
        hooks.recognizeLosses();
        uint256 value = VAULT.convertToAssets(shares);
        // The free buffer pays first, at no cost (U-3): idle beyond what pending requests are owed, as a buffer exit.
        uint256 free = MathLib.min(VAULT.maxWithdraw(owner), value);
        hooks.escrowShares(owner, shares);
        uint256 balanceBefore = VAULT.balanceOf(address(this));
        uint256 received = free + _sell(value - free, adapters);
        uint256 penaltyShares = balanceBefore - VAULT.balanceOf(address(this));
        if (penaltyShares > shares) revert QueueErrorsLib.PenaltyAboveServed(penaltyShares, shares);
        left = shares - penaltyShares;
        assets = MathLib.min(received, VAULT.convertToAssets(left));
    }

    /// @dev Sells `value` through `adapters` in order, each up to what it can sell, paid by this queue's shares.
    function _sell(uint256 value, address[] calldata adapters) internal returns (uint256 received) {
        uint256 remaining = value;
        for (uint256 i; i < adapters.length && remaining != 0; ++i) {
            uint256 amount = MathLib.min(remaining, _sellable(adapters[i]));
            if (amount == 0) continue;
            received += IVaultQueueHooks(address(VAULT)).forceDeallocate(adapters[i], amount, address(this));
            remaining -= amount;
        }
        if (remaining != 0) revert QueueErrorsLib.InstantExitShort(remaining);
    }

    /// @inheritdoc IRedemptionQueue
    /// @dev The buffer's free part first, as the exit does (for `msg.sender`'s own shares; an operator's preview
    /// may differ by what the owner could take from the buffer). Reverts with UnknownAdapter for an address that is not
    /// one of the vault's adapters and InstantExitShort when the route cannot sell the rest (U-2).
    function previewInstantRedeem(uint256 shares, address[] calldata adapters) external view returns (uint256 assets) {
        if (adapters.length > MAX_ADAPTERS) revert QueueErrorsLib.TooManyAdapters(adapters.length);
        uint256 value = VAULT.convertToAssets(shares);
        assets = MathLib.min(VAULT.maxWithdraw(msg.sender), value);
        uint256 remaining = value - assets;
        for (uint256 i; i < adapters.length && remaining != 0; ++i) {
            if (VAULT.allocation(adapters[i]) == 0 && !_isAdapter(adapters[i])) {
                revert QueueErrorsLib.UnknownAdapter(adapters[i]);
            }
            uint256 amount = MathLib.min(remaining, _sellable(adapters[i]));
            if (amount == 0) continue;
            assets += IAdapter(adapters[i]).previewDeallocate(amount);
            remaining -= amount;
        }
        if (remaining != 0) revert QueueErrorsLib.InstantExitShort(remaining);
        return MathLib.min(assets, value);
    }

    /// @dev Whether `adapter` is one of the vault's adapters (bounded by the vault's MAX_ADAPTERS).
    function _isAdapter(address adapter) internal view returns (bool) {
        address[] memory list = VAULT.adapters();
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == adapter) return true;
        }
        return false;
    }

    /// @dev Value an instant exit may sell from `adapter`: its recorded allocation less what already sits in its queue
    /// (zero, with no call, for an address the vault holds nothing at).
    function _sellable(address adapter) internal view returns (uint256) {
        uint256 recorded = VAULT.allocation(adapter);
        return recorded == 0 ? 0 : recorded.zeroFloorSub(IAdapter(adapter).pendingExits());
    }

    // =============================================================================================
    // Liveness
    // =============================================================================================

    /// @inheritdoc IRedemptionQueue
    function unwindRequestExit(address adapter, uint256 assets) external nonReentrant returns (uint256 exitId) {
        _checkOverdue();
        uint256 shortfall = _queuedShortfall();
        if (assets > shortfall) revert QueueErrorsLib.UnwindAboveShortfall(assets, shortfall);
        // Sized to the need (N-2, L-5): the whole shortfall, or all the adapter still holds, or the most one request
        // of its protocol takes (exitRequestLimits), so nobody can fill the adapter's bounded list of open exits with
        // small requests: every accepted request is as large as one can be.
        (, uint256 maxRequest) = IAdapter(adapter).exitRequestLimits();
        uint256 need = MathLib.min(MathLib.min(shortfall, _sellable(adapter)), maxRequest);
        if (assets < need) revert QueueErrorsLib.UnwindBelowNeed(assets, need);
        exitId = VAULT.requestExit(adapter, assets);
        emit QueueEventsLib.UnwindExitRequested(msg.sender, adapter, assets, exitId);
    }

    /// @inheritdoc IRedemptionQueue
    function unwindClaimExits(address adapter) external nonReentrant returns (uint256 assets) {
        _checkOverdue();
        assets = VAULT.claimExits(adapter);
        emit QueueEventsLib.UnwindExitsClaimed(msg.sender, adapter, assets);
    }

    /// @inheritdoc IRedemptionQueue
    function unwindInstant(address adapter, uint256 assets) external nonReentrant returns (uint256 received) {
        IVaultQueueHooks hooks = IVaultQueueHooks(address(VAULT));
        hooks.recognizeLosses();
        _fulfil(MAX_BATCH);
        _checkOverdue();
        (uint256 owedHead, uint256 sharesHead) = _headBatch();
        uint256 shortfall = owedHead.zeroFloorSub(VAULT.idleAssets());
        if (assets > shortfall) revert QueueErrorsLib.UnwindAboveShortfall(assets, shortfall);

        uint256 balanceBefore = VAULT.balanceOf(address(this));
        received = hooks.forceDeallocate(adapter, assets, address(this));
        uint256 penaltyShares = balanceBefore - VAULT.balanceOf(address(this));
        if (penaltyShares > sharesHead) revert QueueErrorsLib.PenaltyAboveServed(penaltyShares, sharesHead);
        uint256 penaltyAssets = assets.zeroFloorSub(received);
        // Nobody can sandwich the requests it serves (N-3): the sale must return its value (realAssets' valuation:
        // the lower of the protocol's fair rate and the market oracle) less at most the vault's per-move slippage
        // bound, the bound the keeper's own sales meet; a larger unwind is split.
        uint256 minOut = assets.mulDivUp(BPS - VAULT.maxSlippageBps(), BPS);
        if (received < minOut) revert QueueErrorsLib.UnwindBelowFairValue(received, minOut);
        if (penaltyShares != 0) _chargePenalty(penaltyShares, penaltyAssets);
        emit QueueEventsLib.UnwindInstant(msg.sender, adapter, assets, received, penaltyShares, penaltyAssets);
        _fulfil(MAX_BATCH);
    }

    /// @dev Owed to pending requests beyond idle and the adapters' pending exits (bounded by the vault's adapters).
    function _queuedShortfall() internal view returns (uint256) {
        address[] memory list = VAULT.adapters();
        uint256 covered = VAULT.idleAssets();
        for (uint256 i; i < list.length; ++i) {
            covered += IAdapter(list[i]).pendingExits();
        }
        return uint256(_owedAssets).zeroFloorSub(covered);
    }

    /// @dev Owed and shares of the first MAX_BATCH pending requests: what one fulfilment can serve.
    function _headBatch() internal view returns (uint256 owed, uint256 shares) {
        uint256 id = _totals.head;
        for (uint256 k; id != 0 && k < MAX_BATCH; ++k) {
            Request storage r = _requests[id];
            owed += r.owed;
            shares += r.shares;
            id = r.next;
        }
    }

    /// @dev Attributes a penalty FIFO from the head: each request pays shares up to what it holds and the matching
    /// part of `penaltyAssets` off its value at request, so its payout falls and nobody else's does.
    function _chargePenalty(uint256 penaltyShares, uint256 penaltyAssets) internal {
        uint256 leftShares = penaltyShares;
        uint256 leftAssets = penaltyAssets;
        uint256 chargedAssets;
        uint256 id = _totals.head;
        for (uint256 k; leftShares != 0 && id != 0 && k < MAX_BATCH; ++k) {
            Request storage r = _requests[id];
            uint256 s = MathLib.min(r.shares, leftShares);
            uint256 a = MathLib.min(leftShares == s ? leftAssets : leftAssets.mulDivUp(s, leftShares), r.owed);
            r.shares -= uint128(s);
            r.owed -= uint96(a);
            leftShares -= s;
            leftAssets = leftAssets.zeroFloorSub(a);
            chargedAssets += a;
            emit QueueEventsLib.PenaltyCharged(id, s, a);
            id = r.next;
        }
        _totals.pendingShares -= uint128(penaltyShares);
        _owedAssets -= uint128(chargedAssets);
    }

    function _checkOverdue() internal view {
        if (!_isOverdue()) revert QueueErrorsLib.NotOverdue();
    }

    function _isOverdue() internal view returns (bool) {
        uint256 head = _totals.head;
        return head != 0 && block.timestamp > uint256(_requests[head].requestedAt) + maxWait;
    }

    // =============================================================================================
    // Settings
    // =============================================================================================

    /// @inheritdoc IRedemptionQueue
    function setMaxWait(uint256 wait) external {
        _checkRole(IVaultAccess(address(VAULT)).CURATOR_ROLE());
        _checkMaxWait(wait);
        // A raise consumes its matured submission at the vault (reverts with the vault's timelock errors otherwise).
        if (wait > maxWait) IVaultQueueHooks(address(VAULT)).acceptQueueChange(msg.sender, msg.data);
        maxWait = wait;
        emit QueueEventsLib.MaxWaitSet(wait);
    }

    /// @inheritdoc IRedemptionQueue
    function setMinRequestAssets(uint256 assets) external {
        _checkRole(IVaultAccess(address(VAULT)).CURATOR_ROLE());
        if (assets > MAX_MIN_REQUEST) revert QueueErrorsLib.MinRequestTooHigh(assets, MAX_MIN_REQUEST);
        minRequestAssets = assets;
        emit QueueEventsLib.MinRequestAssetsSet(assets);
    }

    /// @dev Shares or WETH sent to the vault or to this queue are lost to their owner; the zero address too (U-1).
    function _checkReceiver(address receiver) internal view {
        if (receiver == address(0) || receiver == address(VAULT) || receiver == address(this)) {
            revert QueueErrorsLib.InvalidReceiver(receiver);
        }
    }

    function _checkMaxWait(uint256 wait) internal view {
        if (wait < MIN_MAX_WAIT || wait > MAX_MAX_WAIT) {
            revert QueueErrorsLib.InvalidMaxWait(wait, MIN_MAX_WAIT, MAX_MAX_WAIT);
        }
    }

    function _checkRole(bytes32 role) internal view {
        if (!IVaultAccess(address(VAULT)).hasRole(role, msg.sender)) revert QueueErrorsLib.Unauthorized(msg.sender);
    }

    function _checkOwnerOrOperator(address owner) internal view {
        if (msg.sender != owner && !_operators[owner][msg.sender]) {
            revert QueueErrorsLib.NotOwnerOrOperator(msg.sender, owner);
        }
    }

    /// @dev Removes pending request `r` from the FIFO list held in `t` (written back by the caller).
    function _unlink(Totals memory t, Request storage r) internal {
        uint32 prev = r.prev;
        uint32 next = r.next;
        if (prev == 0) t.head = next;
        else _requests[prev].next = next;
        if (next == 0) t.tail = prev;
        else _requests[next].prev = prev;
        r.prev = 0;
        r.next = 0;
    }

    // =============================================================================================
    // Views
    // =============================================================================================

    /// @inheritdoc IRedemptionQueue
    function vault() external view returns (address) {
        return address(VAULT);
    }

    /// @inheritdoc IRedemptionQueue
    function isOperator(address controller, address operator) external view returns (bool) {
        return _operators[controller][operator];
    }

    /// @inheritdoc IRedemptionQueue
    function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256) {
        Request storage r = _requests[requestId];
        return r.status == Status.Pending && r.controller == controller ? r.shares : 0;
    }

    /// @inheritdoc IRedemptionQueue
    function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256) {
        Request storage r = _requests[requestId];
        return r.status == Status.Claimable && r.controller == controller ? r.shares : 0;
    }

    /// @inheritdoc IRedemptionQueue
    function claimableAssets(uint256 requestId) external view returns (uint256) {
        Request storage r = _requests[requestId];
        return r.status == Status.Claimable ? r.owed : 0;
    }

    /// @inheritdoc IRedemptionQueue
    function isOverdue() external view returns (bool) {
        return _isOverdue();
    }

    /// @inheritdoc IRedemptionQueue
    function summary() external view returns (Summary memory s) {
        Totals memory t = _totals;
        s.pendingCount = t.pendingCount;
        s.pendingShares = t.pendingShares;
        s.owedAssets = _owedAssets;
        s.setAside = _setAside;
        s.headId = t.head;
        s.maxWait = maxWait;
        s.minRequestAssets = minRequestAssets;
        s.nextId = t.nextId;
        if (t.head != 0) {
            Request storage r = _requests[t.head];
            s.headRequestedAt = r.requestedAt;
            s.headOwed = r.owed;
            s.headDueAt = s.headRequestedAt + s.maxWait;
            s.overdue = block.timestamp > s.headDueAt;
        }
    }

    /// @inheritdoc IRedemptionQueue
    function getRequest(uint256 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    /// @inheritdoc IRedemptionQueue
    function pendingRequests(uint256 fromId, uint256 max) external view returns (PendingInfo[] memory page) {
        if (max == 0 || max > MAX_PAGE) revert QueueErrorsLib.InvalidPage(max);
        uint256 id = fromId == 0 ? _totals.head : fromId;
        if (id != 0 && _requests[id].status != Status.Pending) revert QueueErrorsLib.NotPending(id);
        PendingInfo[] memory buf = new PendingInfo[](max);
        uint256 n;
        while (id != 0 && n < max) {
            Request storage r = _requests[id];
            buf[n++] = PendingInfo({requestId: id, owed: r.owed, shares: r.shares, requestedAt: r.requestedAt});
            id = r.next;
        }
        page = new PendingInfo[](n);
        for (uint256 k; k < n; ++k) {
            page[k] = buf[k];
        }
    }
}
