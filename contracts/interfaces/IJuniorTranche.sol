// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

/// @title IJuniorCover
/// @notice The one view the vault asks of its junior tranche (through a gas-bounded static call, when checking the
/// reserve rule after a keeper move): the vault shares that count as coverage.
interface IJuniorCover {
    /// @notice Vault shares of junior capital that is not leaving (pending exits excluded).
    function coveringShares() external view returns (uint256);
}

/// @title IJuniorTranche
/// @notice The vault's junior (first-loss) tranche: ERC-4626 over the vault's shares. Junior capital is vault shares
/// the tranche holds; on a loss the vault burns them right after the reserve's. Exits are requests with notice.
interface IJuniorTranche is IERC4626, IJuniorCover {
    /// @notice One pending exit: junior shares escrowed, their value in vault shares at request, the era they
    /// belong to and when they can be claimed.
    struct Request {
        address controller;
        uint64 era;
        uint64 claimableAt;
        uint256 shares;
        uint256 valueAtRequest;
    }

    /// @notice The vault whose shares the tranche holds.
    function vault() external view returns (address);
    /// @notice Deposits WETH: the tranche deposits it in the vault and mints junior shares for the vault shares.
    function depositAssets(uint256 assets, address receiver, uint256 minShares) external returns (uint256 shares);
    /// @notice Deposits native ETH, as depositAssets.
    function depositETH(address receiver, uint256 minShares) external payable returns (uint256 shares);
    /// @notice ERC-7540: escrows `shares` of `owner` for an exit claimable after the notice period.
    function requestRedeem(uint256 shares, address controller, address owner) external returns (uint256 requestId);
    /// @notice Pays request `requestId` in vault shares to `receiver`: min(value at request, value now), within what
    /// the reserve rule leaves.
    function claim(uint256 requestId, address receiver) external returns (uint256 paid);
    /// @notice Books vault shares that arrived (premium, recoveries) into the stream and losses into the accounting.
    function sync() external;
    /// @notice Whether a junior deposit or claim is refused now, and why (see TrancheErrorsLib.IncidentOpen).
    function incident() external view returns (uint8 kind, address adapter);
    /// @notice A pending exit.
    function request(uint256 requestId) external view returns (Request memory);
    /// @notice Junior shares escrowed by pending exits of the current era.
    function pendingShares() external view returns (uint256);
    /// @notice Premium (vault shares) not yet streamed into the junior share price.
    function lockedPremium() external view returns (uint256);
    /// @notice When the premium now streaming is fully in the junior price.
    function premiumUnlockEnd() external view returns (uint256);
    /// @notice The current era: it starts anew each time a loss wipes junior capital out.
    function era() external view returns (uint64);
    /// @notice Notice period of new exit requests, in seconds.
    function noticePeriod() external view returns (uint64);
}
