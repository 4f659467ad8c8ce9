// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV3} from "../interfaces/protocols/IAggregatorV3.sol";
import {ISharePriceFeed} from "../interfaces/ISharePriceFeed.sol";
import {ConstantsLib} from "../libraries/ConstantsLib.sol";
import {ErrorsLib} from "../libraries/ErrorsLib.sol";
import {EventsLib} from "../libraries/EventsLib.sol";

/// @title SharePriceFeed
/// @notice AggregatorV3-compatible feed of the vault's share price: WETH (1e18) per whole vault share.
/// @dev Created by the vault in its constructor; only the vault publishes rounds (round ids increase by one,
/// startedAt = updatedAt = publication time) and the last FEED_CAPACITY rounds are kept.
/// - One round id, one answer (I-1): `latestRoundData` returns the latest stored round, exactly what
///   `getRoundData(latestRound)` returns. The vault publishes on every report and on every fall of its price (a
///   recognised loss, a lossy keeper move, a write-down), so the answer never stays above the vault's price after a
///   recognised loss; between reports it may lag the price's slow rise as profit unlocks (conservative for a lender).
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
    /// @notice Id of the latest published round.
    uint80 public latestRound;
    /// @notice First epoch of the current band (a resume restarts it).
    uint64 public bandStart;
    /// @inheritdoc IAggregatorV3
    string public description;
    mapping(uint256 slot => Round) internal _rounds;
    mapping(uint256 epoch => Band) internal _bands;

    /// @param vault_ The vault (the only publisher).
    /// @param description_ What the feed reports, e.g. "lrtETH / WETH".
    /// @param initialPrice The vault's share price at creation, published as round 1.
    constructor(address vault_, string memory description_, uint256 initialPrice) {
        vault = vault_;
        description = description_;
        _restart(initialPrice);
    }

    /// @inheritdoc ISharePriceFeed
    function publish(uint256 priceBefore, uint256 priceAfter, uint256 perReportBps, uint256 perDayBps, bool halted)
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
            ? (!halted || priceAfter < _rounds[latestRound % ConstantsLib.FEED_CAPACITY].answer)
            : (!breached && !halted);
        if (publishIt) {
            _record(priceAfter);
            _push(priceAfter);
        }
    }

    /// @inheritdoc ISharePriceFeed
    function resume(uint256 price) external {
        _onlyVault();
        _restart(price);
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
    /// @dev The latest stored round (see the contract header): the same as getRoundData(latestRound).
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = latestRound;
        Round memory r = _rounds[roundId % ConstantsLib.FEED_CAPACITY];
        return (roundId, int256(uint256(r.answer)), r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc IAggregatorV3
    /// @dev Reverts with RoundNotKept for round 0, future rounds and rounds overwritten in the ring buffer.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint80 latest = latestRound;
        if (roundId == 0 || roundId > latest || latest - roundId >= ConstantsLib.FEED_CAPACITY) {
            revert ErrorsLib.RoundNotKept(roundId);
        }
        Round memory r = _rounds[roundId % ConstantsLib.FEED_CAPACITY];
        return (roundId, int256(uint256(r.answer)), r.updatedAt, r.updatedAt, roundId);
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

    function _push(uint256 price) internal {
        uint80 roundId = latestRound + 1;
        latestRound = roundId;
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
