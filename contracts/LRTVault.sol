// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IAdapter} from "./interfaces/IAdapter.sol";
import {IJuniorCover} from "./interfaces/IJuniorTranche.sol";
import {ILRTVaultCore} from "./interfaces/ILRTVault.sol";
import {IWETH9} from "./interfaces/protocols/IWETH9.sol";
import {SharePriceFeed} from "./oracles/SharePriceFeed.sol";
import {LRTVaultBase} from "./LRTVaultBase.sol";
import {LRTVaultAdmin} from "./LRTVaultAdmin.sol";
import {MathLib} from "./libraries/MathLib.sol";
import {ConstantsLib} from "./libraries/ConstantsLib.sol";
import {ErrorsLib} from "./libraries/ErrorsLib.sol";
import {EventsLib} from "./libraries/EventsLib.sol";

/// @title LRTVault
/// @notice ERC-4626 vault over WETH that spreads ETH across liquid restaking tokens through adapters.
/// @dev Spec, in the order the code follows:
/// - Two contracts, one storage: this vault serves the depositor paths, the keeper paths and the views; the
///   rarely-called curator, guardian and admin surface (ILRTVaultAdmin) lives in LRTVaultAdmin, which the
///   constructor deploys and the fallback reaches by delegatecall (same storage, msg.sender and calldata). Both
///   inherit LRTVaultBase, which holds every storage variable, so the layouts match by construction (a test
///   compares the compiler's layouts). A selector neither serves reverts with UnknownSelector. ILRTVault is the
///   whole surface at the vault's address; the keeper's ABI merges both artifacts.
/// - Accounting is stored: totalAssets = idleAssets + totalAllocated - lockedProfit(). Nothing reads a balance,
///   so donations of ETH, WETH or LRTs move nothing, and every price view costs the same for 1 or 16 adapters.
/// - Storage: a depositor path reads two packed slots (Head: share supply, idle, pause flags; Book: allocated sum and
///   the locked-profit line) and derives totalAssets once; the deposit cap's slot is read only once a cap is set.
///   Amounts are bounded (idle, allocated, locked below 2^96 wei; supply below 2^128) and every narrowing write is
///   SafeCast, so an overflow reverts instead of wrapping.
/// - Shares carry a decimals offset of 6 (OZ virtual shares). Stored accounting already closes the donation
///   route of the inflation attack; the offset is defence in depth for the one route left (value reaching an
///   adapter and being reported): an attacker then loses about 1e6 times what a victim can lose to rounding.
/// - Rounding always favours the vault (OZ rules). Loss coverage rounds the reserve burn up.
/// - report() revalues every adapter. Net profit: gains at adapters the reserve paid for first repay that
///   reserve debt (reserve shares minted at the pre-profit price, no fee, nothing locked); of the rest, the
///   insurance cut and the performance fee are minted at the pre-profit price (price-neutral) and the remainder is
///   locked, blended into the unlock schedule (the end is the weighted mean of the old remainder and a full
///   profitUnlockPeriod, so new profit never delays old profit). The performance fee is charged only on profit
///   that lifts the full share price ((idle + allocated + 1) per virtual share, locked profit included: what a
///   report changes) above highWaterPrice; the mark then rises to the full price. Net loss: applied at once,
///   first by burning reserve shares worth the loss at the pre-loss price (what the reserve covered becomes the
///   losing adapters' reserveDebt), then by cancelling still-locked profit, and only then through the share price.
/// - Every realised profit or loss, wherever it arises (report, keeper move, forced exit, write-down,
///   recognizeLosses), goes through the same per-adapter path: a loss adds what the reserve covered to that
///   adapter's reserveDebt, a gain repays it before fees and locking. A dip that recovers costs the reserve nothing.
/// - recognizeLosses() is open to anyone and only lowers records (to live valuations; a failing valuation is
///   skipped). Every buffer exit (withdraw, redeem and their ETH forms) values the adapters live first and, when the
///   live sum is below the recorded sum, runs it, so a loss visible on chain is booked before the exit is priced,
///   with no watcher (M-2): the exit pays at most the holder's share of min(recorded, live) after the reserve and
///   locked profit took their part. A net loss hidden by an unreported gain elsewhere is what a report would net
///   out too. Deposits do not (a depositor entering above the live value pays for it himself). The cost is one
///   valuation per adapter.
/// - Redemption queue hooks (IVaultQueueHooks): escrowShares and settleRedemption (queue only; the value above what
///   is paid is locked with no fee, blended, so the price does not jump), forceDeallocate (anyone for themselves,
///   the queue for any payer: the exit's loss burns the payer's shares at the pre-move price, bounded by
///   maxExitPenaltyBps, never the reserve nor the keeper budget; a loss already visible there is recognised
///   first). claimExits is permissionless and the queue may requestExit. Idle WETH up to the value of the shares the
///   queue holds in escrow belongs to the requests that came first: a buffer exit takes only idle beyond it, whoever
///   brought the WETH home (N-4). Shares reach the queue only through escrowShares, and no deposit or mint may name
///   the vault or the queue as receiver (U-1, N-5).
/// - Impaired adapters (a protocol failure that is not a slash: a stale or broken feed, a paused or exploited
///   protocol). report() values each adapter through a bounded low-level call; a revert, a return shorter than one
///   word or a value above MAX_VALUATION leaves that adapter's recorded allocation as it was, flags it impaired and
///   emits ValuationFailed, and the rest of the report applies. The next report that values it clears the flag and
///   recognises whatever moved meanwhile. An impaired adapter takes no new allocation; exits stay allowed (they
///   measure realAssets themselves and revert whole if it still reverts). The guardian may write an impaired
///   adapter down (never up) at once: the difference is a realised loss through the loss path above. A written-off
///   adapter (allocation zero) can be removed even though its valuation still fails.
///   What bounds an adapter that reverts on purpose to dodge a loss: its value is frozen at its last recorded
///   allocation, never raised, it gets no new money, and the flag is public (isImpaired, the lens), so the damage is
///   a stale price on at most that allocation (itself bounded by the adapter and tier caps) until the guardian
///   writes it down, when the reserve pays first as for any loss. Meanwhile exits at the stale price can only take
///   idle WETH (withdrawals are bounded by the buffer), the guardian can pause, and fees on the other adapters'
///   gains are taken on those gains alone (not net of the hidden loss). A hostile adapter can still burn the gas
///   it is given (63/64 of what is left); the curator's timelocked addAdapter is the bound on who can do that.
/// - Keeper moves measure the value actually added or removed (realAssets before/after) and the WETH actually
///   received (balance difference). A shortfall is a realised loss through the same loss path; an excess is a
///   realised profit through the same profit path. Queued requests and claims pay the protocol's fair rate and are
///   measured by the adapter's pendingExits (no market price), so a stale market feed cannot stop them.
///   rebalanceNonce moves only with allocation-changing keeper actions (allocate, deallocate, rebalance, the
///   allocator's requestExit): a claim, the queue's unwinds or a forced exit cannot make a plan revert (N-1), while
///   a plan made before the keeper's own later move is rejected. What a keeper key can lose is bounded twice: per move by
///   maxSlippageBps, and in total by lossBudgetBps of total assets over the current and two previous 12-hour
///   epochs (so within any 24 hours): a losing move past it reverts, loss-free moves stay allowed, a claim's loss
///   is counted but never blocks it. A move whose loss lowers the price publishes it to the feed under the
///   report's bounds. Empty plans and exit requests below MIN_EXIT_REQUEST revert.
/// - Caps (adapter, tier, buffer floor) are checked after every allocation; the reserve rule after every keeper
///   move (allocation, deallocation, exit request): it must hold or be no worse than before. Claims are never
///   blocked, and report() never reverts for the reserve rule.
/// - Risk-raising settings go through one timelock: submit(data) with canonical calldata of a timelocked setter,
///   wait the longer of the timelock at submission and now, call the setter with that exact calldata within
///   SUBMISSION_TTL (curator only); guardian or curator may revoke. Risk-lowering settings apply at once, above
///   floors (price bounds, slippage bound, loss budget) that keep routine operation from freezing withdrawals.
/// - Price views revert while the vault is inside any nonReentrant function (read-only reentrancy guard); the
///   vault's own operations use the internal math. max*, lockedProfit, idleAssets and requiredReserve are not
///   guarded: they read stored values each operation writes in one step, and bound no price (I-2).
/// - The feed: a fall of the share price (any recognised loss) is published at once, always, even beyond the
///   bounds (which pause the vault); a rise beyond the per-report bound or the rolling per-day band is withheld
///   and halts the feed (priceHalted) until the guardian or admin resumes.
/// - max views never exceed what their call accepts (deposit cap, what idle can hold, what the supply can mint);
///   fundReserve honours the deposit cap; shares cannot be transferred to the vault's own address.
contract LRTVault is LRTVaultBase, ERC4626, ILRTVaultCore {
    using MathLib for uint256;
    using SafeCast for uint256;

    /// @dev Gas a junior tranche's coveringShares() may use (a few storage reads and one balanceOf).
    uint256 internal constant JUNIOR_VIEW_GAS = 50_000;

    /// @dev The admin module (LRTVaultAdmin) the fallback delegates to; deployed by the constructor.
    address internal immutable ADMIN_MODULE;

    /// @param weth The WETH contract (the vault's asset).
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (a TimelockController in deployments).
    /// @param name_ ERC-20 name of the shares.
    /// @param symbol_ ERC-20 symbol of the shares.
    constructor(IWETH9 weth, address admin, string memory name_, string memory symbol_)
        LRTVaultBase(
            weth,
            new SharePriceFeed(address(this), ConstantsLib.INITIAL_SHARE_PRICE),
            name_,
            symbol_
        )
        ERC4626(IERC20(address(weth)))
    {
        if (admin == address(0)) revert ErrorsLib.ZeroAddress();
        ADMIN_MODULE = address(new LRTVaultAdmin(weth, priceFeed));
        _setRole(DEFAULT_ADMIN_ROLE, admin, true);
        profitUnlockPeriod = uint64(ConstantsLib.DEFAULT_UNLOCK_PERIOD);
        maxSlippageBps = ConstantsLib.DEFAULT_MAX_SLIPPAGE_BPS;
        maxPriceChangePerReportBps = ConstantsLib.DEFAULT_MAX_PRICE_CHANGE_PER_REPORT_BPS;
        maxPriceChangePerDayBps = ConstantsLib.DEFAULT_MAX_PRICE_CHANGE_PER_DAY_BPS;
        maxExitPenaltyBps = ConstantsLib.DEFAULT_MAX_EXIT_PENALTY_BPS;
        lossBudgetBps = ConstantsLib.DEFAULT_LOSS_BUDGET_BPS;
        highWaterPrice = ConstantsLib.INITIAL_SHARE_PRICE;
        depositCap = type(uint256).max;
        emit EventsLib.PriceFeedSet(address(priceFeed));
    }

    /// @notice Accepts native ETH only from WETH (unwrapping); any other sender reverts.
    receive() external payable {
        if (msg.sender != address(WETH)) revert ErrorsLib.OnlyWeth(msg.sender);
    }

    /// @notice Serves the admin surface (ILRTVaultAdmin) by delegatecall to the admin module, which runs it on this
    /// vault's storage; a selector the module does not know either reverts with UnknownSelector.
    fallback() external {
        address module = ADMIN_MODULE;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), module, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    /// @notice The admin module the fallback delegates to.
    function adminModule() external view returns (address) {
        return ADMIN_MODULE;
    }

    // =============================================================================================
    // Depositors
    // =============================================================================================

    /// @inheritdoc IERC4626
    function deposit(uint256 assets, address receiver) public override(ERC4626, IERC4626) returns (uint256) {
        return _depositAssets(assets, receiver, 0, false);
    }

    /// @inheritdoc ILRTVaultCore
    function deposit(uint256 assets, address receiver, uint256 minShares) external returns (uint256) {
        return _depositAssets(assets, receiver, minShares, false);
    }

    /// @inheritdoc ILRTVaultCore
    function depositETH(address receiver, uint256 minShares) external payable returns (uint256) {
        return _depositAssets(msg.value, receiver, minShares, true);
    }

    /// @inheritdoc IERC4626
    function mint(uint256 shares, address receiver) public override(ERC4626, IERC4626) returns (uint256) {
        return _mintShares(shares, receiver, type(uint256).max);
    }

    /// @inheritdoc ILRTVaultCore
    function mint(uint256 shares, address receiver, uint256 maxAssets) external returns (uint256) {
        return _mintShares(shares, receiver, maxAssets);
    }

    /// @inheritdoc IERC4626
    function withdraw(uint256 assets, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        returns (uint256)
    {
        return _withdrawAssets(assets, receiver, owner, type(uint256).max, false);
    }

    /// @inheritdoc ILRTVaultCore
    function withdraw(uint256 assets, address receiver, address owner, uint256 maxShares) external returns (uint256) {
        return _withdrawAssets(assets, receiver, owner, maxShares, false);
    }

    /// @inheritdoc ILRTVaultCore
    function withdrawETH(uint256 assets, address payable receiver, address owner, uint256 maxShares)
        external
        returns (uint256)
    {
        return _withdrawAssets(assets, receiver, owner, maxShares, true);
    }

    /// @inheritdoc IERC4626
    function redeem(uint256 shares, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        returns (uint256)
    {
        return _redeemShares(shares, receiver, owner, 0, false);
    }

    /// @inheritdoc ILRTVaultCore
    function redeem(uint256 shares, address receiver, address owner, uint256 minAssets) external returns (uint256) {
        return _redeemShares(shares, receiver, owner, minAssets, false);
    }

    /// @inheritdoc ILRTVaultCore
    function redeemETH(uint256 shares, address payable receiver, address owner, uint256 minAssets)
        external
        returns (uint256)
    {
        return _redeemShares(shares, receiver, owner, minAssets, true);
    }

    /// @inheritdoc ILRTVaultCore
    function fundReserve(uint256 assets) external nonReentrant returns (uint256 shares) {
        uint256 maxAssets = _maxDeposit();
        if (assets > maxAssets) revert ERC4626ExceededMaxDeposit(address(this), assets, maxAssets);
        shares = _toSharesDown(assets);
        if (shares == 0) revert ErrorsLib.ZeroShares();
        SafeERC20.safeTransferFrom(WETH, msg.sender, address(this), assets);
        _addIdle(assets);
        reserveShares += shares;
        _mint(address(this), shares);
        emit EventsLib.ReserveFunded(msg.sender, assets, shares);
    }

    // Each depositor path reads the two accounting slots once and derives totalAssets once (`_snapshot`); the
    // checks (pause, cap, buffer, slippage bound) are the same as in the views, from the same numbers. A buffer exit
    // first values every adapter live and, when the live sum is below the recorded one, books the visible losses
    // through the loss path (M-2), exactly as a watcher's recognizeLosses in the same block would: it never pays more
    // than the holder's share of min(recorded, live) after the reserve and locked profit; a loss beyond the price
    // bounds pauses the vault and the exit reverts with it.

    function _depositAssets(uint256 assets, address receiver, uint256 minShares, bool eth)
        internal
        nonReentrant
        returns (uint256 shares)
    {
        (Head memory h, uint256 total) = _snapshot();
        if (h.paused) revert ErrorsLib.VaultPaused();
        uint256 maxAssets = _maxDepositOf(h, total);
        if (assets > maxAssets) revert ERC4626ExceededMaxDeposit(receiver, assets, maxAssets);
        shares = assets.mulDivDown(_virtualSupplyOf(h), total + 1);
        if (shares == 0) revert ErrorsLib.ZeroShares();
        if (shares < minShares) revert ErrorsLib.SharesBelowMin(shares, minShares);
        _enter(h, receiver, assets, shares, eth);
    }

    function _mintShares(uint256 shares, address receiver, uint256 maxAssets)
        internal
        nonReentrant
        returns (uint256 assets)
    {
        if (shares == 0) revert ErrorsLib.ZeroShares();
        (Head memory h, uint256 total) = _snapshot();
        if (h.paused) revert ErrorsLib.VaultPaused();
        assets = shares.mulDivUp(total + 1, _virtualSupplyOf(h));
        uint256 depositable = _maxDepositOf(h, total);
        if (assets > depositable) revert ERC4626ExceededMaxDeposit(receiver, assets, depositable);
        if (maxAssets != 0 && assets > maxAssets) revert ErrorsLib.AssetsAboveMax(assets, maxAssets);
        _enter(h, receiver, assets, shares, false);
    }

    function _withdrawAssets(uint256 assets, address receiver, address owner, uint256 maxShares, bool eth)
        internal
        nonReentrant
        returns (uint256 shares)
    {
        _bookLiveLoss();
        (Head memory h, uint256 total) = _snapshot();
        if (h.paused) revert ErrorsLib.VaultPaused();
        uint256 maxAssets = _maxWithdrawOf(h, total, owner);
        if (assets > maxAssets) revert ERC4626ExceededMaxWithdraw(owner, assets, maxAssets);
        shares = assets.mulDivUp(_virtualSupplyOf(h), total + 1);
        if (maxShares != 0 && shares > maxShares) revert ErrorsLib.SharesAboveMax(shares, maxShares);
        _exit(receiver, owner, assets, shares, eth);
    }

    function _redeemShares(uint256 shares, address receiver, address owner, uint256 minAssets, bool eth)
        internal
        nonReentrant
        returns (uint256 assets)
    {
        _bookLiveLoss();
        (Head memory h, uint256 total) = _snapshot();
        if (h.paused) revert ErrorsLib.VaultPaused();
        uint256 maxShares = _maxRedeemOf(h, total, owner);
        if (shares > maxShares) revert ERC4626ExceededMaxRedeem(owner, shares, maxShares);
        assets = shares.mulDivDown(total + 1, _virtualSupplyOf(h));
        if (assets < minAssets) revert ErrorsLib.AssetsBelowMin(assets, minAssets);
        _exit(receiver, owner, assets, shares, eth);
    }

    function _enter(Head memory h, address receiver, uint256 assets, uint256 shares, bool eth) internal {
        // Shares minted to the vault or to the queue would be orphaned (U-1). Only a receiver whose low byte is the
        // queue's costs the queue slot's read.
        if (receiver == address(this) || (uint8(uint160(receiver)) == h.queueTag && receiver == redemptionQueue)) {
            revert ERC20InvalidReceiver(receiver);
        }
        if (eth) WETH.deposit{value: assets}();
        else SafeERC20.safeTransferFrom(WETH, msg.sender, address(this), assets);
        _addIdle(assets);
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function _exit(address receiver, address owner, uint256 assets, uint256 shares, bool eth) internal {
        if (msg.sender != owner) _spendAllowance(owner, msg.sender, shares);
        _burn(owner, shares);
        // Checked: withdraw and redeem bound assets by idle (maxWithdraw / maxRedeem) before getting here.
        _head.idle = uint96(_head.idle - assets);
        if (eth) {
            WETH.withdraw(assets);
            (bool ok,) = receiver.call{value: assets}("");
            if (!ok) revert ErrorsLib.EthTransferFailed(receiver);
        } else {
            SafeERC20.safeTransfer(WETH, receiver, assets);
        }
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
    }

    // =============================================================================================
    // Redemption queue hooks and permissionless loss recognition
    // =============================================================================================

    /// @notice Moves `shares` of `owner` to the redemption queue without an allowance. Only the queue, which has
    /// already checked that its caller is `owner`, an operator of `owner` or spent an allowance itself.
    /// @param owner Holder of the shares.
    /// @param shares Shares to escrow.
    function escrowShares(address owner, uint256 shares) external nonReentrant {
        address queue = _onlyQueue();
        _head.queueBusy = true;
        _transfer(owner, queue, shares);
    }

    /// @notice Burns `shares` from the queue and sends it `assets` WETH from idle. The value of the shares above
    /// `assets` (the growth during the wait) stays with the holders: it is added to the locked profit with no fee and
    /// no insurance cut and blended into the unlock schedule, so the share price does not jump at settlement.
    /// @dev Only the queue; reverts while paused, when `assets` exceeds the shares' value now (rounded down) or idle.
    /// @param shares Escrowed shares the queue settles.
    /// @param assets WETH the queue pays out for them.
    /// @return surplus Value of the shares minus `assets`, kept by the vault.
    function settleRedemption(uint256 shares, uint256 assets) external nonReentrant returns (uint256 surplus) {
        address queue = _onlyQueue();
        if (_head.paused) revert ErrorsLib.VaultPaused();
        uint256 value = _toAssetsDown(shares);
        if (assets > value) revert ErrorsLib.RedemptionAboveValue(assets, value);
        uint256 idle = _head.idle;
        if (assets > idle) revert ErrorsLib.InsufficientIdle(assets, idle);
        surplus = value - assets;
        _burn(queue, shares);
        _head.idle = uint96(idle - assets);
        if (_shares[queue] == 0) _head.queueBusy = false;
        _addLocked(surplus);
        _raiseHighWater();
        SafeERC20.safeTransfer(WETH, queue, assets);
        emit EventsLib.RedemptionSettled(shares, assets, surplus);
    }

    /// @notice Instant exit of `assets` of value from `adapter` through its exit venue, paid by `payer` alone: the
    /// realised loss (value removed minus WETH received) burns payer's shares worth it at the pre-move price (rounded
    /// up), so nobody else's price moves, the reserve pays nothing and the keeper's loss budget is untouched.
    /// @dev Anyone with `payer == msg.sender`, or the redemption queue for any payer. Reverts while paused, when the
    /// loss exceeds maxExitPenaltyBps of `assets` (ExitPenaltyTooHigh) or payer's shares (ERC20InsufficientBalance).
    /// A loss already visible at the adapter is recognised first (through the loss path), so the penalty is the
    /// exit's own cost. Works without the keeper.
    /// @param adapter A registered adapter.
    /// @param assets Value to exit.
    /// @param payer Who bears the exit's cost.
    /// @return received WETH that reached idle.
    function forceDeallocate(address adapter, uint256 assets, address payer)
        external
        nonReentrant
        returns (uint256 received)
    {
        if (payer != msg.sender && msg.sender != redemptionQueue) revert ErrorsLib.PayerNotCaller(payer, msg.sender);
        if (_head.paused) revert ErrorsLib.VaultPaused();
        _recognizeLosses(adapter);
        AdapterConfig storage cfg = _registered(adapter);
        uint256 totalBefore = _totalAssets();
        uint256 supplyBefore = _virtualSupply();
        uint256 removed;
        (removed, received,) = _measureExit(adapter, DEALLOCATE, assets, 0);
        uint256 recorded = cfg.allocation;
        uint256 cut = MathLib.min(removed, recorded);
        _setAllocation(cfg, recorded - cut);
        _addIdle(received);
        uint256 penaltyAssets;
        uint256 penaltyShares;
        if (received > cut) {
            _realiseProfit(cfg, received - cut, totalBefore);
        } else if (cut > received) {
            penaltyAssets = cut - received;
            uint256 maxLoss = assets.mulDivDown(maxExitPenaltyBps, ConstantsLib.BPS);
            if (penaltyAssets > maxLoss) revert ErrorsLib.ExitPenaltyTooHigh(penaltyAssets, maxLoss);
            penaltyShares = penaltyAssets.mulDivUp(supplyBefore, totalBefore + 1);
            _burn(payer, penaltyShares);
            _raiseHighWater();
        }
        emit EventsLib.ForceDeallocate(msg.sender, payer, adapter, assets, received, penaltyAssets, penaltyShares);
    }

    /// @notice Values every adapter live and books each value below its record as a loss, through the loss path
    /// (reserve first). Never raises a value; an adapter whose valuation fails is skipped (report() flags it).
    /// Anyone may call it, so a loss visible on chain cannot be left unrecognised for an exit to dodge (M-2).
    /// @return loss The loss recognised.
    function recognizeLosses() external nonReentrant returns (uint256 loss) {
        return _recognizeLosses(address(0));
    }

    /// @dev Before a buffer exit is priced (M-2): values every adapter live (a failing valuation counts at its frozen
    /// record) and, when the live sum is below the recorded sum, books the visible losses as recognizeLosses does.
    /// The common case (no net loss) costs one valuation per adapter and writes nothing.
    function _bookLiveLoss() internal {
        Book memory b = _book;
        uint256 live;
        for (uint256 i; i < b.adapterCount; ++i) {
            address adapter = _adapterAt(i);
            (bool ok, uint256 value,) = _valuation(adapter);
            live += ok ? value : _config[adapter].allocation;
        }
        if (live < b.allocated) _recognizeLosses(address(0));
    }

    /// @dev Lowers the records of `only` (or of every adapter when zero) to their live value where it is lower, books
    /// the sum through the loss path and publishes the price (a fall is always published).
    function _recognizeLosses(address only) internal returns (uint256 loss) {
        uint256 priceBefore;
        uint256 n = _book.adapterCount;
        for (uint256 i; i < n; ++i) {
            address adapter = _adapterAt(i);
            if (only != address(0) && adapter != only) continue;
            AdapterConfig storage cfg = _config[adapter];
            uint256 recorded = cfg.allocation;
            if (recorded == 0) continue;
            (bool ok, uint256 value,) = _valuation(adapter);
            if (!ok || value >= recorded) continue;
            if (loss == 0) priceBefore = _pricePerShare();
            loss += recorded - value;
            uint256 totalNow = _totalAssets();
            _setAllocation(cfg, value);
            _realiseLoss(cfg, recorded - value, totalNow);
        }
        if (loss == 0) return 0;
        emit EventsLib.LossesRecognised(msg.sender, loss);
        _publishPrice(priceBefore, _pricePerShare());
    }

    /// @inheritdoc ILRTVaultCore
    /// @dev On the vault itself, not the admin module: it shares the loss path with the keeper paths, so the module
    /// carries none of it (EIP-3860: the vault's initcode embeds the module's). Immediate, unlike risk-raising settings: it only recognises a loss that already happened at an adapter the
    /// vault cannot value. Lowering a stale value moves the share price toward the truth, so holders who stay are no
    /// longer diluted by holders who leave at the stale price; the reserve absorbs it first. It can never raise a
    /// value, so it cannot be used to inflate the price, and it moves no funds. Works while paused. Like a report, the
    /// price move goes to the feed, and one beyond the price bounds pauses the vault and halts the feed.
    /// @param adapter An impaired adapter.
    /// @param newValue The new recorded allocation, below the current one.
    function writeDown(address adapter, uint256 newValue) external nonReentrant {
        _checkRole(GUARDIAN_ROLE);
        AdapterConfig storage cfg = _registered(adapter);
        if (!cfg.impaired) revert ErrorsLib.AdapterNotImpaired(adapter);
        uint256 recorded = cfg.allocation;
        if (newValue >= recorded) revert ErrorsLib.WriteDownNotLower(newValue, recorded);
        uint256 priceBefore = _pricePerShare();
        uint256 totalBefore = _totalAssets();
        _setAllocation(cfg, newValue);
        emit EventsLib.WriteDown(msg.sender, adapter, recorded, newValue);
        // What the reserve covers is owed back by this adapter: a later recovery refills the reserve first (H-3).
        _realiseLoss(cfg, recorded - newValue, totalBefore);
        _publishPrice(priceBefore, _pricePerShare());
    }

    function _onlyQueue() internal view returns (address queue) {
        queue = redemptionQueue;
        if (msg.sender != queue || queue == address(0)) revert ErrorsLib.OnlyQueue(msg.sender);
    }

    // =============================================================================================
    // Keeper: moves and reports
    // =============================================================================================

    /// @inheritdoc ILRTVaultCore
    function allocate(address adapter, uint256 assets, uint256 minValueOut)
        external
        nonReentrant
        returns (uint256 valueIn)
    {
        _checkRole(ALLOCATOR_ROLE);
        ++rebalanceNonce;
        return _allocate(adapter, assets, minValueOut);
    }

    /// @inheritdoc ILRTVaultCore
    function deallocate(address adapter, uint256 assets, uint256 minAssetsOut)
        external
        nonReentrant
        returns (uint256 assetsOut)
    {
        _checkRole(ALLOCATOR_ROLE);
        ++rebalanceNonce;
        return _deallocate(adapter, assets, minAssetsOut);
    }

    /// @inheritdoc ILRTVaultCore
    function rebalance(Move[] calldata moves, uint256 expectedNonce) external nonReentrant {
        _checkRole(ALLOCATOR_ROLE);
        uint256 nonce = rebalanceNonce;
        if (expectedNonce != nonce) revert ErrorsLib.NonceMismatch(expectedNonce, nonce);
        if (moves.length > ConstantsLib.MAX_MOVES) revert ErrorsLib.TooManyMoves(moves.length);
        // An empty plan would only bump the nonce and make the honest keeper's next plan revert (L-5).
        if (moves.length == 0) revert ErrorsLib.EmptyPlan();
        rebalanceNonce = ++nonce;
        for (uint256 i; i < moves.length; ++i) {
            Move calldata m = moves[i];
            if (m.deposit) _allocate(m.adapter, m.assets, m.limit);
            else _deallocate(m.adapter, m.assets, m.limit);
        }
        emit EventsLib.Rebalance(msg.sender, moves.length, nonce);
    }

    /// @inheritdoc ILRTVaultCore
    /// @dev Allocator, or the redemption queue (which starts queued exits itself once a request is overdue). Only
    /// the allocator's own requests bump rebalanceNonce: the queue's unwinds are open to anyone and must not
    /// invalidate the keeper's plan (N-1).
    function requestExit(address adapter, uint256 assets) external nonReentrant returns (uint256 requestId) {
        uint256 nonce = rebalanceNonce;
        if (msg.sender != redemptionQueue) {
            _checkRole(ALLOCATOR_ROLE);
            rebalanceNonce = ++nonce;
        }
        // Dust requests would fill the adapter's bounded list of open exits (L-5).
        if (assets < ConstantsLib.MIN_EXIT_REQUEST) revert ErrorsLib.ExitTooSmall(assets, ConstantsLib.MIN_EXIT_REQUEST);
        uint256 removed;
        (removed,, requestId) = _exitMove(adapter, REQUEST_EXIT, assets, 0);
        emit EventsLib.ExitRequested(adapter, assets, requestId, removed, nonce);
    }

    /// @inheritdoc ILRTVaultCore
    /// @dev Anyone: a claim only brings finalised WETH home to idle, and the realised result is booked as for the
    /// keeper (so the liveness of queued exits never depends on the keeper key).
    /// A claim changes no allocation decision, so it leaves rebalanceNonce alone (N-1).
    function claimExits(address adapter) external nonReentrant returns (uint256 assetsOut) {
        uint256 removed;
        (removed, assetsOut,) = _exitMove(adapter, CLAIM_EXITS, 0, 0);
        emit EventsLib.ExitsClaimed(adapter, removed, assetsOut, rebalanceNonce);
    }

    /// @inheritdoc ILRTVaultCore
    function report() external nonReentrant returns (uint256 profit, uint256 loss) {
        _checkRole(ALLOCATOR_ROLE);
        uint256 priceBefore = _pricePerShare();
        uint256 totalBefore = _totalAssets();
        uint256 gain;
        uint256 lost;
        uint256 n = _adapters.length;
        // Signed change of each adapter's record, to settle the reserve's per-adapter debt below.
        int256[] memory delta = new int256[](n);
        for (uint256 i; i < n; ++i) {
            address adapter = _adapters[i];
            AdapterConfig storage cfg = _config[adapter];
            (bool ok, uint256 value, bytes memory reason) = _valuation(adapter);
            if (!ok) {
                // Keeps its recorded allocation: a failing adapter can neither raise its value nor dodge a loss
                // beyond freezing it, and the flag stops new allocation until a report values it again.
                cfg.impaired = true;
                emit EventsLib.ValuationFailed(adapter, reason);
                continue;
            }
            if (cfg.impaired) {
                cfg.impaired = false;
                emit EventsLib.ImpairmentCleared(adapter, value);
            }
            uint256 recorded = cfg.allocation;
            if (value > recorded) gain += value - recorded;
            else lost += recorded - value;
            // Per adapter, so anyone can attribute the report's result to the LRT that earned or lost it.
            if (value != recorded) emit EventsLib.AdapterRevalued(adapter, recorded, value);
            delta[i] = int256(value) - int256(recorded);
            _setAllocation(cfg, value);
        }
        if (gain > lost) {
            profit = gain - lost;
            (uint256 repaid, uint256 byJunior) = _repayDebts(delta, profit, 0, true);
            _lockProfit(profit, repaid, byJunior, totalBefore);
        } else if (lost > gain) {
            loss = lost - gain;
            (uint256 covered, uint256 byJunior) = _absorbLoss(loss, totalBefore);
            _repayDebts(delta, covered, byJunior, false);
        }
        uint256 priceAfter = _pricePerShare();
        emit EventsLib.Report(msg.sender, profit, loss, priceAfter);
        _publishPrice(priceBefore, priceAfter);
    }

    /// @dev Settles the layers' per-adapter debts after a report's net result (H-3), junior capital's before the
    /// reserve's. Net profit: gains at indebted adapters repay their debts first, up to `amount` (the net profit);
    /// returns what was repaid and, of it, what went to junior capital. Net loss: `amount` is what the layers covered
    /// (`junior` of it by junior capital), owed back by the adapters that lost, in order, each up to its own loss.
    function _repayDebts(int256[] memory delta, uint256 amount, uint256 junior, bool profit)
        internal
        returns (uint256 settled, uint256 settledJunior)
    {
        uint256 n = delta.length;
        for (uint256 i; i < n && settled < amount; ++i) {
            int256 d = delta[i];
            if (profit ? d <= 0 : d >= 0) continue;
            AdapterConfig storage cfg = _config[_adapters[i]];
            uint256 moved = uint256(profit ? d : -d);
            uint256 owedJunior = cfg.juniorDebt;
            if (profit) moved = MathLib.min(moved, cfg.reserveDebt + owedJunior);
            moved = MathLib.min(moved, amount - settled);
            uint256 j = MathLib.min(moved, profit ? owedJunior : junior - settledJunior);
            if (profit) {
                cfg.juniorDebt = owedJunior - j;
                cfg.reserveDebt -= moved - j;
            } else {
                cfg.juniorDebt = owedJunior + j;
                cfg.reserveDebt += moved - j;
            }
            settled += moved;
            settledJunior += j;
        }
    }

    function _allocate(address adapter, uint256 assets, uint256 minValueOut) internal returns (uint256 valueIn) {
        if (_head.paused) revert ErrorsLib.VaultPaused();
        AdapterConfig storage cfg = _registered(adapter);
        if (cfg.impaired) revert ErrorsLib.AdapterImpaired(adapter);
        if (assets == 0) revert ErrorsLib.ZeroAmount();
        uint256 idle = _head.idle;
        if (assets > idle) revert ErrorsLib.InsufficientIdle(assets, idle);
        uint256 totalBefore = _totalAssets();
        uint256 priceBefore = _pricePerShare();
        uint256 shortfallBefore = _reserveShortfall();
        uint256 valueBefore = IAdapter(adapter).realAssets();

        SafeERC20.safeTransfer(WETH, adapter, assets);
        uint256 claimed = IAdapter(adapter).allocate(assets, minValueOut);
        // Trust neither the adapter's word nor its valuation alone: take the smaller, and never more than
        // went in (an excess would be unlocked profit; it stays unreported until report() locks it).
        valueIn = MathLib.min(
            MathLib.min(claimed, MathLib.zeroFloorSub(IAdapter(adapter).realAssets(), valueBefore)), assets
        );
        if (valueIn < minValueOut) revert ErrorsLib.ValueInBelowMin(valueIn, minValueOut);
        uint256 lost = assets - valueIn;
        _checkSlippage(lost, assets);

        _head.idle = uint96(idle - assets);
        _setAllocation(cfg, cfg.allocation + valueIn);
        if (lost != 0) {
            _chargeLossBudget(lost, totalBefore, true);
            _realiseLoss(cfg, lost, totalBefore);
        }
        emit EventsLib.Allocate(adapter, assets, valueIn, lost, rebalanceNonce);
        _checkCaps(adapter, cfg);
        _afterMove(priceBefore, shortfallBefore);
    }

    function _deallocate(address adapter, uint256 assets, uint256 minAssetsOut) internal returns (uint256 received) {
        uint256 removed;
        (removed, received,) = _exitMove(adapter, DEALLOCATE, assets, minAssetsOut);
        emit EventsLib.Deallocate(adapter, assets, removed, received, rebalanceNonce);
    }

    /// @dev One path for the three ways value leaves an adapter: an instant exit (`DEALLOCATE`), a queued exit
    /// request (`REQUEST_EXIT`, value moves into the adapter's pending exits, nothing is received) and a claim of
    /// finalised exits (`CLAIM_EXITS`). Measures the value removed (realAssets before/after) and the WETH received
    /// (balance difference). Instant exits and requests are bounded by maxSlippageBps of `assets`; a claim is a
    /// realised outcome (queues pay min(requested, finalised)) and is never bounded, so funds can always come home.
    function _exitMove(address adapter, uint256 kind, uint256 assets, uint256 minAssetsOut)
        internal
        returns (uint256 removed, uint256 received, uint256 requestId)
    {
        AdapterConfig storage cfg = _registered(adapter);
        uint256 totalBefore = _totalAssets();
        uint256 priceBefore = _pricePerShare();
        uint256 shortfallBefore = _reserveShortfall();
        (removed, received, requestId) = _measureExit(adapter, kind, assets, minAssetsOut);
        bool claim = kind == CLAIM_EXITS;
        if (!claim) _checkSlippage(MathLib.zeroFloorSub(removed, received), assets);
        uint256 recorded = cfg.allocation;
        uint256 cut = MathLib.min(removed, recorded);
        _setAllocation(cfg, recorded - cut);
        _addIdle(received);
        if (received > cut) {
            _realiseProfit(cfg, received - cut, totalBefore);
        } else if (cut > received) {
            // Every realised move loss counts toward the keeper's budget; a claim is recorded but never blocked.
            _chargeLossBudget(cut - received, totalBefore, !claim);
            _realiseLoss(cfg, cut - received, totalBefore);
        }
        if (claim) {
            if (_pricePerShare() < priceBefore) _publishPrice(priceBefore, _pricePerShare());
        } else {
            _afterMove(priceBefore, shortfallBefore);
        }
    }

    /// @dev After a keeper move: the reserve rule holds or is no worse than before (L-6), and a fall of the share
    /// price goes to the feed under the same bounds as a report (H-2, M-4).
    function _afterMove(uint256 priceBefore, uint256 shortfallBefore) internal {
        uint256 shortfall = _reserveShortfall();
        if (shortfall > shortfallBefore) {
            revert ErrorsLib.ReserveRuleBroken(_toAssetsDown(reserveShares + _juniorCover()), _requiredReserve());
        }
        uint256 priceAfter = _pricePerShare();
        if (priceAfter < priceBefore) _publishPrice(priceBefore, priceAfter);
    }

    /// @dev How far the reserve and the junior capital not leaving are below what the reserve rule requires (zero when
    /// the rule holds).
    function _reserveShortfall() internal view returns (uint256) {
        return MathLib.zeroFloorSub(_requiredReserve(), _toAssetsDown(reserveShares + _juniorCover()));
    }

    /// @dev Vault shares of junior capital that count as coverage: what the tranche says is not leaving
    /// (coveringShares()), through a gas-bounded static call, at most its balance; a tranche that reverts, burns the
    /// gas or answers garbage counts as zero (it can only weaken its own coverage, never block a move).
    function _juniorCover() internal view returns (uint256 shares) {
        address junior = _juniorTranche;
        if (junior == address(0)) return 0;
        bytes4 selector = IJuniorCover.coveringShares.selector;
        assembly ("memory-safe") {
            mstore(0, selector)
            let ok := staticcall(JUNIOR_VIEW_GAS, junior, 0, 4, 0, 32)
            shares := mul(mload(0), and(ok, gt(returndatasize(), 31)))
        }
        return MathLib.min(shares, _shares[junior]);
    }

    /// @dev Runs one exit at `adapter` and measures it: value removed and WETH received (balance difference), at
    /// least `minAssetsOut`. An instant exit sells at the market, so its value is realAssets before/after; a queued
    /// request and a claim move only value the protocol pays at its fair rate, so they are measured by pendingExits
    /// (fair-rate, no market price): a stale market feed cannot stop the queued path (Info, review 2). A request only
    /// moves value inside the adapter (pendingExits rises, nothing is removed).
    function _measureExit(address adapter, uint256 kind, uint256 assets, uint256 minAssetsOut)
        internal
        returns (uint256 removed, uint256 received, uint256 requestId)
    {
        if (assets == 0 && kind != CLAIM_EXITS) revert ErrorsLib.ZeroAmount();
        bool instant = kind == DEALLOCATE;
        uint256 valueBefore = _probe(adapter, instant);
        uint256 balanceBefore = WETH.balanceOf(address(this));

        if (kind == DEALLOCATE) IAdapter(adapter).deallocate(assets, minAssetsOut);
        else if (kind == REQUEST_EXIT) requestId = IAdapter(adapter).requestExit(assets);
        else IAdapter(adapter).claimExits();

        received = WETH.balanceOf(address(this)) - balanceBefore;
        if (received < minAssetsOut) revert ErrorsLib.AssetsBelowMin(received, minAssetsOut);
        removed = MathLib.zeroFloorSub(valueBefore, _probe(adapter, instant));
    }

    function _probe(address adapter, bool instant) internal view returns (uint256) {
        return instant ? IAdapter(adapter).realAssets() : IAdapter(adapter).pendingExits();
    }

    function _checkSlippage(uint256 lost, uint256 moved) internal view {
        uint256 maxLost = moved.mulDivDown(maxSlippageBps, ConstantsLib.BPS);
        if (lost > maxLost) revert ErrorsLib.SlippageTooHigh(lost, maxLost);
    }

    function _checkCaps(address adapter, AdapterConfig storage cfg) internal view {
        if (cfg.allocation > cfg.cap) revert ErrorsLib.AdapterCapExceeded(adapter, cfg.allocation, cfg.cap);
        uint256 total = _totalAssets();
        uint8 tierId = cfg.tierId;
        uint256 tierCap = total.mulDivDown(_tiers[tierId].capBps, ConstantsLib.BPS);
        if (tierAllocated[tierId] > tierCap) revert ErrorsLib.TierCapExceeded(tierId, tierAllocated[tierId], tierCap);
        uint256 floor = total.mulDivUp(bufferFloorBps, ConstantsLib.BPS);
        uint256 idle = _head.idle;
        if (idle < floor) revert ErrorsLib.BufferBelowFloor(idle, floor);
    }

    // =============================================================================================
    // Views (price views revert mid-operation)
    // =============================================================================================

    /// @inheritdoc IERC4626
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        _guardView();
        return _totalAssets();
    }

    /// @inheritdoc IERC4626
    function convertToShares(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        _guardView();
        return _toSharesDown(assets);
    }

    /// @inheritdoc IERC4626
    function convertToAssets(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        _guardView();
        return _toAssetsDown(shares);
    }

    /// @inheritdoc IERC4626
    function previewDeposit(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        _guardView();
        return _toSharesDown(assets);
    }

    /// @inheritdoc IERC4626
    function previewMint(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        _guardView();
        return _toAssetsUp(shares);
    }

    /// @inheritdoc IERC4626
    function previewWithdraw(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        _guardView();
        return _toSharesUp(assets);
    }

    /// @inheritdoc IERC4626
    function previewRedeem(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        _guardView();
        return _toAssetsDown(shares);
    }

    /// @inheritdoc IERC4626
    /// @dev Zero while paused; otherwise what is left below the deposit cap.
    function maxDeposit(address) public view override(ERC4626, IERC4626) returns (uint256) {
        return _maxDeposit();
    }

    /// @inheritdoc IERC4626
    function maxMint(address) public view override(ERC4626, IERC4626) returns (uint256) {
        return _toSharesDown(_maxDeposit());
    }

    /// @inheritdoc IERC4626
    /// @dev Zero while paused; otherwise bounded by idle WETH (there is no withdrawal queue yet).
    function maxWithdraw(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        return _maxWithdraw(owner);
    }

    /// @inheritdoc IERC4626
    function maxRedeem(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        return _maxRedeem(owner);
    }

    /// @inheritdoc ILRTVaultCore
    function pricePerShare() external view returns (uint256) {
        _guardView();
        return _pricePerShare();
    }

    /// @inheritdoc ILRTVaultCore
    function reserveAssets() external view returns (uint256) {
        _guardView();
        return _toAssetsDown(reserveShares);
    }

    /// @inheritdoc ILRTVaultCore
    function requiredReserve() external view returns (uint256) {
        return _requiredReserve();
    }

    /// @inheritdoc ILRTVaultCore
    function lockedProfit() public view returns (uint256) {
        return _lockedOf(_book);
    }

    /// @inheritdoc ILRTVaultCore
    function idleAssets() external view returns (uint256) {
        return _head.idle;
    }

    /// @notice Running sum of recorded adapter values.
    function totalAllocated() external view returns (uint256) {
        return _book.allocated;
    }

    /// @inheritdoc ILRTVaultCore
    function paused() external view returns (bool) {
        return _head.paused;
    }

    /// @inheritdoc ILRTVaultCore
    function priceHalted() external view returns (bool) {
        return _head.priceHalted;
    }

    /// @inheritdoc IERC20
    function totalSupply() public view override(ERC20, IERC20) returns (uint256) {
        return _head.supply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) public view override(ERC20, IERC20) returns (uint256) {
        return _shares[account];
    }

    /// @inheritdoc ILRTVaultCore
    function adapters() external view returns (address[] memory) {
        return _adapters;
    }

    /// @inheritdoc ILRTVaultCore
    function allocation(address adapter) external view returns (uint256) {
        return _config[adapter].allocation;
    }



    function _maxDeposit() internal view returns (uint256) {
        (Head memory h, uint256 total) = _snapshot();
        return _maxDepositOf(h, total);
    }

    /// @dev Total assets may reach the deposit cap, and never the width of the packed idle amount (2^96 - 1 wei, 79e9
    /// ETH), so maxDeposit tells the truth for an uncapped vault too. Uncapped (the default) reads no cap slot.
    function _maxDepositOf(Head memory h, uint256 total) internal view returns (uint256) {
        if (h.paused) return 0;
        uint256 cap = h.capped ? MathLib.min(depositCap, type(uint96).max) : type(uint96).max;
        uint256 room = cap > total ? cap - total : 0;
        // Never more than idle can hold (locked profit can exceed the allocations) nor than the supply can mint (I-5).
        room = MathLib.min(room, type(uint96).max - uint256(h.idle));
        uint256 mintable = (type(uint120).max - uint256(h.supply)).mulDivDown(total + 1, _virtualSupplyOf(h));
        return MathLib.min(room, mintable);
    }

    function _maxWithdraw(address owner) internal view returns (uint256) {
        (Head memory h, uint256 total) = _snapshot();
        return _maxWithdrawOf(h, total, owner);
    }

    function _maxWithdrawOf(Head memory h, uint256 total, address owner) internal view returns (uint256) {
        if (h.paused) return 0;
        return MathLib.min(_shares[owner].mulDivDown(total + 1, _virtualSupplyOf(h)), _freeIdle(h, total));
    }

    /// @dev Idle WETH a buffer exit may take: idle less what the queue's escrowed shares are worth (rounded up), which
    /// belongs to requests that came first, whoever brought it home (N-4). Read only while the queue holds shares.
    function _freeIdle(Head memory h, uint256 total) internal view returns (uint256) {
        if (!h.queueBusy) return h.idle;
        uint256 owed = _shares[redemptionQueue].mulDivUp(total + 1, _virtualSupplyOf(h));
        return MathLib.zeroFloorSub(h.idle, owed);
    }

    function _maxRedeem(address owner) internal view returns (uint256) {
        (Head memory h, uint256 total) = _snapshot();
        return _maxRedeemOf(h, total, owner);
    }

    function _maxRedeemOf(Head memory h, uint256 total, address owner) internal view returns (uint256) {
        if (h.paused) return 0;
        return MathLib.min(_shares[owner], _freeIdle(h, total).mulDivDown(_virtualSupplyOf(h), total + 1));
    }

    /// @dev OZ's internal conversions, kept consistent for anything inherited that might call them.
    function _convertToShares(uint256 assets, Math.Rounding rounding) internal view override returns (uint256) {
        return rounding == Math.Rounding.Floor ? _toSharesDown(assets) : _toSharesUp(assets);
    }

    function _convertToAssets(uint256 shares, Math.Rounding rounding) internal view override returns (uint256) {
        return rounding == Math.Rounding.Floor ? _toAssetsDown(shares) : _toAssetsUp(shares);
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return ConstantsLib.DECIMALS_OFFSET;
    }

    /// @dev The base's bookkeeping (LRTVaultBase._update), over ERC20's.
    function _update(address from, address to, uint256 value) internal override(ERC20, LRTVaultBase) {
        LRTVaultBase._update(from, to, value);
    }

    /// @inheritdoc ERC4626
    function decimals() public view override(ERC20, ERC4626, IERC20Metadata) returns (uint8) {
        return ERC4626.decimals();
    }
}
