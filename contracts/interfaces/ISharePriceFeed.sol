// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAggregatorV3} from "./protocols/IAggregatorV3.sol";

/// @title ISharePriceFeed
/// @notice The vault's share-price feed: an AggregatorV3 whose rounds only the vault publishes.
interface ISharePriceFeed is IAggregatorV3 {
    /// @notice The vault whose share price this feed reports.
    function vault() external view returns (address);
    /// @notice Called by the vault after a report or a fall of its price: publishes `priceAfter` as a new round if it
    /// is a fall (while `halted`, only below the halted answer) or a rise within the bounds: at most `perReportBps`
    /// from `priceBefore` and `perDayBps` from the rolling day band. Vault only.
    /// @return breached True when the move is beyond a bound (the vault then pauses; on a rise it also halts).
    function publish(uint256 priceBefore, uint256 priceAfter, uint256 perReportBps, uint256 perDayBps, bool halted)
        external
        returns (bool breached);
    /// @notice Called by the vault when it resumes after a halt: restarts the day window at `price` and
    /// publishes it as a new round. Vault only.
    function resume(uint256 price) external;
}
