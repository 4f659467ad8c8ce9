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

import {IAdapter} from "../interfaces/IAdapter.sol";
import {ILRTVault} from "../interfaces/ILRTVault.sol";
import {IJuniorTranche, IJuniorCover} from "../interfaces/IJuniorTranche.sol";
import {IWETH9} from "../interfaces/protocols/IWETH9.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {TrancheErrorsLib} from "./TrancheErrorsLib.sol";
import {TrancheEventsLib} from "./TrancheEventsLib.sol";

/// @title JuniorTranche
/// @notice First-loss capital for the vault's holders: ERC-4626 over the vault's shares. Anyone deposits vault shares,
/// WETH or ETH and receives junior shares; the tranche holds the vault shares. On a recognised loss the vault burns
/// the reserve's shares first, then this tranche's (a plain balance change inside the vault: nothing here can block,
/// revert or delay a loss), then still-locked profit, then the senior price. In return junior capital earns a premium:
/// the insurance cut beyond the reserve's target, in proportion to the coverage it holds, minted by the vault as
/// shares, and the vault repays what junior capital covered at an adapter from that adapter's later gains, before the
/// reserve's debt and before fees.
/// @dev Spec, in the order the code follows:
/// - Accounting reads the tranche's vault-share balance. A fall since the last sync is a loss (it cancels unstreamed
///   premium first); a rise that no deposit explains (premium, recovery, donation) streams into the junior price over
///   the vault's profitUnlockPeriod, blended as the vault blends profit, so a holder who joins just before a report
///   earns at most the streamed part. Views apply an unsynced change as sync() would (an unsynced rise counts as
///   locked), so prices never jump on a sync.
/// - Junior shares carry a decimals offset of 3 (OZ virtual shares) over the vault share's 24 decimals.
/// - A loss that takes every vault share of the tranche wipes the layer out: a new era starts, balances and requests
///   of older eras are worth nothing, so old claims cannot dilute new capital (StRSR's idea).
/// - Exits are ERC-7540-style requests with a notice of at least MIN_NOTICE (21 days: EigenLayer's 14-day withdrawal
///   delay plus its 7-day slash resolution delay, so any loss visible at request is recognised before a claim).
///   Escrowed shares stay in the loss base and stop counting as coverage (coveringShares). A claim pays vault shares:
///   min(value at request, value at claim), so a loss during the notice is borne and later premium is not taken; the
///   difference stays with junior capital, streamed. A claim pays at most what keeps reserve + junior capital at or
///   above the vault's required reserve; the rest waits (a partial claim).
/// - No junior deposit or claim during an incident: the vault paused, an adapter impaired, or an adapter valued below
///   its record (a loss not yet recognised; anyone may call vault.recognizeLosses()). Requests are always allowed
///   (they dodge nothing). Nothing here can pause the vault's loss recognition.
/// - The notice period is set by the vault's curator: raising it waits the vault's timelock (holders can leave under
///   the terms they entered on), lowering applies at once, never below MIN_NOTICE.
contract JuniorTranche is ERC4626, ReentrancyGuardTransient, IJuniorTranche {
    using MathLib for uint256;
    using SafeCast for uint256;

    /// @notice Shortest notice of a junior exit: EigenLayer's withdrawal delay (14 days) plus its slash resolution
    /// delay (7 days).
    uint64 public constant MIN_NOTICE = 21 days;
    /// @notice Longest notice the curator may set.
    uint64 public constant MAX_NOTICE = 90 days;
    /// @dev Virtual junior shares per virtual vault share (OZ's inflation defence).
    uint8 internal constant DECIMALS_OFFSET = 3;
    /// @dev The vault's curator role id.
    bytes32 internal constant CURATOR_ROLE = keccak256("CURATOR_ROLE");

    ILRTVault internal immutable VAULT;
    IWETH9 internal immutable WETH;

    /// @dev An account's junior shares and the era they belong to (a balance of an older era reads as zero).
    struct Balance {
        uint64 era;
        uint192 amount;
    }

    /// @notice The current era: it starts anew each time a loss wipes junior capital out.
    uint64 public era;
    /// @notice Notice period of new exit requests, in seconds.
    uint64 public noticePeriod;
    /// @notice A submitted notice raise (zero: none).
    uint64 public pendingNotice;
    /// @notice When the submitted notice raise may be accepted.
    uint64 public pendingNoticeAt;

    uint256 internal _supply;
    mapping(address account => Balance) internal _balances;

    /// @dev Vault shares accounted for at the last sync (deposits, claims and syncs keep it equal to the balance).
    uint256 internal _known;
    /// @dev Premium line: `_locked` vault shares at `_unlockEnd - _unlockSpan`, falling linearly to zero at `_unlockEnd`.
    uint128 internal _locked;
    uint64 internal _unlockEnd;
    uint64 internal _unlockSpan;

    uint256 internal _nextRequestId;
    mapping(uint256 requestId => Request) internal _requests;

    /// @param vault_ The vault whose shares this tranche holds (its asset).
    /// @param weth The vault's WETH.
    /// @param notice Initial notice period, in [MIN_NOTICE, MAX_NOTICE].
    constructor(ILRTVault vault_, IWETH9 weth, uint64 notice)
        ERC20("LRT Vault junior tranche", "jLRT")
        ERC4626(IERC20(address(vault_)))
    {
        if (address(vault_) == address(0) || address(weth) == address(0)) revert TrancheErrorsLib.ZeroAddress();
        _checkNotice(notice);
        VAULT = vault_;
        WETH = weth;
        noticePeriod = notice;
        _nextRequestId = 1;
        emit TrancheEventsLib.NoticeSet(notice);
    }

    /// @notice Accepts native ETH only from WETH.
    receive() external payable {
        if (msg.sender != address(WETH)) revert TrancheErrorsLib.UnexpectedEth(msg.sender);
    }

    // =============================================================================================
    // Deposits
    // =============================================================================================

    /// @inheritdoc IERC4626
    /// @dev Deposits vault shares. Refused during an incident.
    function deposit(uint256 assets, address receiver) public override(ERC4626, IERC4626) nonReentrant returns (uint256) {
        _enterChecks(assets);
        return super.deposit(assets, receiver);
    }

    /// @inheritdoc IERC4626
    /// @dev Mints junior shares for vault shares. Refused during an incident.
    function mint(uint256 shares, address receiver) public override(ERC4626, IERC4626) nonReentrant returns (uint256) {
        _enterChecks(shares);
        return super.mint(shares, receiver);
    }

    /// @inheritdoc IJuniorTranche
    /// @dev Refused during an incident. The junior shares are priced before the vault shares arrive.
    function depositAssets(uint256 assets, address receiver, uint256 minShares)
        external
        nonReentrant
        returns (uint256 shares)
    {
        _enterChecks(assets);
        SafeERC20.safeTransferFrom(WETH, msg.sender, address(this), assets);
        SafeERC20.forceApprove(WETH, address(VAULT), assets);
        shares = _enterWith(VAULT.deposit(assets, address(this)), receiver, minShares);
    }

    /// @inheritdoc IJuniorTranche
    function depositETH(address receiver, uint256 minShares) external payable nonReentrant returns (uint256 shares) {
        _enterChecks(msg.value);
        shares = _enterWith(VAULT.depositETH{value: msg.value}(address(this), 0), receiver, minShares);
    }

    function _enterChecks(uint256 amount) internal {
        if (amount == 0) revert TrancheErrorsLib.ZeroAmount();
        _sync();
        _checkNoIncident();
    }

    /// @dev `vaultShares` just arrived from the vault for `receiver`: priced at the junior price before they arrived
    /// (an unsynced rise reads as locked, so the arrival itself moves no price).
    function _enterWith(uint256 vaultShares, address receiver, uint256 minShares) internal returns (uint256 shares) {
        if (receiver == address(0)) revert TrancheErrorsLib.ZeroAddress();
        shares = Math.mulDiv(vaultShares, _supply + 10 ** DECIMALS_OFFSET, _effective(_known) + 1);
        if (shares == 0 || shares < minShares) revert TrancheErrorsLib.SharesBelowMin(shares, minShares);
        _known += vaultShares;
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, vaultShares, shares);
    }

    /// @dev ERC-4626's deposit of vault shares: the arrival is accounted (no stream).
    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override {
        if (receiver == address(0)) revert TrancheErrorsLib.ZeroAddress();
        SafeERC20.safeTransferFrom(IERC20(address(VAULT)), caller, address(this), assets);
        _known += assets;
        _mint(receiver, shares);
        emit Deposit(caller, receiver, assets, shares);
    }

    // =============================================================================================
    // Exits: requests with notice
    // =============================================================================================

    /// @inheritdoc IJuniorTranche
    /// @dev Allowed during an incident (the escrowed shares stay in the loss base). The caller is `owner` or spends
    /// `owner`'s allowance.
    function requestRedeem(uint256 shares, address controller, address owner)
        external
        nonReentrant
        returns (uint256 requestId)
    {
        if (shares == 0) revert TrancheErrorsLib.ZeroAmount();
        if (controller == address(0)) revert TrancheErrorsLib.ZeroAddress();
        _sync();
        if (msg.sender != owner) _spendAllowance(owner, msg.sender, shares);
        uint256 value = _convertToAssets(shares, Math.Rounding.Floor);
        _transfer(owner, address(this), shares);
        requestId = _nextRequestId++;
        _requests[requestId] = Request({
            controller: controller,
            era: era,
            claimableAt: uint64(block.timestamp) + noticePeriod,
            shares: shares,
            valueAtRequest: value
        });
        emit TrancheEventsLib.RedeemRequest(controller, owner, requestId, msg.sender, shares);
    }

    /// @inheritdoc IJuniorTranche
    /// @dev Controller only, after the notice, never during an incident. A request of a wiped-out era closes with
    /// nothing paid. Pays vault shares: min(value at request, value now), at most what keeps reserve + junior capital
    /// at or above the vault's required reserve (the rest waits in the same request). The value the payout leaves
    /// behind streams to junior capital.
    function claim(uint256 requestId, address receiver) external nonReentrant returns (uint256 paid) {
        if (receiver == address(0)) revert TrancheErrorsLib.ZeroAddress();
        Request storage r = _requests[requestId];
        uint256 shares = r.shares;
        if (shares == 0) revert TrancheErrorsLib.UnknownRequest(requestId);
        if (msg.sender != r.controller) revert TrancheErrorsLib.NotController(requestId, msg.sender);
        _sync();
        if (r.era != era) {
            emit TrancheEventsLib.RequestWipedOut(requestId, r.era);
            delete _requests[requestId];
            return 0;
        }
        if (block.timestamp < r.claimableAt) revert TrancheErrorsLib.NoticeNotOver(requestId, r.claimableAt);
        _checkNoIncident();
        uint256 valueNow = _convertToAssets(shares, Math.Rounding.Floor);
        uint256 owed = MathLib.min(r.valueAtRequest, valueNow);
        paid = MathLib.min(owed, _claimRoom());
        if (paid == 0) revert TrancheErrorsLib.CoverageShort(VAULT.requiredReserve(), _heldAssets());
        // Junior shares that leave: all of them for a full claim, in proportion for a partial one.
        uint256 burned = paid == owed ? shares : Math.mulDiv(shares, paid, owed, Math.Rounding.Ceil);
        uint256 left = MathLib.zeroFloorSub(Math.mulDiv(valueNow, burned, shares), paid);
        uint256 remaining = shares - burned;
        if (remaining == 0) {
            delete _requests[requestId];
        } else {
            r.shares = remaining;
            r.valueAtRequest -= paid;
        }
        _burn(address(this), burned);
        _known -= paid;
        // What the leaver's shares were worth beyond the payout stays with junior capital, streamed.
        if (left != 0) _addLocked(left);
        emit TrancheEventsLib.RedeemClaimed(requestId, receiver, burned, paid, remaining);
        SafeERC20.safeTransfer(IERC20(address(VAULT)), receiver, paid);
    }

    /// @dev Vault shares a claim may take now: reserve + all junior capital above the vault's required reserve.
    function _claimRoom() internal view returns (uint256) {
        uint256 required = VAULT.requiredReserve();
        uint256 held = _heldAssets();
        if (held <= required) return 0;
        return VAULT.convertToShares(held - required);
    }

    /// @dev Reserve plus every vault share the tranche holds, in assets.
    function _heldAssets() internal view returns (uint256) {
        return VAULT.reserveAssets() + VAULT.convertToAssets(VAULT.balanceOf(address(this)));
    }

    /// @notice Junior exits are requests: withdraw is not served.
    function withdraw(uint256, address, address) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert TrancheErrorsLib.AsyncRedeemOnly();
    }

    /// @notice Junior exits are requests: redeem is not served.
    function redeem(uint256, address, address) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert TrancheErrorsLib.AsyncRedeemOnly();
    }

    /// @inheritdoc IERC4626
    function maxWithdraw(address) public pure override(ERC4626, IERC4626) returns (uint256) {
        return 0;
    }

    /// @inheritdoc IERC4626
    function maxRedeem(address) public pure override(ERC4626, IERC4626) returns (uint256) {
        return 0;
    }

    /// @inheritdoc IERC4626
    /// @dev Zero during an incident.
    function maxDeposit(address) public view override(ERC4626, IERC4626) returns (uint256) {
        (uint8 kind,) = incident();
        return kind == 0 ? type(uint192).max : 0;
    }

    /// @inheritdoc IERC4626
    function maxMint(address) public view override(ERC4626, IERC4626) returns (uint256) {
        (uint8 kind,) = incident();
        return kind == 0 ? type(uint192).max : 0;
    }

    // =============================================================================================
    // Accounting: balance-driven, streamed premium, eras
    // =============================================================================================

    /// @inheritdoc IJuniorTranche
    function sync() external nonReentrant {
        _sync();
    }

    /// @dev Books what changed in the vault-share balance since the last sync: a fall is a loss (unstreamed premium
    /// goes first; all of it gone starts a new era), a rise streams in.
    function _sync() internal {
        uint256 balance = VAULT.balanceOf(address(this));
        uint256 known = _known;
        if (balance == known) return;
        _known = balance;
        if (balance > known) {
            _addLocked(balance - known);
            return;
        }
        uint256 locked = _lockedNow();
        uint256 cancelled = MathLib.zeroFloorSub(locked, balance);
        if (cancelled != 0) {
            _locked = uint128(locked - cancelled);
            if (_unlockEnd > block.timestamp) _unlockSpan = uint64(_unlockEnd - block.timestamp);
        }
        emit TrancheEventsLib.LossSeen(known - balance, cancelled);
        if (balance == 0 && _supply != 0) {
            uint64 next = era + 1;
            era = next;
            _supply = 0;
            _locked = 0;
            emit TrancheEventsLib.NewEra(next);
        }
    }

    /// @dev Adds `amount` vault shares to the premium line, blending the end as the vault does for profit.
    function _addLocked(uint256 amount) internal {
        uint256 current = _lockedNow();
        uint256 locked = current + amount;
        uint256 end = _unlockEnd;
        uint256 remaining = end > block.timestamp ? end - block.timestamp : 0;
        uint256 span = (current * remaining + amount * VAULT.profitUnlockPeriod()) / locked;
        if (span == 0) span = 1;
        _locked = locked.toUint128();
        _unlockEnd = (block.timestamp + span).toUint64();
        _unlockSpan = uint64(span);
        emit TrancheEventsLib.PremiumStreamed(amount, locked, block.timestamp + span);
    }

    function _lockedNow() internal view returns (uint256) {
        uint256 end = _unlockEnd;
        if (block.timestamp >= end) return 0;
        return uint256(_locked).mulDivUp(end - block.timestamp, _unlockSpan);
    }

    /// @dev Vault shares that back junior shares at `balance`: what sync would leave unlocked.
    function _effective(uint256 balance) internal view returns (uint256) {
        uint256 known = _known;
        uint256 locked = _lockedNow();
        locked = balance > known ? locked + (balance - known) : MathLib.min(locked, balance);
        return balance - locked;
    }

    /// @dev Whether a sync now would start a new era (every vault share gone while junior shares exist).
    function _wipedOut(uint256 balance) internal view returns (bool) {
        return balance == 0 && _supply != 0 && _known != 0;
    }

    /// @inheritdoc IERC4626
    /// @dev Vault shares backing junior shares: the balance minus the premium still streaming.
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        return _effective(VAULT.balanceOf(address(this)));
    }

    /// @inheritdoc IERC20
    function totalSupply() public view override(ERC20, IERC20) returns (uint256) {
        return _wipedOut(VAULT.balanceOf(address(this))) ? 0 : _supply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) public view override(ERC20, IERC20) returns (uint256) {
        Balance memory b = _balances[account];
        uint64 current = _wipedOut(VAULT.balanceOf(address(this))) ? era + 1 : era;
        return b.era == current ? b.amount : 0;
    }

    /// @inheritdoc IERC20
    /// @dev Junior shares cannot be sent to the tranche itself (its balance is the escrow of pending exits).
    function transfer(address to, uint256 value) public override(ERC20, IERC20) nonReentrant returns (bool) {
        if (to == address(this)) revert ERC20InvalidReceiver(to);
        _sync();
        return super.transfer(to, value);
    }

    /// @inheritdoc IERC20
    function transferFrom(address from, address to, uint256 value)
        public
        override(ERC20, IERC20)
        nonReentrant
        returns (bool)
    {
        if (to == address(this)) revert ERC20InvalidReceiver(to);
        _sync();
        return super.transferFrom(from, to, value);
    }

    /// @dev ERC-20 bookkeeping over era-tagged balances (callers sync first, so `era` is current).
    function _update(address from, address to, uint256 value) internal override {
        uint64 current = era;
        if (from == address(0)) {
            _supply += value;
        } else {
            Balance storage b = _balances[from];
            uint256 have = b.era == current ? b.amount : 0;
            if (have < value) revert ERC20InsufficientBalance(from, have, value);
            b.era = current;
            b.amount = uint192(have - value);
        }
        if (to == address(0)) {
            _supply -= value;
        } else {
            Balance storage b = _balances[to];
            uint256 have = b.era == current ? b.amount : 0;
            b.era = current;
            b.amount = (have + value).toUint192();
        }
        emit Transfer(from, to, value);
    }

    function _convertToShares(uint256 assets, Math.Rounding rounding) internal view override returns (uint256) {
        return Math.mulDiv(assets, totalSupply() + 10 ** DECIMALS_OFFSET, totalAssets() + 1, rounding);
    }

    function _convertToAssets(uint256 shares, Math.Rounding rounding) internal view override returns (uint256) {
        return Math.mulDiv(shares, totalAssets() + 1, totalSupply() + 10 ** DECIMALS_OFFSET, rounding);
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return DECIMALS_OFFSET;
    }

    // =============================================================================================
    // Coverage and incidents (views)
    // =============================================================================================

    /// @inheritdoc IJuniorCover
    /// @dev The whole balance (streaming premium included: it burns like the rest) times the share of junior shares
    /// not escrowed by pending exits.
    function coveringShares() public view returns (uint256) {
        uint256 balance = VAULT.balanceOf(address(this));
        if (_wipedOut(balance) || _supply == 0) return 0;
        uint256 pending = _pendingShares();
        // Full-precision product: after a near wipe-out the junior supply can be many orders above the balance.
        return Math.mulDiv(balance, _supply - pending, _supply);
    }

    /// @inheritdoc IJuniorTranche
    function pendingShares() external view returns (uint256) {
        return _wipedOut(VAULT.balanceOf(address(this))) ? 0 : _pendingShares();
    }

    function _pendingShares() internal view returns (uint256) {
        Balance memory b = _balances[address(this)];
        return b.era == era ? b.amount : 0;
    }

    /// @inheritdoc IJuniorTranche
    function lockedPremium() external view returns (uint256) {
        uint256 balance = VAULT.balanceOf(address(this));
        return balance - _effective(balance);
    }

    /// @inheritdoc IJuniorTranche
    function premiumUnlockEnd() external view returns (uint256) {
        return _unlockEnd;
    }

    /// @inheritdoc IJuniorTranche
    function request(uint256 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    /// @notice ERC-7540: junior shares of `requestId` still in their notice period.
    function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256) {
        Request memory r = _requests[requestId];
        if (r.controller != controller || r.era != era || block.timestamp >= r.claimableAt) return 0;
        return r.shares;
    }

    /// @notice ERC-7540: junior shares of `requestId` past their notice (claimable unless an incident is open or the
    /// reserve rule leaves no room).
    function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256) {
        Request memory r = _requests[requestId];
        if (r.controller != controller || r.era != era || block.timestamp < r.claimableAt) return 0;
        return r.shares;
    }

    /// @inheritdoc IJuniorTranche
    function vault() external view returns (address) {
        return address(VAULT);
    }

    /// @inheritdoc IJuniorTranche
    /// @dev kind 0: none; 1: the vault is paused; 2: `adapter` is impaired; 3: `adapter`'s live value is below its
    /// record (a loss not yet recognised) or its valuation fails.
    function incident() public view returns (uint8 kind, address adapter) {
        if (VAULT.paused()) return (1, address(0));
        address[] memory list = VAULT.adapters();
        for (uint256 i; i < list.length; ++i) {
            adapter = list[i];
            if (VAULT.isImpaired(adapter)) return (2, adapter);
            try IAdapter(adapter).realAssets() returns (uint256 value) {
                if (value < VAULT.allocation(adapter)) return (3, adapter);
            } catch {
                return (3, adapter);
            }
        }
        return (0, address(0));
    }

    function _checkNoIncident() internal view {
        (uint8 kind, address adapter) = incident();
        if (kind != 0) revert TrancheErrorsLib.IncidentOpen(kind, adapter);
    }

    // =============================================================================================
    // Curator: notice period
    // =============================================================================================

    /// @notice Sets the notice period of new requests. Lowering (never below MIN_NOTICE) applies at once; raising is
    /// recorded and applies through acceptNotice() after the vault's timelock. The vault's curator only.
    /// @param notice Seconds, in [MIN_NOTICE, MAX_NOTICE].
    function setNoticePeriod(uint64 notice) external {
        _onlyCurator();
        _checkNotice(notice);
        if (notice <= noticePeriod) {
            noticePeriod = notice;
            pendingNotice = 0;
            pendingNoticeAt = 0;
            emit TrancheEventsLib.NoticeSet(notice);
            return;
        }
        uint64 at = uint64(block.timestamp) + VAULT.timelock();
        pendingNotice = notice;
        pendingNoticeAt = at;
        emit TrancheEventsLib.NoticeRaiseSubmitted(notice, at);
    }

    /// @notice Applies the submitted notice raise once the timelock has passed. The vault's curator only.
    function acceptNotice() external {
        _onlyCurator();
        uint64 notice = pendingNotice;
        if (notice == 0) revert TrancheErrorsLib.NothingPending();
        if (block.timestamp < pendingNoticeAt) revert TrancheErrorsLib.TimelockNotExpired(pendingNoticeAt);
        noticePeriod = notice;
        pendingNotice = 0;
        pendingNoticeAt = 0;
        emit TrancheEventsLib.NoticeSet(notice);
    }

    function _onlyCurator() internal view {
        if (!VAULT.hasRole(CURATOR_ROLE, msg.sender)) revert TrancheErrorsLib.NotCurator(msg.sender);
    }

    function _checkNotice(uint256 notice) internal pure {
        if (notice < MIN_NOTICE || notice > MAX_NOTICE) {
            revert TrancheErrorsLib.InvalidNotice(notice, MIN_NOTICE, MAX_NOTICE);
        }
    }
}
