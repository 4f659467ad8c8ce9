// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title IKelpDepositPool
/// @notice Kelp LRTDepositPool (mainnet 0x036676389e48133B63a802f8635AD39E752D375D): mints rsETH.
interface IKelpDepositPool {
    /// @notice Deposits msg.value ETH and mints rsETH to the caller at the oracle's stored price; reverts if
    /// fewer than `minRSETHAmountExpected` would be minted. Returns nothing: measure by balance difference.
    function depositETH(uint256 minRSETHAmountExpected, string calldata referralId) external payable;

    /// @notice All of `asset` the protocol holds (deposit pool, node delegators, EigenLayer, unstaking vault):
    /// what `updateRSETHPrice` values the rsETH supply at, so a loss shows here before the stored price moves.
    function getTotalAssetDeposits(address asset) external view returns (uint256);

    /// @notice The LRTConfig (supported assets).
    function lrtConfig() external view returns (address);
}

/// @title IKelpConfig
/// @notice Kelp LRTConfig: the assets rsETH is backed by.
interface IKelpConfig {
    /// @notice Every supported asset (ETH as 0xEeee...EEeE and LSTs); a short list.
    function getSupportedAssetList() external view returns (address[] memory);
}

/// @title IKelpOracle
/// @notice Kelp LRTOracle (mainnet 0x349A73444b1a310BAe67ef67973022020d70020d).
interface IKelpOracle {
    /// @notice ETH per rsETH, 1e18 scale: a stored value, moved only by `updateRSETHPrice`.
    function rsETHPrice() external view returns (uint256);

    /// @notice Recomputes and stores `rsETHPrice` from the protocol's holdings (permissionless).
    function updateRSETHPrice() external;

    /// @notice ETH per unit of `asset`, 1e18 (1e18 for ETH).
    function getAssetPrice(address asset) external view returns (uint256);
}

/// @title IKelpWithdrawalManager
/// @notice Kelp LRTWithdrawalManager (mainnet 0x62De59c08eB5dAE4b7E6F7a8cAd3006d6965ec16). Requests are kept per
/// (asset, user) in order; `completeWithdrawal` settles the user's oldest request once it is unlocked and its
/// delay (about 8 days) has passed, paying min(value at request, value at unlock).
interface IKelpWithdrawalManager {
    /// @notice Locks `rsETHUnstaked` rsETH of the caller (approval to the manager needed) and opens a request
    /// paid in `asset` (0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE for native ETH).
    function initiateWithdrawal(address asset, uint256 rsETHUnstaked, string calldata referralId) external;

    /// @notice Settles the caller's oldest request for `asset` and pays it to the caller. (An LRT operator may
    /// also settle a user's oldest request for them, paying the user: `completeWithdrawalForUser`.)
    function completeWithdrawal(address asset, string calldata referralId) external;

    /// @notice Uncommitted `asset` a new request may commit against (`ExceedAmountToWithdraw` beyond it).
    function getAvailableAssetAmount(address asset) external view returns (uint256);

    /// @notice Smallest request for `asset`, in rsETH.
    function minRsEthAmountToWithdraw(address asset) external view returns (uint256);

    /// @notice Requests for `asset` with a nonce below this are unlocked: their payout is fixed.
    function nextLockedNonce(address asset) external view returns (uint256);

    /// @notice LRT operator: unlocks requests below `firstExcludedIndex` whose delay passed, fixing each payout at
    /// min(expected, rsETH x price now), within the operator's price bounds.
    function unlockQueue(
        address asset,
        uint256 firstExcludedIndex,
        uint256 minimumAssetPrice,
        uint256 minimumRsEthPrice,
        uint256 maximumAssetPrice,
        uint256 maximumRsEthPrice
    ) external returns (uint256 rsETHBurned, uint256 assetAmountUnlocked);

    /// @notice The nonce the next request for `asset` gets (global across users).
    function nextUnusedNonce(address asset) external view returns (uint256);

    /// @notice The id a request is stored under: a hash of (`asset`, `nonce`).
    function getRequestId(address asset, uint256 nonce) external pure returns (bytes32);

    /// @notice The stored request `requestId`; all zero once completed (check the layout on a fork).
    /// @return rsETHUnstaked rsETH locked.
    /// @return expectedAssetAmount Value at request; the fixed payout once unlocked.
    /// @return withdrawalStartBlock Block of the request.
    function withdrawalRequests(bytes32 requestId)
        external
        view
        returns (uint256 rsETHUnstaked, uint256 expectedAssetAmount, uint256 withdrawalStartBlock);
}
