// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IAggregatorV3} from "../../../contracts/interfaces/protocols/IAggregatorV3.sol";

/// @notice Morpho Blue's MorphoChainlinkOracleV2 price math with the same ten constructor inputs: price() is the
/// quote-token units per base-token unit, scaled by 1e36 (ORACLE_PRICE_SCALE); an absent vault or feed counts as 1.
contract MorphoChainlinkOracleV2Like {
    IERC4626 public immutable BASE_VAULT;
    uint256 public immutable BASE_VAULT_CONVERSION_SAMPLE;
    IERC4626 public immutable QUOTE_VAULT;
    uint256 public immutable QUOTE_VAULT_CONVERSION_SAMPLE;
    IAggregatorV3 public immutable BASE_FEED_1;
    IAggregatorV3 public immutable BASE_FEED_2;
    IAggregatorV3 public immutable QUOTE_FEED_1;
    IAggregatorV3 public immutable QUOTE_FEED_2;
    uint256 public immutable SCALE_FACTOR;

    error NegativeAnswer(int256 answer);

    constructor(
        IERC4626 baseVault,
        uint256 baseVaultConversionSample,
        IAggregatorV3 baseFeed1,
        IAggregatorV3 baseFeed2,
        uint256 baseTokenDecimals,
        IERC4626 quoteVault,
        uint256 quoteVaultConversionSample,
        IAggregatorV3 quoteFeed1,
        IAggregatorV3 quoteFeed2,
        uint256 quoteTokenDecimals
    ) {
        BASE_VAULT = baseVault;
        BASE_VAULT_CONVERSION_SAMPLE = baseVaultConversionSample;
        QUOTE_VAULT = quoteVault;
        QUOTE_VAULT_CONVERSION_SAMPLE = quoteVaultConversionSample;
        BASE_FEED_1 = baseFeed1;
        BASE_FEED_2 = baseFeed2;
        QUOTE_FEED_1 = quoteFeed1;
        QUOTE_FEED_2 = quoteFeed2;
        SCALE_FACTOR = 10
            ** (36
                + quoteTokenDecimals
                + _decimals(quoteFeed1)
                + _decimals(quoteFeed2)
                - baseTokenDecimals
                - _decimals(baseFeed1)
                - _decimals(baseFeed2)) * quoteVaultConversionSample / baseVaultConversionSample;
    }

    /// @notice Quote units per base unit, times 1e36.
    function price() external view returns (uint256) {
        return Math.mulDiv(
            _assets(BASE_VAULT, BASE_VAULT_CONVERSION_SAMPLE) * SCALE_FACTOR,
            _price(BASE_FEED_1) * _price(BASE_FEED_2),
            _assets(QUOTE_VAULT, QUOTE_VAULT_CONVERSION_SAMPLE) * _price(QUOTE_FEED_1) * _price(QUOTE_FEED_2)
        );
    }

    function _assets(IERC4626 vault, uint256 sample) internal view returns (uint256) {
        return address(vault) == address(0) ? 1 : vault.convertToAssets(sample);
    }

    function _price(IAggregatorV3 feed) internal view returns (uint256) {
        if (address(feed) == address(0)) return 1;
        (, int256 answer,,,) = feed.latestRoundData();
        if (answer < 0) revert NegativeAnswer(answer);
        return uint256(answer);
    }

    function _decimals(IAggregatorV3 feed) internal view returns (uint256) {
        return address(feed) == address(0) ? 0 : feed.decimals();
    }
}
