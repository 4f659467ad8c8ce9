// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV3} from "../../../contracts/interfaces/protocols/IAggregatorV3.sol";

/// @notice Compound III (Comet) as it treats a collateral's price feed: the constructor rejects any feed whose
/// decimals are not 8 (PRICE_FEED_DECIMALS), and getPrice reads latestRoundData's answer, rejecting a non-positive one.
contract CometPriceLike {
    uint8 public constant PRICE_FEED_DECIMALS = 8;
    IAggregatorV3 public immutable priceFeed;

    error BadDecimals();
    error BadPrice();

    constructor(IAggregatorV3 priceFeed_) {
        if (priceFeed_.decimals() != PRICE_FEED_DECIMALS) revert BadDecimals();
        priceFeed = priceFeed_;
    }

    /// @notice The collateral's price, 8 decimals.
    function getPrice() public view returns (uint256) {
        (, int256 price,,,) = priceFeed.latestRoundData();
        if (price <= 0) revert BadPrice();
        return uint256(price);
    }

    /// @notice Value, 8 decimals, of `amount` collateral units with `scale` = 10^decimals (Comet's asset scale).
    function valueOf(uint256 amount, uint256 scale) external view returns (uint256) {
        return amount * getPrice() / scale;
    }
}
