// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IRswETH, IRswEXIT} from "../interfaces/protocols/ISwell.sol";
import {SimProtocolBase} from "./SimProtocolBase.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";

/// @title SimRswETH
/// @notice Simulated Swell rswETH: the token and its deposit entry point; holds the protocol's ETH.
/// @dev Rules kept from mainnet (contracts/simulation/README.md has the table):
/// - The published rate moves only when the repricing bot calls `reprice` (the sim's stand-in for
///   rswETH.reprice(preRewardETHReserves, newETHRewards, totalSupply)), at most once per `minimumRepriceTime`
///   and by at most `maxRepriceBps`: a larger honest move is refused, so a big loss stays outside the rate.
///   The true rate accrues as in `SimProtocolBase`; an EigenLayer slash of the protocol's operators also waits for
///   a reprice.
/// - An accepted downward reprice locks the protocol down: deposits, withdrawal requests and the bot stop
///   (`RepriceLockdown`) until a role (the owner) lifts it. Claims of processed requests still pay.
/// - Deposits can be restricted to a whitelist (off by default).
contract SimRswETH is IRswETH, ERC20, SimProtocolBase, ReentrancyGuard {
    /// @notice The exit queue allowed to settle withdrawals (set once).
    address public exitQueue;
    /// @notice The published base rate, as of the last accepted reprice.
    uint256 public repricedRate;
    /// @notice Timestamp of the last accepted reprice.
    uint256 public lastRepriceAt;
    /// @notice Largest move of one reprice, in bps.
    uint256 public maxRepriceBps = 100;
    /// @notice Shortest time between two reprices, in seconds.
    uint256 public minimumRepriceTime = 1 days;
    /// @notice Set by an accepted downward reprice; deposits, requests and the bot stop until lifted.
    bool public repriceLockdown;
    /// @notice The repricing bot (mainnet: the bot role).
    address public bot;
    /// @notice Whether deposits need the whitelist.
    bool public whitelistEnabled;
    /// @notice Addresses that may deposit while the whitelist is on.
    mapping(address => bool) public whitelisted;
    /// @notice Devnet shortcut, off by default: the published rate follows the true rate at once (as if the bot
    /// repriced every block, unbounded), for devnets that do not run the bot (keeper integration tests).
    bool public continuousPublishing;

    /// @notice ETH deposited for rswETH.
    event ETHDeposited(address indexed from, uint256 amount, uint256 minted);
    /// @notice The exit queue was wired.
    event ExitQueueSet(address exitQueue);
    /// @notice The bot repriced from `oldRate` to `newRate`.
    event Repriced(uint256 oldRate, uint256 newRate);
    /// @notice The lockdown after a downward reprice switched.
    event RepriceLockdownSet(bool on);
    /// @notice Mainnet's AccessControlManager events a lockdown emits (core methods: deposits; bot methods: reprices and
    /// processing; withdrawals: requests). The keeper's guard reads `BotMethodsPause` (keeper/chain/signals.ts).
    event CoreMethodsPause(bool newPausedStatus);
    /// @notice See `CoreMethodsPause`.
    event BotMethodsPause(bool newPausedStatus);
    /// @notice See `CoreMethodsPause`.
    event WithdrawalsPause(bool newPausedStatus);
    /// @notice Reprice bounds changed.
    event RepriceBoundsSet(uint256 maxRepriceBps, uint256 minimumRepriceTime);
    /// @notice The bot changed.
    event BotSet(address bot);
    /// @notice The devnet shortcut switched.
    event ContinuousPublishingSet(bool on);
    /// @notice The whitelist switched or `account` was (un)listed.
    event WhitelistSet(address indexed account, bool enabled, bool listed);

    /// @param owner_ Scenario admin (also the bot until `setBot`).
    /// @param initialRate ETH per rswETH at start (1e18).
    /// @param initialAprBps Initial APR in bps.
    constructor(address owner_, uint256 initialRate, uint256 initialAprBps)
        ERC20("rswETH", "rswETH")
        SimProtocolBase(owner_, initialRate, initialAprBps, 12 days)
    {
        repricedRate = initialRate;
        lastRepriceAt = block.timestamp;
        bot = owner_;
    }

    /// @notice Wires the exit queue; callable once.
    function setExitQueue(address exitQueue_) external onlyOwner {
        if (exitQueue != address(0)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        exitQueue = exitQueue_;
        emit ExitQueueSet(exitQueue_);
    }

    /// @notice Switches the devnet shortcut (`continuousPublishing`); switching it off starts from the true rate.
    function setContinuousPublishing(bool on) external onlyOwner {
        repricedRate = accruedRate();
        lastRepriceAt = block.timestamp;
        continuousPublishing = on;
        emit ContinuousPublishingSet(on);
    }

    /// @notice Sets the repricing bot.
    function setBot(address bot_) external onlyOwner {
        bot = bot_;
        emit BotSet(bot_);
    }

    /// @notice Sets the reprice bounds: largest move (bps) and shortest interval (seconds).
    function setRepriceBounds(uint256 maxBps, uint256 minTime) external onlyOwner {
        maxRepriceBps = maxBps;
        minimumRepriceTime = minTime;
        emit RepriceBoundsSet(maxBps, minTime);
    }

    /// @notice Lifts (or sets) the lockdown a downward reprice caused (mainnet: a role unpauses).
    function setRepriceLockdown(bool on) external onlyOwner {
        _setLockdown(on);
    }

    /// @dev The lockdown switch, with the sim's event and mainnet's three pause events.
    function _setLockdown(bool on) internal {
        repriceLockdown = on;
        emit RepriceLockdownSet(on);
        emit CoreMethodsPause(on);
        emit BotMethodsPause(on);
        emit WithdrawalsPause(on);
    }

    /// @notice Switches the deposit whitelist and lists or unlists `account`.
    function setWhitelist(address account, bool enabled, bool listed) external onlyOwner {
        whitelistEnabled = enabled;
        whitelisted[account] = listed;
        emit WhitelistSet(account, enabled, listed);
    }

    /// @notice The bot publishes the true rate, if within the bounds; a downward move locks the protocol down.
    function reprice() external {
        if (msg.sender != bot) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        if (repriceLockdown) revert SimErrorsLib.RepriceLockdown();
        uint256 elapsed = block.timestamp - lastRepriceAt;
        if (elapsed < minimumRepriceTime) revert SimErrorsLib.ReportTooSoon(elapsed, minimumRepriceTime);
        uint256 oldRate = repricedRate;
        uint256 newRate = accruedRate();
        uint256 diff = newRate > oldRate ? newRate - oldRate : oldRate - newRate;
        uint256 diffBps = Math.mulDiv(diff, BPS, oldRate, Math.Rounding.Ceil);
        if (diffBps > maxRepriceBps) revert SimErrorsLib.RepriceDifferenceTooLarge(diffBps, maxRepriceBps);
        repricedRate = newRate;
        lastRepriceAt = block.timestamp;
        emit Repriced(oldRate, newRate);
        // Mainnet: RepricingOracle calls AccessControlManager.lockdown() after a downward reprice.
        if (newRate < oldRate) _setLockdown(true);
    }

    /// @notice Reverts while the protocol is paused, failing or locked down after a downward reprice.
    function requireOpen() public view {
        _checkLive();
        if (repriceLockdown) revert SimErrorsLib.RepriceLockdown();
    }

    /// @inheritdoc IRswETH
    function deposit() external payable nonReentrant {
        requireOpen();
        if (whitelistEnabled && !whitelisted[msg.sender]) revert SimErrorsLib.NotWhitelisted(msg.sender);
        if (msg.value == 0) revert SimErrorsLib.ZeroAmount();
        uint256 minted = _mintsZero() ? 0 : _tokensFor(msg.value, _publishedRate());
        _mint(msg.sender, minted);
        emit ETHDeposited(msg.sender, msg.value, minted);
    }

    /// @inheritdoc IRswETH
    function getRate() external view returns (uint256) {
        return _liveRate();
    }

    /// @inheritdoc IRswETH
    function rswETHToETHRate() external view returns (uint256) {
        return _liveRate();
    }

    /// @inheritdoc IRswETH
    function ethToRswETHRate() external view returns (uint256) {
        uint256 rate = _liveRate();
        return rate == 0 ? 0 : Math.mulDiv(WAD, WAD, rate, Math.Rounding.Floor);
    }

    /// @notice The published rate (the last reprice's), ignoring failure modes.
    function publishedRate() external view returns (uint256) {
        return _publishedRate();
    }

    /// @notice Burns `rswAmount` held by the exit queue and sends it `ethAmount`; only the exit queue.
    function settleExit(uint256 rswAmount, uint256 ethAmount) external nonReentrant {
        if (msg.sender != exitQueue) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        _burn(msg.sender, rswAmount);
        _sendEther(msg.sender, ethAmount);
    }

    function _publishedRate() internal view override returns (uint256) {
        if (continuousPublishing) return accruedRate();
        return repricedRate;
    }
}

/// @title SimRswEXIT
/// @notice Simulated Swell rswEXIT: withdrawal requests as NFTs.
/// @dev As on mainnet: a request takes `withdrawRequestMinimum` to `withdrawRequestMaximum` rswETH (both zero on a
/// fresh mainnet deployment until set; the sim starts them at 0.005 and 500), optionally only from whitelisted
/// addresses; a processor role processes requests up to a token id (`processWithdrawals`), snapshotting the
/// rate, which FIXES each payout at amount x min(rate at request, rate at processing); only the NFT's owner may
/// then finalise (claim) it.
contract SimRswEXIT is IRswEXIT, ERC721, ReentrancyGuard {
    using Checkpoints for Checkpoints.Trace224;

    struct Request {
        uint256 amount;
        uint256 lastTokenIdProcessed;
        uint256 rateWhenCreated;
    }

    /// @notice The rswETH sim.
    SimRswETH public immutable rswETH;
    /// @notice Smallest request, in rswETH.
    uint256 public withdrawRequestMinimum = 0.005 ether;
    /// @notice Largest request, in rswETH.
    uint256 public withdrawRequestMaximum = 500 ether;
    /// @notice Whether requests need the whitelist.
    bool public withdrawalsWhitelistEnabled;
    /// @notice Addresses that may request while the whitelist is on.
    mapping(address => bool) public withdrawalWhitelisted;
    /// @notice Timestamp each request was made (for the devnet's processor).
    mapping(uint256 => uint256) public createdAt;
    uint256 private _lastTokenIdCreated;
    uint256 private _lastTokenIdProcessed;
    mapping(uint256 => Request) private _requests;
    Checkpoints.Trace224 private _processedRates;

    /// @notice A request `tokenId` of `amount` rswETH at `rateWhenCreated`.
    event WithdrawRequestCreated(uint256 indexed tokenId, uint256 amount, uint256 rateWhenCreated, address indexed owner);
    /// @notice Request `tokenId` paid `exitClaimedETH` to `owner`.
    event WithdrawalClaimed(address indexed owner, uint256 indexed tokenId, uint256 exitClaimedETH);
    /// @notice Requests up to `lastTokenIdProcessed` processed at `rate`.
    event WithdrawalsProcessed(uint256 lastTokenIdProcessed, uint256 rate);
    /// @notice Per-request bounds changed.
    event WithdrawRequestLimitsSet(uint256 minimum, uint256 maximum);
    /// @notice The request whitelist switched or `account` was (un)listed.
    event WithdrawalWhitelistSet(address indexed account, bool enabled, bool listed);

    /// @param rswETH_ The rswETH sim.
    constructor(SimRswETH rswETH_) ERC721("rswETH Exit Queue", "rswETH-EXIT") {
        rswETH = rswETH_;
    }

    /// @notice Receives the ETH of a settled request from rswETH only.
    receive() external payable {
        if (msg.sender != address(rswETH)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
    }

    /// @notice Sets the per-request bounds (rswETH); only the rswETH owner.
    function setWithdrawRequestLimits(uint256 minimum, uint256 maximum) external {
        if (msg.sender != rswETH.owner()) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        withdrawRequestMinimum = minimum;
        withdrawRequestMaximum = maximum;
        emit WithdrawRequestLimitsSet(minimum, maximum);
    }

    /// @notice Switches the request whitelist and lists or unlists `account`; only the rswETH owner.
    function setWithdrawalWhitelist(address account, bool enabled, bool listed) external {
        if (msg.sender != rswETH.owner()) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        withdrawalsWhitelistEnabled = enabled;
        withdrawalWhitelisted[account] = listed;
        emit WithdrawalWhitelistSet(account, enabled, listed);
    }

    /// @inheritdoc IRswEXIT
    function createWithdrawRequest(uint256 amount) external nonReentrant {
        rswETH.requireOpen();
        if (withdrawalsWhitelistEnabled && !withdrawalWhitelisted[msg.sender]) {
            revert SimErrorsLib.NotWhitelisted(msg.sender);
        }
        if (amount == 0 || amount < withdrawRequestMinimum || amount > withdrawRequestMaximum) {
            revert SimErrorsLib.WithdrawalOutsideLimits(amount, withdrawRequestMinimum, withdrawRequestMaximum);
        }
        uint256 tokenId = ++_lastTokenIdCreated;
        uint256 rate = rswETH.publishedRate();
        _requests[tokenId] = Request(amount, _lastTokenIdProcessed, rate);
        createdAt[tokenId] = block.timestamp;
        emit WithdrawRequestCreated(tokenId, amount, rate, msg.sender);
        SafeERC20.safeTransferFrom(IERC20(address(rswETH)), msg.sender, address(this), amount);
        _safeMint(msg.sender, tokenId);
    }

    /// @notice Processes every request up to `lastTokenIdToProcess` at the published rate now (mainnet: a role,
    /// once the ETH is there). Only the rswETH owner.
    function processWithdrawals(uint256 lastTokenIdToProcess) external {
        if (msg.sender != rswETH.owner()) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        if (lastTokenIdToProcess <= _lastTokenIdProcessed || lastTokenIdToProcess > _lastTokenIdCreated) {
            revert SimErrorsLib.CannotFinalize(lastTokenIdToProcess);
        }
        uint256 rate = rswETH.publishedRate();
        if (lastTokenIdToProcess > type(uint32).max || rate > type(uint224).max) {
            revert SimErrorsLib.ValueTooLarge(rate);
        }
        // both checked above
        // forge-lint: disable-next-line(unsafe-typecast)
        _processedRates.push(uint32(lastTokenIdToProcess), uint224(rate));
        _lastTokenIdProcessed = lastTokenIdToProcess;
        emit WithdrawalsProcessed(lastTokenIdToProcess, rate);
    }

    /// @inheritdoc IRswEXIT
    /// @dev The NFT's owner only; pays amount x min(rate at request, rate at processing), fixed at processing.
    function finalizeWithdrawal(uint256 tokenId) external nonReentrant {
        rswETH.requireLive();
        if (ownerOf(tokenId) != msg.sender) revert SimErrorsLib.NotRequestOwner(tokenId, msg.sender);
        (bool processed, uint256 processedRate) = getProcessedRateForTokenId(tokenId);
        if (!processed) revert SimErrorsLib.NotFinalized(tokenId);
        Request memory r = _requests[tokenId];
        uint256 rate = Math.min(r.rateWhenCreated, processedRate);
        uint256 paid = Math.mulDiv(r.amount, rate, 1e18, Math.Rounding.Floor);
        delete _requests[tokenId];
        _burn(tokenId);
        emit WithdrawalClaimed(msg.sender, tokenId, paid);
        rswETH.settleExit(r.amount, paid);
        (bool ok,) = msg.sender.call{value: paid}("");
        if (!ok) revert SimErrorsLib.EtherTransferFailed(msg.sender, paid);
    }

    /// @inheritdoc IRswEXIT
    function getLastTokenIdCreated() external view returns (uint256) {
        return _lastTokenIdCreated;
    }

    /// @inheritdoc IRswEXIT
    function getLastTokenIdProcessed() external view returns (uint256) {
        return _lastTokenIdProcessed;
    }

    /// @inheritdoc IRswEXIT
    function getProcessedRateForTokenId(uint256 tokenId) public view returns (bool isProcessed, uint256 processedRate) {
        if (tokenId == 0 || tokenId > _lastTokenIdProcessed) return (false, 0);
        // forge-lint: disable-next-line(unsafe-typecast)
        return (true, _processedRates.lowerLookup(uint32(tokenId)));
    }

    /// @inheritdoc IRswEXIT
    function withdrawalRequests(uint256 tokenId)
        external
        view
        returns (uint256 amount, uint256 lastTokenIdProcessed, uint256 rateWhenCreated)
    {
        Request memory r = _requests[tokenId];
        return (r.amount, r.lastTokenIdProcessed, r.rateWhenCreated);
    }
}
