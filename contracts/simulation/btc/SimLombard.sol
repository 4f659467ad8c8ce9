// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SimErrorsLib} from "../SimErrorsLib.sol";
import {SimBabylon} from "./SimBabylon.sol";

/// @title SimLBTC
/// @notice Stand-in for Lombard's LBTC (8 decimals) with its exits: `redeem(amount)` to BTC.b (async, about
/// 8 days) and `redeemForBtc(scriptPubkey, amount)` to Bitcoin (about 9 days). There is no mint from WBTC on
/// Ethereum: the owner (Lombard's consortium, minting against BTC deposits on Bitcoin) mints, and a vault enters
/// through the Curve pool.
/// @dev A redemption burns the LBTC and fixes its BTC value at the oracle rate then:
/// btc = floor(amount x getRate() / 1e18). BTC.b redemptions are paid by the owner's `settleRedeem(id)` (the
/// bridge's relayers) once due; Bitcoin redemptions are only recorded (the BTC leaves Ethereum).
contract SimLBTC is ERC20, Ownable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice One redemption.
    struct Redemption {
        address redeemer;
        uint128 btcAmount;
        uint64 dueAt;
        bool toBitcoin;
    }

    /// @notice Delay of a redemption to BTC.b.
    uint256 public constant REDEEM_DELAY = 8 days;
    /// @notice Delay of a redemption to Bitcoin.
    uint256 public constant REDEEM_FOR_BTC_DELAY = 9 days;

    /// @notice The rate oracle.
    SimStakedLBTCOracle public oracle;
    /// @notice BTC.b, paid by `redeem`.
    IERC20 public immutable btcb;
    /// @notice Next redemption id.
    uint256 public nextRedemptionId = 1;
    /// @notice Redemptions by id (deleted when settled).
    mapping(uint256 id => Redemption) public redemptions;
    /// @notice Whether redemptions are paused.
    bool public paused;

    /// @notice The oracle was set.
    event OracleSet(address oracle);
    /// @notice Redemption `id` of `amount` LBTC worth `btcAmount` was queued.
    event RedeemRequested(uint256 indexed id, address indexed redeemer, uint256 amount, uint256 btcAmount, bool toBitcoin);
    /// @notice Redemption `id` was paid.
    event RedeemSettled(uint256 indexed id, address indexed redeemer, uint256 btcAmount);
    /// @notice Pause switched.
    event PausedSet(bool paused);

    /// @param owner_ The scenario admin.
    /// @param btcb_ The BTC.b token redemptions pay.
    constructor(address owner_, address btcb_) ERC20("Lombard Staked Bitcoin", "LBTC") Ownable(owner_) {
        btcb = IERC20(btcb_);
    }

    /// @notice 8, as on mainnet.
    function decimals() public pure override returns (uint8) {
        return 8;
    }

    /// @notice Sets the oracle (once deployed with this token).
    function setOracle(SimStakedLBTCOracle oracle_) external onlyOwner {
        oracle = oracle_;
        emit OracleSet(address(oracle_));
    }

    /// @notice Pauses or resumes redemptions.
    function setPaused(bool paused_) external onlyOwner {
        paused = paused_;
        emit PausedSet(paused_);
    }

    /// @notice Mints `amount` LBTC to `to` against BTC deposited on Bitcoin (owner only).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Burns `amount` LBTC and queues a BTC.b payout worth it at the oracle rate.
    function redeem(uint256 amount) external nonReentrant {
        _queue(amount, false);
    }

    /// @notice Burns `amount` LBTC and records a payout to Bitcoin (`scriptPubkey` must be non-empty).
    function redeemForBtc(bytes calldata scriptPubkey, uint256 amount) external nonReentrant {
        if (scriptPubkey.length == 0) revert SimErrorsLib.ZeroAmount();
        _queue(amount, true);
    }

    /// @notice Pays BTC.b redemption `id` once due (the relayers' role); the owner funds this contract with BTC.b.
    function settleRedeem(uint256 id) external onlyOwner nonReentrant {
        Redemption memory r = redemptions[id];
        if (r.redeemer == address(0) || r.toBitcoin) revert SimErrorsLib.UnknownRequest(id);
        if (block.timestamp < r.dueAt) revert SimErrorsLib.NotYetClaimable(id, r.dueAt);
        delete redemptions[id];
        emit RedeemSettled(id, r.redeemer, r.btcAmount);
        btcb.safeTransfer(r.redeemer, r.btcAmount);
    }

    function _queue(uint256 amount, bool toBitcoin) internal {
        if (paused) revert SimErrorsLib.ProtocolPaused();
        if (amount == 0) revert SimErrorsLib.ZeroAmount();
        uint256 btc = Math.mulDiv(amount, oracle.getRate(), 1e18);
        if (btc > type(uint128).max) revert SimErrorsLib.ValueTooLarge(btc);
        _burn(msg.sender, amount);
        uint256 id = nextRedemptionId++;
        uint256 due = block.timestamp + (toBitcoin ? REDEEM_FOR_BTC_DELAY : REDEEM_DELAY);
        // both checked or bounded above
        // forge-lint: disable-next-line(unsafe-typecast)
        redemptions[id] = Redemption(msg.sender, uint128(btc), uint64(due), toBitcoin);
        emit RedeemRequested(id, msg.sender, amount, btc, toBitcoin);
    }
}

/// @title SimStakedLBTCOracle
/// @notice Stand-in for StakedLBTCOracle: `getRate()` is BTC per LBTC (1e18), published, and moves at most
/// `MAX_DAILY_CHANGE_BPS` (0.1 %) per day elapsed since the last publication.
/// @dev True rate = accrued x babylon.retained(lbtc) / 1e18, accrued(t) = checkpoint + floor(checkpoint x aprBps x
/// (t - checkpointAt) / (10_000 x 365 days)) (the ETH sims' model). `publish()` (the oracle's updater, here anyone:
/// it only follows the true rate) sets published = the true rate clipped to
/// published x (1 +/- 0.1 % x elapsed / 1 day). A Babylon slash therefore reaches `getRate()` over days, while
/// the Curve pool and the market feed show it at once: read the market too.
contract SimStakedLBTCOracle is Ownable {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;

    /// @notice Largest change of the published rate per day elapsed, in bps.
    uint256 public constant MAX_DAILY_CHANGE_BPS = 10;

    /// @notice The LBTC token whose Babylon stake is read.
    address public immutable lbtc;
    /// @notice Babylon (zero: not restaked).
    SimBabylon public immutable babylon;
    /// @notice Accrual checkpoint rate.
    uint256 public rateCheckpoint;
    /// @notice Accrual checkpoint time.
    uint256 public checkpointAt;
    /// @notice Annual growth in bps.
    uint256 public aprBps;
    /// @notice The published rate (what `getRate()` returns).
    uint256 public publishedRate;
    /// @notice When the rate was last published.
    uint256 public publishedAt;

    /// @notice The APR changed (after a checkpoint at `rate`).
    event AprSet(uint256 aprBps, uint256 rate);
    /// @notice A new rate was published.
    event RatePublished(uint256 rate, uint256 trueRate);

    /// @param owner_ The scenario admin.
    /// @param lbtc_ The LBTC token.
    /// @param babylon_ Babylon (or zero).
    /// @param initialRate BTC per LBTC (1e18).
    /// @param aprBps_ Annual growth in bps.
    constructor(address owner_, address lbtc_, SimBabylon babylon_, uint256 initialRate, uint256 aprBps_)
        Ownable(owner_)
    {
        if (initialRate == 0) revert SimErrorsLib.ZeroAmount();
        lbtc = lbtc_;
        babylon = babylon_;
        rateCheckpoint = initialRate;
        checkpointAt = block.timestamp;
        aprBps = aprBps_;
        publishedRate = initialRate;
        publishedAt = block.timestamp;
    }

    /// @notice The published BTC per LBTC (1e18).
    function getRate() external view returns (uint256) {
        return publishedRate;
    }

    /// @notice The rate the backing gives now (accrued yield x Babylon's retained share).
    function trueRate() public view returns (uint256) {
        uint256 accrued = rateCheckpoint + rateCheckpoint * aprBps * (block.timestamp - checkpointAt) / (BPS * 365 days);
        if (address(babylon) == address(0)) return accrued;
        return Math.mulDiv(accrued, babylon.retained(lbtc), WAD);
    }

    /// @notice Publishes the true rate, clipped to 0.1 % per day since the last publication.
    function publish() external returns (uint256 rate) {
        uint256 target = trueRate();
        uint256 maxMove = Math.mulDiv(publishedRate, MAX_DAILY_CHANGE_BPS * (block.timestamp - publishedAt), BPS * 1 days);
        uint256 old = publishedRate;
        if (target > old + maxMove) rate = old + maxMove;
        else if (target + maxMove < old) rate = old - maxMove;
        else rate = target;
        publishedRate = rate;
        publishedAt = block.timestamp;
        emit RatePublished(rate, target);
    }

    /// @notice Checkpoints the accrual, then sets a new APR.
    function setAprBps(uint256 aprBps_) external onlyOwner {
        uint256 elapsedAccrued = rateCheckpoint + rateCheckpoint * aprBps * (block.timestamp - checkpointAt) / (BPS * 365 days);
        rateCheckpoint = elapsedAccrued;
        checkpointAt = block.timestamp;
        aprBps = aprBps_;
        emit AprSet(aprBps_, elapsedAccrued);
    }
}

/// @title SimCurvePool
/// @notice Stand-in for a Curve two-coin pool (LBTC/WBTC): `exchange`, `get_dy`, `coins`, `balances`. Pricing is
/// constant product on stored balances (not Curve's StableSwap invariant, which is flatter near the peg), so
/// a large trade moves the price more here than on mainnet.
/// @dev dy = floor(balance_j x dxAfterFee / (balance_i + dxAfterFee)), dxAfterFee = floor(dx x (10_000 - feeBps) /
/// 10_000). The owner seeds and drains liquidity and can stage a depeg by moving balances.
contract SimCurvePool is Ownable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Fee in bps of the input.
    uint256 public immutable feeBps;
    address[2] internal _coins;
    /// @notice Stored balances.
    uint256[2] public balances;
    /// @notice Whether swaps are paused.
    bool public paused;

    /// @notice A swap.
    event TokenExchange(address indexed buyer, int128 soldId, uint256 tokensSold, int128 boughtId, uint256 tokensBought);
    /// @notice The owner changed the balances.
    event BalancesSet(uint256 balance0, uint256 balance1);
    /// @notice Pause switched.
    event PausedSet(bool paused);

    /// @notice `i` is not 0 or 1, or `i == j`.
    error BadCoinIndex(int128 i, int128 j);

    /// @param owner_ The scenario admin.
    /// @param coin0 Coin 0 (LBTC).
    /// @param coin1 Coin 1 (WBTC).
    /// @param feeBps_ Fee in bps.
    constructor(address owner_, address coin0, address coin1, uint256 feeBps_) Ownable(owner_) {
        _coins = [coin0, coin1];
        feeBps = feeBps_;
    }

    /// @notice Coin `i`.
    function coins(uint256 i) external view returns (address) {
        return _coins[i];
    }

    /// @notice Sets the pool's balances to `b0`, `b1`, the owner paying in or receiving the differences (seed,
    /// realign, or stage a depeg). Approve both coins first.
    function setBalances(uint256 b0, uint256 b1) external onlyOwner nonReentrant {
        _move(0, b0);
        _move(1, b1);
        emit BalancesSet(b0, b1);
    }

    /// @notice Pauses or resumes swaps.
    function setPaused(bool paused_) external onlyOwner {
        paused = paused_;
        emit PausedSet(paused_);
    }

    /// @notice What `exchange(i, j, dx, 0)` pays now.
    function get_dy(int128 i, int128 j, uint256 dx) public view returns (uint256) {
        (uint256 a, uint256 b) = _idx(i, j);
        uint256 inAfterFee = dx * (10_000 - feeBps) / 10_000;
        return Math.mulDiv(balances[b], inAfterFee, balances[a] + inAfterFee);
    }

    /// @notice Swaps `dx` of coin `i` for at least `min_dy` of coin `j`, paid to the caller.
    function exchange(int128 i, int128 j, uint256 dx, uint256 min_dy) external nonReentrant returns (uint256 dy) {
        if (paused) revert SimErrorsLib.ProtocolPaused();
        if (dx == 0) revert SimErrorsLib.ZeroAmount();
        (uint256 a, uint256 b) = _idx(i, j);
        dy = get_dy(i, j, dx);
        if (dy < min_dy) revert SimErrorsLib.SlippageExceeded(dy, min_dy);
        balances[a] += dx;
        balances[b] -= dy;
        emit TokenExchange(msg.sender, i, dx, j, dy);
        IERC20(_coins[a]).safeTransferFrom(msg.sender, address(this), dx);
        IERC20(_coins[b]).safeTransfer(msg.sender, dy);
    }

    function _move(uint256 k, uint256 target) internal {
        uint256 cur = balances[k];
        balances[k] = target;
        if (target > cur) IERC20(_coins[k]).safeTransferFrom(msg.sender, address(this), target - cur);
        else if (cur > target) IERC20(_coins[k]).safeTransfer(msg.sender, cur - target);
    }

    function _idx(int128 i, int128 j) internal pure returns (uint256, uint256) {
        if (i == j || i < 0 || j < 0 || i > 1 || j > 1) revert BadCoinIndex(i, j);
        // 0 <= i, j <= 1 checked above
        // forge-lint: disable-next-line(unsafe-typecast)
        return (uint256(uint128(i)), uint256(uint128(j)));
    }
}
