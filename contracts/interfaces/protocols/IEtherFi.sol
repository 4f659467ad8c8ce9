// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IEtherFiLiquidityPool
/// @notice ether.fi LiquidityPool (mainnet 0x308861A430be4cce5502d0A12724771Fc6DaF216): takes ETH, mints
/// rebasing eETH, and opens withdraw requests that are represented by WithdrawRequestNFT tokens.
interface IEtherFiLiquidityPool {
    /// @notice Deposits msg.value ETH and mints eETH to the caller.
    /// @return The eETH shares minted.
    function deposit() external payable returns (uint256);

    /// @notice Pulls `amount` eETH from the caller (approval to the pool needed) and mints a withdraw-request
    /// NFT to `recipient`, for `minWithdrawAmount` to `maxWithdrawAmount` eETH. The claim pays min(amount, value of
    /// the locked eETH shares at the rate snapshotted when the request was finalised).
    /// @return The NFT token id of the request.
    function requestWithdraw(address recipient, uint256 amount) external returns (uint256);

    /// @notice Smallest withdraw request, in eETH (check on a fork: 0.001 ETH).
    function minWithdrawAmount() external view returns (uint256);

    /// @notice Largest withdraw request, in eETH (check on a fork: 1,000 ETH).
    function maxWithdrawAmount() external view returns (uint256);
}

/// @title IWeETH
/// @notice ether.fi weETH (mainnet 0xCd5fE23C85820F7B72D0926FC9b05b43E359b7ee): a non-rebasing wrapper of eETH
/// shares. One weETH is one eETH share.
interface IWeETH is IERC20 {
    /// @notice Pulls `eETHAmount` eETH from the caller (approval needed) and mints weETH.
    /// @return The weETH minted.
    function wrap(uint256 eETHAmount) external returns (uint256);

    /// @notice Burns `weETHAmount` weETH of the caller and sends back eETH.
    /// @return The eETH sent.
    function unwrap(uint256 weETHAmount) external returns (uint256);

    /// @notice eETH per weETH, 1e18 scale (the fair rate, since eETH is redeemable 1:1 for ETH).
    function getRate() external view returns (uint256);

    /// @notice eETH value of `weETHAmount` weETH.
    function getEETHByWeETH(uint256 weETHAmount) external view returns (uint256);

    /// @notice weETH amount that `eETHAmount` eETH wraps into.
    function getWeETHByeETH(uint256 eETHAmount) external view returns (uint256);
}

/// @title IEtherFiWithdrawRequestNFT
/// @notice ether.fi WithdrawRequestNFT (mainnet 0x7d5706f6ef3F89B3951E23e557CDFBC3239D4E2c): one ERC-721 per
/// withdraw request. Anyone may claim a finalised request: the claim burns the NFT and pays its owner.
interface IEtherFiWithdrawRequestNFT {
    /// @notice A stored request (mainnet layout; deleted when claimed).
    /// @param amountOfEEth eETH requested.
    /// @param shareOfEEth eETH shares locked by the request.
    /// @param isValid False once the protocol invalidated the request (it may then seize the NFT).
    /// @param feeGwei Fee taken at claim, in gwei.
    struct WithdrawRequest {
        uint96 amountOfEEth;
        uint96 shareOfEEth;
        bool isValid;
        uint32 feeGwei;
    }

    /// @notice Burns the finalised request `tokenId` and pays its ETH to the NFT's owner (callable by anyone).
    function claimWithdraw(uint256 tokenId) external;

    /// @notice Whether request `tokenId` has been finalised (is claimable).
    function isFinalized(uint256 tokenId) external view returns (bool);

    /// @notice What claiming finalised request `tokenId` pays: fixed at finalisation (the rate snapshotted then);
    /// reverts before finalisation and after the claim.
    function getClaimableAmount(uint256 tokenId) external view returns (uint256);

    /// @notice The stored request `tokenId`; all zero once claimed.
    function getRequest(uint256 tokenId) external view returns (WithdrawRequest memory);

    /// @notice Owner of request `tokenId`; reverts once the NFT is burned (claimed).
    function ownerOf(uint256 tokenId) external view returns (address);
}
