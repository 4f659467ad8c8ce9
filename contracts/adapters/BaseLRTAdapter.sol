// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IAdapter} from "../interfaces/IAdapter.sol";
import {IAggregatorV3} from "../interfaces/protocols/IAggregatorV3.sol";
import {IExitPool} from "../interfaces/protocols/IExitPool.sol";
import {IWETH9} from "../interfaces/protocols/IWETH9.sol";
import {AdapterErrorsLib} from "./libraries/AdapterErrorsLib.sol";
import {AdapterEventsLib} from "./libraries/AdapterEventsLib.sol";

/// @title BaseLRTAdapter
/// @notice What every LRT adapter shares: vault-only access, WETH in and out, valuation at
/// min(fair rate, market price), a bounded list of queued exits valued at their claimable value, and the
/// instant exit through an LRT/WETH pool.
/// @dev Spec:
/// - The LRT position is stored (`lrtHeld`), never read from the balance: a donation of LRT changes nothing.
/// - Valuation rate = min(fairRate, marketRate). The fair rate is the protocol's published rate; a zero fair
///   rate reverts (`InvalidFairRate`). A set market feed that reverts, answers <= 0, or is older than
///   `maxStaleness` reverts; there is no fallback.
/// - realAssets = floor(lrtHeld x rate / 1e18) + pendingExits.
/// - A queued exit of `assets` hands ceil(assets x 1e18 / fairRate) LRT to the protocol queue (queues pay at
///   the fair rate), within the protocol's per-request limits (`exitRequestLimits`). It is worth what the
///   protocol will pay: min(valueAtRequest, floor(lrtAmount x fairRate now / 1e18)) until the protocol fixes the
///   payout (Kelp at unlock, ether.fi at finalisation, Swell at processing), then that fixed payout
///   (`_exitValue`).
/// - An instant exit of `assets` sells ceil(assets x 1e18 / valuation rate) LRT through the pool.
/// - At most MAX_OPEN_EXITS queued exits are open, so every loop is bounded.
/// - A payout reaching the adapter by any route reaches the vault once (H-1, issue 18): claimExits sends every ETH
///   and WETH the adapter holds, and closes every exit whose request is gone (paid here by someone else, or taken
///   away), so `pendingExits` stops counting it in the same call that books its payout. Who may complete or claim
///   a queued exit (read from the mainnet sources): Puffer `completeQueuedWithdrawal`, ether.fi `claimWithdraw`
///   and Renzo `claim(index, user)`: anyone, paying the request's recipient / NFT owner / `user` (this adapter);
///   Swell `finalizeWithdrawal`: the NFT's owner only; Kelp `completeWithdrawal`: the requester (msg.sender).
///   The simulations follow the same rules (contracts/simulation/README.md).
/// - ETH is accepted only from WETH and from the protocol contracts that pay this adapter.
/// Subclasses supply the protocol calls through the internal hooks at the bottom.
abstract contract BaseLRTAdapter is IAdapter, IERC721Receiver, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice One open queued exit.
    /// @param id The adapter's own id (returned by `requestExit`).
    /// @param protocolId The protocol's id for the request (NFT id, request id, withdrawal index).
    /// @param lrtAmount LRT (or its share equivalent) handed to the queue.
    /// @param valueAtRequest Value of the request when it was made, in assets.
    /// @param requestedAt Block timestamp of the request.
    struct ExitRequest {
        uint256 id;
        uint256 protocolId;
        uint128 lrtAmount;
        uint128 valueAtRequest;
        uint64 requestedAt;
    }

    /// @notice Largest number of queued exits open at once.
    uint256 public constant MAX_OPEN_EXITS = 16;
    uint256 internal constant WAD = 1e18;

    /// @inheritdoc IAdapter
    address public immutable vault;
    /// @inheritdoc IAdapter
    address public immutable lrt;
    /// @notice The LRT/WETH pool used for instant exits.
    IExitPool public immutable exitPool;
    /// @notice The LRT/ETH market price feed; zero when none is set.
    IAggregatorV3 public immutable marketFeed;
    /// @notice Largest accepted age of the market feed's answer, in seconds.
    uint256 public immutable maxStaleness;
    IWETH9 internal immutable _weth;
    uint256 internal immutable _feedScale;

    /// @notice LRT held by the adapter, as recorded by its own moves.
    uint256 public lrtHeld;
    /// @notice Id the next queued exit will get.
    uint256 public nextExitId = 1;
    ExitRequest[] internal _exits;

    /// @param vault_ The only caller of state-changing functions.
    /// @param weth_ WETH, the vault's asset.
    /// @param lrt_ The LRT token this adapter holds.
    /// @param exitPool_ An LRT/WETH pool for instant exits.
    /// @param marketFeed_ An LRT/ETH AggregatorV3 feed, or zero for none.
    /// @param maxStaleness_ Largest accepted feed age in seconds (ignored without a feed).
    constructor(
        address vault_,
        address weth_,
        address lrt_,
        address exitPool_,
        address marketFeed_,
        uint256 maxStaleness_
    ) {
        if (vault_ == address(0)) revert AdapterErrorsLib.ZeroAddress("vault");
        if (weth_ == address(0)) revert AdapterErrorsLib.ZeroAddress("weth");
        if (lrt_ == address(0)) revert AdapterErrorsLib.ZeroAddress("lrt");
        if (exitPool_ == address(0)) revert AdapterErrorsLib.ZeroAddress("exitPool");
        address t0 = IExitPool(exitPool_).token0();
        address t1 = IExitPool(exitPool_).token1();
        if (!((t0 == lrt_ && t1 == weth_) || (t0 == weth_ && t1 == lrt_))) {
            revert AdapterErrorsLib.PoolTokenMismatch(exitPool_);
        }
        uint256 scale;
        if (marketFeed_ != address(0)) {
            if (maxStaleness_ == 0) revert AdapterErrorsLib.ZeroMaxStaleness();
            uint8 dec = IAggregatorV3(marketFeed_).decimals();
            if (dec > 18) revert AdapterErrorsLib.UnsupportedFeedDecimals(marketFeed_, dec);
            scale = 10 ** (18 - dec);
        }
        vault = vault_;
        _weth = IWETH9(weth_);
        lrt = lrt_;
        exitPool = IExitPool(exitPool_);
        marketFeed = IAggregatorV3(marketFeed_);
        maxStaleness = maxStaleness_;
        _feedScale = scale;
    }

    modifier onlyVault() {
        if (msg.sender != vault) revert AdapterErrorsLib.NotVault(msg.sender);
        _;
    }

    /// @notice Accepts ETH only from WETH (unwrapping) and from the protocol contracts that pay this adapter.
    receive() external payable {
        if (msg.sender != address(_weth) && !_isEtherPayer(msg.sender)) {
            revert AdapterErrorsLib.UnexpectedEther(msg.sender);
        }
    }

    /// @notice Accepts withdrawal-request NFTs from this adapter's protocol queue only.
    function onERC721Received(address, address, uint256, bytes calldata) external view returns (bytes4) {
        if (!_isNftIssuer(msg.sender)) revert AdapterErrorsLib.UnexpectedNft(msg.sender);
        return IERC721Receiver.onERC721Received.selector;
    }

    // ----- Vault entry points -----

    /// @inheritdoc IAdapter
    function asset() external view returns (address) {
        return address(_weth);
    }

    /// @inheritdoc IAdapter
    function allocate(uint256 assets, uint256 minValueOut) external onlyVault nonReentrant returns (uint256 valueIn) {
        if (assets == 0) revert AdapterErrorsLib.ZeroAmount();
        _weth.withdraw(assets);
        uint256 balanceBefore = IERC20(lrt).balanceOf(address(this));
        _depositEth(assets);
        uint256 minted = IERC20(lrt).balanceOf(address(this)) - balanceBefore;
        if (minted == 0) revert AdapterErrorsLib.NothingMinted();
        valueIn = Math.mulDiv(minted, _valuationRate(), WAD, Math.Rounding.Floor);
        if (valueIn < minValueOut) revert AdapterErrorsLib.ValueBelowMinimum(valueIn, minValueOut);
        lrtHeld += minted;
        emit AdapterEventsLib.Allocated(assets, minted, valueIn);
    }

    /// @inheritdoc IAdapter
    function deallocate(uint256 assets, uint256 minAssetsOut)
        external
        onlyVault
        nonReentrant
        returns (uint256 assetsOut)
    {
        uint256 lrtIn = _lrtForValue(assets, _valuationRate());
        lrtHeld -= lrtIn;
        IERC20(lrt).forceApprove(address(exitPool), lrtIn);
        uint256 wethBefore = _weth.balanceOf(address(this));
        exitPool.swap(lrt, lrtIn, minAssetsOut, address(this));
        assetsOut = _weth.balanceOf(address(this)) - wethBefore;
        if (assetsOut < minAssetsOut) revert AdapterErrorsLib.AssetsBelowMinimum(assetsOut, minAssetsOut);
        emit AdapterEventsLib.Deallocated(assets, lrtIn, assetsOut);
        IERC20(address(_weth)).safeTransfer(vault, assetsOut);
    }

    /// @inheritdoc IAdapter
    function requestExit(uint256 assets) external onlyVault nonReentrant returns (uint256 requestId) {
        if (_exits.length >= MAX_OPEN_EXITS) revert AdapterErrorsLib.TooManyOpenExits(MAX_OPEN_EXITS);
        (uint256 minAssets, uint256 maxAssets) = _requestLimits();
        if (assets < minAssets || assets > maxAssets) {
            revert AdapterErrorsLib.ExitOutsideProtocolLimits(assets, minAssets, maxAssets);
        }
        uint256 lrtAmount = _lrtForValue(assets, fairRate());
        if (lrtAmount > type(uint128).max) revert AdapterErrorsLib.AmountTooLarge(lrtAmount);
        lrtHeld -= lrtAmount;
        (uint256 protocolId, uint256 valueAtRequest) = _requestWithdrawal(lrtAmount);
        if (valueAtRequest > type(uint128).max) revert AdapterErrorsLib.AmountTooLarge(valueAtRequest);
        requestId = nextExitId++;
        // both amounts were checked against type(uint128).max above
        // forge-lint: disable-start(unsafe-typecast)
        _exits.push(
            ExitRequest({
                id: requestId,
                protocolId: protocolId,
                lrtAmount: uint128(lrtAmount),
                valueAtRequest: uint128(valueAtRequest),
                requestedAt: uint64(block.timestamp)
            })
        );
        // forge-lint: disable-end(unsafe-typecast)
        emit AdapterEventsLib.ExitRequested(requestId, protocolId, lrtAmount, valueAtRequest);
    }

    /// @inheritdoc IAdapter
    /// @dev Tries every open exit in request order; one that is not finalised (or whose protocol is paused or
    /// failing) stays open and keeps its value in `pendingExits`; one a third party already completed (the protocol
    /// paid this adapter outside this call) is closed by the protocol hook. Then every ETH and WETH the adapter holds
    /// goes to the vault: the adapter keeps none between calls, so whatever is here is a payout that reached it by
    /// some route (H-1), and the vault books it against the value that left `realAssets`.
    function claimExits() external onlyVault nonReentrant returns (uint256 assetsOut) {
        uint256 n = _exits.length;
        uint256 kept;
        for (uint256 i; i < n; ++i) {
            ExitRequest memory r = _exits[i];
            uint256 before = address(this).balance + _weth.balanceOf(address(this));
            if (_claim(r)) {
                uint256 paid = address(this).balance + _weth.balanceOf(address(this)) - before;
                assetsOut += paid;
                emit AdapterEventsLib.ExitClaimed(r.id, r.protocolId, paid);
            } else {
                // compact in place, keeping request order (queues such as Kelp's settle oldest first)
                if (kept != i) _exits[kept] = r;
                ++kept;
            }
        }
        for (uint256 i = kept; i < n; ++i) {
            _exits.pop();
        }
        uint256 eth = address(this).balance;
        if (eth > 0) _weth.deposit{value: eth}();
        assetsOut = _weth.balanceOf(address(this));
        if (assetsOut == 0) return 0;
        IERC20(address(_weth)).safeTransfer(vault, assetsOut);
    }

    // ----- Views -----

    /// @inheritdoc IAdapter
    /// @dev Reverts while the adapter is mid-operation, so nobody reads a half-updated value (read-only reentrancy).
    function realAssets() external view returns (uint256) {
        if (_reentrancyGuardEntered()) revert AdapterErrorsLib.ReentrantRead();
        uint256 held = lrtHeld;
        uint256 heldValue = held == 0 ? 0 : Math.mulDiv(held, _valuationRate(), WAD, Math.Rounding.Floor);
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
            value += _exitValue(_exits[i], rate);
        }
    }

    /// @inheritdoc IAdapter
    function exitRequestLimits() external view returns (uint256 minAssets, uint256 maxAssets) {
        (minAssets, maxAssets) = _requestLimits();
        uint256 heldValue = Math.mulDiv(lrtHeld, fairRate(), WAD, Math.Rounding.Floor);
        if (maxAssets > heldValue) maxAssets = heldValue;
        if (_exits.length >= MAX_OPEN_EXITS || maxAssets < minAssets) maxAssets = 0;
    }

    /// @inheritdoc IAdapter
    function previewDeallocate(uint256 assets) external view returns (uint256 assetsOut) {
        return exitPool.quote(lrt, _lrtForValue(assets, _valuationRate()));
    }

    /// @notice min(fair rate, market rate): the rate `realAssets` values the LRT at (ETH per LRT, 1e18).
    function valuationRate() external view returns (uint256) {
        return _valuationRate();
    }

    /// @notice The open queued exits, oldest first.
    function openExits() external view returns (ExitRequest[] memory) {
        return _exits;
    }

    // ----- Internal -----

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

    /// @dev LRT worth `assets` at `rate`, rounded up; reverts unless the held LRT is worth at least `assets`
    /// (which also bounds the rounded-up amount by `lrtHeld`).
    function _lrtForValue(uint256 assets, uint256 rate) internal view returns (uint256) {
        if (assets == 0) revert AdapterErrorsLib.ZeroAmount();
        uint256 heldValue = Math.mulDiv(lrtHeld, rate, WAD, Math.Rounding.Floor);
        if (assets > heldValue) revert AdapterErrorsLib.ExceedsHoldings(assets, heldValue);
        return Math.mulDiv(assets, WAD, rate, Math.Rounding.Ceil);
    }

    // ----- Protocol hooks -----

    /// @dev Deposits `amount` ETH (held by the adapter) through the protocol's entry point; the LRT minted is
    /// measured by the caller from the balance difference.
    function _depositEth(uint256 amount) internal virtual;

    /// @dev The protocol's published rate, ETH per LRT (1e18); zero is rejected by the caller.
    function _fairRate() internal view virtual returns (uint256);

    /// @dev Hands `lrtAmount` LRT to the protocol's withdrawal queue.
    /// @return protocolId The protocol's id of the request.
    /// @return valueAtRequest What the protocol recorded the request to be worth, in assets.
    function _requestWithdrawal(uint256 lrtAmount) internal virtual returns (uint256 protocolId, uint256 valueAtRequest);

    /// @dev Claims `r` if the protocol lets it be claimed now; returns false (and changes nothing) otherwise.
    /// The payout (ETH or WETH) is measured by the caller.
    function _claim(ExitRequest memory r) internal virtual returns (bool claimed);

    /// @dev What the protocol will pay for open exit `r`, the fair rate now being `rate`: min(value at request,
    /// value now) until the protocol fixes the payout; protocols that fix it early override this.
    function _exitValue(ExitRequest memory r, uint256 rate) internal view virtual returns (uint256) {
        return Math.min(r.valueAtRequest, Math.mulDiv(r.lrtAmount, rate, WAD, Math.Rounding.Floor));
    }

    /// @dev The protocol's per-request limits on `assets` (value at the fair rate) now; none by default.
    function _requestLimits() internal view virtual returns (uint256 minAssets, uint256 maxAssets) {
        return (0, type(uint256).max);
    }

    /// @dev Whether `sender` is a protocol contract that pays this adapter ETH.
    function _isEtherPayer(address sender) internal view virtual returns (bool);

    /// @dev Whether `sender` is the protocol's withdrawal-request NFT.
    function _isNftIssuer(address) internal view virtual returns (bool) {
        return false;
    }
}
