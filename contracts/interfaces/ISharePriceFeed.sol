// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV3} from "./protocols/IAggregatorV3.sol";

/// @title ISharePriceFeed
/// @notice The vault's share-price feed: an AggregatorV3 whose rounds only the vault publishes.
interface ISharePriceFeed is IAggregatorV3 {
    /// @notice The vault whose share price this feed reports.
    function vault() external view returns (address);
    /// @notice Called by the vault after a report: publishes `priceAfter` as a new round unless it moved more than
    /// `perReportBps` from `priceBefore` or more than `perDayBps` from the day window's anchor. Vault only.
    /// @return published False when a bound was breached (the vault then halts).
    function publish(uint256 priceBefore, uint256 priceAfter, uint256 perReportBps, uint256 perDayBps)
        external
        returns (bool published);
    /// @notice Called by the vault when it resumes after a halt: restarts the day window at `price` and
    /// publishes it as a new round. Vault only.
    function resume(uint256 price) external;
}
