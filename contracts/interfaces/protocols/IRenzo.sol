// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title IRenzoRestakeManager
/// @notice Renzo RestakeManager (mainnet 0x74a09653A083691711cF8215a6ab074BB4e99ef5, check): mints ezETH.
interface IRenzoRestakeManager {
    /// @notice Deposits msg.value ETH and mints ezETH to the caller at the current TVL per ezETH.
    /// @dev Returns nothing and takes no minimum: measure the minted ezETH by balance difference.
    function depositETH() external payable;

    /// @notice TVL breakdown: per operator delegator and token, per operator delegator, and the total (ETH).
    function calculateTVLs() external view returns (uint256[][] memory, uint256[] memory, uint256);
}

/// @title IRenzoRateProvider
/// @notice Renzo BalancerRateProvider (mainnet 0x387dBc0fB00b26fb085aa658527D5BE98302c84C).
interface IRenzoRateProvider {
    /// @notice ETH per ezETH, 1e18 scale (the fair rate).
    function getRate() external view returns (uint256);
}

/// @title IRenzoWithdrawQueue
/// @notice Renzo WithdrawQueue (mainnet 0x5efc9D10E42FB517456f4ac41EB5e2eBe42C8918). Each user's requests sit
/// in an array that is compacted by swap-and-pop on claim, so a request's index moves: track a request by its
/// `withdrawRequestID` (its content) and look its index up before claiming.
interface IRenzoWithdrawQueue {
    /// @notice Locks `amount` ezETH of the caller (approval to the queue needed) and opens a request paid in
    /// `assetOut` (0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE for native ETH).
    function withdraw(uint256 amount, address assetOut) external;

    /// @notice Claims the request at `withdrawRequestIndex` of `user` once the cool-down has passed; pays `user`.
    /// Callable by anyone: a request can leave `user`'s list (paid to `user`) without `user` calling.
    function claim(uint256 withdrawRequestIndex, address user) external;

    /// @notice Number of open requests of `user` (check: confirmed by the fork suite).
    function getOutstandingWithdrawRequests(address user) external view returns (uint256);

    /// @notice The open request at `index` of `user` (check: the public getter of the requests mapping).
    /// @return collateralToken The asset paid out.
    /// @return withdrawRequestID The global, never reused id of the request.
    /// @return amountToRedeem Value at request, in `collateralToken`.
    /// @return ezETHLocked The ezETH locked by the request.
    /// @return createdAt Timestamp of the request.
    function withdrawRequests(address user, uint256 index)
        external
        view
        returns (
            address collateralToken,
            uint256 withdrawRequestID,
            uint256 amountToRedeem,
            uint256 ezETHLocked,
            uint256 createdAt
        );

    /// @notice Seconds between a request and its claim (check: confirmed by the fork suite).
    function coolDownPeriod() external view returns (uint256);
}
