// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IAggregatorV3} from "../interfaces/protocols/IAggregatorV3.sol";
import {IAggregatorV2V3} from "../interfaces/protocols/IAggregatorV2V3.sol";
import {ISharePriceFeed} from "../interfaces/ISharePriceFeed.sol";
import {ILRTVaultCore} from "../interfaces/ILRTVault.sol";
import {ConstantsLib} from "../libraries/ConstantsLib.sol";
import {ErrorsLib} from "../libraries/ErrorsLib.sol";
import {EventsLib} from "../libraries/EventsLib.sol";
import {MathLib} from "../libraries/MathLib.sol";

/// @title SharePriceFeed
/// @notice Chainlink-compatible feed (v2 and v3 calls) of the vault's share price: WETH (1e18) per whole vault share
/// (1e24 share units).
/// @dev Created by the vault in its constructor; only the vault publishes rounds (round ids increase by one,
/// startedAt = updatedAt = publication time) and the last FEED_CAPACITY rounds are kept.
/// - The latest round is live: its answer is min(the vault's own price now, the round's published answer grown by
///   at most maxYearlyGrowthBps a year since publication), so between reports it follows the price as locked profit
///   unlocks, under a growth cap in the manner of Aave's CAPO (curator-set through the vault, raising timelocked).
///   A fall needs no report to show: the vault's price falls at once on a recognised loss, and the vault also
///   publishes it as a new round. While the feed is halted (a withheld rise) the latest answer is the published one.
///   updatedAt stays the publication time (the last report): a lender's heartbeat check measures report cadence.
/// - One round id, one answer at any block (I-1): latestRoundData, getRoundData(latestRound), latestAnswer and
///   getAnswer(latestRound) agree. Older rounds answer what was published. When the vault's price view fails (inside
///   a vault operation its read-only reentrancy guard reverts it; or the caller's gas runs out) the latest round
///   answers what was published, never a half-updated price.
/// - A fall is always published (M-4), even one beyond the bounds (the vault then pauses, but the feed shows the
///   truth so a lending market can liquidate on it); while the feed is halted a fall is published only if it goes
///   below the halted answer.
/// - A rise is published only within the bounds: at most perReportBps from the vault's price before the operation,
///   and within perDayBps of every price recorded in the rolling day band. A rise beyond is withheld and the vault
///   halts (pause, priceHalted) until the guardian or admin resumes.
/// - The rolling day band (L-3) keeps the lowest and highest price recorded per 12-hour epoch (prices before and
///   after each publication); a check spans the current and the two previous epochs (24 to 36 hours), so no two
///   prices within any 24 hours can differ by more than the per-day bound without a halt.
contract SharePriceFeed is ISharePriceFeed {
    struct Round {
        uint192 answer;
        uint64 updatedAt;
    }

    /// @dev Lowest and highest price recorded in one epoch.
    struct Band {
        uint128 lo;
        uint128 hi;
    }

    /// @inheritdoc ISharePriceFeed
    address public immutable vault;
    /// @dev Id of the latest published round.
    uint80 internal _latestRound;
    /// @notice First epoch of the current band (a resume restarts it).
    uint64 public bandStart;
    /// @inheritdoc ISharePriceFeed
    uint16 public maxYearlyGrowthBps;
    /// @inheritdoc ISharePriceFeed
    bool public halted;
    mapping(uint256 slot => Round) internal _rounds;
    mapping(uint256 epoch => Band) internal _bands;

    /// @param vault_ The vault (the only publisher).
    /// @param initialPrice The vault's share price at creation, published as round 1.
    constructor(address vault_, uint256 initialPrice) {
        vault = vault_;
        maxYearlyGrowthBps = ConstantsLib.DEFAULT_FEED_MAX_YEARLY_GROWTH_BPS;
        _restart(initialPrice);
    }

    /// @inheritdoc ISharePriceFeed
    function publish(uint256 priceBefore, uint256 priceAfter, uint256 perReportBps, uint256 perDayBps, bool vaultHalted)
        external
        returns (bool breached)
    {
        _onlyVault();
        _record(priceBefore);
        (uint256 lo, uint256 hi) = _range();
        breached = _movedBeyond(priceBefore, priceAfter, perReportBps)
            || priceAfter * ConstantsLib.BPS > lo * (ConstantsLib.BPS + perDayBps)
            || priceAfter * ConstantsLib.BPS < hi * (ConstantsLib.BPS - perDayBps);
        bool publishIt = priceAfter < priceBefore
            ? (!vaultHalted || priceAfter < _rounds[_latestRound % ConstantsLib.FEED_CAPACITY].answer)
            : (!breached && !vaultHalted);
        // The vault halts on a withheld rise until it resumes: the live answer stops following its price meanwhile.
        bool haltedAfter = vaultHalted || (breached && priceAfter >= priceBefore);
        if (haltedAfter != halted) halted = haltedAfter;
        if (publishIt) {
            _record(priceAfter);
            _push(priceAfter);
        }
    }

    /// @inheritdoc ISharePriceFeed
    function resume(uint256 price) external {
        _onlyVault();
        halted = false;
        _restart(price);
    }

    /// @inheritdoc ISharePriceFeed
    function setMaxYearlyGrowth(uint256 bps) external {
        _onlyVault();
        if (bps > ConstantsLib.MAX_FEED_YEARLY_GROWTH_BPS) {
            revert ErrorsLib.BpsTooHigh(bps, ConstantsLib.MAX_FEED_YEARLY_GROWTH_BPS);
        }
        maxYearlyGrowthBps = uint16(bps);
        emit EventsLib.FeedGrowthCapSet(bps);
    }

    /// @inheritdoc IAggregatorV3
    /// @dev "<vault symbol> / WETH", e.g. "lrtETH / WETH" (read from the vault, so the feed stores no string).
    function description() external view returns (string memory) {
        return string.concat(IERC20Metadata(vault).symbol(), " / WETH");
    }

    /// @inheritdoc IAggregatorV3
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @inheritdoc IAggregatorV3
    function version() external pure returns (uint256) {
        return 2;
    }

    /// @inheritdoc IAggregatorV3
    /// @dev The latest round with its live answer (see the contract header): the same as getRoundData(latestRound).
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = _latestRound;
        Round memory r = _rounds[roundId % ConstantsLib.FEED_CAPACITY];
        return (roundId, int256(_liveAnswer(r)), r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc IAggregatorV3
    /// @dev Reverts with RoundNotKept for round 0, future rounds and rounds overwritten in the ring buffer.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (!_kept(roundId)) revert ErrorsLib.RoundNotKept(roundId);
        Round memory r = _rounds[roundId % ConstantsLib.FEED_CAPACITY];
        return (roundId, _answerOf(roundId, r), r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc IAggregatorV2V3
    function latestAnswer() external view returns (int256) {
        return int256(_liveAnswer(_rounds[_latestRound % ConstantsLib.FEED_CAPACITY]));
    }

    /// @inheritdoc IAggregatorV2V3
    function latestTimestamp() external view returns (uint256) {
        return _rounds[_latestRound % ConstantsLib.FEED_CAPACITY].updatedAt;
    }

    /// @inheritdoc IAggregatorV2V3
    function latestRound() external view returns (uint256) {
        return _latestRound;
    }

    /// @inheritdoc IAggregatorV2V3
    function getAnswer(uint256 roundId) external view returns (int256) {
        if (!_kept(roundId)) return 0;
        return _answerOf(roundId, _rounds[roundId % ConstantsLib.FEED_CAPACITY]);
    }

    /// @inheritdoc IAggregatorV2V3
    function getTimestamp(uint256 roundId) external view returns (uint256) {
        if (!_kept(roundId)) return 0;
        return _rounds[roundId % ConstantsLib.FEED_CAPACITY].updatedAt;
    }

    /// @notice Lowest and highest price recorded over the rolling day band (current and two previous epochs).
    function dayRange() external view returns (uint256 lo, uint256 hi) {
        return _range();
    }

    function _restart(uint256 price) internal {
        uint256 epoch = block.timestamp / ConstantsLib.LOSS_EPOCH;
        bandStart = uint64(epoch);
        _bands[epoch] = Band(uint128(price), uint128(price));
        _push(price);
    }

    function _record(uint256 price) internal {
        uint256 epoch = block.timestamp / ConstantsLib.LOSS_EPOCH;
        Band memory b = _bands[epoch];
        if (b.hi == 0) {
            _bands[epoch] = Band(uint128(price), uint128(price));
        } else if (price < b.lo) {
            _bands[epoch].lo = uint128(price);
        } else if (price > b.hi) {
            _bands[epoch].hi = uint128(price);
        }
    }

    function _range() internal view returns (uint256 lo, uint256 hi) {
        uint256 epoch = block.timestamp / ConstantsLib.LOSS_EPOCH;
        uint256 first = bandStart;
        lo = type(uint256).max;
        for (uint256 e = epoch; e + 2 >= epoch && e >= first; --e) {
            Band memory b = _bands[e];
            if (b.hi != 0) {
                if (b.lo < lo) lo = b.lo;
                if (b.hi > hi) hi = b.hi;
            }
            if (e == 0) break;
        }
    }

    /// @dev The latest round's answer now: the vault's price, at most the published answer grown by the yearly cap
    /// since publication; the published answer while halted.
    function _liveAnswer(Round memory r) internal view returns (uint256) {
        if (halted) return r.answer;
        uint256 capped = r.answer + uint256(r.answer) * maxYearlyGrowthBps * (block.timestamp - r.updatedAt)
            / (ConstantsLib.BPS * ConstantsLib.YEAR);
        try ILRTVaultCore(vault).pricePerShare() returns (uint256 price) {
            return MathLib.min(price, capped);
        } catch {
            // Inside a vault operation (its read-only reentrancy guard reverts the price views) or out of gas: the
            // published answer, which only the vault writes, never a half-updated price.
            return r.answer;
        }
    }

    /// @dev A round's answer: live for the latest, as published for the others.
    function _answerOf(uint256 roundId, Round memory r) internal view returns (int256) {
        return int256(roundId == _latestRound ? _liveAnswer(r) : r.answer);
    }

    function _kept(uint256 roundId) internal view returns (bool) {
        uint256 latest = _latestRound;
        return roundId != 0 && roundId <= latest && latest - roundId < ConstantsLib.FEED_CAPACITY;
    }

    function _push(uint256 price) internal {
        uint80 roundId = _latestRound + 1;
        _latestRound = roundId;
        _rounds[roundId % ConstantsLib.FEED_CAPACITY] = Round(uint192(price), uint64(block.timestamp));
        emit EventsLib.AnswerUpdated(int256(price), roundId, block.timestamp);
    }

    function _onlyVault() internal view {
        if (msg.sender != vault) revert ErrorsLib.OnlyVault(msg.sender);
    }

    function _movedBeyond(uint256 ref, uint256 price, uint256 bps) internal pure returns (bool) {
        uint256 change = price > ref ? price - ref : ref - price;
        return change * ConstantsLib.BPS > ref * bps;
    }
}
