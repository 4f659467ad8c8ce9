// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";
import {IDelegationManager, IEigenStrategy} from "../interfaces/protocols/IEigenLayer.sol";

/// @title SimProtocolBase
/// @notice Rate model and scenario hooks shared by the simulated LRT protocols.
/// @dev Rate model (replicate exactly off-chain):
///   rate(t) = rateCheckpoint + floor(rateCheckpoint * aprBps * (t - checkpointAt) / (10_000 * 365 days))
/// i.e. simple interest since the last checkpoint, compounded at each checkpoint. A checkpoint happens only at
/// an owner call (`setAprBps`, `slash`, `reward`), which first folds the accrued interest into
/// `rateCheckpoint` and then applies its change, so the path is a function of the owner calls' times only.
/// `slash(bps)` sets rate = floor(rate * (10_000 - bps) / 10_000); `reward(bps)` sets
/// rate = floor(rate * (10_000 + bps) / 10_000). The sim holds real ETH: yield is paid from ETH that
/// anyone (the scenario owner) sends to it; a payout beyond its balance reverts.
abstract contract SimProtocolBase is Ownable {
    /// @notice How user-facing calls fail, for protocol-failure scenarios.
    enum FailureMode {
        None,
        Revert,
        ReturnZero
    }

    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR = 365 days;
    uint256 internal constant WAD = 1e18;

    /// @notice Rate (ETH per token, 1e18) at the last checkpoint.
    uint256 public rateCheckpoint;
    /// @notice Timestamp of the last checkpoint.
    uint256 public checkpointAt;
    /// @notice Simple annual rate of growth between checkpoints, in bps.
    uint256 public aprBps;
    /// @notice Whether deposits, withdrawal requests and claims are paused.
    bool public paused;
    /// @notice Current failure mode of the user-facing calls.
    FailureMode public failureMode;
    /// @notice Seconds from a queued withdrawal request until it can be claimed (the sim's stand-in for the
    /// protocol's finalisation).
    uint256 public withdrawalDelay;

    /// @notice EigenLayer's native-ETH strategy sentinel (the beacon-chain ETH strategy).
    IEigenStrategy public constant BEACON_CHAIN_ETH_STRATEGY = IEigenStrategy(0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0);
    /// @notice Bound on the protocol's EigenLayer stakers (keeps the rate view small).
    uint256 public constant MAX_EIGEN_STAKERS = 8;
    /// @notice The DelegationManager the protocol's stakers delegate through (zero: not restaked).
    IDelegationManager public eigenDelegation;
    /// @notice Sum of the stakers' withdrawable shares when the delegation was set.
    uint256 public restakedAtLink;
    address[] internal _eigenStakers;

    /// @notice The APR changed (after a checkpoint at `rate`).
    event AprSet(uint256 aprBps, uint256 rate);
    /// @notice The rate dropped by `bps` at once, from `oldRate` to `newRate`.
    event Slashed(uint256 bps, uint256 oldRate, uint256 newRate);
    /// @notice The rate rose by `bps` at once (a reward report).
    event Rewarded(uint256 bps, uint256 oldRate, uint256 newRate);
    /// @notice Pause switched.
    event PausedSet(bool paused);
    /// @notice Failure mode switched.
    event FailureModeSet(FailureMode mode);
    /// @notice The withdrawal delay changed.
    event WithdrawalDelaySet(uint256 delay);
    /// @notice The protocol's ETH is now held through `stakers` in `delegationManager`; `held` their withdrawable shares.
    event EigenDelegationSet(address indexed delegationManager, address[] stakers, uint256 held);
    /// @notice ETH received (rewards funding or deposits).
    event EtherReceived(address indexed from, uint256 amount);

    constructor(address owner_, uint256 initialRate, uint256 initialAprBps, uint256 withdrawalDelay_)
        Ownable(owner_)
    {
        rateCheckpoint = initialRate;
        checkpointAt = block.timestamp;
        aprBps = initialAprBps;
        withdrawalDelay = withdrawalDelay_;
    }

    /// @notice Accepts ETH that funds rewards and withdrawals.
    receive() external payable {
        emit EtherReceived(msg.sender, msg.value);
    }

    // ----- Scenario hooks (owner) -----

    /// @notice Sets the APR (bps) after checkpointing the accrued rate.
    function setAprBps(uint256 newAprBps) external onlyOwner {
        uint256 rate = _checkpoint();
        aprBps = newAprBps;
        emit AprSet(newAprBps, rate);
    }

    /// @notice Drops the rate at once by `bps` (a slash); `bps` must be below 10_000.
    function slash(uint256 bps) external virtual onlyOwner {
        _slash(bps);
    }

    /// @notice Raises the rate at once by `bps` (a reward report).
    function reward(uint256 bps) external onlyOwner {
        uint256 oldRate = _checkpoint();
        uint256 newRate = Math.mulDiv(oldRate, BPS + bps, BPS, Math.Rounding.Floor);
        rateCheckpoint = newRate;
        emit Rewarded(bps, oldRate, newRate);
    }

    /// @notice Holds the protocol's ETH through `stakers` (each delegated to an operator) in `delegationManager`;
    /// the fair rate then follows their withdrawable shares. The rate does not jump: the accrued rate is
    /// checkpointed first and the factor restarts at WAD. An empty list unlinks.
    function setEigenDelegation(IDelegationManager delegationManager, address[] calldata stakers) external onlyOwner {
        if (stakers.length > MAX_EIGEN_STAKERS) revert SimErrorsLib.TooManyStakers(stakers.length, MAX_EIGEN_STAKERS);
        // fold the old factor into the checkpoint: the new one restarts at WAD
        rateCheckpoint = accruedRate();
        checkpointAt = block.timestamp;
        eigenDelegation = delegationManager;
        delete _eigenStakers;
        for (uint256 i; i < stakers.length; ++i) {
            if (!delegationManager.isDelegated(stakers[i])) revert SimErrorsLib.StakerNotDelegated(stakers[i]);
            _eigenStakers.push(stakers[i]);
        }
        uint256 held = stakers.length == 0 ? 0 : _restakedHeld();
        if (stakers.length > 0 && held == 0) revert SimErrorsLib.ZeroAmount();
        restakedAtLink = held;
        emit EigenDelegationSet(address(delegationManager), stakers, held);
    }

    /// @notice Sets the delay from a withdrawal request to its claimability (seconds).
    function setWithdrawalDelay(uint256 delay) external onlyOwner {
        withdrawalDelay = delay;
        emit WithdrawalDelaySet(delay);
    }

    /// @notice Pauses or unpauses deposits, withdrawal requests and claims.
    function setPaused(bool paused_) external onlyOwner {
        paused = paused_;
        emit PausedSet(paused_);
    }

    /// @notice Makes user-facing calls revert (Revert), return a zero rate and mint nothing (ReturnZero), or
    /// behave (None).
    function setFailureMode(FailureMode mode) external onlyOwner {
        failureMode = mode;
        emit FailureModeSet(mode);
    }

    // ----- Views -----

    /// @notice Reverts when the protocol is paused or set to revert; lets companion contracts share the switches.
    function requireLive() external view {
        _checkLive();
    }

    /// @notice The accrued rate now (ETH per token, 1e18), ignoring failure modes: the base rate times what the
    /// protocol's EigenLayer stakers still hold.
    function accruedRate() public view returns (uint256) {
        return Math.mulDiv(_baseRate(), restakedFactor(), WAD, Math.Rounding.Floor);
    }

    /// @notice The protocol's EigenLayer stakers (empty when not restaked).
    function eigenStakers() external view returns (address[] memory) {
        return _eigenStakers;
    }

    /// @notice WAD x (withdrawable shares now / withdrawable shares at link): 1e18 until an AVS slashes one of the
    /// protocol's operators.
    function restakedFactor() public view returns (uint256) {
        if (_eigenStakers.length == 0) return WAD;
        return Math.mulDiv(_restakedHeld(), WAD, restakedAtLink, Math.Rounding.Floor);
    }

    // ----- Internal -----

    function _slash(uint256 bps) internal {
        if (bps >= BPS) revert SimErrorsLib.SlashTooLarge(bps);
        uint256 oldRate = _checkpoint();
        uint256 newRate = Math.mulDiv(oldRate, BPS - bps, BPS, Math.Rounding.Floor);
        rateCheckpoint = newRate;
        emit Slashed(bps, oldRate, newRate);
    }

    /// @dev Checkpoints the base rate (the restaking factor applies on top, so it is never folded in twice).
    function _checkpoint() internal returns (uint256 rate) {
        rate = _baseRate();
        rateCheckpoint = rate;
        checkpointAt = block.timestamp;
    }

    /// @dev Simple interest on the checkpoint since `checkpointAt`, before the restaking factor.
    function _baseRate() internal view returns (uint256) {
        uint256 elapsed = block.timestamp - checkpointAt;
        return rateCheckpoint + Math.mulDiv(rateCheckpoint, aprBps * elapsed, BPS * YEAR, Math.Rounding.Floor);
    }

    /// @dev Sum of the stakers' withdrawable native-ETH shares.
    function _restakedHeld() internal view returns (uint256 held) {
        IEigenStrategy[] memory strategies = new IEigenStrategy[](1);
        strategies[0] = BEACON_CHAIN_ETH_STRATEGY;
        uint256 n = _eigenStakers.length;
        for (uint256 i; i < n; ++i) {
            (uint256[] memory withdrawable,) = eigenDelegation.getWithdrawableShares(_eigenStakers[i], strategies);
            held += withdrawable[0];
        }
    }

    /// @dev The rate user calls see: zero in ReturnZero mode, a revert in Revert mode, else the published rate.
    function _liveRate() internal view returns (uint256) {
        FailureMode mode = failureMode;
        if (mode == FailureMode.Revert) revert SimErrorsLib.SimulatedFailure();
        if (mode == FailureMode.ReturnZero) return 0;
        return _publishedRate();
    }

    /// @dev The rate the protocol publishes and trades at: the accrued (true) rate, unless the protocol moves its
    /// rate only at reports (ether.fi) or reprices (Swell), which override this.
    function _publishedRate() internal view virtual returns (uint256) {
        return accruedRate();
    }

    /// @dev Guards a user-facing state change.
    function _checkLive() internal view {
        if (paused) revert SimErrorsLib.ProtocolPaused();
        if (failureMode == FailureMode.Revert) revert SimErrorsLib.SimulatedFailure();
    }

    /// @dev Whether deposits mint nothing (ReturnZero mode).
    function _mintsZero() internal view returns (bool) {
        return failureMode == FailureMode.ReturnZero;
    }

    /// @dev Tokens minted for `amount` ETH at `rate`, rounded down (favours the protocol).
    function _tokensFor(uint256 amount, uint256 rate) internal pure returns (uint256) {
        return Math.mulDiv(amount, WAD, rate, Math.Rounding.Floor);
    }

    /// @dev ETH value of `tokens` at `rate`, rounded down (favours the protocol).
    function _valueOf(uint256 tokens, uint256 rate) internal pure returns (uint256) {
        return Math.mulDiv(tokens, rate, WAD, Math.Rounding.Floor);
    }

    /// @dev Sends `amount` ETH to `to`, reverting with a named error when it cannot.
    function _sendEther(address to, uint256 amount) internal {
        if (amount > address(this).balance) revert SimErrorsLib.InsufficientEther(amount, address(this).balance);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert SimErrorsLib.EtherTransferFailed(to, amount);
    }
}
