// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IAdapter} from "./interfaces/IAdapter.sol";
import {ILRTVault} from "./interfaces/ILRTVault.sol";
import {IWETH9} from "./interfaces/protocols/IWETH9.sol";
import {ISharePriceFeed} from "./interfaces/ISharePriceFeed.sol";
import {SharePriceFeed} from "./oracles/SharePriceFeed.sol";
import {MathLib} from "./libraries/MathLib.sol";
import {ConstantsLib} from "./libraries/ConstantsLib.sol";
import {ErrorsLib} from "./libraries/ErrorsLib.sol";
import {EventsLib} from "./libraries/EventsLib.sol";

/// @title LRTVault
/// @notice ERC-4626 vault over WETH that spreads ETH across liquid restaking tokens through adapters.
/// @dev Spec, in the order the code follows:
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
/// - report() revalues every adapter. Net profit: the performance fee and insurance cut are minted as shares at
///   the pre-profit price (so they do not move the price) and the rest is locked, unlocking linearly over
///   profitUnlockPeriod (a new report restarts the period for everything still locked). Net loss: applied at
///   once, first by burning reserve shares worth the loss at the pre-loss price, then by cancelling still-locked
///   profit, and only then through the share price.
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
///   realised profit through the same profit path. Each move is bounded by maxSlippageBps.
/// - Caps (adapter, tier, buffer floor) and the reserve rule are checked after every allocation; deallocations
///   and exits lower risk and are always allowed. report() never reverts for the reserve rule.
/// - Risk-raising settings go through one timelock: submit(data), wait, call the setter with that exact calldata
///   (curator only); guardian or curator may revoke. Risk-lowering settings apply at once.
/// - Price views revert while the vault is inside any nonReentrant function (read-only reentrancy guard); the
///   vault's own operations use the internal math.
/// - A report that moves the share price beyond the per-report or per-day bound pauses the vault and is not
///   published to the feed; the guardian or admin resumes.
contract LRTVault is ERC4626, ReentrancyGuardTransient, ILRTVault {
    using MathLib for uint256;
    using SafeCast for uint256;

    /// @notice Admin: grants and revokes roles, sets the fee recipient and the price feed, resumes the vault.
    bytes32 public constant DEFAULT_ADMIN_ROLE = 0x00;
    /// @notice Curator: adapters, tiers, caps, buffer floor, slippage bound, fees, price bounds, timelock.
    bytes32 public constant CURATOR_ROLE = keccak256("CURATOR_ROLE");
    /// @notice Allocator (keeper): moves and reports only.
    bytes32 public constant ALLOCATOR_ROLE = keccak256("ALLOCATOR_ROLE");
    /// @notice Guardian: pause, resume, revoke pending changes.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    struct AdapterConfig {
        bool registered;
        uint8 tierId;
        bool impaired;
        uint256 cap;
        uint256 allocation;
    }

    IWETH9 internal immutable WETH;

    uint256 internal constant DEALLOCATE = 0;
    uint256 internal constant REQUEST_EXIT = 1;
    uint256 internal constant CLAIM_EXITS = 2;

    /// @notice Whether `account` holds `role` (AccessControl-compatible read).
    mapping(bytes32 role => mapping(address account => bool)) public hasRole;

    /// @dev What every depositor path reads and writes, in one slot: share supply, idle WETH and the flags. Kept here
    /// instead of OZ ERC20's private supply (see `_update`), so a deposit's supply and idle writes hit one warm slot.
    /// Bounds: supply below 2^128 share units, idle below 2^96 wei (79e9 ETH); every narrowing write is SafeCast.
    struct Head {
        uint128 supply;
        uint96 idle;
        bool paused;
        bool priceHalted;
        // depositCap is below type(uint256).max: only then do deposits read its slot.
        bool capped;
    }

    /// @dev The rest of totalAssets, in one slot: the running sum of recorded adapter values and the locked profit,
    /// `locked` at `unlockEnd - unlockSpan`, falling linearly to zero at `unlockEnd`. Amounts below 2^96 wei
    /// (MAX_VALUATION x MAX_ADAPTERS fits), unlockSpan at most MAX_UNLOCK_PERIOD (below 2^24 s).
    struct Book {
        uint96 allocated;
        uint96 locked;
        uint40 unlockEnd;
        uint24 unlockSpan;
    }

    Head internal _head;
    Book internal _book;
    // Share balances (OZ ERC20's private balances are not used: `_update`, `balanceOf` and `totalSupply` are ours).
    mapping(address account => uint256) internal _shares;
    /// @inheritdoc ILRTVault
    uint256 public reserveShares;
    /// @inheritdoc ILRTVault
    uint256 public rebalanceNonce;

    address[] internal _adapters;
    mapping(address => AdapterConfig) internal _config;
    mapping(uint8 => Tier) internal _tiers;
    // Recorded allocation summed per tier.
    mapping(uint8 => uint256) internal tierAllocated;

    /// @inheritdoc ILRTVault
    uint16 public bufferFloorBps;
    /// @inheritdoc ILRTVault
    uint16 public maxSlippageBps;
    /// @notice Share of each profit paid to `feeRecipient` as shares, in bps.
    uint16 public performanceFeeBps;
    /// @notice Share of each profit added to the insurance reserve as shares, in bps.
    uint16 public insuranceFeeBps;
    /// @notice Largest share-price move one report may make before the vault halts, in bps.
    uint16 public maxPriceChangePerReportBps;
    /// @notice Largest share-price move within PRICE_WINDOW (one day) before the vault halts, in bps.
    uint16 public maxPriceChangePerDayBps;
    /// @notice Delay between `submit` and execution of a risk-raising change.
    uint64 public timelock;
    /// @notice Period over which reported profit unlocks into the share price.
    uint64 public profitUnlockPeriod;

    /// @notice Receives the performance fee shares.
    address public feeRecipient;
    /// @notice Cap on total assets that deposits may reach.
    uint256 public depositCap;
    /// @notice The share-price feed (AggregatorV3), created by this vault; only this vault publishes to it.
    ISharePriceFeed public immutable priceFeed;
    /// @notice When each submitted calldata becomes executable (zero: not pending).
    mapping(bytes => uint256) public executableAt;

    /// @param weth The WETH contract (the vault's asset).
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (a TimelockController in deployments).
    /// @param name_ ERC-20 name of the shares.
    /// @param symbol_ ERC-20 symbol of the shares.
    constructor(IWETH9 weth, address admin, string memory name_, string memory symbol_)
        ERC4626(IERC20(address(weth)))
        ERC20(name_, symbol_)
    {
        if (address(weth) == address(0) || admin == address(0)) {
            revert ErrorsLib.ZeroAddress();
        }
        WETH = weth;
        _setRole(DEFAULT_ADMIN_ROLE, admin, true);
        profitUnlockPeriod = uint64(ConstantsLib.DEFAULT_UNLOCK_PERIOD);
        maxSlippageBps = ConstantsLib.DEFAULT_MAX_SLIPPAGE_BPS;
        maxPriceChangePerReportBps = ConstantsLib.DEFAULT_MAX_PRICE_CHANGE_PER_REPORT_BPS;
        maxPriceChangePerDayBps = ConstantsLib.DEFAULT_MAX_PRICE_CHANGE_PER_DAY_BPS;
        depositCap = type(uint256).max;
        priceFeed = new SharePriceFeed(address(this), string.concat(symbol_, " / WETH"), _pricePerShare());
        emit EventsLib.PriceFeedSet(address(priceFeed));
    }

    /// @notice Accepts native ETH only from WETH (unwrapping); any other sender reverts.
    receive() external payable {
        if (msg.sender != address(WETH)) revert ErrorsLib.OnlyWeth(msg.sender);
    }

    // =============================================================================================
    // Depositors
    // =============================================================================================

    /// @inheritdoc IERC4626
    function deposit(uint256 assets, address receiver) public override(ERC4626, IERC4626) returns (uint256) {
        return _depositAssets(assets, receiver, 0, false);
    }

    /// @inheritdoc ILRTVault
    function deposit(uint256 assets, address receiver, uint256 minShares) external returns (uint256) {
        return _depositAssets(assets, receiver, minShares, false);
    }

    /// @inheritdoc ILRTVault
    function depositETH(address receiver, uint256 minShares) external payable returns (uint256) {
        return _depositAssets(msg.value, receiver, minShares, true);
    }

    /// @inheritdoc IERC4626
    function mint(uint256 shares, address receiver) public override(ERC4626, IERC4626) returns (uint256) {
        return _mintShares(shares, receiver, type(uint256).max);
    }

    /// @inheritdoc ILRTVault
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

    /// @inheritdoc ILRTVault
    function withdraw(uint256 assets, address receiver, address owner, uint256 maxShares) external returns (uint256) {
        return _withdrawAssets(assets, receiver, owner, maxShares, false);
    }

    /// @inheritdoc ILRTVault
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

    /// @inheritdoc ILRTVault
    function redeem(uint256 shares, address receiver, address owner, uint256 minAssets) external returns (uint256) {
        return _redeemShares(shares, receiver, owner, minAssets, false);
    }

    /// @inheritdoc ILRTVault
    function redeemETH(uint256 shares, address payable receiver, address owner, uint256 minAssets)
        external
        returns (uint256)
    {
        return _redeemShares(shares, receiver, owner, minAssets, true);
    }

    /// @inheritdoc ILRTVault
    function fundReserve(uint256 assets) external nonReentrant returns (uint256 shares) {
        if (_head.paused) revert ErrorsLib.Paused();
        shares = _toSharesDown(assets);
        if (shares == 0) revert ErrorsLib.ZeroShares();
        SafeERC20.safeTransferFrom(WETH, msg.sender, address(this), assets);
        _addIdle(assets);
        reserveShares += shares;
        _mint(address(this), shares);
        emit EventsLib.ReserveFunded(msg.sender, assets, shares);
    }

    // Each depositor path reads the two accounting slots once and derives totalAssets once (`_snapshot`); the
    // checks (pause, cap, buffer, slippage bound) are the same as in the views, from the same numbers.

    function _depositAssets(uint256 assets, address receiver, uint256 minShares, bool eth)
        internal
        nonReentrant
        returns (uint256 shares)
    {
        (Head memory h, uint256 total) = _snapshot();
        uint256 maxAssets = _maxDepositOf(h, total);
        if (assets > maxAssets) revert ERC4626ExceededMaxDeposit(receiver, assets, maxAssets);
        shares = assets.mulDivDown(_virtualSupplyOf(h), total + 1);
        if (shares == 0) revert ErrorsLib.ZeroShares();
        if (shares < minShares) revert ErrorsLib.SharesBelowMin(shares, minShares);
        _enter(receiver, assets, shares, eth);
    }

    function _mintShares(uint256 shares, address receiver, uint256 maxAssets)
        internal
        nonReentrant
        returns (uint256 assets)
    {
        if (shares == 0) revert ErrorsLib.ZeroShares();
        (Head memory h, uint256 total) = _snapshot();
        assets = shares.mulDivUp(total + 1, _virtualSupplyOf(h));
        uint256 depositable = _maxDepositOf(h, total);
        if (assets > depositable) revert ERC4626ExceededMaxDeposit(receiver, assets, depositable);
        if (assets > maxAssets) revert ErrorsLib.AssetsAboveMax(assets, maxAssets);
        _enter(receiver, assets, shares, false);
    }

    function _withdrawAssets(uint256 assets, address receiver, address owner, uint256 maxShares, bool eth)
        internal
        nonReentrant
        returns (uint256 shares)
    {
        (Head memory h, uint256 total) = _snapshot();
        uint256 maxAssets = _maxWithdrawOf(h, total, owner);
        if (assets > maxAssets) revert ERC4626ExceededMaxWithdraw(owner, assets, maxAssets);
        shares = assets.mulDivUp(_virtualSupplyOf(h), total + 1);
        if (shares > maxShares) revert ErrorsLib.SharesAboveMax(shares, maxShares);
        _exit(receiver, owner, assets, shares, eth);
    }

    function _redeemShares(uint256 shares, address receiver, address owner, uint256 minAssets, bool eth)
        internal
        nonReentrant
        returns (uint256 assets)
    {
        (Head memory h, uint256 total) = _snapshot();
        uint256 maxShares = _maxRedeemOf(h, total, owner);
        if (shares > maxShares) revert ERC4626ExceededMaxRedeem(owner, shares, maxShares);
        assets = shares.mulDivDown(total + 1, _virtualSupplyOf(h));
        if (assets < minAssets) revert ErrorsLib.AssetsBelowMin(assets, minAssets);
        _exit(receiver, owner, assets, shares, eth);
    }

    function _enter(address receiver, uint256 assets, uint256 shares, bool eth) internal {
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

    function _addIdle(uint256 assets) internal {
        _head.idle = (uint256(_head.idle) + assets).toUint96();
    }

    // =============================================================================================
    // Keeper: moves and reports
    // =============================================================================================

    /// @inheritdoc ILRTVault
    function allocate(address adapter, uint256 assets, uint256 minValueOut)
        external
        nonReentrant
        returns (uint256 valueIn)
    {
        _checkRole(ALLOCATOR_ROLE);
        ++rebalanceNonce;
        return _allocate(adapter, assets, minValueOut);
    }

    /// @inheritdoc ILRTVault
    function deallocate(address adapter, uint256 assets, uint256 minAssetsOut)
        external
        nonReentrant
        returns (uint256 assetsOut)
    {
        _checkRole(ALLOCATOR_ROLE);
        ++rebalanceNonce;
        return _deallocate(adapter, assets, minAssetsOut);
    }

    /// @inheritdoc ILRTVault
    function rebalance(Move[] calldata moves, uint256 expectedNonce) external nonReentrant {
        _checkRole(ALLOCATOR_ROLE);
        uint256 nonce = rebalanceNonce;
        if (expectedNonce != nonce) revert ErrorsLib.NonceMismatch(expectedNonce, nonce);
        if (moves.length > ConstantsLib.MAX_MOVES) revert ErrorsLib.TooManyMoves(moves.length);
        rebalanceNonce = ++nonce;
        for (uint256 i; i < moves.length; ++i) {
            Move calldata m = moves[i];
            if (m.deposit) _allocate(m.adapter, m.assets, m.limit);
            else _deallocate(m.adapter, m.assets, m.limit);
        }
        emit EventsLib.Rebalance(msg.sender, moves.length, nonce);
    }

    /// @inheritdoc ILRTVault
    function requestExit(address adapter, uint256 assets) external nonReentrant returns (uint256 requestId) {
        _checkRole(ALLOCATOR_ROLE);
        uint256 nonce = ++rebalanceNonce;
        uint256 removed;
        (removed,, requestId) = _exitMove(adapter, REQUEST_EXIT, assets, 0);
        emit EventsLib.ExitRequested(adapter, assets, requestId, removed, nonce);
    }

    /// @inheritdoc ILRTVault
    function claimExits(address adapter) external nonReentrant returns (uint256 assetsOut) {
        _checkRole(ALLOCATOR_ROLE);
        uint256 nonce = ++rebalanceNonce;
        uint256 removed;
        (removed, assetsOut,) = _exitMove(adapter, CLAIM_EXITS, 0, 0);
        emit EventsLib.ExitsClaimed(adapter, removed, assetsOut, nonce);
    }

    /// @inheritdoc ILRTVault
    function report() external nonReentrant returns (uint256 profit, uint256 loss) {
        _checkRole(ALLOCATOR_ROLE);
        uint256 priceBefore = _pricePerShare();
        uint256 totalBefore = _totalAssets();
        uint256 gain;
        uint256 lost;
        uint256 n = _adapters.length;
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
            _setAllocation(cfg, value);
        }
        if (gain > lost) {
            profit = gain - lost;
            _lockProfit(profit, totalBefore);
        } else if (lost > gain) {
            loss = lost - gain;
            _absorbLoss(loss, totalBefore);
        }
        uint256 priceAfter = _pricePerShare();
        emit EventsLib.Report(msg.sender, profit, loss, priceAfter);
        _publishPrice(priceBefore, priceAfter);
    }

    /// @dev Values `adapter` without letting it revert or grief the caller. A failure is a revert (`reason`: its
    /// revert data, at most MAX_REASON_BYTES of it, so a return bomb costs little) or garbage: a return shorter than
    /// one word or a value above MAX_VALUATION (`reason`: an encoded InvalidValuation). A low-level call because a
    /// high-level one reverts the caller itself when the return does not decode.
    function _valuation(address adapter) internal view returns (bool ok, uint256 value, bytes memory reason) {
        bytes4 selector = IAdapter.realAssets.selector;
        uint256 size;
        assembly ("memory-safe") {
            mstore(0, selector)
            ok := staticcall(gas(), adapter, 0, 4, 0, 32)
            size := returndatasize()
            value := mul(mload(0), gt(size, 31))
        }
        if (ok) {
            if (size >= 32 && value <= ConstantsLib.MAX_VALUATION) return (true, value, reason);
            return (false, 0, abi.encodeWithSelector(ErrorsLib.InvalidValuation.selector, size, value));
        }
        size = MathLib.min(size, ConstantsLib.MAX_REASON_BYTES);
        reason = new bytes(size);
        assembly ("memory-safe") {
            returndatacopy(add(reason, 32), 0, size)
        }
        value = 0;
    }

    function _allocate(address adapter, uint256 assets, uint256 minValueOut) internal returns (uint256 valueIn) {
        if (_head.paused) revert ErrorsLib.Paused();
        AdapterConfig storage cfg = _registered(adapter);
        if (cfg.impaired) revert ErrorsLib.AdapterImpaired(adapter);
        if (assets == 0) revert ErrorsLib.ZeroAmount();
        uint256 idle = _head.idle;
        if (assets > idle) revert ErrorsLib.InsufficientIdle(assets, idle);
        uint256 requiredBefore = _requiredReserve();
        uint256 totalBefore = _totalAssets();
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
        if (lost != 0) _absorbLoss(lost, totalBefore);
        emit EventsLib.Allocate(adapter, assets, valueIn, lost, rebalanceNonce);
        _checkCapsAndReserve(adapter, cfg, requiredBefore);
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
        if (assets == 0 && kind != CLAIM_EXITS) revert ErrorsLib.ZeroAmount();
        uint256 totalBefore = _totalAssets();
        uint256 valueBefore = IAdapter(adapter).realAssets();
        uint256 balanceBefore = WETH.balanceOf(address(this));

        if (kind == DEALLOCATE) IAdapter(adapter).deallocate(assets, minAssetsOut);
        else if (kind == REQUEST_EXIT) requestId = IAdapter(adapter).requestExit(assets);
        else IAdapter(adapter).claimExits();

        received = WETH.balanceOf(address(this)) - balanceBefore;
        if (received < minAssetsOut) revert ErrorsLib.AssetsBelowMin(received, minAssetsOut);
        removed = MathLib.zeroFloorSub(valueBefore, IAdapter(adapter).realAssets());
        if (kind != CLAIM_EXITS) _checkSlippage(MathLib.zeroFloorSub(removed, received), assets);
        _settleExit(cfg, removed, received, totalBefore);
    }

    /// @dev Books value `removed` from `adapter` against `received` WETH: the recorded allocation falls by what was
    /// removed (at most what was recorded); the difference with what came back is a realised profit or loss.
    function _settleExit(AdapterConfig storage cfg, uint256 removed, uint256 received, uint256 totalBefore) internal {
        uint256 recorded = cfg.allocation;
        uint256 cut = MathLib.min(removed, recorded);
        _setAllocation(cfg, recorded - cut);
        _addIdle(received);
        if (received > cut) _lockProfit(received - cut, totalBefore);
        else if (cut > received) _absorbLoss(cut - received, totalBefore);
    }

    function _setAllocation(AdapterConfig storage cfg, uint256 newAllocation) internal {
        uint256 old = cfg.allocation;
        cfg.allocation = newAllocation;
        _book.allocated = (uint256(_book.allocated) - old + newAllocation).toUint96();
        tierAllocated[cfg.tierId] = tierAllocated[cfg.tierId] - old + newAllocation;
    }

    /// @dev Fee and insurance parts are minted as shares at the price before the profit (price-neutral);
    /// the rest is locked and unlocks linearly from now over profitUnlockPeriod.
    function _lockProfit(uint256 profit, uint256 totalBefore) internal {
        uint256 feeAssets = feeRecipient == address(0) ? 0 : profit.mulDivDown(performanceFeeBps, ConstantsLib.BPS);
        uint256 insuranceAssets = profit.mulDivDown(insuranceFeeBps, ConstantsLib.BPS);
        uint256 supply = _virtualSupply();
        uint256 feeShares = feeAssets.mulDivDown(supply, totalBefore + 1);
        uint256 insuranceShares = insuranceAssets.mulDivDown(supply, totalBefore + 1);
        uint256 locked = lockedProfit() + profit - feeAssets - insuranceAssets;
        Book storage b = _book;
        b.locked = locked.toUint96();
        b.unlockEnd = (block.timestamp + profitUnlockPeriod).toUint40();
        b.unlockSpan = uint256(profitUnlockPeriod).toUint24();
        if (feeShares != 0) _mint(feeRecipient, feeShares);
        if (insuranceShares != 0) {
            reserveShares += insuranceShares;
            _mint(address(this), insuranceShares);
        }
        emit EventsLib.ProfitLocked(profit, feeAssets, feeShares, insuranceAssets, insuranceShares, locked);
    }

    /// @dev Reserve first (burning shares worth the loss at the pre-loss price, rounded up so other holders keep
    /// their price), then still-locked profit, then the share price. The unlock schedule's end is kept.
    function _absorbLoss(uint256 loss, uint256 totalBefore) internal {
        uint256 supply = _virtualSupply();
        uint256 burn = loss.mulDivUp(supply, totalBefore + 1);
        uint256 covered = loss;
        uint256 reserve = reserveShares;
        if (burn > reserve) {
            burn = reserve;
            covered = reserve.mulDivDown(totalBefore + 1, supply);
        }
        if (burn != 0) {
            reserveShares = reserve - burn;
            _burn(address(this), burn);
        }
        uint256 rest = loss - covered;
        uint256 locked = lockedProfit();
        uint256 cancelled = MathLib.min(locked, rest);
        if (cancelled != 0) {
            // Restarts the line from now to the same end: locked != 0 implies block.timestamp < unlockEnd.
            Book storage b = _book;
            b.locked = uint96(locked - cancelled);
            b.unlockSpan = uint24(b.unlockEnd - block.timestamp);
        }
        emit EventsLib.LossRecognised(loss, covered, burn, cancelled, rest - cancelled);
    }

    /// @dev Hands the report's price move to the feed, which publishes it unless a bound is breached; a breach
    /// pauses the vault and halts the feed on its last good round until the guardian or admin resumes.
    function _publishPrice(uint256 priceBefore, uint256 priceAfter) internal {
        if (_head.priceHalted) return;
        if (!priceFeed.publish(priceBefore, priceAfter, maxPriceChangePerReportBps, maxPriceChangePerDayBps)) {
            _head.priceHalted = true;
            _head.paused = true;
            emit EventsLib.PriceBoundBreached(priceBefore, priceAfter);
            emit EventsLib.Pause(msg.sender);
        }
    }

    function _checkSlippage(uint256 lost, uint256 moved) internal view {
        uint256 maxLost = moved.mulDivDown(maxSlippageBps, ConstantsLib.BPS);
        if (lost > maxLost) revert ErrorsLib.SlippageTooHigh(lost, maxLost);
    }

    function _checkCapsAndReserve(address adapter, AdapterConfig storage cfg, uint256 requiredBefore) internal view {
        if (cfg.allocation > cfg.cap) revert ErrorsLib.AdapterCapExceeded(adapter, cfg.allocation, cfg.cap);
        uint256 total = _totalAssets();
        uint8 tierId = cfg.tierId;
        uint256 tierCap = total.mulDivDown(_tiers[tierId].capBps, ConstantsLib.BPS);
        if (tierAllocated[tierId] > tierCap) revert ErrorsLib.TierCapExceeded(tierId, tierAllocated[tierId], tierCap);
        uint256 floor = total.mulDivUp(bufferFloorBps, ConstantsLib.BPS);
        uint256 idle = _head.idle;
        if (idle < floor) revert ErrorsLib.BufferBelowFloor(idle, floor);
        uint256 required = _requiredReserve();
        if (required > requiredBefore) {
            uint256 reserve = _toAssetsDown(reserveShares);
            if (reserve < required) revert ErrorsLib.ReserveRuleBroken(reserve, required);
        }
    }

    function _registered(address adapter) internal view returns (AdapterConfig storage cfg) {
        cfg = _config[adapter];
        if (!cfg.registered) revert ErrorsLib.UnknownAdapter(adapter);
    }

    // =============================================================================================
    // Curator settings (risk-raising changes are timelocked), guardian, admin
    // =============================================================================================

    /// @notice Records that `data` (a setter's exact calldata) may be executed after the timelock. Curator only.
    /// @param data The full calldata of the later setter call.
    function submit(bytes calldata data) external {
        _checkRole(CURATOR_ROLE);
        if (executableAt[data] != 0) revert ErrorsLib.AlreadyPending();
        uint256 at = block.timestamp + timelock;
        executableAt[data] = at;
        emit EventsLib.Submit(bytes4(data), data, at);
    }

    /// @notice Cancels the pending change `data`. Guardian or curator.
    /// @param data The calldata given to `submit`.
    function revoke(bytes calldata data) external {
        if (!hasRole[GUARDIAN_ROLE][msg.sender]) _checkRole(CURATOR_ROLE);
        if (executableAt[data] == 0) revert ErrorsLib.NotSubmitted();
        delete executableAt[data];
        emit EventsLib.Revoke(msg.sender, bytes4(data), data);
    }

    /// @notice Registers `adapter` in tier `tierId` with absolute cap `cap`. Timelocked (raises risk).
    /// @param adapter An adapter whose vault is this vault and whose asset is WETH.
    /// @param tierId Risk tier, below MAX_TIERS.
    /// @param cap Absolute cap on the adapter's allocation, in assets.
    function addAdapter(address adapter, uint8 tierId, uint256 cap) external {
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
        _config[adapter] = AdapterConfig({registered: true, tierId: tierId, impaired: false, cap: cap, allocation: 0});
        _adapters.push(adapter);
        emit EventsLib.AdapterAdded(adapter, tierId, cap);
    }

    /// @notice Removes `adapter`; only when its recorded allocation and its realAssets are both zero, or when it is
    /// impaired, written off (recorded allocation zero) and its valuation still fails. Immediate.
    /// @dev Whatever a written-off adapter still holds was already recognised as lost; re-adding the adapter (timelocked)
    /// lets a later report recognise anything it recovers as profit, so nothing is stuck for good.
    /// @param adapter A registered adapter.
    function removeAdapter(address adapter) external {
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
                break;
            }
        }
        delete _config[adapter];
        emit EventsLib.AdapterRemoved(adapter);
    }

    /// @notice Sets the absolute cap of `adapter`. Raising is timelocked, lowering is immediate.
    /// @param adapter A registered adapter.
    /// @param cap The new cap, in assets.
    function setAdapterCap(address adapter, uint256 cap) external {
        AdapterConfig storage cfg = _registered(adapter);
        _authorize(cap > cfg.cap);
        cfg.cap = cap;
        emit EventsLib.AdapterCapSet(adapter, cap);
    }

    /// @notice Sets tier `tierId`. Raising capBps or lowering coverageBps is timelocked; the opposite is immediate.
    /// @param tierId Tier id, below MAX_TIERS.
    /// @param capBps Cap on the tier's share of total assets, in bps.
    /// @param coverageBps Share of each allocation in the tier the reserve must cover, in bps.
    function setTier(uint8 tierId, uint16 capBps, uint16 coverageBps) external {
        if (tierId >= ConstantsLib.MAX_TIERS) revert ErrorsLib.InvalidTier(tierId);
        _checkBps(capBps, ConstantsLib.BPS);
        _checkBps(coverageBps, ConstantsLib.BPS);
        Tier storage t = _tiers[tierId];
        _authorize(capBps > t.capBps || coverageBps < t.coverageBps);
        t.capBps = capBps;
        t.coverageBps = coverageBps;
        emit EventsLib.TierSet(tierId, capBps, coverageBps);
    }

    /// @notice Sets the liquid-buffer floor. Lowering is timelocked, raising is immediate.
    /// @param bps Share of total assets that must stay idle after an allocation.
    function setBufferFloor(uint16 bps) external {
        _checkBps(bps, ConstantsLib.BPS);
        _authorize(bps < bufferFloorBps);
        bufferFloorBps = bps;
        emit EventsLib.BufferFloorSet(bps);
    }

    /// @notice Sets the per-move slippage bound. Raising is timelocked, lowering is immediate.
    /// @param bps Largest value loss one move may take, in bps of the move.
    function setMaxSlippage(uint16 bps) external {
        _checkBps(bps, ConstantsLib.BPS);
        _authorize(bps > maxSlippageBps);
        maxSlippageBps = bps;
        emit EventsLib.MaxSlippageSet(bps);
    }

    /// @notice Sets the performance fee and the insurance cut. Raising either is timelocked.
    /// @param performanceBps Share of profit to `feeRecipient`.
    /// @param insuranceBps Share of profit to the insurance reserve.
    function setFees(uint16 performanceBps, uint16 insuranceBps) external {
        _checkBps(uint256(performanceBps) + insuranceBps, ConstantsLib.MAX_FEE_BPS);
        _authorize(performanceBps > performanceFeeBps || insuranceBps > insuranceFeeBps);
        performanceFeeBps = performanceBps;
        insuranceFeeBps = insuranceBps;
        emit EventsLib.FeesSet(performanceBps, insuranceBps);
    }

    /// @notice Sets the cap on total assets. Raising is timelocked, lowering is immediate.
    /// @param cap Largest total assets deposits may reach.
    function setDepositCap(uint256 cap) external {
        _authorize(cap > depositCap);
        depositCap = cap;
        _head.capped = cap != type(uint256).max;
        emit EventsLib.DepositCapSet(cap);
    }

    /// @notice Sets the profit unlock period. Shortening is timelocked, lengthening is immediate.
    /// @param period Seconds over which new profit unlocks (1 .. MAX_UNLOCK_PERIOD).
    function setProfitUnlockPeriod(uint64 period) external {
        if (period == 0 || period > ConstantsLib.MAX_UNLOCK_PERIOD) revert ErrorsLib.InvalidDuration(period);
        _authorize(period < profitUnlockPeriod);
        profitUnlockPeriod = period;
        emit EventsLib.ProfitUnlockPeriodSet(period);
    }

    /// @notice Sets the share-price bounds. Raising either is timelocked, lowering is immediate.
    /// @param perReportBps Largest price move of one report, in bps.
    /// @param perDayBps Largest price move within one day, in bps.
    function setPriceBounds(uint16 perReportBps, uint16 perDayBps) external {
        _checkBps(perReportBps, ConstantsLib.BPS);
        _checkBps(perDayBps, ConstantsLib.BPS);
        _authorize(perReportBps > maxPriceChangePerReportBps || perDayBps > maxPriceChangePerDayBps);
        maxPriceChangePerReportBps = perReportBps;
        maxPriceChangePerDayBps = perDayBps;
        emit EventsLib.PriceBoundsSet(perReportBps, perDayBps);
    }

    /// @notice Sets the curator timelock. Lengthening is immediate, shortening is timelocked.
    /// @param newTimelock Seconds between `submit` and execution (at most MAX_TIMELOCK).
    function setTimelock(uint64 newTimelock) external {
        if (newTimelock > ConstantsLib.MAX_TIMELOCK) revert ErrorsLib.InvalidDuration(newTimelock);
        _authorize(newTimelock < timelock);
        timelock = newTimelock;
        emit EventsLib.TimelockSet(newTimelock);
    }

    /// @notice Grants (`granted` true) or revokes `role` of `account`. Admin only; an admin may revoke itself.
    /// @param role One of DEFAULT_ADMIN_ROLE, CURATOR_ROLE, ALLOCATOR_ROLE, GUARDIAN_ROLE.
    /// @param account The account.
    /// @param granted Whether `account` holds `role` afterwards.
    function setRole(bytes32 role, address account, bool granted) external {
        _checkRole(DEFAULT_ADMIN_ROLE);
        _setRole(role, account, granted);
    }

    /// @notice Sets the performance fee recipient. Admin only.
    /// @param recipient Receiver of fee shares (zero: no performance fee is taken).
    function setFeeRecipient(address recipient) external {
        _checkRole(DEFAULT_ADMIN_ROLE);
        feeRecipient = recipient;
        emit EventsLib.FeeRecipientSet(recipient);
    }

    /// @inheritdoc ILRTVault
    /// @dev Immediate, unlike risk-raising settings: it only recognises a loss that already happened at an adapter the
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
        _absorbLoss(recorded - newValue, totalBefore);
        _publishPrice(priceBefore, _pricePerShare());
    }

    /// @notice Pauses deposits, withdrawals, reserve funding and new allocations. Guardian only.
    function pause() external {
        _checkRole(GUARDIAN_ROLE);
        _head.paused = true;
        emit EventsLib.Pause(msg.sender);
    }

    /// @notice Resumes the vault; clears a price halt, restarts the day window and publishes the current price.
    /// Guardian or admin.
    function unpause() external {
        if (!hasRole[GUARDIAN_ROLE][msg.sender]) _checkRole(DEFAULT_ADMIN_ROLE);
        if (!_head.paused) revert ErrorsLib.NotPaused();
        _head.paused = false;
        emit EventsLib.Unpause(msg.sender);
        if (_head.priceHalted) {
            _head.priceHalted = false;
            priceFeed.resume(_pricePerShare());
        }
    }

    /// @dev Risk-lowering changes: curator. Risk-raising changes: curator, with a matured `submit` of this exact
    /// calldata, which is consumed.
    function _authorize(bool raisesRisk) internal {
        _checkRole(CURATOR_ROLE);
        if (!raisesRisk) return;
        uint256 at = executableAt[msg.data];
        if (at == 0) revert ErrorsLib.NotSubmitted();
        if (block.timestamp < at) revert ErrorsLib.TimelockNotExpired(at);
        delete executableAt[msg.data];
        emit EventsLib.Accept(bytes4(msg.data), msg.data);
    }

    function _checkRole(bytes32 role) internal view {
        if (!hasRole[role][msg.sender]) revert ErrorsLib.Unauthorized(msg.sender, role);
    }

    function _setRole(bytes32 role, address account, bool granted) internal {
        if (account == address(0)) revert ErrorsLib.ZeroAddress();
        hasRole[role][account] = granted;
        emit EventsLib.RoleSet(role, account, granted);
    }

    function _checkBps(uint256 bps, uint256 max) internal pure {
        if (bps > max) revert ErrorsLib.BpsTooHigh(bps, max);
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

    /// @inheritdoc ILRTVault
    function pricePerShare() external view returns (uint256) {
        _guardView();
        return _pricePerShare();
    }

    /// @inheritdoc ILRTVault
    function reserveAssets() external view returns (uint256) {
        _guardView();
        return _toAssetsDown(reserveShares);
    }

    /// @inheritdoc ILRTVault
    function requiredReserve() external view returns (uint256) {
        return _requiredReserve();
    }

    /// @inheritdoc ILRTVault
    function lockedProfit() public view returns (uint256) {
        return _lockedOf(_book);
    }

    /// @inheritdoc ILRTVault
    function idleAssets() external view returns (uint256) {
        return _head.idle;
    }

    /// @notice Running sum of recorded adapter values.
    function totalAllocated() external view returns (uint256) {
        return _book.allocated;
    }

    /// @inheritdoc ILRTVault
    function paused() external view returns (bool) {
        return _head.paused;
    }

    /// @inheritdoc ILRTVault
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

    /// @inheritdoc ILRTVault
    function adapters() external view returns (address[] memory) {
        return _adapters;
    }

    /// @inheritdoc ILRTVault
    function allocation(address adapter) external view returns (uint256) {
        return _config[adapter].allocation;
    }

    /// @inheritdoc ILRTVault
    function isImpaired(address adapter) external view returns (bool) {
        return _config[adapter].impaired;
    }

    /// @inheritdoc ILRTVault
    function adapterCap(address adapter) external view returns (uint256) {
        return _config[adapter].cap;
    }

    /// @inheritdoc ILRTVault
    function adapterTier(address adapter) external view returns (uint8) {
        return _config[adapter].tierId;
    }

    /// @inheritdoc ILRTVault
    function tier(uint8 tierId) external view returns (Tier memory) {
        return _tiers[tierId];
    }

    function _guardView() internal view {
        if (_reentrancyGuardEntered()) revert ErrorsLib.ReentrantView();
    }

    function _totalAssets() internal view returns (uint256) {
        Book memory b = _book;
        return uint256(_head.idle) + b.allocated - _lockedOf(b);
    }

    /// @dev Both accounting slots, read once, and the totalAssets they give.
    function _snapshot() internal view returns (Head memory h, uint256 total) {
        h = _head;
        Book memory b = _book;
        total = uint256(h.idle) + b.allocated - _lockedOf(b);
    }

    function _lockedOf(Book memory b) internal view returns (uint256) {
        uint256 end = b.unlockEnd;
        if (block.timestamp >= end) return 0;
        return uint256(b.locked).mulDivUp(end - block.timestamp, b.unlockSpan);
    }

    function _pricePerShare() internal view returns (uint256) {
        return _toAssetsDown(10 ** decimals());
    }

    function _requiredReserve() internal view returns (uint256 required) {
        for (uint8 t; t < ConstantsLib.MAX_TIERS; ++t) {
            uint256 allocated = tierAllocated[t];
            if (allocated != 0) required += allocated.mulDivUp(_tiers[t].coverageBps, ConstantsLib.BPS);
        }
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
        return cap > total ? cap - total : 0;
    }

    function _maxWithdraw(address owner) internal view returns (uint256) {
        (Head memory h, uint256 total) = _snapshot();
        return _maxWithdrawOf(h, total, owner);
    }

    function _maxWithdrawOf(Head memory h, uint256 total, address owner) internal view returns (uint256) {
        if (h.paused) return 0;
        return MathLib.min(_shares[owner].mulDivDown(total + 1, _virtualSupplyOf(h)), h.idle);
    }

    function _maxRedeem(address owner) internal view returns (uint256) {
        (Head memory h, uint256 total) = _snapshot();
        return _maxRedeemOf(h, total, owner);
    }

    function _maxRedeemOf(Head memory h, uint256 total, address owner) internal view returns (uint256) {
        if (h.paused) return 0;
        return MathLib.min(_shares[owner], uint256(h.idle).mulDivDown(_virtualSupplyOf(h), total + 1));
    }

    /// @dev OZ's internal conversions, kept consistent for anything inherited that might call them.
    function _convertToShares(uint256 assets, Math.Rounding rounding) internal view override returns (uint256) {
        return rounding == Math.Rounding.Floor ? _toSharesDown(assets) : _toSharesUp(assets);
    }

    function _convertToAssets(uint256 shares, Math.Rounding rounding) internal view override returns (uint256) {
        return rounding == Math.Rounding.Floor ? _toAssetsDown(shares) : _toAssetsUp(shares);
    }

    function _toSharesDown(uint256 assets) internal view returns (uint256) {
        return assets.mulDivDown(_virtualSupply(), _totalAssets() + 1);
    }

    function _toSharesUp(uint256 assets) internal view returns (uint256) {
        return assets.mulDivUp(_virtualSupply(), _totalAssets() + 1);
    }

    function _toAssetsDown(uint256 shares) internal view returns (uint256) {
        return shares.mulDivDown(_totalAssets() + 1, _virtualSupply());
    }

    function _toAssetsUp(uint256 shares) internal view returns (uint256) {
        return shares.mulDivUp(_totalAssets() + 1, _virtualSupply());
    }

    function _virtualSupply() internal view returns (uint256) {
        return uint256(_head.supply) + 10 ** ConstantsLib.DECIMALS_OFFSET;
    }

    function _virtualSupplyOf(Head memory h) internal pure returns (uint256) {
        return uint256(h.supply) + 10 ** ConstantsLib.DECIMALS_OFFSET;
    }

    /// @dev OZ ERC20's balance and supply bookkeeping over this vault's own storage (supply packed in `_head`), with
    /// OZ's errors and event. A balance never exceeds the supply, so only the supply's growth needs a check.
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0)) {
            _head.supply = (uint256(_head.supply) + value).toUint128();
        } else {
            uint256 fromBalance = _shares[from];
            if (fromBalance < value) revert ERC20InsufficientBalance(from, fromBalance, value);
            unchecked {
                _shares[from] = fromBalance - value;
            }
        }
        if (to == address(0)) {
            unchecked {
                _head.supply = uint128(_head.supply - value);
            }
        } else {
            unchecked {
                _shares[to] += value;
            }
        }
        emit Transfer(from, to, value);
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return ConstantsLib.DECIMALS_OFFSET;
    }
}
