// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title IAggregatorV3
/// @notice The read side of a Chainlink-style price feed (AggregatorV3Interface), as used for the LRT/ETH
/// market feeds (e.g. weETH/ETH 0x5c9C449BbC9a6075A2c061dF312a35fd1E05fF22).
interface IAggregatorV3 {
    /// @notice Number of decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice Human-readable name of the pair.
    function description() external view returns (string memory);

    /// @notice Version of the aggregator.
    function version() external view returns (uint256);

    /// @notice One past round.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The latest round: `answer` is the price, `updatedAt` the time it was last written.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
