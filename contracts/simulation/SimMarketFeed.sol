// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAggregatorV3} from "../interfaces/protocols/IAggregatorV3.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";

/// @title SimMarketFeed
/// @notice A Chainlink-style LRT/ETH market price feed whose price the owner moves (depeg scenarios), makes
/// stale, or makes revert. Every `setPrice` opens a new round stamped with the block time.
contract SimMarketFeed is IAggregatorV3, Ownable {
    struct Round {
        int256 answer;
        uint256 updatedAt;
    }

    /// @inheritdoc IAggregatorV3
    uint8 public immutable override decimals;
    string private _description;
    uint80 public latestRound;
    /// @notice Whether every read reverts (a scenario hook).
    bool public reverting;
    mapping(uint80 => Round) private _rounds;

    /// @notice A new round with `answer` at `updatedAt`.
    event PriceSet(uint80 indexed roundId, int256 answer, uint256 updatedAt);
    /// @notice The latest round's timestamp was moved (staleness scenarios).
    event UpdatedAtSet(uint80 indexed roundId, uint256 updatedAt);
    /// @notice Reverting switched.
    event RevertingSet(bool reverting);

    /// @param owner_ Who may move the feed.
    /// @param decimals_ Decimals of the answer (18 for the LRT/ETH feeds).
    /// @param description_ E.g. "weETH / ETH".
    /// @param initialAnswer The first round's answer.
    constructor(address owner_, uint8 decimals_, string memory description_, int256 initialAnswer) Ownable(owner_) {
        decimals = decimals_;
        _description = description_;
        _setPrice(initialAnswer);
    }

    /// @notice Opens a new round with `answer`, stamped now.
    function setPrice(int256 answer) external onlyOwner {
        _setPrice(answer);
    }

    /// @notice Rewrites the latest round's timestamp (set it in the past to make the feed stale).
    function setUpdatedAt(uint256 updatedAt) external onlyOwner {
        _rounds[latestRound].updatedAt = updatedAt;
        emit UpdatedAtSet(latestRound, updatedAt);
    }

    /// @notice Makes every read revert (true) or work again (false).
    function setReverting(bool reverting_) external onlyOwner {
        reverting = reverting_;
        emit RevertingSet(reverting_);
    }

    /// @inheritdoc IAggregatorV3
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc IAggregatorV3
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @inheritdoc IAggregatorV3
    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        if (reverting) revert SimErrorsLib.FeedReverting();
        if (roundId == 0 || roundId > latestRound) revert SimErrorsLib.UnknownRound(roundId);
        Round memory r = _rounds[roundId];
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc IAggregatorV3
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        if (reverting) revert SimErrorsLib.FeedReverting();
        Round memory r = _rounds[latestRound];
        return (latestRound, r.answer, r.updatedAt, r.updatedAt, latestRound);
    }

    function _setPrice(int256 answer) internal {
        uint80 id = latestRound + 1;
        latestRound = id;
        _rounds[id] = Round(answer, block.timestamp);
        emit PriceSet(id, answer, block.timestamp);
    }
}
