// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV3} from "./IAggregatorV3.sol";

/// @title IAggregatorV2V3
/// @notice Chainlink's AggregatorV2V3Interface read side: the v2 calls (AggregatorInterface) beside v3's. Aave's
/// oracle reads `latestAnswer`; older integrations read `latestTimestamp`, `getAnswer` and `getTimestamp`. The
/// `AnswerUpdated` event is EventsLib's.
interface IAggregatorV2V3 is IAggregatorV3 {
    /// @notice The latest answer (the same as latestRoundData's).
    function latestAnswer() external view returns (int256);

    /// @notice When the latest round was updated (the same as latestRoundData's updatedAt).
    function latestTimestamp() external view returns (uint256);

    /// @notice Id of the latest round.
    function latestRound() external view returns (uint256);

    /// @notice Answer of round `roundId`; zero for a round not kept (Chainlink's v2 convention: no revert).
    function getAnswer(uint256 roundId) external view returns (int256);

    /// @notice updatedAt of round `roundId`; zero for a round not kept (Chainlink's v2 convention: no revert).
    function getTimestamp(uint256 roundId) external view returns (uint256);
}
