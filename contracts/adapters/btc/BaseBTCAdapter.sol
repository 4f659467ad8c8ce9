// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IAdapter} from "../../interfaces/IAdapter.sol";
import {IAggregatorV3} from "../../interfaces/protocols/IAggregatorV3.sol";
import {AdapterErrorsLib} from "../libraries/AdapterErrorsLib.sol";
import {AdapterEventsLib} from "../libraries/AdapterEventsLib.sol";

/// @title BaseBTCAdapter
/// @notice What every BTC LST adapter shares: vault-only access, an ERC-20 asset (WBTC, 8 decimals; no native
/// path), valuation at min(fair rate, market price), and a bounded list of queued exits.
/// @dev Spec:
/// - Rates (`fairRate`, `marketRate`) are BTC per whole LST, 1e18-scaled, whatever the decimals; the asset and
///   the LST are both BTC (the wrapper's own depeg is the vault's asset risk, not valued here).
/// - value(lst) in asset units = floor(lst x rate / 1e18 x 10^assetDecimals / 10^lstDecimals); an LST with fewer
///   decimals than the asset is refused (`UnsupportedDecimals`).
/// - The LST position is stored (`lstHeld`), never read from the balance: a donation changes nothing.
/// - realAssets = value(lstHeld) at min(fair, market) + pendingExits. A set feed that reverts, answers <= 0 or
///   is older than `maxStaleness` reverts; a zero fair rate reverts.
/// - An instant exit of `assets` sells ceil(assets / valuation rate) LST through the protocol's venue; a queued
///   exit hands ceil(assets / fair rate) LST to the protocol queue; both revert `ExceedsHoldings` beyond the
///   position. A queued exit is worth min(valueAtRequest, its LST at the fair rate now) until paid.
/// - At most MAX_OPEN_EXITS queued exits; claimExits sends every asset unit the adapter holds to the vault.
abstract contract BaseBTCAdapter is IAdapter, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice One open queued exit.
    struct ExitRequest {
        uint256 id;
        uint256 protocolId;
        uint128 lstAmount;
        uint128 valueAtRequest;
        uint64 requestedAt;
    }

    /// @notice The LST has fewer decimals than the asset, or the feed more than 18.
    error UnsupportedDecimals(address token, uint8 decimals);

    /// @notice Largest number of queued exits open at once.
    uint256 public constant MAX_OPEN_EXITS = 16;
    uint256 internal constant WAD = 1e18;

    /// @inheritdoc IAdapter
    address public immutable vault;
    /// @inheritdoc IAdapter
    address public immutable lrt;
    /// @notice The LST/BTC market feed; zero when none is set.
    IAggregatorV3 public immutable marketFeed;
    /// @notice Largest accepted age of the market feed's answer, in seconds.
    uint256 public immutable maxStaleness;
    IERC20 internal immutable _asset;
    uint256 internal immutable _feedScale;
    /// @dev 1e18 x 10^(lstDecimals - assetDecimals): value = lst x rate / _valueDen.
    uint256 internal immutable _valueDen;

    /// @notice LST held, as recorded by the adapter's own moves.
    uint256 public lstHeld;
    /// @notice Id the next queued exit will get.
    uint256 public nextExitId = 1;
    ExitRequest[] internal _exits;

    /// @param vault_ The only caller of state-changing functions.
    /// @param asset_ The vault's asset (WBTC).
    /// @param lst_ The LST this adapter holds.
    /// @param marketFeed_ An LST/BTC AggregatorV3 feed, or zero.
    /// @param maxStaleness_ Largest accepted feed age in seconds (ignored without a feed).
    constructor(address vault_, address asset_, address lst_, address marketFeed_, uint256 maxStaleness_) {
        if (vault_ == address(0)) revert AdapterErrorsLib.ZeroAddress("vault");
        if (asset_ == address(0)) revert AdapterErrorsLib.ZeroAddress("asset");
        if (lst_ == address(0)) revert AdapterErrorsLib.ZeroAddress("lst");
        uint8 aDec = IERC20Metadata(asset_).decimals();
        uint8 lDec = IERC20Metadata(lst_).decimals();
        if (lDec < aDec || lDec - aDec > 18) revert UnsupportedDecimals(lst_, lDec);
        uint256 scale;
        if (marketFeed_ != address(0)) {
            if (maxStaleness_ == 0) revert AdapterErrorsLib.ZeroMaxStaleness();
            uint8 dec = IAggregatorV3(marketFeed_).decimals();
            if (dec > 18) revert AdapterErrorsLib.UnsupportedFeedDecimals(marketFeed_, dec);
            scale = 10 ** (18 - dec);
        }
        vault = vault_;
        _asset = IERC20(asset_);
        lrt = lst_;
        marketFeed = IAggregatorV3(marketFeed_);
        maxStaleness = maxStaleness_;
        _feedScale = scale;
        _valueDen = WAD * 10 ** (lDec - aDec);
    }

    modifier onlyVault() {
        if (msg.sender != vault) revert AdapterErrorsLib.NotVault(msg.sender);
        _;
    }

    // ----- Vault entry points -----

    /// @inheritdoc IAdapter
    function asset() external view returns (address) {
        return address(_asset);
    }

    /// @inheritdoc IAdapter
    /// @dev The vault has sent `assets` to the adapter first (as it does for the ETH adapters); the adapter enters
    /// the protocol with them and measures the LST received.
    function allocate(uint256 assets, uint256 minValueOut) external onlyVault nonReentrant returns (uint256 valueIn) {
        if (assets == 0) revert AdapterErrorsLib.ZeroAmount();
        uint256 before = IERC20(lrt).balanceOf(address(this));
        _enter(assets, minValueOut);
        uint256 minted = IERC20(lrt).balanceOf(address(this)) - before;
        if (minted == 0) revert AdapterErrorsLib.NothingMinted();
        valueIn = _value(minted, _valuationRate());
        if (valueIn < minValueOut) revert AdapterErrorsLib.ValueBelowMinimum(valueIn, minValueOut);
        lstHeld += minted;
        emit AdapterEventsLib.Allocated(assets, minted, valueIn);
    }

    /// @inheritdoc IAdapter
    function deallocate(uint256 assets, uint256 minAssetsOut)
        external
        onlyVault
        nonReentrant
        returns (uint256 assetsOut)
    {
        uint256 lstIn = _lstForValue(assets, _valuationRate());
        lstHeld -= lstIn;
        uint256 before = _asset.balanceOf(address(this));
        _instantExit(lstIn, minAssetsOut);
        assetsOut = _asset.balanceOf(address(this)) - before;
        if (assetsOut < minAssetsOut) revert AdapterErrorsLib.AssetsBelowMinimum(assetsOut, minAssetsOut);
        emit AdapterEventsLib.Deallocated(assets, lstIn, assetsOut);
        _asset.safeTransfer(vault, assetsOut);
    }

    /// @inheritdoc IAdapter
    function requestExit(uint256 assets) external onlyVault nonReentrant returns (uint256 requestId) {
        if (_exits.length >= MAX_OPEN_EXITS) revert AdapterErrorsLib.TooManyOpenExits(MAX_OPEN_EXITS);
        (uint256 minAssets, uint256 maxAssets) = _requestLimits();
        if (assets < minAssets || assets > maxAssets) {
            revert AdapterErrorsLib.ExitOutsideProtocolLimits(assets, minAssets, maxAssets);
        }
        uint256 lstAmount = _lstForValue(assets, fairRate());
        if (lstAmount > type(uint128).max) revert AdapterErrorsLib.AmountTooLarge(lstAmount);
        lstHeld -= lstAmount;
        (uint256 protocolId, uint256 valueAtRequest) = _requestWithdrawal(lstAmount);
        if (valueAtRequest > type(uint128).max) revert AdapterErrorsLib.AmountTooLarge(valueAtRequest);
        requestId = nextExitId++;
        // both amounts were checked against type(uint128).max above
        // forge-lint: disable-start(unsafe-typecast)
        _exits.push(
            ExitRequest({
                id: requestId,
                protocolId: protocolId,
                lstAmount: uint128(lstAmount),
                valueAtRequest: uint128(valueAtRequest),
                requestedAt: uint64(block.timestamp)
            })
        );
        // forge-lint: disable-end(unsafe-typecast)
        emit AdapterEventsLib.ExitRequested(requestId, protocolId, lstAmount, valueAtRequest);
    }

    /// @inheritdoc IAdapter
    /// @dev Tries every open exit in request order; one not yet payable stays open. Then every asset unit the
    /// adapter holds goes to the vault (the adapter keeps none between calls).
    function claimExits() external onlyVault nonReentrant returns (uint256 assetsOut) {
        uint256 n = _exits.length;
        uint256 kept;
        for (uint256 i; i < n; ++i) {
            ExitRequest memory r = _exits[i];
            uint256 before = _asset.balanceOf(address(this));
            if (_claim(r)) {
                emit AdapterEventsLib.ExitClaimed(r.id, r.protocolId, _asset.balanceOf(address(this)) - before);
            } else {
                if (kept != i) _exits[kept] = r;
                ++kept;
            }
        }
        for (uint256 i = kept; i < n; ++i) {
            _exits.pop();
        }
        assetsOut = _asset.balanceOf(address(this));
        if (assetsOut == 0) return 0;
        _asset.safeTransfer(vault, assetsOut);
    }

    // ----- Views -----

    /// @inheritdoc IAdapter
    function realAssets() external view returns (uint256) {
        if (_reentrancyGuardEntered()) revert AdapterErrorsLib.ReentrantRead();
        uint256 held = lstHeld;
        uint256 heldValue = held == 0 ? 0 : _value(held, _valuationRate());
        return heldValue + pendingExits();
    }

    /// @inheritdoc IAdapter
    function fairRate() public view returns (uint256 rate) {
        rate = _fairRate();
        if (rate == 0) revert AdapterErrorsLib.InvalidFairRate(rate);
    }

    /// @inheritdoc IAdapter
    function marketRate() public view returns (uint256) {
        if (address(marketFeed) == address(0)) return fairRate();
        return _readFeed();
    }

    /// @inheritdoc IAdapter
    function pendingExits() public view returns (uint256 value) {
        uint256 n = _exits.length;
        if (n == 0) return 0;
        uint256 rate = fairRate();
        for (uint256 i; i < n; ++i) {
            ExitRequest memory r = _exits[i];
            value += Math.min(r.valueAtRequest, _value(r.lstAmount, rate));
        }
    }

    /// @inheritdoc IAdapter
    function exitRequestLimits() external view returns (uint256 minAssets, uint256 maxAssets) {
        (minAssets, maxAssets) = _requestLimits();
        uint256 heldValue = _value(lstHeld, fairRate());
        if (maxAssets > heldValue) maxAssets = heldValue;
        if (_exits.length >= MAX_OPEN_EXITS || maxAssets < minAssets) maxAssets = 0;
    }

    /// @inheritdoc IAdapter
    function previewDeallocate(uint256 assets) external view returns (uint256 assetsOut) {
        return _quoteExit(_lstForValue(assets, _valuationRate()));
    }

    /// @notice min(fair rate, market rate), BTC per LST (1e18).
    function valuationRate() external view returns (uint256) {
        return _valuationRate();
    }

    /// @notice The open queued exits, oldest first.
    function openExits() external view returns (ExitRequest[] memory) {
        return _exits;
    }

    // ----- Internal -----

    /// @dev Asset units `lst` is worth at `rate`, rounded down.
    function _value(uint256 lst, uint256 rate) internal view returns (uint256) {
        return Math.mulDiv(lst, rate, _valueDen);
    }

    function _valuationRate() internal view returns (uint256) {
        uint256 fair = fairRate();
        if (address(marketFeed) == address(0)) return fair;
        return Math.min(fair, _readFeed());
    }

    function _readFeed() internal view returns (uint256) {
        address feed = address(marketFeed);
        try marketFeed.latestRoundData() returns (uint80, int256 answer, uint256, uint256 updatedAt, uint80) {
            if (answer <= 0) revert AdapterErrorsLib.InvalidMarketPrice(feed, answer);
            if (updatedAt > block.timestamp || block.timestamp - updatedAt > maxStaleness) {
                revert AdapterErrorsLib.StaleMarketFeed(feed, updatedAt);
            }
            // answer > 0 was checked above
            // forge-lint: disable-next-line(unsafe-typecast)
            return uint256(answer) * _feedScale;
        } catch {
            revert AdapterErrorsLib.MarketFeedReverted(feed);
        }
    }

    /// @dev LST worth `assets` at `rate`, rounded up; reverts unless the held LST is worth at least `assets`.
    function _lstForValue(uint256 assets, uint256 rate) internal view returns (uint256) {
        if (assets == 0) revert AdapterErrorsLib.ZeroAmount();
        uint256 heldValue = _value(lstHeld, rate);
        if (assets > heldValue) revert AdapterErrorsLib.ExceedsHoldings(assets, heldValue);
        return Math.min(Math.mulDiv(assets, _valueDen, rate, Math.Rounding.Ceil), lstHeld);
    }

    // ----- Protocol hooks -----

    /// @dev Turns `assets` (held by the adapter) into LST through the protocol's entry; `minValueOut` may be
    /// passed on as the venue's own minimum. The LST received is measured by the caller.
    function _enter(uint256 assets, uint256 minValueOut) internal virtual;

    /// @dev Sells `lstAmount` for the asset through the protocol's instant venue; the output is measured by the
    /// caller.
    function _instantExit(uint256 lstAmount, uint256 minAssetsOut) internal virtual;

    /// @dev What `_instantExit(lstAmount, 0)` would pay now.
    function _quoteExit(uint256 lstAmount) internal view virtual returns (uint256);

    /// @dev BTC per LST (1e18) as the protocol publishes it; zero is rejected by the caller.
    function _fairRate() internal view virtual returns (uint256);

    /// @dev Hands `lstAmount` to the protocol's queue. Returns the protocol's id and the value it recorded.
    function _requestWithdrawal(uint256 lstAmount) internal virtual returns (uint256 protocolId, uint256 valueAtRequest);

    /// @dev Claims `r` if payable now; false (and nothing changed) otherwise.
    function _claim(ExitRequest memory r) internal virtual returns (bool claimed);

    /// @dev The protocol's per-request limits on `assets`, now.
    function _requestLimits() internal view virtual returns (uint256 minAssets, uint256 maxAssets);
}
