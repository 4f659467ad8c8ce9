// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV2V3} from "./protocols/IAggregatorV2V3.sol";

/// @title ISharePriceFeed
/// @notice The vault's share-price feed: a Chainlink v2/v3 aggregator whose rounds only the vault publishes.
interface ISharePriceFeed is IAggregatorV2V3 {
    /// @notice The vault whose share price this feed reports.
    function vault() external view returns (address);
    /// @notice Called by the vault after a report or a fall of its price: publishes `priceAfter` as a new round if it
    /// is a fall (while `vaultHalted`, only below the halted answer) or a rise within the bounds: at most `perReportBps`
    /// from `priceBefore` and `perDayBps` from the rolling day band. Vault only.
    /// @return breached True when the move is beyond a bound (the vault then pauses; on a rise it also halts).
    function publish(uint256 priceBefore, uint256 priceAfter, uint256 perReportBps, uint256 perDayBps, bool vaultHalted)
        external
        returns (bool breached);
    /// @notice Called by the vault when it resumes after a halt: restarts the day window at `price` and
    /// publishes it as a new round. Vault only.
    function resume(uint256 price) external;
    /// @notice Cap on the latest answer's growth since its publication, in bps a year (Aave CAPO's idea).
    function maxYearlyGrowthBps() external view returns (uint16);
    /// @notice Whether the vault is halted on a withheld rise: the latest answer then stays the published one.
    function halted() external view returns (bool);
    /// @notice Sets the yearly growth cap, at most MAX_FEED_YEARLY_GROWTH_BPS. Vault only: the curator sets it
    /// through the vault's setFeedGrowthCap (raising timelocked, lowering at once).
    function setMaxYearlyGrowth(uint256 bps) external;
}
