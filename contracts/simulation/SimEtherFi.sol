// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IEtherFiLiquidityPool, IWeETH, IEtherFiWithdrawRequestNFT} from "../interfaces/protocols/IEtherFi.sol";
import {SimProtocolBase} from "./SimProtocolBase.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";

/// @title SimEtherFiLiquidityPool
/// @notice Simulated ether.fi LiquidityPool that is also the rebasing eETH token (on mainnet two contracts;
/// pass this address as both). Balances are shares x the published rate.
/// @dev Rules kept from mainnet (contracts/simulation/README.md has the table):
/// - The published share rate moves only at an oracle report (`oracleReport`, the EtherFiAdmin's role), at most
///   one per `minReportInterval`: up by at most MAX_POSITIVE_REBASE_BPS, down by at most `maxNegativeRebasePpm`
///   (default 270 ppm = 2.7 bps, the report's TVL and APR bounds) per report. A slash or a reward changes the
///   true (accrued) rate at once; it reaches the published rate only through reports, a large loss over many.
///   Exception kept for the devnet: an EigenLayer slash of the protocol's operators scales the rate at once.
/// - A withdraw request takes `minWithdrawAmount` to `maxWithdrawAmount` eETH (0.001 to 1,000 ETH).
/// - Requests are finalised by the admin in a report (`WithdrawRequestNFT.finalizeRequests`), which snapshots
///   the rate: the payout is fixed there at min(eETH requested, shares x rate at finalisation). Anyone may then
///   claim; the ETH goes to the NFT's owner. `withdrawalDelay` is only how long the devnet's operator waits.
contract SimEtherFiLiquidityPool is IEtherFiLiquidityPool, SimProtocolBase, ReentrancyGuard {
    /// @notice Largest rise of the published rate in one report, in bps.
    uint256 public constant MAX_POSITIVE_REBASE_BPS = 25;
    uint256 internal constant PPM = 1_000_000;

    /// @notice eETH shares per holder.
    mapping(address => uint256) public shares;
    /// @notice Total eETH shares.
    uint256 public totalShares;
    mapping(address => mapping(address => uint256)) private _allowances;
    /// @notice The withdraw-request NFT (set once by the owner).
    SimEtherFiWithdrawRequestNFT public withdrawRequestNFT;
    /// @notice Largest fall of the published rate in one report, in parts per million.
    uint256 public maxNegativeRebasePpm = 270;
    /// @notice Shortest time between two reports, in seconds.
    uint256 public minReportInterval = 1 days;
    /// @notice The published base rate (before the EigenLayer factor), as of the last report.
    uint256 public reportedBaseRate;
    /// @notice Timestamp of the last report.
    uint256 public lastReportAt;
    /// @notice Smallest withdraw request, in eETH.
    uint256 public minWithdrawAmount = 0.001 ether;
    /// @notice Largest withdraw request, in eETH.
    uint256 public maxWithdrawAmount = 1_000 ether;
    /// @notice Devnet shortcut, off by default: the published rate follows the true rate at once (as if a report
    /// came every block), for devnets that do not run the oracle's reports (keeper integration tests).
    bool public continuousPublishing;

    /// @notice ERC-20 transfer of eETH.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice ERC-20 approval of eETH.
    event Approval(address indexed owner, address indexed spender, uint256 value);
    /// @notice ETH deposited for `shares` eETH shares.
    event Deposit(address indexed sender, uint256 amount, uint256 shares);
    /// @notice A withdraw request `tokenId` for `amount` eETH.
    event WithdrawRequested(uint256 indexed tokenId, address indexed recipient, uint256 amount, uint256 shares);
    /// @notice The NFT contract was wired.
    event WithdrawRequestNFTSet(address nft);
    /// @notice The per-report bounds changed.
    event ReportBoundsSet(uint256 maxNegativeRebasePpm, uint256 minReportInterval);
    /// @notice An oracle report moved the published base rate from `oldRate` to `newRate` (true: `target`).
    event OracleReport(uint256 oldRate, uint256 newRate, uint256 target);
    /// @notice The devnet shortcut switched.
    event ContinuousPublishingSet(bool on);
    /// @notice The per-request bounds changed.
    event WithdrawLimitsSet(uint256 minWithdrawAmount, uint256 maxWithdrawAmount);

    /// @param owner_ Scenario admin.
    /// @param initialRate ETH per eETH share at start (1e18).
    /// @param initialAprBps Initial APR in bps.
    constructor(address owner_, uint256 initialRate, uint256 initialAprBps)
        SimProtocolBase(owner_, initialRate, initialAprBps, 7 days)
    {
        reportedBaseRate = initialRate;
        lastReportAt = block.timestamp;
    }

    // ----- Wiring and hooks (owner) -----

    /// @notice Wires the withdraw-request NFT; callable once.
    function setWithdrawRequestNFT(SimEtherFiWithdrawRequestNFT nft) external onlyOwner {
        if (address(withdrawRequestNFT) != address(0)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        withdrawRequestNFT = nft;
        emit WithdrawRequestNFTSet(address(nft));
    }

    /// @notice Sets the per-report bounds: largest fall (ppm) and shortest interval (seconds).
    function setReportBounds(uint256 maxNegativePpm, uint256 interval) external onlyOwner {
        if (maxNegativePpm >= PPM) revert SimErrorsLib.ValueTooLarge(maxNegativePpm);
        maxNegativeRebasePpm = maxNegativePpm;
        minReportInterval = interval;
        emit ReportBoundsSet(maxNegativePpm, interval);
    }

    /// @notice Switches the devnet shortcut (`continuousPublishing`); switching it off starts from the true rate.
    function setContinuousPublishing(bool on) external onlyOwner {
        reportedBaseRate = _baseRate();
        lastReportAt = block.timestamp;
        continuousPublishing = on;
        emit ContinuousPublishingSet(on);
    }

    /// @notice Sets the per-request bounds (eETH).
    function setWithdrawLimits(uint256 minAmount, uint256 maxAmount) external onlyOwner {
        minWithdrawAmount = minAmount;
        maxWithdrawAmount = maxAmount;
        emit WithdrawLimitsSet(minAmount, maxAmount);
    }

    /// @notice An oracle report (mainnet: EtherFiAdmin executing the committee's report, then
    /// LiquidityPool.rebase): moves the published rate toward the true rate within the per-report bounds.
    function oracleReport() external onlyOwner {
        uint256 elapsed = block.timestamp - lastReportAt;
        if (elapsed < minReportInterval) revert SimErrorsLib.ReportTooSoon(elapsed, minReportInterval);
        uint256 oldRate = reportedBaseRate;
        uint256 target = _baseRate();
        uint256 newRate = target;
        uint256 floor = Math.mulDiv(oldRate, PPM - maxNegativeRebasePpm, PPM, Math.Rounding.Ceil);
        uint256 cap = Math.mulDiv(oldRate, BPS + MAX_POSITIVE_REBASE_BPS, BPS, Math.Rounding.Floor);
        if (newRate < floor) newRate = floor;
        if (newRate > cap) newRate = cap;
        reportedBaseRate = newRate;
        lastReportAt = block.timestamp;
        emit OracleReport(oldRate, newRate, target);
    }

    /// @notice The rate deposits, withdrawals and weETH use: the last report's, times the EigenLayer factor.
    function publishedRate() public view returns (uint256) {
        return _publishedRate();
    }

    function _publishedRate() internal view override returns (uint256) {
        if (continuousPublishing) return accruedRate();
        return Math.mulDiv(reportedBaseRate, restakedFactor(), WAD, Math.Rounding.Floor);
    }

    // ----- Protocol -----

    /// @inheritdoc IEtherFiLiquidityPool
    function deposit() external payable nonReentrant returns (uint256 minted) {
        _checkLive();
        if (msg.value == 0) revert SimErrorsLib.ZeroAmount();
        if (!_mintsZero()) minted = _tokensFor(msg.value, publishedRate());
        shares[msg.sender] += minted;
        totalShares += minted;
        emit Deposit(msg.sender, msg.value, minted);
        emit Transfer(address(0), msg.sender, _valueOf(minted, publishedRate()));
    }

    /// @inheritdoc IEtherFiLiquidityPool
    function requestWithdraw(address recipient, uint256 amount) external nonReentrant returns (uint256 tokenId) {
        _checkLive();
        if (amount < minWithdrawAmount || amount > maxWithdrawAmount || amount == 0) {
            revert SimErrorsLib.WithdrawalOutsideLimits(amount, minWithdrawAmount, maxWithdrawAmount);
        }
        _spendAllowance(msg.sender, amount);
        uint256 share = sharesForAmount(amount);
        _moveShares(msg.sender, address(withdrawRequestNFT), share, amount);
        tokenId = withdrawRequestNFT.mintRequest(recipient, amount, share);
        emit WithdrawRequested(tokenId, recipient, amount, share);
    }

    /// @notice Pays a claimed request: burns the NFT contract's `share` and sends `amount` ETH to `recipient`.
    /// @dev Only the withdraw-request NFT calls this (mainnet: LiquidityPool.withdraw).
    function withdraw(address recipient, uint256 amount, uint256 share) external nonReentrant {
        if (msg.sender != address(withdrawRequestNFT)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        shares[msg.sender] -= share;
        totalShares -= share;
        emit Transfer(msg.sender, address(0), amount);
        _sendEther(recipient, amount);
    }

    // ----- Views -----

    /// @notice ETH value of `share` eETH shares now (rate views return zero in ReturnZero mode).
    function amountForShare(uint256 share) public view returns (uint256) {
        return _valueOf(share, _liveRate());
    }

    /// @notice eETH shares of `amount` eETH now, rounded down.
    function sharesForAmount(uint256 amount) public view returns (uint256) {
        return _tokensFor(amount, publishedRate());
    }

    /// @notice The live share rate: ETH per eETH share (1e18).
    function shareRate() external view returns (uint256) {
        return _liveRate();
    }

    /// @notice Total ETH the pool accounts for (shares x rate).
    function getTotalPooledEther() external view returns (uint256) {
        return _valueOf(totalShares, publishedRate());
    }

    // ----- eETH (rebasing ERC-20) -----

    /// @notice eETH name.
    function name() external pure returns (string memory) {
        return "ether.fi ETH";
    }

    /// @notice eETH symbol.
    function symbol() external pure returns (string memory) {
        return "eETH";
    }

    /// @notice eETH decimals.
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @notice Total eETH (rebasing).
    function totalSupply() external view returns (uint256) {
        return _valueOf(totalShares, publishedRate());
    }

    /// @notice eETH of `account` (rebasing).
    function balanceOf(address account) external view returns (uint256) {
        return _valueOf(shares[account], publishedRate());
    }

    /// @notice eETH allowance.
    function allowance(address owner_, address spender) external view returns (uint256) {
        return _allowances[owner_][spender];
    }

    /// @notice Approves `spender` for `amount` eETH.
    function approve(address spender, uint256 amount) external returns (bool) {
        _allowances[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    /// @notice Transfers `amount` eETH (its shares, rounded down).
    function transfer(address to, uint256 amount) external returns (bool) {
        _moveShares(msg.sender, to, sharesForAmount(amount), amount);
        return true;
    }

    /// @notice Transfers `amount` eETH from `from` using the caller's allowance.
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        _spendAllowance(from, amount);
        _moveShares(from, to, sharesForAmount(amount), amount);
        return true;
    }

    function _spendAllowance(address from, uint256 amount) internal {
        if (from == msg.sender) return;
        uint256 allowed = _allowances[from][msg.sender];
        if (allowed != type(uint256).max) _allowances[from][msg.sender] = allowed - amount;
    }

    function _moveShares(address from, address to, uint256 share, uint256 amount) internal {
        shares[from] -= share;
        shares[to] += share;
        emit Transfer(from, to, amount);
    }
}

/// @title SimWeETH
/// @notice Simulated weETH: one weETH per eETH share of the pool.
contract SimWeETH is IWeETH, ERC20 {
    /// @notice The pool (also the eETH token).
    SimEtherFiLiquidityPool public immutable pool;

    /// @notice `eETHAmount` eETH wrapped into `weETHAmount`.
    event Wrapped(address indexed account, uint256 eETHAmount, uint256 weETHAmount);
    /// @notice `weETHAmount` weETH unwrapped into `eETHAmount`.
    event Unwrapped(address indexed account, uint256 weETHAmount, uint256 eETHAmount);

    /// @param pool_ The simulated liquidity pool / eETH.
    constructor(SimEtherFiLiquidityPool pool_) ERC20("Wrapped eETH", "weETH") {
        pool = pool_;
    }

    /// @inheritdoc IWeETH
    function wrap(uint256 eETHAmount) external returns (uint256 weETHAmount) {
        if (eETHAmount == 0) revert SimErrorsLib.ZeroAmount();
        weETHAmount = pool.sharesForAmount(eETHAmount);
        _mint(msg.sender, weETHAmount);
        emit Wrapped(msg.sender, eETHAmount, weETHAmount);
        SafeERC20.safeTransferFrom(IERC20(address(pool)), msg.sender, address(this), eETHAmount);
    }

    /// @inheritdoc IWeETH
    function unwrap(uint256 weETHAmount) external returns (uint256 eETHAmount) {
        if (weETHAmount == 0) revert SimErrorsLib.ZeroAmount();
        eETHAmount = Math.mulDiv(weETHAmount, pool.publishedRate(), 1e18, Math.Rounding.Floor);
        _burn(msg.sender, weETHAmount);
        emit Unwrapped(msg.sender, weETHAmount, eETHAmount);
        SafeERC20.safeTransfer(IERC20(address(pool)), msg.sender, eETHAmount);
    }

    /// @inheritdoc IWeETH
    function getRate() external view returns (uint256) {
        return pool.amountForShare(1e18);
    }

    /// @inheritdoc IWeETH
    function getEETHByWeETH(uint256 weETHAmount) external view returns (uint256) {
        return pool.amountForShare(weETHAmount);
    }

    /// @inheritdoc IWeETH
    function getWeETHByeETH(uint256 eETHAmount) external view returns (uint256) {
        return pool.sharesForAmount(eETHAmount);
    }
}

/// @title SimEtherFiWithdrawRequestNFT
/// @notice Simulated ether.fi WithdrawRequestNFT: one ERC-721 per request; the pool pays the claim in ETH.
/// @dev As on mainnet: the admin finalises requests up to an id in a report, snapshotting the rate, which fixes
/// each payout at min(eETH requested, shares x that rate); anyone may then claim a request, and the claim burns
/// the NFT and pays its owner (a third party, a claim bot, a batch claimer can pay the owner without it calling).
contract SimEtherFiWithdrawRequestNFT is IEtherFiWithdrawRequestNFT, ERC721 {
    using Checkpoints for Checkpoints.Trace224;

    /// @notice The pool that mints requests and pays claims.
    SimEtherFiLiquidityPool public immutable pool;
    /// @notice Id of the next request (ids start at 1).
    uint256 public nextRequestId = 1;
    /// @notice Requests up to this id are finalised.
    uint256 public lastFinalizedRequestId;
    mapping(uint256 => WithdrawRequest) private _requests;
    /// @notice Timestamp each request was opened (kept after the claim).
    mapping(uint256 => uint256) public createdAt;
    /// @dev (last id of a finalised range => rate snapshotted when it was finalised).
    Checkpoints.Trace224 private _finalizationRates;

    /// @notice Request `tokenId` claimed by `caller` for `amount` ETH paid to its owner `owner`.
    event WithdrawClaimed(uint256 indexed tokenId, address indexed owner, address indexed caller, uint256 amount);
    /// @notice Requests up to `lastRequestId` finalised at `rate` (ETH per eETH share).
    event RequestsFinalized(uint256 lastRequestId, uint256 rate);

    /// @param pool_ The simulated liquidity pool.
    constructor(SimEtherFiLiquidityPool pool_) ERC721("Withdraw Request NFT", "WithdrawRequestNFT") {
        pool = pool_;
    }

    /// @notice Records a request and mints its NFT to `recipient`; only the pool.
    function mintRequest(address recipient, uint256 amount, uint256 share) external returns (uint256 tokenId) {
        if (msg.sender != address(pool)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        if (amount > type(uint96).max || share > type(uint96).max) revert SimErrorsLib.ValueTooLarge(amount);
        tokenId = nextRequestId++;
        // both checked against type(uint96).max above
        // forge-lint: disable-next-line(unsafe-typecast)
        _requests[tokenId] = WithdrawRequest(uint96(amount), uint96(share), true, 0);
        createdAt[tokenId] = block.timestamp;
        _safeMint(recipient, tokenId);
    }

    /// @notice Finalises every request up to `lastRequestId` at the pool's published rate now (mainnet: the
    /// EtherFiAdmin, in an oracle report). Only the pool's owner (the scenario's admin).
    function finalizeRequests(uint256 lastRequestId) external {
        if (msg.sender != pool.owner()) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        if (lastRequestId <= lastFinalizedRequestId || lastRequestId >= nextRequestId) {
            revert SimErrorsLib.CannotFinalize(lastRequestId);
        }
        uint256 rate = pool.publishedRate();
        if (lastRequestId > type(uint32).max || rate > type(uint224).max) revert SimErrorsLib.ValueTooLarge(rate);
        // both checked above
        // forge-lint: disable-next-line(unsafe-typecast)
        _finalizationRates.push(uint32(lastRequestId), uint224(rate));
        lastFinalizedRequestId = lastRequestId;
        emit RequestsFinalized(lastRequestId, rate);
    }

    /// @inheritdoc IEtherFiWithdrawRequestNFT
    /// @dev Anyone may call; the ETH goes to the NFT's owner.
    function claimWithdraw(uint256 tokenId) external {
        pool.requireLive();
        address owner_ = ownerOf(tokenId);
        uint256 amount = getClaimableAmount(tokenId);
        uint256 share = _requests[tokenId].shareOfEEth;
        delete _requests[tokenId];
        _burn(tokenId);
        emit WithdrawClaimed(tokenId, owner_, msg.sender, amount);
        pool.withdraw(owner_, amount, share);
    }

    /// @inheritdoc IEtherFiWithdrawRequestNFT
    function getClaimableAmount(uint256 tokenId) public view returns (uint256) {
        if (tokenId > lastFinalizedRequestId) revert SimErrorsLib.NotFinalized(tokenId);
        WithdrawRequest memory r = _requests[tokenId];
        if (r.shareOfEEth == 0) revert SimErrorsLib.UnknownRequest(tokenId);
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 rate = _finalizationRates.lowerLookup(uint32(tokenId));
        return Math.min(r.amountOfEEth, Math.mulDiv(r.shareOfEEth, rate, 1e18));
    }

    /// @inheritdoc IEtherFiWithdrawRequestNFT
    function isFinalized(uint256 tokenId) external view returns (bool) {
        return tokenId <= lastFinalizedRequestId;
    }

    /// @inheritdoc IEtherFiWithdrawRequestNFT
    function getRequest(uint256 tokenId) external view returns (WithdrawRequest memory) {
        return _requests[tokenId];
    }

    /// @inheritdoc IEtherFiWithdrawRequestNFT
    function ownerOf(uint256 tokenId) public view override(ERC721, IEtherFiWithdrawRequestNFT) returns (address) {
        return ERC721.ownerOf(tokenId);
    }
}
