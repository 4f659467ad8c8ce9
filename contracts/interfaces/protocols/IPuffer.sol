// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

/// @title IPufferVault
/// @notice Puffer PufferVault (mainnet 0xD9A442856C234a39a81a089C06451EBAa4306a72): an ERC-4626 vault over WETH
/// whose share token is pufETH. `convertToAssets(1e18)` is the fair rate. Instant redeem charges an exit fee;
/// a deposit and a withdrawal in the same transaction revert.
interface IPufferVault is IERC4626 {
    /// @notice Deposits msg.value ETH and mints pufETH to `receiver`.
    /// @return shares The pufETH minted.
    function depositETH(address receiver) external payable returns (uint256 shares);
}

/// @title IPufferWithdrawalManager
/// @notice Puffer PufferWithdrawalManager (mainnet 0xDdA0483184E75a5579ef9635ED14BacCf9d50283): queued exits
/// paid at min(rate at request, rate at finalisation).
interface IPufferWithdrawalManager {
    /// @notice Pulls `pufETHAmount` pufETH from the caller (approval needed) and queues a withdrawal paid to
    /// `recipient`. The request index is the length of the withdrawals list before the call.
    function requestWithdrawal(uint128 pufETHAmount, address recipient) external;

    /// @notice Pays out the finalised withdrawal `withdrawalIdx` to its recipient.
    function completeQueuedWithdrawal(uint256 withdrawalIdx) external;

    /// @notice Number of withdrawals ever queued (check: confirmed by the fork suite).
    function getWithdrawalsLength() external view returns (uint256);

    /// @notice The DAO's largest withdrawal, in pufETH (check the name on a fork).
    function getMaxWithdrawalAmount() external view returns (uint256);

    /// @notice A queued withdrawal as the manager stores it; completion deletes it, so a completed withdrawal reads
    /// as all zeros (recipient zero). Completion is callable by anyone once finalised, paying the recipient.
    struct QueuedWithdrawal {
        uint128 pufETHAmount;
        uint128 pufETHToETHExchangeRate;
        address recipient;
    }

    /// @notice Withdrawal `withdrawalIdx` (check: mainnet PufferWithdrawalManager.getWithdrawal, fork suite).
    function getWithdrawal(uint256 withdrawalIdx) external view returns (QueuedWithdrawal memory);
}
