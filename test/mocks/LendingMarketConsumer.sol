// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV3} from "../../contracts/interfaces/protocols/IAggregatorV3.sol";

/// @notice Reads the vault's share price the way a lending market reads a Chainlink feed: the answer must be
/// positive, from a complete round, and fresher than `maxAge`; otherwise it stops with a clear error.
contract LendingMarketConsumer {
    IAggregatorV3 public immutable feed;
    uint256 public immutable maxAge;

    error StalePrice(uint256 updatedAt, uint256 nowTs);
    error InvalidPrice(int256 answer);
    error IncompleteRound(uint80 roundId, uint80 answeredInRound);

    constructor(IAggregatorV3 feed_, uint256 maxAge_) {
        feed = feed_;
        maxAge = maxAge_;
    }

    /// @notice Share price (WETH per whole share, 1e18) after the market's checks.
    function price() public view returns (uint256) {
        (uint80 roundId, int256 answer,, uint256 updatedAt, uint80 answeredInRound) = feed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        if (answeredInRound < roundId) revert IncompleteRound(roundId, answeredInRound);
        if (block.timestamp - updatedAt > maxAge) revert StalePrice(updatedAt, block.timestamp);
        return uint256(answer);
    }

    /// @notice Collateral value in WETH of `shares` share units (24 decimals).
    function collateralValue(uint256 shares) external view returns (uint256) {
        return shares * price() / 1e24;
    }
}
