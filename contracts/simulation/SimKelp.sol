// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IKelpDepositPool, IKelpOracle, IKelpWithdrawalManager} from "../interfaces/protocols/IKelp.sol";
import {SimProtocolBase} from "./SimProtocolBase.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";
import {SimLRTToken} from "./SimLRTToken.sol";

/// @title SimKelp
/// @notice Simulated Kelp: LRTDepositPool, LRTOracle and LRTWithdrawalManager in one contract (pass this address
/// for all three), minting its own rsETH token.
/// @dev The protocol's true rate accrues as in `SimProtocolBase`, but what deposits, withdrawals and
/// `rsETHPrice()` use is a stored price that moves only when a keeper calls `updateRSETHPrice()` (anyone may,
/// as on mainnet). So a protocol-level slash shows in `rsETHPrice` only after the next update. An EigenLayer slash
/// of the protocol's operators shows at once: the stored price is scaled by the restaking factor now over the
/// factor at the update (the oracle values the restaked ETH at what EigenLayer says is withdrawable). Requests settle oldest first
/// per user, `withdrawalDelay` seconds (8 days) after the request (mainnet counts blocks and needs an operator
/// unlock; the sim uses time so anvil time travel moves it), paying min(expected at request, rsETH x stored
/// price at completion).
contract SimKelp is IKelpDepositPool, IKelpOracle, IKelpWithdrawalManager, SimProtocolBase, ReentrancyGuard {
    /// @notice Kelp's marker for native ETH.
    address public constant ETH_TOKEN = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;

    /// @notice A stored request (mainnet layout; deleted when completed).
    struct WithdrawalRequest {
        uint256 rsETHUnstaked;
        uint256 expectedAssetAmount;
        uint256 withdrawalStartBlock;
    }

    /// @notice The rsETH token this sim mints.
    SimLRTToken public immutable rsETH;
    /// @notice The stored price (ETH per rsETH, 1e18) used by deposits and withdrawals.
    uint256 public storedPrice;
    /// @notice `restakedFactor()` when `storedPrice` was stored.
    uint256 public storedFactor;
    /// @notice The nonce the next request for an asset gets (global across users, as on mainnet).
    mapping(address => uint256) public nextUnusedNonce;
    /// @notice Requests by id (`getRequestId(asset, nonce)`); deleted when completed.
    mapping(bytes32 => WithdrawalRequest) public withdrawalRequests;
    /// @notice The operator that may complete a user's withdrawal for them (`completeWithdrawalForUser`).
    address public operator;
    mapping(address => uint256[]) private _userNonces;
    mapping(address => uint256) private _userHead;
    mapping(uint256 => uint256) private _createdAt;

    /// @notice ETH deposited for rsETH.
    event AssetDeposit(address indexed depositor, uint256 amount, uint256 rsETHMinted, string referralId);
    /// @notice The stored price moved.
    event RsETHPriceUpdated(uint256 price);
    /// @notice A withdrawal request opened.
    event WithdrawalQueued(address indexed user, uint256 indexed nonce, uint256 rsETHAmount, uint256 expectedAmount);
    /// @notice A withdrawal request completed (by the user or, for them, by the operator `caller`).
    event WithdrawalCompleted(
        address indexed user, uint256 indexed nonce, uint256 amountPaid, address caller, string referralId
    );
    /// @notice The operator changed.
    event OperatorSet(address operator);

    /// @param owner_ Scenario admin.
    /// @param initialRate ETH per rsETH at start (1e18).
    /// @param initialAprBps Initial APR in bps.
    constructor(address owner_, uint256 initialRate, uint256 initialAprBps)
        SimProtocolBase(owner_, initialRate, initialAprBps, 8 days)
    {
        rsETH = new SimLRTToken("rsETH", "rsETH", address(this));
        storedPrice = initialRate;
        storedFactor = WAD;
    }


    /// @inheritdoc IKelpDepositPool
    function depositETH(uint256 minRSETHAmountExpected, string calldata referralId) external payable nonReentrant {
        _checkLive();
        if (msg.value == 0) revert SimErrorsLib.ZeroAmount();
        uint256 minted = _mintsZero() ? 0 : _tokensFor(msg.value, _price());
        if (minted < minRSETHAmountExpected) revert SimErrorsLib.InsufficientMinted(minted, minRSETHAmountExpected);
        emit AssetDeposit(msg.sender, msg.value, minted, referralId);
        if (minted > 0) rsETH.mint(msg.sender, minted);
    }

    /// @inheritdoc IKelpOracle
    function rsETHPrice() external view returns (uint256) {
        if (failureMode == FailureMode.Revert) revert SimErrorsLib.SimulatedFailure();
        if (failureMode == FailureMode.ReturnZero) return 0;
        return _price();
    }

    /// @inheritdoc IKelpOracle
    function updateRSETHPrice() external {
        _checkLive();
        uint256 price = accruedRate();
        storedPrice = price;
        storedFactor = restakedFactor();
        emit RsETHPriceUpdated(price);
    }

    /// @notice Sets the operator that may complete users' withdrawals for them (mainnet: LRT operator role).
    function setOperator(address operator_) external onlyOwner {
        operator = operator_;
        emit OperatorSet(operator_);
    }

    /// @inheritdoc IKelpWithdrawalManager
    function initiateWithdrawal(address asset, uint256 rsETHUnstaked, string calldata) external nonReentrant {
        _checkLive();
        if (asset != ETH_TOKEN) revert SimErrorsLib.UnsupportedAsset(asset);
        if (rsETHUnstaked == 0) revert SimErrorsLib.ZeroAmount();
        uint256 expected = _valueOf(rsETHUnstaked, _price());
        uint256 nonce = nextUnusedNonce[asset]++;
        withdrawalRequests[getRequestId(asset, nonce)] = WithdrawalRequest(rsETHUnstaked, expected, block.number);
        _createdAt[nonce] = block.timestamp;
        _userNonces[msg.sender].push(nonce);
        emit WithdrawalQueued(msg.sender, nonce, rsETHUnstaked, expected);
        SafeERC20.safeTransferFrom(IERC20(address(rsETH)), msg.sender, address(this), rsETHUnstaked);
    }

    /// @inheritdoc IKelpWithdrawalManager
    function completeWithdrawal(address asset, string calldata referralId) external nonReentrant {
        _complete(asset, msg.sender, referralId);
    }

    /// @notice The operator completes `user`'s oldest request and pays it to `user` (mainnet: onlyLRTOperator).
    function completeWithdrawalForUser(address asset, address user, string calldata referralId) external nonReentrant {
        if (msg.sender != operator) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        _complete(asset, user, referralId);
    }

    /// @inheritdoc IKelpWithdrawalManager
    function getRequestId(address asset, uint256 nonce) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(asset, nonce));
    }

    /// @notice Open requests of `user` (not yet completed).
    function openRequests(address user) external view returns (uint256) {
        return _userNonces[user].length - _userHead[user];
    }

    function _complete(address asset, address user, string calldata referralId) internal {
        _checkLive();
        if (asset != ETH_TOKEN) revert SimErrorsLib.UnsupportedAsset(asset);
        uint256 head = _userHead[user];
        if (head >= _userNonces[user].length) revert SimErrorsLib.UnknownRequest(head);
        uint256 nonce = _userNonces[user][head];
        bytes32 id = getRequestId(asset, nonce);
        WithdrawalRequest memory r = withdrawalRequests[id];
        uint256 claimableAt = _createdAt[nonce] + withdrawalDelay;
        if (block.timestamp < claimableAt) revert SimErrorsLib.NotYetClaimable(nonce, claimableAt);
        uint256 paid = Math.min(r.expectedAssetAmount, _valueOf(r.rsETHUnstaked, _price()));
        _userHead[user] = head + 1;
        delete withdrawalRequests[id];
        emit WithdrawalCompleted(user, nonce, paid, msg.sender, referralId);
        rsETH.burn(address(this), r.rsETHUnstaked);
        _sendEther(user, paid);
    }

    /// @dev The stored price, less what EigenLayer slashed since it was stored.
    function _price() internal view returns (uint256) {
        uint256 atUpdate = storedFactor;
        if (atUpdate == 0) return 0;
        return Math.mulDiv(storedPrice, restakedFactor(), atUpdate, Math.Rounding.Floor);
    }
}
