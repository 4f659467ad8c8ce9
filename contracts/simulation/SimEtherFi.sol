// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IEtherFiLiquidityPool, IWeETH, IEtherFiWithdrawRequestNFT} from "../interfaces/protocols/IEtherFi.sol";
import {SimProtocolBase} from "./SimProtocolBase.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";

/// @title SimEtherFiLiquidityPool
/// @notice Simulated ether.fi LiquidityPool that is also the rebasing eETH token (on mainnet two contracts;
/// pass this address as both). Balances are shares x rate, so eETH rebases as the rate accrues.
/// @dev A negative rebase (slash) is bounded per report by `maxNegativeRebaseBps`, as ether.fi's oracle
/// rejects larger drops; a bigger loss takes several reports. Withdraw requests become claimable
/// `withdrawalDelay` seconds after the request (standing in for the admin's finalisation) and pay
/// min(eETH amount at request, value of the locked shares at claim).
contract SimEtherFiLiquidityPool is IEtherFiLiquidityPool, SimProtocolBase, ReentrancyGuard {
    /// @notice eETH shares per holder.
    mapping(address => uint256) public shares;
    /// @notice Total eETH shares.
    uint256 public totalShares;
    mapping(address => mapping(address => uint256)) private _allowances;
    /// @notice The withdraw-request NFT (set once by the owner).
    SimEtherFiWithdrawRequestNFT public withdrawRequestNFT;
    /// @notice Largest negative rebase one report may apply, in bps.
    uint256 public maxNegativeRebaseBps = 10;

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
    /// @notice The negative-rebase bound changed.
    event MaxNegativeRebaseSet(uint256 bps);

    /// @param owner_ Scenario admin.
    /// @param initialRate ETH per eETH share at start (1e18).
    /// @param initialAprBps Initial APR in bps.
    constructor(address owner_, uint256 initialRate, uint256 initialAprBps)
        SimProtocolBase(owner_, initialRate, initialAprBps, 7 days)
    {}

    // ----- Wiring and hooks (owner) -----

    /// @notice Wires the withdraw-request NFT; callable once.
    function setWithdrawRequestNFT(SimEtherFiWithdrawRequestNFT nft) external onlyOwner {
        if (address(withdrawRequestNFT) != address(0)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        withdrawRequestNFT = nft;
        emit WithdrawRequestNFTSet(address(nft));
    }

    /// @notice Sets the per-report bound on a negative rebase (bps).
    function setMaxNegativeRebaseBps(uint256 bps) external onlyOwner {
        maxNegativeRebaseBps = bps;
        emit MaxNegativeRebaseSet(bps);
    }


    /// @notice A negative rebase of `bps`, bounded by `maxNegativeRebaseBps` per report.
    function slash(uint256 bps) external override onlyOwner {
        if (bps > maxNegativeRebaseBps) revert SimErrorsLib.NegativeRebaseTooLarge(bps, maxNegativeRebaseBps);
        _slash(bps);
    }

    // ----- Protocol -----

    /// @inheritdoc IEtherFiLiquidityPool
    function deposit() external payable nonReentrant returns (uint256 minted) {
        _checkLive();
        if (msg.value == 0) revert SimErrorsLib.ZeroAmount();
        if (!_mintsZero()) minted = _tokensFor(msg.value, accruedRate());
        shares[msg.sender] += minted;
        totalShares += minted;
        emit Deposit(msg.sender, msg.value, minted);
        emit Transfer(address(0), msg.sender, _valueOf(minted, accruedRate()));
    }

    /// @inheritdoc IEtherFiLiquidityPool
    function requestWithdraw(address recipient, uint256 amount) external nonReentrant returns (uint256 tokenId) {
        _checkLive();
        if (amount == 0) revert SimErrorsLib.ZeroAmount();
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
        return _tokensFor(amount, accruedRate());
    }

    /// @notice The live share rate: ETH per eETH share (1e18).
    function shareRate() external view returns (uint256) {
        return _liveRate();
    }

    /// @notice Total ETH the pool accounts for (shares x rate).
    function getTotalPooledEther() external view returns (uint256) {
        return _valueOf(totalShares, accruedRate());
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
        return _valueOf(totalShares, accruedRate());
    }

    /// @notice eETH of `account` (rebasing).
    function balanceOf(address account) external view returns (uint256) {
        return _valueOf(shares[account], accruedRate());
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
        eETHAmount = Math.mulDiv(weETHAmount, pool.accruedRate(), 1e18, Math.Rounding.Floor);
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
/// @dev As on mainnet, anyone may claim a finalised request: the claim burns the NFT and pays its owner, so a
/// request's owner can be paid without calling (a third party, a claim bot, a batch claimer).
contract SimEtherFiWithdrawRequestNFT is IEtherFiWithdrawRequestNFT, ERC721 {
    /// @notice The pool that mints requests and pays claims.
    SimEtherFiLiquidityPool public immutable pool;
    /// @notice Id of the next request (ids start at 1).
    uint256 public nextRequestId = 1;
    mapping(uint256 => WithdrawRequest) private _requests;
    /// @notice Timestamp each request was opened (kept after the claim).
    mapping(uint256 => uint256) public createdAt;

    /// @notice Request `tokenId` claimed by `caller` for `amount` ETH paid to its owner `owner`.
    event WithdrawClaimed(uint256 indexed tokenId, address indexed owner, address indexed caller, uint256 amount);

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

    /// @inheritdoc IEtherFiWithdrawRequestNFT
    /// @dev Anyone may call; the ETH goes to the NFT's owner.
    function claimWithdraw(uint256 tokenId) external {
        pool.requireLive();
        address owner_ = ownerOf(tokenId);
        WithdrawRequest memory r = _requests[tokenId];
        uint256 claimableAt = createdAt[tokenId] + pool.withdrawalDelay();
        if (block.timestamp < claimableAt) revert SimErrorsLib.NotYetClaimable(tokenId, claimableAt);
        uint256 amount = Math.min(r.amountOfEEth, Math.mulDiv(r.shareOfEEth, pool.accruedRate(), 1e18));
        delete _requests[tokenId];
        _burn(tokenId);
        emit WithdrawClaimed(tokenId, owner_, msg.sender, amount);
        pool.withdraw(owner_, amount, r.shareOfEEth);
    }

    /// @inheritdoc IEtherFiWithdrawRequestNFT
    function isFinalized(uint256 tokenId) external view returns (bool) {
        uint256 at = createdAt[tokenId];
        if (at == 0) revert SimErrorsLib.UnknownRequest(tokenId);
        return block.timestamp >= at + pool.withdrawalDelay();
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
