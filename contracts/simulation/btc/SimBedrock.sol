// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SimErrorsLib} from "../SimErrorsLib.sol";
import {SimBtcToken} from "./SimBtcToken.sol";

/// @title SimUniBTCVault
/// @notice Stand-in for Bedrock's uniBTC Vault: `mint(token, amount)` mints uniBTC (8 decimals) 1:1 for an
/// allowed 8-decimal BTC token, within the token's cap; it holds the BTC and pays the redeem router's claims.
contract SimUniBTCVault is Ownable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice uniBTC, minted and burned by this vault.
    SimBtcToken public immutable uniBTC;
    /// @notice The redeem router allowed to take BTC out.
    address public redeemRouter;
    /// @notice Largest uniBTC minted against a token (0: token not allowed).
    mapping(address token => uint256) public caps;
    /// @notice uniBTC minted against a token so far, net of redemptions.
    mapping(address token => uint256) public minted;
    /// @notice Whether minting is paused.
    bool public paused;

    /// @notice `amount` uniBTC minted to `to` for `amount` of `token`.
    event Minted(address indexed to, address indexed token, uint256 amount);
    /// @notice A token's cap changed.
    event CapSet(address indexed token, uint256 cap);
    /// @notice The router changed.
    event RedeemRouterSet(address router);
    /// @notice Pause switched.
    event PausedSet(bool paused);

    /// @notice Minting `amount` more would pass the token's cap.
    error CapExceeded(address token, uint256 amount, uint256 room);

    /// @param owner_ The scenario admin.
    constructor(address owner_) Ownable(owner_) {
        uniBTC = new SimBtcToken("uniBTC", "uniBTC", 8, address(this));
    }

    /// @notice Sets `token`'s cap (8-decimal tokens only; 0 forbids it).
    function setCap(address token, uint256 cap) external onlyOwner {
        caps[token] = cap;
        emit CapSet(token, cap);
    }

    /// @notice Sets the redeem router.
    function setRedeemRouter(address router) external onlyOwner {
        redeemRouter = router;
        emit RedeemRouterSet(router);
    }

    /// @notice Pauses or resumes minting.
    function setPaused(bool paused_) external onlyOwner {
        paused = paused_;
        emit PausedSet(paused_);
    }

    /// @notice Mints `amount` uniBTC 1:1 for `amount` of `token`.
    function mint(address token, uint256 amount) external nonReentrant {
        if (paused) revert SimErrorsLib.ProtocolPaused();
        if (amount == 0) revert SimErrorsLib.ZeroAmount();
        uint256 cap = caps[token];
        if (cap == 0) revert SimErrorsLib.UnsupportedAsset(token);
        uint256 room = cap - Math.min(cap, minted[token]);
        if (amount > room) revert CapExceeded(token, amount, room);
        minted[token] += amount;
        emit Minted(msg.sender, token, amount);
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uniBTC.mint(msg.sender, amount);
    }

    /// @notice Pays a matured redemption of `amount` `token` to `to`, burning `burnAmount` uniBTC the router
    /// holds (router only).
    function payRedemption(address token, address to, uint256 amount, uint256 burnAmount) external nonReentrant {
        if (msg.sender != redeemRouter) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        minted[token] -= Math.min(minted[token], amount);
        uniBTC.burn(msg.sender, burnAmount);
        IERC20(token).safeTransfer(to, amount);
    }
}

/// @title SimDelayRedeemRouter
/// @notice Stand-in for Bedrock's DelayRedeemRouter: `createDelayedRedeem(token, amount)` locks uniBTC and records a
/// payout of amount x (10_000 - redeemFeeRate) / 10_000 (fee 2 %, kept by the router), claimable after
/// `redeemDelay` (8 days); `claimDelayedRedeems()` pays the caller every matured request, oldest first, stopping
/// at the first immature one. Callers must be whitelisted while the whitelist is on. A per-token quota refills at
/// `quotaRate` per second up to `maxQuota`; a request beyond what is available reverts `QuotaExceeded`.
contract SimDelayRedeemRouter is Ownable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice One request.
    struct DelayedRedeem {
        uint224 amount;
        uint32 createdAt;
        address token;
        uint256 locked;
    }

    /// @notice The uniBTC vault (pays the claims).
    SimUniBTCVault public immutable uniVault;
    /// @notice uniBTC.
    IERC20 public immutable uniBTC;
    /// @notice Seconds from request to claim.
    uint256 public redeemDelay = 8 days;
    /// @notice Fee in bps of the uniBTC redeemed.
    uint256 public redeemFeeRate = 200;
    /// @notice Whether only whitelisted callers may redeem.
    bool public whitelistEnabled = true;
    /// @notice Whitelisted callers.
    mapping(address account => bool) public whitelist;
    /// @notice Quota refill per second, per token.
    mapping(address token => uint256) public quotaRate;
    /// @notice Largest quota, per token.
    mapping(address token => uint256) public maxQuota;
    mapping(address token => uint256) internal _quotaBase;
    mapping(address token => uint256) internal _quotaAt;
    mapping(address user => DelayedRedeem[]) internal _redeems;
    /// @notice Requests of a user already paid (the next to pay is at this index).
    mapping(address user => uint256) public completed;

    /// @notice A request was created.
    event DelayedRedeemCreated(address indexed user, address indexed token, uint256 amount, uint256 index, uint256 fee);
    /// @notice A request was paid.
    event DelayedRedeemClaimed(address indexed user, address indexed token, uint256 amount, uint256 index);
    /// @notice Settings changed.
    event SettingsSet(uint256 delay, uint256 feeRate, bool whitelistEnabled);
    /// @notice Whitelist changed.
    event WhitelistSet(address indexed account, bool allowed);
    /// @notice Quota settings changed.
    event QuotaSet(address indexed token, uint256 rate, uint256 maxQuota);

    /// @notice The request passes the token's available quota.
    error QuotaExceeded(address token, uint256 amount, uint256 available);

    /// @param owner_ The scenario admin.
    /// @param uniVault_ The uniBTC vault.
    constructor(address owner_, SimUniBTCVault uniVault_) Ownable(owner_) {
        uniVault = uniVault_;
        uniBTC = IERC20(address(uniVault_.uniBTC()));
    }

    /// @notice Sets delay, fee and whether the whitelist is on.
    function setSettings(uint256 delay, uint256 feeRate, bool whitelistEnabled_) external onlyOwner {
        if (feeRate >= 10_000) revert SimErrorsLib.SlashTooLarge(feeRate);
        redeemDelay = delay;
        redeemFeeRate = feeRate;
        whitelistEnabled = whitelistEnabled_;
        emit SettingsSet(delay, feeRate, whitelistEnabled_);
    }

    /// @notice Allows or refuses `account`.
    function setWhitelisted(address account, bool allowed) external onlyOwner {
        whitelist[account] = allowed;
        emit WhitelistSet(account, allowed);
    }

    /// @notice Sets `token`'s quota refill rate and cap; the quota starts full.
    function setQuota(address token, uint256 rate, uint256 max) external onlyOwner {
        quotaRate[token] = rate;
        maxQuota[token] = max;
        _quotaBase[token] = max;
        _quotaAt[token] = block.timestamp;
        emit QuotaSet(token, rate, max);
    }

    /// @notice The quota of `token` available now.
    function availableQuota(address token) public view returns (uint256) {
        return Math.min(maxQuota[token], _quotaBase[token] + quotaRate[token] * (block.timestamp - _quotaAt[token]));
    }

    /// @notice Locks `amount` uniBTC for a payout in `token` of amount less the fee, after `redeemDelay`.
    function createDelayedRedeem(address token, uint256 amount) external nonReentrant {
        if (whitelistEnabled && !whitelist[msg.sender]) revert SimErrorsLib.NotWhitelisted(msg.sender);
        if (amount == 0) revert SimErrorsLib.ZeroAmount();
        uint256 available = availableQuota(token);
        if (amount > available) revert QuotaExceeded(token, amount, available);
        _quotaBase[token] = available - amount;
        _quotaAt[token] = block.timestamp;
        uint256 payout = amount * (10_000 - redeemFeeRate) / 10_000;
        if (payout > type(uint224).max) revert SimErrorsLib.ValueTooLarge(payout);
        // payout checked above; timestamps fit 32 bits until 2106
        // forge-lint: disable-next-line(unsafe-typecast)
        _redeems[msg.sender].push(DelayedRedeem(uint224(payout), uint32(block.timestamp), token, amount));
        emit DelayedRedeemCreated(msg.sender, token, payout, _redeems[msg.sender].length - 1, amount - payout);
        uniBTC.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Pays the caller every matured request, oldest first.
    function claimDelayedRedeems() external nonReentrant {
        DelayedRedeem[] storage list = _redeems[msg.sender];
        uint256 i = completed[msg.sender];
        uint256 n = list.length;
        while (i < n && block.timestamp >= uint256(list[i].createdAt) + redeemDelay) {
            DelayedRedeem memory r = list[i];
            ++i;
            completed[msg.sender] = i;
            emit DelayedRedeemClaimed(msg.sender, r.token, r.amount, i - 1);
            uniVault.payRedemption(r.token, msg.sender, r.amount, r.amount);
        }
    }

    /// @notice Number of requests `user` made.
    function userRedeemsLength(address user) external view returns (uint256) {
        return _redeems[user].length;
    }

    /// @notice Request `index` of `user`.
    function userRedeem(address user, uint256 index) external view returns (DelayedRedeem memory) {
        return _redeems[user][index];
    }
}
