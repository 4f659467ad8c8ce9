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

    /// @notice ETH deposited for ezETH.
    event Deposit(address indexed depositor, uint256 amount, uint256 ezETHMinted);
    /// @notice A request opened.
    event WithdrawRequestCreated(
        uint256 indexed withdrawRequestID, address indexed user, uint256 amountToRedeem, uint256 ezETHLocked, uint256 index
    );
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

    /// @inheritdoc IRenzoRestakeManager
    function depositETH() external payable nonReentrant {
        _checkLive();
        if (msg.value == 0) revert SimErrorsLib.ZeroAmount();
        uint256 minted = _mintsZero() ? 0 : _tokensFor(msg.value, accruedRate());
        emit Deposit(msg.sender, msg.value, minted);
        if (minted > 0) ezETH.mint(msg.sender, minted);
    }

    /// @inheritdoc IRenzoRestakeManager
    function calculateTVLs() external view returns (uint256[][] memory perToken, uint256[] memory perOperator, uint256 total) {
        total = _valueOf(ezETH.totalSupply(), _liveRate());
        perToken = new uint256[][](1);
        perToken[0] = new uint256[](1);
        perToken[0][0] = total;
        perOperator = new uint256[](1);
        perOperator[0] = total;
    }

    /// @inheritdoc IRenzoRateProvider
    function getRate() external view returns (uint256) {
        return _liveRate();
    }

    /// @inheritdoc IRenzoWithdrawQueue
    function withdraw(uint256 amount, address assetOut) external nonReentrant {
        _checkLive();
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
