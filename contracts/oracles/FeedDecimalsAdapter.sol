// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV3} from "../interfaces/protocols/IAggregatorV3.sol";
import {ErrorsLib} from "../libraries/ErrorsLib.sol";

/// @title FeedDecimalsAdapter
/// @notice Presents a Chainlink v3 feed at other decimals, for consumers that require a fixed scale: Compound III
/// (Comet) accepts only 8-decimal price feeds, the share-price feed answers with 18.
/// @dev Stateless: every round is the source's round, its answer rescaled (rounded down, so a collateral price is
/// never rounded up) and its ids and times unchanged. Reverts wherever the source reverts.
contract FeedDecimalsAdapter is IAggregatorV3 {
    /// @notice The feed read.
    IAggregatorV3 public immutable source;
    /// @notice Decimals of this adapter's answers.
    uint8 public immutable decimals;
    uint8 internal immutable SOURCE_DECIMALS;

    /// @param source_ The feed to rescale.
    /// @param decimals_ The decimals to answer in (at most 36).
    constructor(IAggregatorV3 source_, uint8 decimals_) {
        if (address(source_) == address(0)) revert ErrorsLib.ZeroAddress();
        if (decimals_ > 36) revert ErrorsLib.InvalidDecimals(decimals_);
        source = source_;
        decimals = decimals_;
        SOURCE_DECIMALS = source_.decimals();
    }

    /// @inheritdoc IAggregatorV3
    function description() external view returns (string memory) {
        return source.description();
    }

    /// @inheritdoc IAggregatorV3
    function version() external view returns (uint256) {
        return source.version();
    }

    /// @inheritdoc IAggregatorV3
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        (roundId, answer, startedAt, updatedAt, answeredInRound) = source.getRoundData(roundId);
        return (roundId, _scale(answer), startedAt, updatedAt, answeredInRound);
    }

    /// @inheritdoc IAggregatorV3
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        (roundId, answer, startedAt, updatedAt, answeredInRound) = source.latestRoundData();
        return (roundId, _scale(answer), startedAt, updatedAt, answeredInRound);
    }

    function _scale(int256 answer) internal view returns (int256) {
        uint8 from = SOURCE_DECIMALS;
        uint8 to = decimals;
        if (to >= from) return answer * int256(10 ** (to - from));
        return answer / int256(10 ** (from - to));
    }
}
