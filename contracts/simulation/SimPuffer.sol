// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IPufferVault, IPufferWithdrawalManager} from "../interfaces/protocols/IPuffer.sol";
import {IWETH9} from "../interfaces/protocols/IWETH9.sol";
import {SimProtocolBase} from "./SimProtocolBase.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";

/// @title SimPufferVault
/// @notice Simulated PufferVault: an ERC-4626 vault over WETH whose shares are pufETH, priced by the
/// `SimProtocolBase` rate (convertToAssets(1e18) = rate). It holds deposits as ETH and pays WETH.
/// @dev As on mainnet: instant withdraw/redeem charge `exitFeeBps` (1 %) of the assets, and a deposit and a
/// withdrawal in the same transaction revert (tracked in transient storage). The vault counts 32 ETH per active
/// validator until the validator's exit is processed: a beacon-chain loss (`beaconChainLoss`) leaves the rate
/// untouched until `processValidatorExits`, which books it net of the operators' bonds burned for it.
contract SimPufferVault is IPufferVault, ERC4626, SimProtocolBase, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Exit fee on instant withdrawals, in bps.
    uint256 public exitFeeBps = 100;
    /// @notice The withdrawal manager allowed to settle queued withdrawals (set once).
    address public withdrawalManager;
    bool private transient _depositedThisTx;

    /// @notice Beacon-chain loss not yet in the rate (validators still counted at 32 ETH), in bps of the rate.
    uint256 public pendingBeaconLossBps;

    /// @notice The exit fee changed.
    event ExitFeeSet(uint256 bps);
    /// @notice A beacon-chain loss of `bps` happened; it is not in the rate until the exits are processed.
    event BeaconChainLoss(uint256 bps, uint256 pendingBps);
    /// @notice Validator exits processed: `pendingBps` of loss, `bondBps` covered by burned bonds, `bookedBps` booked.
    event ValidatorExitsProcessed(uint256 pendingBps, uint256 bondBps, uint256 bookedBps);
    /// @notice The withdrawal manager was wired.
    event WithdrawalManagerSet(address manager);
    /// @notice A queued withdrawal was settled: `shares` burned from the manager, `assets` WETH paid.
    event QueuedWithdrawalSettled(uint256 shares, uint256 assets, address indexed recipient);

    /// @param owner_ Scenario admin.
    /// @param weth_ WETH (the ERC-4626 asset).
    /// @param initialRate ETH per pufETH at start (1e18).
    /// @param initialAprBps Initial APR in bps.
    constructor(address owner_, IERC20 weth_, uint256 initialRate, uint256 initialAprBps)
        ERC20("pufETH", "pufETH")
        ERC4626(weth_)
        SimProtocolBase(owner_, initialRate, initialAprBps, 14 days)
    {}

    /// @notice Sets the exit fee (bps, below 10_000).
    function setExitFeeBps(uint256 bps) external onlyOwner {
        if (bps >= BPS) revert SimErrorsLib.ValueTooLarge(bps);
        exitFeeBps = bps;
        emit ExitFeeSet(bps);
    }


    /// @notice A beacon-chain loss (penalties, a validator slash) of `bps` of the rate: the vault keeps counting
    /// 32 ETH per validator, so the rate does not move yet.
    function beaconChainLoss(uint256 bps) external onlyOwner {
        pendingBeaconLossBps += bps;
        if (pendingBeaconLossBps >= BPS) revert SimErrorsLib.SlashTooLarge(pendingBeaconLossBps);
        emit BeaconChainLoss(bps, pendingBeaconLossBps);
    }

    /// @notice The guardians process the affected validators' exits: the pending loss reaches the rate, less
    /// `bondBps` covered by the node operators' burned bonds.
    function processValidatorExits(uint256 bondBps) external onlyOwner {
        uint256 pending = pendingBeaconLossBps;
        uint256 booked = pending > bondBps ? pending - bondBps : 0;
        pendingBeaconLossBps = 0;
        if (booked > 0) _slash(booked);
        emit ValidatorExitsProcessed(pending, bondBps, booked);
    }

    /// @notice Wires the withdrawal manager; callable once.
    function setWithdrawalManager(address manager) external onlyOwner {
        if (withdrawalManager != address(0)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        withdrawalManager = manager;
        emit WithdrawalManagerSet(manager);
    }

    /// @notice Exit fee in bps (the mainnet view's name).
    function getExitFeeBasisPoints() external view returns (uint256) {
        return exitFeeBps;
    }

    /// @inheritdoc IPufferVault
    function depositETH(address receiver) external payable nonReentrant returns (uint256 shares) {
        _checkLive();
        if (msg.value == 0) revert SimErrorsLib.ZeroAmount();
        _depositedThisTx = true;
        shares = _mintsZero() ? 0 : _convertToShares(msg.value, Math.Rounding.Floor);
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, msg.value, shares);
    }

    /// @notice Settles a queued withdrawal: burns `shares` held by the manager and pays `assets` WETH to
    /// `recipient`; only the withdrawal manager.
    function settleQueuedWithdrawal(uint256 shares, uint256 assets, address recipient) external nonReentrant {
        if (msg.sender != withdrawalManager) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        _burn(msg.sender, shares);
        emit QueuedWithdrawalSettled(shares, assets, recipient);
        _payWeth(recipient, assets);
    }

    /// @notice Total assets: pufETH supply at the accrued rate.
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        return _valueOf(totalSupply(), accruedRate());
    }

    /// @notice Shares burned to withdraw `assets` WETH, the exit fee included.
    function previewWithdraw(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        uint256 fee = Math.mulDiv(assets, exitFeeBps, BPS - exitFeeBps, Math.Rounding.Ceil);
        return _convertToShares(assets + fee, Math.Rounding.Ceil);
    }

    /// @notice WETH paid for redeeming `shares`, the exit fee deducted.
    function previewRedeem(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        uint256 assets = _convertToAssets(shares, Math.Rounding.Floor);
        return assets - Math.mulDiv(assets, exitFeeBps, BPS, Math.Rounding.Ceil);
    }

    function _convertToShares(uint256 assets, Math.Rounding rounding) internal view override returns (uint256) {
        return Math.mulDiv(assets, WAD, accruedRate(), rounding);
    }

    /// @dev Uses the live rate, so `convertToAssets(1e18)` (the fair-rate view) follows the failure modes.
    function _convertToAssets(uint256 shares, Math.Rounding rounding) internal view override returns (uint256) {
        return Math.mulDiv(shares, _liveRate(), WAD, rounding);
    }

    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override {
        _checkLive();
        _depositedThisTx = true;
        if (_mintsZero()) shares = 0;
        super._deposit(caller, receiver, assets, shares);
        IWETH9(asset()).withdraw(assets); // hold ETH like the mainnet vault
    }

    function _withdraw(address caller, address receiver, address owner_, uint256 assets, uint256 shares)
        internal
        override
    {
        _checkLive();
        if (_depositedThisTx) revert SimErrorsLib.DepositAndWithdrawalInSameTx();
        if (caller != owner_) _spendAllowance(owner_, caller, shares);
        _burn(owner_, shares);
        emit Withdraw(caller, receiver, owner_, assets, shares);
        _payWeth(receiver, assets);
    }

    /// @dev Wraps ETH as needed and sends `assets` WETH.
    function _payWeth(address to, uint256 assets) internal {
        IWETH9 weth = IWETH9(asset());
        uint256 held = weth.balanceOf(address(this));
        if (held < assets) {
            uint256 wrap = assets - held;
            if (wrap > address(this).balance) revert SimErrorsLib.InsufficientEther(wrap, address(this).balance);
            weth.deposit{value: wrap}();
        }
        IERC20(address(weth)).safeTransfer(to, assets);
    }
}

/// @title SimPufferWithdrawalManager
/// @notice Simulated PufferWithdrawalManager: queued withdrawals paid in WETH.
/// @dev As on mainnet: requests go into batches of BATCH_SIZE (10); a finaliser role (the vault's owner here)
/// finalises full batches only (`finalizeWithdrawals`), snapshotting the rate, which FIXES each payout at
/// pufETH x min(rate at request, batch rate); a request in a batch that never fills is never finalised. Anyone may
/// then complete a finalised withdrawal, paying its recipient. At least 0.01 pufETH and at most the DAO's
/// `maxWithdrawalAmount` per request, one request per transaction.
contract SimPufferWithdrawalManager is IPufferWithdrawalManager, ReentrancyGuard {
    struct Withdrawal {
        uint128 pufETHAmount;
        uint128 pufETHToETHExchangeRate;
        address recipient;
    }

    /// @notice Requests per batch.
    uint256 public constant BATCH_SIZE = 10;
    /// @notice Smallest withdrawal, in pufETH.
    uint256 public constant MIN_WITHDRAWAL_AMOUNT = 0.01 ether;
    /// @notice The vault.
    SimPufferVault public immutable PUFFER_VAULT;
    /// @notice Largest withdrawal, in pufETH (the DAO sets it).
    uint256 public maxWithdrawalAmount = 1_000 ether;
    /// @notice Batches up to (excluding) this index are finalised.
    uint256 public finalizedBatches;
    /// @notice Rate each finalised batch was finalised at.
    mapping(uint256 => uint256) public batchRate;
    /// @notice Timestamp each request was made (for the devnet's finaliser).
    mapping(uint256 => uint256) public createdAt;
    Withdrawal[] private _withdrawals;
    bool private transient _requestedThisTx;

    /// @notice A withdrawal was queued.
    event WithdrawalRequested(uint256 indexed withdrawalIdx, uint256 pufETHAmount, address indexed recipient);
    /// @notice A withdrawal was paid.
    event WithdrawalCompleted(uint256 indexed withdrawalIdx, uint256 ethPayoutAmount, address indexed recipient);
    /// @notice Batches below `finalizedBatches` are finalised; the last at `rate`.
    event BatchesFinalized(uint256 finalizedBatches, uint256 rate);
    /// @notice The DAO's maximum changed.
    event MaxWithdrawalAmountSet(uint256 amount);

    /// @notice Only one withdrawal request per transaction.
    error MultipleWithdrawalsAreForbidden();

    /// @param vault_ The simulated Puffer vault.
    constructor(SimPufferVault vault_) {
        PUFFER_VAULT = vault_;
    }

    /// @inheritdoc IPufferWithdrawalManager
    function getMaxWithdrawalAmount() external view returns (uint256) {
        return maxWithdrawalAmount;
    }

    /// @notice Sets the largest withdrawal (the DAO); only the vault's owner.
    function setMaxWithdrawalAmount(uint256 amount) external {
        if (msg.sender != PUFFER_VAULT.owner()) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        maxWithdrawalAmount = amount;
        emit MaxWithdrawalAmountSet(amount);
    }

    /// @inheritdoc IPufferWithdrawalManager
    function requestWithdrawal(uint128 pufETHAmount, address recipient) external nonReentrant {
        PUFFER_VAULT.requireLive();
        if (_requestedThisTx) revert MultipleWithdrawalsAreForbidden();
        _requestedThisTx = true;
        if (pufETHAmount < MIN_WITHDRAWAL_AMOUNT || pufETHAmount > maxWithdrawalAmount) {
            revert SimErrorsLib.WithdrawalOutsideLimits(pufETHAmount, MIN_WITHDRAWAL_AMOUNT, maxWithdrawalAmount);
        }
        uint256 rate = PUFFER_VAULT.accruedRate();
        uint256 idx = _withdrawals.length;
        // rates stay far below 2^128
        // forge-lint: disable-next-line(unsafe-typecast)
        _withdrawals.push(Withdrawal(pufETHAmount, uint128(rate), recipient));
        createdAt[idx] = block.timestamp;
        emit WithdrawalRequested(idx, pufETHAmount, recipient);
        SafeERC20.safeTransferFrom(IERC20(address(PUFFER_VAULT)), msg.sender, address(this), pufETHAmount);
    }

    /// @notice Finalises every batch up to and including `withdrawalBatchIndex` at the vault's rate now; each must
    /// be full. Only the finaliser (the vault's owner).
    function finalizeWithdrawals(uint256 withdrawalBatchIndex) external {
        if (msg.sender != PUFFER_VAULT.owner()) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        if ((withdrawalBatchIndex + 1) * BATCH_SIZE > _withdrawals.length) {
            revert SimErrorsLib.BatchNotFull(withdrawalBatchIndex, BATCH_SIZE);
        }
        if (withdrawalBatchIndex < finalizedBatches) revert SimErrorsLib.CannotFinalize(withdrawalBatchIndex);
        uint256 rate = PUFFER_VAULT.accruedRate();
        for (uint256 i = finalizedBatches; i <= withdrawalBatchIndex; ++i) {
            batchRate[i] = rate;
        }
        finalizedBatches = withdrawalBatchIndex + 1;
        emit BatchesFinalized(withdrawalBatchIndex + 1, rate);
    }

    /// @inheritdoc IPufferWithdrawalManager
    /// @dev Anyone; pays the recipient pufETH x min(rate at request, batch rate), fixed at finalisation.
    function completeQueuedWithdrawal(uint256 withdrawalIdx) external nonReentrant {
        PUFFER_VAULT.requireLive();
        if (withdrawalIdx >= _withdrawals.length) revert SimErrorsLib.UnknownRequest(withdrawalIdx);
        Withdrawal memory w = _withdrawals[withdrawalIdx];
        if (w.recipient == address(0)) revert SimErrorsLib.UnknownRequest(withdrawalIdx);
        uint256 batch = withdrawalIdx / BATCH_SIZE;
        if (batch >= finalizedBatches) revert SimErrorsLib.NotFinalized(withdrawalIdx);
        uint256 payout = payoutOf(withdrawalIdx);
        delete _withdrawals[withdrawalIdx];
        emit WithdrawalCompleted(withdrawalIdx, payout, w.recipient);
        PUFFER_VAULT.settleQueuedWithdrawal(w.pufETHAmount, payout, w.recipient);
    }

    /// @notice What a finalised withdrawal pays (zero before finalisation or after completion).
    function payoutOf(uint256 withdrawalIdx) public view returns (uint256) {
        if (withdrawalIdx >= _withdrawals.length || withdrawalIdx / BATCH_SIZE >= finalizedBatches) return 0;
        Withdrawal memory w = _withdrawals[withdrawalIdx];
        uint256 rate = Math.min(w.pufETHToETHExchangeRate, batchRate[withdrawalIdx / BATCH_SIZE]);
        return Math.mulDiv(w.pufETHAmount, rate, 1e18, Math.Rounding.Floor);
    }

    /// @inheritdoc IPufferWithdrawalManager
    function getWithdrawalsLength() external view returns (uint256) {
        return _withdrawals.length;
    }

    /// @inheritdoc IPufferWithdrawalManager
    function getWithdrawal(uint256 withdrawalIdx) external view returns (IPufferWithdrawalManager.QueuedWithdrawal memory) {
        if (withdrawalIdx >= _withdrawals.length) revert SimErrorsLib.UnknownRequest(withdrawalIdx);
        Withdrawal memory w = _withdrawals[withdrawalIdx];
        return IPufferWithdrawalManager.QueuedWithdrawal(w.pufETHAmount, w.pufETHToETHExchangeRate, w.recipient);
    }
}
