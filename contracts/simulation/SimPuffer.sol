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
/// withdrawal in the same transaction revert (tracked in transient storage).
contract SimPufferVault is IPufferVault, ERC4626, SimProtocolBase, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Exit fee on instant withdrawals, in bps.
    uint256 public exitFeeBps = 100;
    /// @notice The withdrawal manager allowed to settle queued withdrawals (set once).
    address public withdrawalManager;
    bool private transient _depositedThisTx;

    /// @notice The exit fee changed.
    event ExitFeeSet(uint256 bps);
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
/// @notice Simulated PufferWithdrawalManager: queued withdrawals paid in WETH at min(rate at request, rate at
/// finalisation). Mainnet finalises full batches of 10 by an operator; the sim finalises each withdrawal
/// `withdrawalDelay` (vault setting) seconds after the request. As on mainnet: at least 0.01 pufETH, and one
/// request per transaction.
contract SimPufferWithdrawalManager is IPufferWithdrawalManager, ReentrancyGuard {
    struct Withdrawal {
        uint128 pufETHAmount;
        uint128 pufETHToETHExchangeRate;
        address recipient;
        uint64 createdAt;
    }

    /// @notice Smallest withdrawal, in pufETH.
    uint256 public constant MIN_WITHDRAWAL_AMOUNT = 0.01 ether;
    /// @notice The vault.
    SimPufferVault public immutable PUFFER_VAULT;
    Withdrawal[] private _withdrawals;
    bool private transient _requestedThisTx;

    /// @notice A withdrawal was queued.
    event WithdrawalRequested(uint256 indexed withdrawalIdx, uint256 pufETHAmount, address indexed recipient);
    /// @notice A withdrawal was paid.
    event WithdrawalCompleted(uint256 indexed withdrawalIdx, uint256 ethPayoutAmount, address indexed recipient);

    /// @notice Only one withdrawal request per transaction.
    error MultipleWithdrawalsAreForbidden();

    /// @param vault_ The simulated Puffer vault.
    constructor(SimPufferVault vault_) {
        PUFFER_VAULT = vault_;
    }

    /// @inheritdoc IPufferWithdrawalManager
    function requestWithdrawal(uint128 pufETHAmount, address recipient) external nonReentrant {
        PUFFER_VAULT.requireLive();
        if (_requestedThisTx) revert MultipleWithdrawalsAreForbidden();
        _requestedThisTx = true;
        if (pufETHAmount < MIN_WITHDRAWAL_AMOUNT) {
            revert SimErrorsLib.WithdrawalBelowMinimum(pufETHAmount, MIN_WITHDRAWAL_AMOUNT);
        }
        uint256 rate = PUFFER_VAULT.accruedRate();
        uint256 idx = _withdrawals.length;
        _withdrawals.push(Withdrawal(pufETHAmount, uint128(rate), recipient, uint64(block.timestamp)));
        emit WithdrawalRequested(idx, pufETHAmount, recipient);
        SafeERC20.safeTransferFrom(IERC20(address(PUFFER_VAULT)), msg.sender, address(this), pufETHAmount);
    }

    /// @inheritdoc IPufferWithdrawalManager
    function completeQueuedWithdrawal(uint256 withdrawalIdx) external nonReentrant {
        PUFFER_VAULT.requireLive();
        if (withdrawalIdx >= _withdrawals.length) revert SimErrorsLib.UnknownRequest(withdrawalIdx);
        Withdrawal memory w = _withdrawals[withdrawalIdx];
        if (w.recipient == address(0)) revert SimErrorsLib.UnknownRequest(withdrawalIdx);
        uint256 claimableAt = uint256(w.createdAt) + PUFFER_VAULT.withdrawalDelay();
        if (block.timestamp < claimableAt) revert SimErrorsLib.NotYetClaimable(withdrawalIdx, claimableAt);
        uint256 rate = Math.min(w.pufETHToETHExchangeRate, PUFFER_VAULT.accruedRate());
        uint256 payout = Math.mulDiv(w.pufETHAmount, rate, 1e18, Math.Rounding.Floor);
        delete _withdrawals[withdrawalIdx];
        emit WithdrawalCompleted(withdrawalIdx, payout, w.recipient);
        PUFFER_VAULT.settleQueuedWithdrawal(w.pufETHAmount, payout, w.recipient);
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
