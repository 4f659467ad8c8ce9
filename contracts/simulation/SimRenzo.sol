// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {
    IRenzoRestakeManager,
    IRenzoRateProvider,
    IRenzoWithdrawQueue
} from "../interfaces/protocols/IRenzo.sol";
import {SimProtocolBase} from "./SimProtocolBase.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";
import {SimLRTToken} from "./SimLRTToken.sol";

/// @title SimRenzo
/// @notice Simulated Renzo: RestakeManager, BalancerRateProvider and WithdrawQueue in one contract (pass this
/// address for all three), minting its own ezETH token.
/// @dev `depositETH` returns nothing and has no minimum, as on mainnet. Each user's requests live in an array
/// compacted by swap-and-pop on claim, so indices move. A claim needs `coolDownPeriod` seconds since the
/// request and pays min(amountToRedeem, ezETHLocked x rate at claim) to the request's user, whoever calls.
/// `withdraw` pulls the ezETH (approval to
/// this contract needed) and burns it at claim.
/// Also as on mainnet: an AVS slash (EigenLayer) shows in the rate at once, a beacon-chain loss only after an
/// EigenLayer checkpoint of the pods (`beaconChainLoss`, then `completeCheckpoint`); the rate, deposits, requests
/// and claims revert while the stETH price feed the TVL reads is more than a day old (`StaleStEthFeed`), held
/// stETH or not; and a claim is paid from the ETH the queue holds (its withdraw buffer): with an empty buffer it
/// reverts `InsufficientEther` until deposits or the operator refill it.
contract SimRenzo is IRenzoRestakeManager, IRenzoRateProvider, IRenzoWithdrawQueue, SimProtocolBase, ReentrancyGuard {
    /// @notice Renzo's marker for native ETH as `assetOut`.
    address public constant IS_NATIVE = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;

    struct WithdrawRequest {
        address collateralToken;
        uint256 withdrawRequestID;
        uint256 amountToRedeem;
        uint256 ezETHLocked;
        uint256 createdAt;
    }

    /// @notice The ezETH token this sim mints.
    SimLRTToken public immutable ezETH;
    /// @notice Global request counter (never reused).
    uint256 public withdrawRequestNonce;
    mapping(address => WithdrawRequest[]) private _requests;
    /// @notice Beacon-chain loss not yet in the rate (no checkpoint since), in bps.
    uint256 public pendingBeaconLossBps;
    /// @notice When the stETH/ETH feed last updated (zero: the sim treats it as fresh).
    uint256 public stEthFeedUpdatedAt;
    /// @notice Largest accepted age of the stETH feed.
    uint256 public constant STETH_FEED_MAX_AGE = 1 days;

    /// @notice ETH deposited for ezETH.
    event Deposit(address indexed depositor, uint256 amount, uint256 ezETHMinted);
    /// @notice A request opened.
    event WithdrawRequestCreated(
        uint256 indexed withdrawRequestID, address indexed user, uint256 amountToRedeem, uint256 ezETHLocked, uint256 index
    );
    /// @notice A beacon-chain loss of `bps`, pending until a checkpoint.
    event BeaconChainLoss(uint256 bps, uint256 pendingBps);
    /// @notice A checkpoint booked `bps` of beacon-chain loss into the rate.
    event CheckpointCompleted(uint256 bps);
    /// @notice The stETH feed's last update time was set (a scenario hook).
    event StEthFeedUpdatedAtSet(uint256 updatedAt);
    /// @notice A request claimed.
    event WithdrawRequestClaimed(uint256 indexed withdrawRequestID, address indexed user, uint256 amountPaid);

    /// @param owner_ Scenario admin.
    /// @param initialRate ETH per ezETH at start (1e18).
    /// @param initialAprBps Initial APR in bps.
    constructor(address owner_, uint256 initialRate, uint256 initialAprBps)
        SimProtocolBase(owner_, initialRate, initialAprBps, 7 days)
    {
        ezETH = new SimLRTToken("Renzo Restaked ETH", "ezETH", address(this));
    }

    /// @notice A beacon-chain loss of `bps` (validator penalties or a slash): not in the rate until a checkpoint.
    function beaconChainLoss(uint256 bps) external onlyOwner {
        pendingBeaconLossBps += bps;
        if (pendingBeaconLossBps >= BPS) revert SimErrorsLib.SlashTooLarge(pendingBeaconLossBps);
        emit BeaconChainLoss(bps, pendingBeaconLossBps);
    }

    /// @notice An EigenLayer checkpoint of the protocol's pods completes: the pending beacon-chain loss reaches the
    /// rate.
    function completeCheckpoint() external onlyOwner {
        uint256 pending = pendingBeaconLossBps;
        pendingBeaconLossBps = 0;
        if (pending > 0) _slash(pending);
        emit CheckpointCompleted(pending);
    }

    /// @notice Sets when the stETH/ETH feed last updated (zero: fresh); older than a day stops the protocol.
    function setStEthFeedUpdatedAt(uint256 updatedAt) external onlyOwner {
        stEthFeedUpdatedAt = updatedAt;
        emit StEthFeedUpdatedAtSet(updatedAt);
    }

    /// @inheritdoc IRenzoRestakeManager
    function depositETH() external payable nonReentrant {
        _checkLive();
        _checkFeed();
        if (msg.value == 0) revert SimErrorsLib.ZeroAmount();
        uint256 minted = _mintsZero() ? 0 : _tokensFor(msg.value, accruedRate());
        emit Deposit(msg.sender, msg.value, minted);
        if (minted > 0) ezETH.mint(msg.sender, minted);
    }

    /// @inheritdoc IRenzoRestakeManager
    function calculateTVLs() external view returns (uint256[][] memory perToken, uint256[] memory perOperator, uint256 total) {
        _checkFeed();
        total = _valueOf(ezETH.totalSupply(), _liveRate());
        perToken = new uint256[][](1);
        perToken[0] = new uint256[](1);
        perToken[0][0] = total;
        perOperator = new uint256[](1);
        perOperator[0] = total;
    }

    /// @inheritdoc IRenzoRateProvider
    function getRate() external view returns (uint256) {
        _checkFeed();
        return _liveRate();
    }

    /// @dev The TVL reads the stETH price through the protocol's oracle, which rejects a feed older than a day.
    function _checkFeed() internal view {
        uint256 at = stEthFeedUpdatedAt;
        if (at != 0 && block.timestamp - at > STETH_FEED_MAX_AGE) revert SimErrorsLib.StaleStEthFeed(at);
    }

    /// @inheritdoc IRenzoWithdrawQueue
    function withdraw(uint256 amount, address assetOut) external nonReentrant {
        _checkLive();
        _checkFeed();
        if (amount == 0) revert SimErrorsLib.ZeroAmount();
        if (assetOut != IS_NATIVE) revert SimErrorsLib.UnsupportedAsset(assetOut);
        uint256 amountToRedeem = _valueOf(amount, accruedRate());
        uint256 id = withdrawRequestNonce++;
        _requests[msg.sender].push(WithdrawRequest(assetOut, id, amountToRedeem, amount, block.timestamp));
        emit WithdrawRequestCreated(id, msg.sender, amountToRedeem, amount, _requests[msg.sender].length - 1);
        SafeERC20.safeTransferFrom(IERC20(address(ezETH)), msg.sender, address(this), amount);
    }

    /// @inheritdoc IRenzoWithdrawQueue
    /// @dev Anyone may call, as on mainnet; the ETH goes to `user`.
    function claim(uint256 withdrawRequestIndex, address user) external nonReentrant {
        _checkLive();
        _checkFeed();
        WithdrawRequest[] storage list = _requests[user];
        if (withdrawRequestIndex >= list.length) revert SimErrorsLib.IndexOutOfRange(withdrawRequestIndex, list.length);
        WithdrawRequest memory r = list[withdrawRequestIndex];
        uint256 claimableAt = r.createdAt + withdrawalDelay;
        if (block.timestamp < claimableAt) revert SimErrorsLib.NotYetClaimable(r.withdrawRequestID, claimableAt);
        uint256 paid = Math.min(r.amountToRedeem, _valueOf(r.ezETHLocked, accruedRate()));
        list[withdrawRequestIndex] = list[list.length - 1];
        list.pop();
        emit WithdrawRequestClaimed(r.withdrawRequestID, user, paid);
        ezETH.burn(address(this), r.ezETHLocked);
        _sendEther(user, paid);
    }

    /// @inheritdoc IRenzoWithdrawQueue
    /// @dev The sim's `withdrawalDelay` (set with `setWithdrawalDelay`).
    function coolDownPeriod() external view returns (uint256) {
        return withdrawalDelay;
    }

    /// @inheritdoc IRenzoWithdrawQueue
    function getOutstandingWithdrawRequests(address user) external view returns (uint256) {
        return _requests[user].length;
    }

    /// @inheritdoc IRenzoWithdrawQueue
    function withdrawRequests(address user, uint256 index)
        external
        view
        returns (address, uint256, uint256, uint256, uint256)
    {
        WithdrawRequest[] storage list = _requests[user];
        if (index >= list.length) revert SimErrorsLib.IndexOutOfRange(index, list.length);
        WithdrawRequest memory r = list[index];
        return (r.collateralToken, r.withdrawRequestID, r.amountToRedeem, r.ezETHLocked, r.createdAt);
    }
}
