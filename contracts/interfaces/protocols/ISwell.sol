// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRswETH
/// @notice Swell rswETH (mainnet 0xFAe103DC9cf190eD75350761e95403b7b8aFa6c0, check): the token is also the
/// deposit entry point.
interface IRswETH is IERC20 {
    /// @notice Deposits msg.value ETH and mints rswETH to the caller at `ethToRswETHRate`.
    function deposit() external payable;

    /// @notice ETH per rswETH, 1e18 scale (same as `rswETHToETHRate`).
    function getRate() external view returns (uint256);

    /// @notice ETH per rswETH, 1e18 scale.
    function rswETHToETHRate() external view returns (uint256);

    /// @notice rswETH per ETH, 1e18 scale.
    function ethToRswETHRate() external view returns (uint256);
}

/// @title IRswEXIT
/// @notice Swell rswEXIT (mainnet 0x58749C46Ffe97e4d79508a2C781C440f4756f064): one ERC-721 per withdraw request,
/// paid at min(rate at request, rate at processing) once processed.
interface IRswEXIT {
    /// @notice Pulls `amount` rswETH of the caller (approval needed) and mints a request NFT to the caller.
    function createWithdrawRequest(uint256 amount) external;

    /// @notice Burns the processed request `tokenId` of the caller and pays its ETH to the caller.
    function finalizeWithdrawal(uint256 tokenId) external;

    /// @notice Id of the most recent request (the one a `createWithdrawRequest` just minted).
    function getLastTokenIdCreated() external view returns (uint256);

    /// @notice Id of the last request a processor processed.
    function getLastTokenIdProcessed() external view returns (uint256);

    /// @notice Whether request `tokenId` is processed, and the rate it was processed at (its payout is then fixed
    /// at amount x min(rate at request, this rate)).
    function getProcessedRateForTokenId(uint256 tokenId) external view returns (bool isProcessed, uint256 processedRate);

    /// @notice The stored request `tokenId` (check the getter on a fork).
    /// @return amount rswETH requested.
    /// @return lastTokenIdProcessed The last processed id when the request was made.
    /// @return rateWhenCreated The rate at request.
    function withdrawalRequests(uint256 tokenId)
        external
        view
        returns (uint256 amount, uint256 lastTokenIdProcessed, uint256 rateWhenCreated);

    /// @notice Smallest request, in rswETH (zero until set on a fresh deployment).
    function withdrawRequestMinimum() external view returns (uint256);

    /// @notice Largest request, in rswETH (zero until set: no request passes).
    function withdrawRequestMaximum() external view returns (uint256);
}
