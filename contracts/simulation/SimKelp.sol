// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {
    IKelpDepositPool, IKelpConfig, IKelpOracle, IKelpWithdrawalManager
} from "../interfaces/protocols/IKelp.sol";
import {SimProtocolBase} from "./SimProtocolBase.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";
import {SimLRTToken} from "./SimLRTToken.sol";

/// @title SimKelp
/// @notice Simulated Kelp: LRTDepositPool, LRTConfig, LRTOracle and LRTWithdrawalManager in one contract (pass this
/// address for all of them), minting its own rsETH token.
/// @dev Rules kept from mainnet (contracts/simulation/README.md has the table):
/// - The protocol's true rate accrues as in `SimProtocolBase`; deposits, withdrawals and `rsETHPrice()` use a
///   stored price that moves only when someone calls `updateRSETHPrice()` (permissionless). A slash therefore
///   reaches `rsETHPrice` only at the next update, while the protocol's own totals (`getTotalAssetDeposits`) show
///   it at once. An EigenLayer slash of the protocol's operators scales the stored price at once (the oracle
///   values restaked ETH at what EigenLayer says is withdrawable).
/// - A request commits its expected value against the uncommitted assets (`ExceedAmountToWithdraw` beyond them)
///   and needs at least `minRsEthAmountToWithdraw`.
/// - Requests settle per user oldest first, after an LRT operator's `unlockQueue`, which unlocks requests at
///   least `withdrawalDelay` seconds old (mainnet counts blocks, 8 days; the sim uses time so anvil time travel
///   moves it) and FIXES each payout at min(expected at request, rsETH x stored price at unlock), burning the
///   rsETH. `completeWithdrawal` (the user) or `completeWithdrawalForUser` (the operator) then pays that amount.
contract SimKelp is IKelpDepositPool, IKelpConfig, IKelpOracle, IKelpWithdrawalManager, SimProtocolBase, ReentrancyGuard {
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
    /// @notice The LRT operator: unlocks the queue and may complete a user's withdrawal for them.
    address public operator;
    /// @notice Requests with a nonce below this are unlocked (their payout fixed), per asset.
    mapping(address => uint256) public nextLockedNonce;
    /// @notice Expected value of requests not yet unlocked, per asset.
    mapping(address => uint256) public assetsCommitted;
    /// @notice Smallest request, in rsETH, per asset.
    mapping(address => uint256) public minRsEthAmountToWithdraw;
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
    /// @notice Requests up to (excluding) `nextLockedNonce` are unlocked; `rsETHBurned` burned for `assetsUnlocked`.
    event QueueUnlocked(address indexed asset, uint256 nextLockedNonce, uint256 rsETHBurned, uint256 assetsUnlocked);
    /// @notice The smallest request changed.
    event MinRsEthAmountToWithdrawSet(address indexed asset, uint256 amount);

    /// @param owner_ Scenario admin.
    /// @param initialRate ETH per rsETH at start (1e18).
    /// @param initialAprBps Initial APR in bps.
    constructor(address owner_, uint256 initialRate, uint256 initialAprBps)
        SimProtocolBase(owner_, initialRate, initialAprBps, 8 days)
    {
        rsETH = new SimLRTToken("rsETH", "rsETH", address(this));
        storedPrice = initialRate;
        storedFactor = WAD;
        operator = owner_;
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

    /// @notice Sets the LRT operator (mainnet: the LRT operator role).
    function setOperator(address operator_) external onlyOwner {
        operator = operator_;
        emit OperatorSet(operator_);
    }

    /// @notice Sets the smallest request for `asset`, in rsETH (mainnet: an LRT manager).
    function setMinRsEthAmountToWithdraw(address asset, uint256 amount) external onlyOwner {
        minRsEthAmountToWithdraw[asset] = amount;
        emit MinRsEthAmountToWithdrawSet(asset, amount);
    }

    /// @inheritdoc IKelpWithdrawalManager
    function initiateWithdrawal(address asset, uint256 rsETHUnstaked, string calldata) external nonReentrant {
        _checkLive();
        if (asset != ETH_TOKEN) revert SimErrorsLib.UnsupportedAsset(asset);
        uint256 minimum = minRsEthAmountToWithdraw[asset];
        if (rsETHUnstaked == 0 || rsETHUnstaked < minimum) {
            revert SimErrorsLib.WithdrawalOutsideLimits(rsETHUnstaked, minimum, type(uint256).max);
        }
        uint256 expected = _valueOf(rsETHUnstaked, _price());
        uint256 available = getAvailableAssetAmount(asset);
        if (expected > available) revert SimErrorsLib.ExceedAmountToWithdraw(expected, available);
        assetsCommitted[asset] += expected;
        uint256 nonce = nextUnusedNonce[asset]++;
        withdrawalRequests[getRequestId(asset, nonce)] = WithdrawalRequest(rsETHUnstaked, expected, block.number);
        _createdAt[nonce] = block.timestamp;
        _userNonces[msg.sender].push(nonce);
        emit WithdrawalQueued(msg.sender, nonce, rsETHUnstaked, expected);
        SafeERC20.safeTransferFrom(IERC20(address(rsETH)), msg.sender, address(this), rsETHUnstaked);
    }

    /// @inheritdoc IKelpWithdrawalManager
    /// @dev The operator only. Unlocks, oldest first, requests below `firstExcludedIndex` that are at least
    /// `withdrawalDelay` old (stopping at the first younger one), each paid min(expected, rsETH x stored price):
    /// the payout is fixed here. Reverts unless the stored price lies within the operator's bounds (the asset's
    /// price is 1e18 for ETH).
    function unlockQueue(
        address asset,
        uint256 firstExcludedIndex,
        uint256 minimumAssetPrice,
        uint256 minimumRsEthPrice,
        uint256 maximumAssetPrice,
        uint256 maximumRsEthPrice
    ) external nonReentrant returns (uint256 rsETHBurned, uint256 assetAmountUnlocked) {
        if (msg.sender != operator) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        _checkLive();
        if (asset != ETH_TOKEN) revert SimErrorsLib.UnsupportedAsset(asset);
        uint256 price = _price();
        if (price < minimumRsEthPrice || price > maximumRsEthPrice) {
            revert SimErrorsLib.PriceOutOfBounds(price, minimumRsEthPrice, maximumRsEthPrice);
        }
        if (WAD < minimumAssetPrice || WAD > maximumAssetPrice) {
            revert SimErrorsLib.PriceOutOfBounds(WAD, minimumAssetPrice, maximumAssetPrice);
        }
        uint256 nonce = nextLockedNonce[asset];
        uint256 end = Math.min(firstExcludedIndex, nextUnusedNonce[asset]);
        for (; nonce < end; ++nonce) {
            if (block.timestamp < _createdAt[nonce] + withdrawalDelay) break;
            WithdrawalRequest storage r = withdrawalRequests[getRequestId(asset, nonce)];
            uint256 payout = Math.min(r.expectedAssetAmount, _valueOf(r.rsETHUnstaked, price));
            assetsCommitted[asset] -= r.expectedAssetAmount;
            rsETHBurned += r.rsETHUnstaked;
            assetAmountUnlocked += payout;
            r.expectedAssetAmount = payout;
        }
        nextLockedNonce[asset] = nonce;
        emit QueueUnlocked(asset, nonce, rsETHBurned, assetAmountUnlocked);
        if (rsETHBurned > 0) rsETH.burn(address(this), rsETHBurned);
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

    /// @inheritdoc IKelpWithdrawalManager
    function getAvailableAssetAmount(address asset) public view returns (uint256) {
        return _zeroFloorSub(getTotalAssetDeposits(asset), assetsCommitted[asset]);
    }

    /// @inheritdoc IKelpDepositPool
    /// @dev ETH the protocol holds for all of rsETH's holders, at the TRUE rate (what the oracle's next update
    /// will store), so a slash shows here before it reaches `rsETHPrice`.
    function getTotalAssetDeposits(address asset) public view returns (uint256) {
        if (asset != ETH_TOKEN) return 0;
        return _valueOf(rsETH.totalSupply(), accruedRate());
    }

    /// @inheritdoc IKelpDepositPool
    function lrtConfig() external view returns (address) {
        return address(this);
    }

    /// @inheritdoc IKelpConfig
    function getSupportedAssetList() external pure returns (address[] memory assets) {
        assets = new address[](1);
        assets[0] = ETH_TOKEN;
    }

    /// @inheritdoc IKelpOracle
    function getAssetPrice(address asset) external pure returns (uint256) {
        if (asset != ETH_TOKEN) revert SimErrorsLib.UnsupportedAsset(asset);
        return WAD;
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
        if (nonce >= nextLockedNonce[asset]) revert SimErrorsLib.NotFinalized(nonce);
        bytes32 id = getRequestId(asset, nonce);
        uint256 paid = withdrawalRequests[id].expectedAssetAmount;
        _userHead[user] = head + 1;
        delete withdrawalRequests[id];
        emit WithdrawalCompleted(user, nonce, paid, msg.sender, referralId);
        _sendEther(user, paid);
    }

    function _zeroFloorSub(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : 0;
    }

    /// @dev The stored price, less what EigenLayer slashed since it was stored.
    function _price() internal view returns (uint256) {
        uint256 atUpdate = storedFactor;
        if (atUpdate == 0) return 0;
        return Math.mulDiv(storedPrice, restakedFactor(), atUpdate, Math.Rounding.Floor);
    }
}
