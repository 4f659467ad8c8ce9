// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV2V3} from "../../../contracts/interfaces/protocols/IAggregatorV2V3.sol";

/// @notice Reads prices the way Aave's AaveOracle does: `latestAnswer()` of the asset's source, taken as is in the
/// market's base currency (no decimals conversion: the source must answer in BASE_CURRENCY_UNIT's decimals); a
/// non-positive answer falls back to the fallback price.
contract AaveOracleLike {
    address public immutable BASE_CURRENCY;
    uint256 public immutable BASE_CURRENCY_UNIT;
    mapping(address asset => IAggregatorV2V3) public sources;
    uint256 public fallbackPrice;

    error SourceDecimalsMismatch(uint8 decimals, uint256 unit);

    constructor(address baseCurrency, uint256 baseCurrencyUnit) {
        BASE_CURRENCY = baseCurrency;
        BASE_CURRENCY_UNIT = baseCurrencyUnit;
    }

    /// @notice Registers `source` for `asset`, as Aave's pool admin would after checking its decimals.
    function setSource(address asset, IAggregatorV2V3 source) external {
        if (10 ** uint256(source.decimals()) != BASE_CURRENCY_UNIT) {
            revert SourceDecimalsMismatch(source.decimals(), BASE_CURRENCY_UNIT);
        }
        sources[asset] = source;
    }

    /// @notice Price of one whole `asset` in the base currency.
    function getAssetPrice(address asset) public view returns (uint256) {
        if (asset == BASE_CURRENCY) return BASE_CURRENCY_UNIT;
        int256 price = sources[asset].latestAnswer();
        return price > 0 ? uint256(price) : fallbackPrice;
    }

    /// @notice Base-currency value of `amount` units of `asset` (with `assetDecimals`), as Aave's logic values it.
    function valueOf(address asset, uint256 amount, uint8 assetDecimals) external view returns (uint256) {
        return getAssetPrice(asset) * amount / 10 ** assetDecimals;
    }
}
