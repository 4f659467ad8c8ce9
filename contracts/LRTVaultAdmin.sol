// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAdapter} from "./interfaces/IAdapter.sol";
import {ILRTVaultCore, ILRTVaultAdmin} from "./interfaces/ILRTVault.sol";
import {IWETH9} from "./interfaces/protocols/IWETH9.sol";
import {ISharePriceFeed} from "./interfaces/ISharePriceFeed.sol";
import {IRedemptionQueue} from "./interfaces/IRedemptionQueue.sol";
import {LRTVaultBase} from "./LRTVaultBase.sol";
import {MathLib} from "./libraries/MathLib.sol";
import {ConstantsLib} from "./libraries/ConstantsLib.sol";
import {ErrorsLib} from "./libraries/ErrorsLib.sol";
import {EventsLib} from "./libraries/EventsLib.sol";

/// @title LRTVaultAdmin
/// @notice The vault's curator, guardian and admin surface. The vault deploys one in its constructor and reaches it
/// by delegatecall from its fallback: every function here runs on the vault's storage, as the vault, with the
/// caller's msg.sender and calldata (so timelocked calldata is the same at either address).
/// @dev Shares LRTVaultBase with the vault (one storage layout). Called directly, at its own address, it holds no
/// roles and no funds: every function reverts (onlyVault), so the module is inert outside the vault.
contract LRTVaultAdmin is LRTVaultBase, ILRTVaultAdmin {
    using MathLib for uint256;

    /// @dev The vault that deployed this module: the only context it runs in.
    address internal immutable VAULT;

    /// @param weth The vault's WETH.
    /// @param feed The vault's share-price feed.
    constructor(IWETH9 weth, ISharePriceFeed feed) LRTVaultBase(weth, feed, "", "") {
        VAULT = msg.sender;
    }

    /// @notice Any selector neither the vault nor this module serves.
    fallback() external onlyVault {
        revert ErrorsLib.UnknownSelector(msg.sig);
    }

    /// @dev Only inside the vault (delegatecall); a direct call to the module's own address reverts.
    modifier onlyVault() {
        if (address(this) != VAULT) revert ErrorsLib.NotDelegated();
        _;
    }

    // =============================================================================================
    // Curator settings (risk-raising changes are timelocked), guardian, admin
    // =============================================================================================

    /// @notice Records that `data` (a setter's exact calldata) may be executed after the timelock. Curator only.
    /// @param data The full calldata of the later setter call.
    /// @dev Canonical calldata only (L-1): the selector of a timelocked setter and exactly its arguments' words, so
    /// one change has one entry the guardian can revoke. An expired entry may be submitted again.
    function submit(bytes calldata data) external onlyVault {
        _checkRole(CURATOR_ROLE);
        bytes4 selector = bytes4(data);
        uint256 expected = 4 + 32 * _timelockedArgs(selector);
        if (data.length != expected) revert ErrorsLib.NonCanonicalCalldata(selector, data.length, expected);
        uint256 entry = _pending[data];
        if (entry != 0 && block.timestamp <= _expiresAt(entry)) revert ErrorsLib.AlreadyPending();
        _pending[data] = block.timestamp | (uint256(timelock) << 64);
        emit EventsLib.Submit(selector, data, block.timestamp + timelock);
    }

    /// @notice When the pending change `data` becomes executable: its submission time plus the longer of the timelock
    /// then and now, so a longer timelock applies to pending entries too (zero: not pending).
    /// @param data The calldata given to `submit`.
    function executableAt(bytes calldata data) external view onlyVault returns (uint256) {
        uint256 entry = _pending[data];
        return entry == 0 ? 0 : _executableAt(entry);
    }

    function _executableAt(uint256 entry) internal view returns (uint256) {
        return uint64(entry) + MathLib.max(uint64(entry >> 64), timelock);
    }

    function _expiresAt(uint256 entry) internal view returns (uint256) {
        return _executableAt(entry) + ConstantsLib.SUBMISSION_TTL;
    }

    /// @dev Argument words of each timelocked setter; any other selector cannot be submitted.
    function _timelockedArgs(bytes4 selector) internal pure returns (uint256) {
        if (selector == this.addAdapter.selector || selector == this.setTier.selector) return 3;
        if (
            selector == this.setAdapterCap.selector || selector == this.setFees.selector
                || selector == this.setPriceBounds.selector
        ) return 2;
        if (
            selector == this.setBufferFloor.selector || selector == this.setMaxSlippage.selector
                || selector == this.setDepositCap.selector || selector == this.setProfitUnlockPeriod.selector
                || selector == this.setTimelock.selector || selector == this.setMaxExitPenalty.selector
                || selector == this.setLossBudget.selector || selector == this.setReserveTarget.selector
                || selector == this.setFeedGrowthCap.selector || selector == IRedemptionQueue.setMaxWait.selector
        ) return 1;
        revert ErrorsLib.NotTimelocked(selector);
    }

    /// @notice Cancels the pending change `data`. Guardian or curator.
    /// @param data The calldata given to `submit`.
    function revoke(bytes calldata data) external onlyVault {
        if (!hasRole[GUARDIAN_ROLE][msg.sender]) _checkRole(CURATOR_ROLE);
        if (_pending[data] == 0) revert ErrorsLib.NotSubmitted();
        delete _pending[data];
        emit EventsLib.Revoke(msg.sender, bytes4(data), data);
    }

    /// @notice Registers `adapter` in tier `tierId` with absolute cap `cap`. Timelocked (raises risk).
    /// @param adapter An adapter whose vault is this vault and whose asset is WETH.
    /// @param tierId Risk tier, below MAX_TIERS.
    /// @param cap Absolute cap on the adapter's allocation, in assets.
    function addAdapter(address adapter, uint8 tierId, uint256 cap) external onlyVault {
        _authorize(true);
        if (_config[adapter].registered) revert ErrorsLib.AdapterAlreadyRegistered(adapter);
        if (_adapters.length >= ConstantsLib.MAX_ADAPTERS) revert ErrorsLib.TooManyAdapters();
        if (tierId >= ConstantsLib.MAX_TIERS) revert ErrorsLib.InvalidTier(tierId);
        if (
            adapter.code.length == 0 || IAdapter(adapter).vault() != address(this)
                || IAdapter(adapter).asset() != address(WETH)
        ) {
            revert ErrorsLib.AdapterMismatch(adapter);
        }
        _config[adapter] = AdapterConfig({
            registered: true, tierId: tierId, impaired: false, cap: cap, allocation: 0, reserveDebt: 0, juniorDebt: 0
        });
        _adapters.push(adapter);
        ++_book.adapterCount;
        emit EventsLib.AdapterAdded(adapter, tierId, cap);
    }

    /// @notice Removes `adapter`; only when its recorded allocation and its realAssets are both zero, or when it is
    /// impaired, written off (recorded allocation zero) and its valuation still fails. Immediate.
    /// @dev Whatever a written-off adapter still holds was already recognised as lost; re-adding the adapter (timelocked)
    /// lets a later report recognise anything it recovers as profit, so nothing is stuck for good.
    /// @param adapter A registered adapter.
    function removeAdapter(address adapter) external onlyVault {
        _authorize(false);
        AdapterConfig storage cfg = _registered(adapter);
        (bool ok, uint256 value,) = _valuation(adapter);
        if (!ok && !cfg.impaired) revert ErrorsLib.AdapterNotImpaired(adapter);
        if (cfg.allocation != 0 || value != 0) revert ErrorsLib.AdapterNotEmpty(adapter, cfg.allocation, value);
        uint256 n = _adapters.length;
        for (uint256 i; i < n; ++i) {
            if (_adapters[i] == adapter) {
                _adapters[i] = _adapters[n - 1];
                _adapters.pop();
                --_book.adapterCount;
                break;
            }
        }
        delete _config[adapter];
        emit EventsLib.AdapterRemoved(adapter);
    }

    /// @notice Sets the absolute cap of `adapter`. Raising is timelocked, lowering is immediate.
    /// @param adapter A registered adapter.
    /// @param cap The new cap, in assets.
    function setAdapterCap(address adapter, uint256 cap) external onlyVault {
        AdapterConfig storage cfg = _registered(adapter);
        _authorize(cap > cfg.cap);
        cfg.cap = cap;
        emit EventsLib.AdapterCapSet(adapter, cap);
    }

    /// @notice Sets tier `tierId`. Raising capBps or lowering coverageBps is timelocked; the opposite is immediate.
    /// @param tierId Tier id, below MAX_TIERS.
    /// @param capBps Cap on the tier's share of total assets, in bps.
    /// @param coverageBps Share of each allocation in the tier the reserve must cover, in bps.
    function setTier(uint8 tierId, uint16 capBps, uint16 coverageBps) external onlyVault {
        if (tierId >= ConstantsLib.MAX_TIERS) revert ErrorsLib.InvalidTier(tierId);
        _checkBps(capBps, ConstantsLib.BPS);
        _checkBps(coverageBps, ConstantsLib.BPS);
        ILRTVaultCore.Tier storage t = _tiers[tierId];
        _authorize(capBps > t.capBps || coverageBps < t.coverageBps);
        t.capBps = capBps;
        t.coverageBps = coverageBps;
        emit EventsLib.TierSet(tierId, capBps, coverageBps);
    }

    /// @notice Sets the liquid-buffer floor. Lowering is timelocked, raising is immediate.
    /// @param bps Share of total assets that must stay idle after an allocation.
    function setBufferFloor(uint16 bps) external onlyVault {
        _checkBps(bps, ConstantsLib.BPS);
        _authorize(bps < bufferFloorBps);
        bufferFloorBps = bps;
        emit EventsLib.BufferFloorSet(bps);
    }

    /// @notice Sets the per-move slippage bound. Raising is timelocked, lowering is immediate.
    /// @param bps Largest value loss one move may take, in bps of the move.
    function setMaxSlippage(uint16 bps) external onlyVault {
        _checkBps(bps, ConstantsLib.BPS);
        // A zero bound would make every pool exit revert and strand the buffer (L-2).
        _checkMinBps(bps, ConstantsLib.MIN_MAX_SLIPPAGE_BPS);
        _authorize(bps > maxSlippageBps);
        maxSlippageBps = bps;
        emit EventsLib.MaxSlippageSet(bps);
    }

    /// @notice Sets the performance fee and the insurance cut. Raising either is timelocked.
    /// @param performanceBps Share of profit to `feeRecipient`.
    /// @param insuranceBps Share of profit to the insurance reserve.
    function setFees(uint16 performanceBps, uint16 insuranceBps) external onlyVault {
        _checkBps(uint256(performanceBps) + insuranceBps, ConstantsLib.MAX_FEE_BPS);
        _authorize(performanceBps > performanceFeeBps || insuranceBps > insuranceFeeBps);
        performanceFeeBps = performanceBps;
        insuranceFeeBps = insuranceBps;
        emit EventsLib.FeesSet(performanceBps, insuranceBps);
    }

    /// @notice Sets the cap on total assets. Raising is timelocked, lowering is immediate.
    /// @param cap Largest total assets deposits may reach.
    function setDepositCap(uint256 cap) external onlyVault {
        _authorize(cap > depositCap);
        depositCap = cap;
        _head.capped = cap != type(uint256).max;
        emit EventsLib.DepositCapSet(cap);
    }

    /// @notice Sets the profit unlock period. Shortening is timelocked, lengthening is immediate.
    /// @param period Seconds over which new profit unlocks (1 .. MAX_UNLOCK_PERIOD).
    function setProfitUnlockPeriod(uint64 period) external onlyVault {
        if (period == 0 || period > ConstantsLib.MAX_UNLOCK_PERIOD) revert ErrorsLib.InvalidDuration(period);
        _authorize(period < profitUnlockPeriod);
        profitUnlockPeriod = period;
        emit EventsLib.ProfitUnlockPeriodSet(period);
    }

    /// @notice Sets the share-price bounds. Raising either is timelocked, lowering is immediate.
    /// @param perReportBps Largest price move of one report, in bps.
    /// @param perDayBps Largest price move within one day, in bps.
    function setPriceBounds(uint16 perReportBps, uint16 perDayBps) external onlyVault {
        _checkBps(perReportBps, ConstantsLib.BPS);
        _checkBps(perDayBps, ConstantsLib.BPS);
        // Bounds so tight that routine reports pause the vault would freeze withdrawals (L-2).
        _checkMinBps(perReportBps, ConstantsLib.MIN_PRICE_CHANGE_PER_REPORT_BPS);
        _checkMinBps(perDayBps, ConstantsLib.MIN_PRICE_CHANGE_PER_DAY_BPS);
        _authorize(perReportBps > maxPriceChangePerReportBps || perDayBps > maxPriceChangePerDayBps);
        maxPriceChangePerReportBps = perReportBps;
        maxPriceChangePerDayBps = perDayBps;
        emit EventsLib.PriceBoundsSet(perReportBps, perDayBps);
    }

    /// @notice Sets the curator timelock. Lengthening is immediate, shortening is timelocked.
    /// @param newTimelock Seconds between `submit` and execution (at most MAX_TIMELOCK).
    function setTimelock(uint64 newTimelock) external onlyVault {
        if (newTimelock > ConstantsLib.MAX_TIMELOCK) revert ErrorsLib.InvalidDuration(newTimelock);
        _authorize(newTimelock < timelock);
        timelock = newTimelock;
        emit EventsLib.TimelockSet(newTimelock);
    }

    /// @notice Grants (`granted` true) or revokes `role` of `account`. Admin only; an admin may revoke itself.
    /// @param role One of DEFAULT_ADMIN_ROLE, CURATOR_ROLE, ALLOCATOR_ROLE, GUARDIAN_ROLE.
    /// @param account The account.
    /// @param granted Whether `account` holds `role` afterwards.
    function setRole(bytes32 role, address account, bool granted) external onlyVault {
        _checkRole(DEFAULT_ADMIN_ROLE);
        _setRole(role, account, granted);
    }

    /// @notice Sets the performance fee recipient. Admin only.
    /// @param recipient Receiver of fee shares (zero: no performance fee is taken).
    function setFeeRecipient(address recipient) external onlyVault {
        _checkRole(DEFAULT_ADMIN_ROLE);
        feeRecipient = recipient;
        emit EventsLib.FeeRecipientSet(recipient);
    }

    /// @notice Pauses deposits, withdrawals, reserve funding and new allocations. Guardian only.
    function pause() external onlyVault {
        _checkRole(GUARDIAN_ROLE);
        _head.paused = true;
        emit EventsLib.Pause(msg.sender);
    }

    /// @notice Resumes the vault; clears a price halt, restarts the day window and publishes the current price.
    /// Guardian or admin.
    function unpause() external onlyVault {
        if (!hasRole[GUARDIAN_ROLE][msg.sender]) _checkRole(DEFAULT_ADMIN_ROLE);
        if (!_head.paused) revert ErrorsLib.NotPaused();
        _head.paused = false;
        emit EventsLib.Unpause(msg.sender);
        if (_head.priceHalted) {
            _head.priceHalted = false;
            priceFeed.resume(_pricePerShare());
        }
    }

    /// @notice Consumes the matured submission of `data`, a risk-raising setting of the redemption queue (its
    /// `setMaxWait` raise), for the curator `caller`: the queue's settings use this vault's one timelock mechanism
    /// (canonical calldata, the longer of the timelock at submission and now, expiry, guardian revoke), N-7.
    /// @dev Only the current redemption queue, on behalf of its caller.
    /// @param caller The account that called the queue's setter; must hold CURATOR_ROLE here.
    /// @param data The queue setter's exact calldata, as given to `submit`.
    function acceptQueueChange(address caller, bytes calldata data) external onlyVault {
        address queue = redemptionQueue;
        if (msg.sender != queue || queue == address(0)) revert ErrorsLib.OnlyQueue(msg.sender);
        if (!hasRole[CURATOR_ROLE][caller]) revert ErrorsLib.Unauthorized(caller, CURATOR_ROLE);
        _consume(data);
    }

    /// @dev Risk-lowering changes: curator. Risk-raising changes: curator, with a matured `submit` of this exact
    /// calldata, which is consumed.
    function _authorize(bool raisesRisk) internal {
        _checkRole(CURATOR_ROLE);
        if (raisesRisk) _consume(msg.data);
    }

    /// @dev Consumes the matured, unexpired submission of `data`.
    function _consume(bytes calldata data) internal {
        uint256 entry = _pending[data];
        if (entry == 0) revert ErrorsLib.NotSubmitted();
        uint256 at = _executableAt(entry);
        if (block.timestamp < at) revert ErrorsLib.TimelockNotExpired(at);
        uint256 expiry = _expiresAt(entry);
        if (block.timestamp > expiry) revert ErrorsLib.SubmissionExpired(expiry);
        delete _pending[data];
        emit EventsLib.Accept(bytes4(data), data);
    }

    /// @notice Sets the redemption queue. Admin only. Setting the first queue is immediate; replacing or removing
    /// one requires the current queue to have no pending request (its own count of escrowed shares, not its balance,
    /// so shares sent to it cannot block this, N-5), and admin is itself behind a timelock. A new queue's `vault()`
    /// must be this vault.
    /// @param queue The queue contract (zero: none).
    function setRedemptionQueue(address queue) external onlyVault {
        _checkRole(DEFAULT_ADMIN_ROLE);
        address current = redemptionQueue;
        if (current != address(0)) {
            (, uint256 held) = IVaultBound(current).summary();
            if (held != 0) revert ErrorsLib.QueueNotEmpty(current, held);
        }
        if (queue != address(0) && (queue.code.length == 0 || IVaultBound(queue).vault() != address(this))) {
            revert ErrorsLib.QueueMismatch(queue);
        }
        redemptionQueue = queue;
        _head.queueTag = uint8(uint160(queue));
        // A new queue has no request yet (shares sent to it before count for none).
        _head.queueBusy = false;
        emit EventsLib.RedemptionQueueSet(queue);
    }

    /// @notice Sets the junior (first-loss) tranche: its vault shares burn right after the reserve's on a loss and it
    /// counts toward the reserve rule (what it says is not leaving). Admin only (admin is behind a timelock).
    /// Replacing or removing one requires the current tranche to hold no vault shares (no junior capital stranded);
    /// a new tranche's `vault()` must be this vault.
    /// @param tranche The tranche contract (zero: none).
    function setJuniorTranche(address tranche) external onlyVault {
        _checkRole(DEFAULT_ADMIN_ROLE);
        address current = _juniorTranche;
        if (current != address(0)) {
            uint256 held = _shares[current];
            if (held != 0) revert ErrorsLib.TrancheNotEmpty(current, held);
        }
        if (tranche != address(0) && (tranche.code.length == 0 || IVaultBound(tranche).vault() != address(this))) {
            revert ErrorsLib.TrancheMismatch(tranche);
        }
        _juniorTranche = tranche;
        emit EventsLib.JuniorTrancheSet(tranche);
    }

    /// @notice Sets the reserve target: the insurance cut fills the reserve up to it, and what is beyond goes partly
    /// to junior capital (its share of the coverage held). Lowering is timelocked (it moves the cut from the reserve
    /// to junior capital), raising is immediate.
    /// @param assets Target reserve value, in assets.
    function setReserveTarget(uint256 assets) external onlyVault {
        _authorize(assets < _reserveTarget);
        _reserveTarget = assets;
        emit EventsLib.ReserveTargetSet(assets);
    }

    /// @notice The junior tranche (zero: none).
    function juniorTranche() external view onlyVault returns (address) {
        return _juniorTranche;
    }

    /// @notice Reserve value the insurance cut fills before junior capital earns a premium.
    function reserveTarget() external view onlyVault returns (uint256) {
        return _reserveTarget;
    }

    /// @notice What junior capital covered for losses at `adapter` and is owed back (before the reserve) from its
    /// later gains.
    /// @param adapter A registered adapter.
    function juniorDebt(address adapter) external view onlyVault returns (uint256) {
        return _config[adapter].juniorDebt;
    }

    /// @notice Sets the largest penalty forceDeallocate may charge its payer. Raising is timelocked, lowering is
    /// immediate, never below MIN_EXIT_PENALTY_BPS: a lower bound would disable every paid instant exit and the
    /// queue's instant unwind (N-6).
    /// @param bps In bps of the assets moved, in [MIN_EXIT_PENALTY_BPS, MAX_EXIT_PENALTY_BPS].
    function setMaxExitPenalty(uint16 bps) external onlyVault {
        _checkBps(bps, ConstantsLib.MAX_EXIT_PENALTY_BPS);
        _checkMinBps(bps, ConstantsLib.MIN_EXIT_PENALTY_BPS);
        _authorize(bps > maxExitPenaltyBps);
        maxExitPenaltyBps = bps;
        emit EventsLib.MaxExitPenaltySet(bps);
    }

    /// @notice Sets the keeper loss budget (H-2): realised losses of keeper moves within any rolling day may not
    /// exceed `bps` of total assets. Raising is timelocked, lowering is immediate, within
    /// [MIN_LOSS_BUDGET_BPS, MAX_LOSS_BUDGET_BPS] so a low budget cannot freeze the keeper's exits.
    /// @param bps Budget in bps of total assets per rolling day.
    function setLossBudget(uint16 bps) external onlyVault {
        _checkBps(bps, ConstantsLib.MAX_LOSS_BUDGET_BPS);
        _checkMinBps(bps, ConstantsLib.MIN_LOSS_BUDGET_BPS);
        _authorize(bps > lossBudgetBps);
        lossBudgetBps = bps;
        emit EventsLib.LossBudgetSet(bps);
    }

    /// @notice Sets the cap on the feed answer's growth between reports (Aave CAPO's idea), in bps a year. Raising is
    /// timelocked, lowering is immediate (zero: the answer rises only at reports).
    /// @param bps At most MAX_FEED_YEARLY_GROWTH_BPS.
    function setFeedGrowthCap(uint16 bps) external onlyVault {
        _authorize(bps > priceFeed.maxYearlyGrowthBps());
        priceFeed.setMaxYearlyGrowth(bps);
    }

    /// @inheritdoc ILRTVaultAdmin
    function isImpaired(address adapter) external view onlyVault returns (bool) {
        return _config[adapter].impaired;
    }

    /// @inheritdoc ILRTVaultAdmin
    function adapterCap(address adapter) external view onlyVault returns (uint256) {
        return _config[adapter].cap;
    }

    /// @inheritdoc ILRTVaultAdmin
    function adapterTier(address adapter) external view onlyVault returns (uint8) {
        return _config[adapter].tierId;
    }

    /// @inheritdoc ILRTVaultAdmin
    function tier(uint8 tierId) external view onlyVault returns (ILRTVaultCore.Tier memory) {
        return _tiers[tierId];
    }

    /// @notice What the reserve covered for losses at `adapter` and is owed back from its later gains (H-3).
    /// @param adapter A registered adapter.
    function reserveDebt(address adapter) external view onlyVault returns (uint256) {
        return _config[adapter].reserveDebt;
    }

    /// @notice Realised keeper-move losses counted in the rolling day budget now (current and two previous 12-hour
    /// epochs), and the budget at today's total assets.
    function lossBudgetUsed() external view onlyVault returns (uint256 used, uint256 budget) {
        uint256 epoch = block.timestamp / ConstantsLib.LOSS_EPOCH;
        used = _movesLoss[epoch] + _movesLoss[epoch - 1] + _movesLoss[epoch - 2];
        budget = _totalAssets().mulDivDown(lossBudgetBps, ConstantsLib.BPS);
    }

    function _checkMinBps(uint256 bps, uint256 min) internal pure {
        if (bps < min) revert ErrorsLib.BpsTooLow(bps, min);
    }
}

/// @dev What setRedemptionQueue reads of a queue: its vault, and the first two words of IRedemptionQueue.summary()
/// (pendingCount, pendingShares), decoded alone to keep the module small.
interface IVaultBound {
    function vault() external view returns (address);
    function summary() external view returns (uint256 pendingCount, uint256 pendingShares);
}