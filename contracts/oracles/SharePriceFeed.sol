// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ILRTVault} from "../interfaces/ILRTVault.sol";
import {IAggregatorV3} from "../interfaces/protocols/IAggregatorV3.sol";
import {ISharePriceFeed} from "../interfaces/ISharePriceFeed.sol";
import {ConstantsLib} from "../libraries/ConstantsLib.sol";
import {ErrorsLib} from "../libraries/ErrorsLib.sol";
import {EventsLib} from "../libraries/EventsLib.sol";

/// @title SharePriceFeed
/// @notice AggregatorV3-compatible feed of the vault's share price: WETH (1e18) per whole vault share.
/// @dev Created by the vault in its constructor; only the vault publishes rounds (one per report, round ids
/// increase by one, startedAt = updatedAt = report time) and the last FEED_CAPACITY rounds are kept.
/// What a reader gets from `latestRoundData`:
/// - normally: the vault's live `pricePerShare()` (which includes linear profit unlocking, so it rises only as
///   profit unlocks and falls at once on a loss) with the latest round's id and updatedAt. updatedAt therefore
///   ages between reports: a reader's freshness check measures the time since the last report.
/// - while the vault is price-halted (a report moved the price beyond its bound): the last good round's stored
///   answer, whose updatedAt keeps ageing, so a reader with a freshness check stops instead of using a wrong price.
/// - while the vault is mid-operation: a revert (the vault's read-only reentrancy guard).
/// The per-report and per-day bounds are the vault's settings; the feed keeps the day window's anchor price.
contract SharePriceFeed is ISharePriceFeed {
    struct Round {
        uint192 answer;
        uint64 updatedAt;
    }

    /// @inheritdoc ISharePriceFeed
    address public immutable vault;
    /// @notice Id of the latest published round (zero before the first).
    uint80 public latestRound;
    /// @notice Start of the current per-day window and the share price at that moment.
    uint64 public dayAnchorAt;
    uint256 public dayAnchorPrice;
    /// @inheritdoc IAggregatorV3
    string public description;
    mapping(uint256 slot => Round) internal _rounds;

    /// @param vault_ The vault (the only publisher).
    /// @param description_ What the feed reports, e.g. "lrtETH / WETH".
    /// @param initialPrice The vault's share price at creation, published as round 1.
    constructor(address vault_, string memory description_, uint256 initialPrice) {
        vault = vault_;
        description = description_;
        _anchorAndPush(initialPrice);
    }

    /// @inheritdoc ISharePriceFeed
    /// @dev Applies the bounds: the move from `priceBefore` (live price before the report) and from the day
    /// window's anchor must each stay within its bound, else nothing is published and false is returned.
    function publish(uint256 priceBefore, uint256 priceAfter, uint256 perReportBps, uint256 perDayBps)
        external
        returns (bool published)
    {
        _onlyVault();
        if (block.timestamp >= dayAnchorAt + ConstantsLib.PRICE_WINDOW) {
            dayAnchorAt = uint64(block.timestamp);
            dayAnchorPrice = priceBefore;
        }
        if (_movedBeyond(priceBefore, priceAfter, perReportBps) || _movedBeyond(dayAnchorPrice, priceAfter, perDayBps))
        {
            return false;
        }
        _push(priceAfter);
        return true;
    }

    /// @inheritdoc ISharePriceFeed
    function resume(uint256 price) external {
        _onlyVault();
        _anchorAndPush(price);
    }

    /// @inheritdoc IAggregatorV3
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @inheritdoc IAggregatorV3
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc IAggregatorV3
    /// @dev See the contract header for what `answer` is.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = latestRound;
        Round memory r = _rounds[roundId % ConstantsLib.FEED_CAPACITY];
        uint256 price = ILRTVault(vault).priceHalted() ? r.answer : ILRTVault(vault).pricePerShare();
        return (roundId, int256(price), r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc IAggregatorV3
    /// @dev The price as published at that report. Reverts with RoundNotKept for round 0, future rounds and rounds overwritten in the ring buffer.
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

    function _anchorAndPush(uint256 price) internal {
        dayAnchorAt = uint64(block.timestamp);
        dayAnchorPrice = price;
        _push(price);
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
