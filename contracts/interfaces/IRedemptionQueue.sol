// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title IRedemptionQueue
/// @notice Exits beyond the vault's idle buffer: ERC-7540-style redemption requests fulfilled FIFO and
/// permissionlessly at min(value at request, value at fulfilment), a paid instant exit whose price impact falls on
/// the caller alone, and a liveness rule: once the oldest pending request is older than `maxWait`, anyone may start
/// the unwinding (queued protocol exits, claims, or instant exits paid by the requests served).
/// @dev Amounts are WETH (18 decimals); shares are the vault's share units.
interface IRedemptionQueue is IERC165 {
    /// @notice Where a request stands.
    enum Status {
        None,
        Pending,
        Claimable,
        Claimed,
        Cancelled
    }

    /// @notice One request. `owed` is its value at request while pending (less any unwinding penalty charged to it)
    /// and its payout once claimable. `prev` / `next` link the pending requests in FIFO order (0: none).
    struct Request {
        address controller;
        uint40 requestedAt;
        Status status;
        uint32 prev;
        uint128 shares;
        uint96 owed;
        uint32 next;
    }

    /// @notice The queue at a glance (one call for the keeper and the lens).
    /// @param pendingCount Requests waiting for fulfilment.
    /// @param pendingShares Their shares (held by the queue).
    /// @param owedAssets Their value at request: the most the queue can pay them.
    /// @param setAside WETH held for fulfilled requests not yet claimed.
    /// @param headId The oldest pending request (0: none).
    /// @param headRequestedAt When it was made.
    /// @param headOwed Its value at request.
    /// @param headDueAt headRequestedAt + maxWait: from then on the unwinding entry points are open.
    /// @param maxWait The stated maximum wait, in seconds.
    /// @param overdue Whether the head is past its due time.
    /// @param minRequestAssets The minimum request size, in assets.
    /// @param nextId The id the next request gets.
    struct Summary {
        uint256 pendingCount;
        uint256 pendingShares;
        uint256 owedAssets;
        uint256 setAside;
        uint256 headId;
        uint256 headRequestedAt;
        uint256 headOwed;
        uint256 headDueAt;
        uint256 maxWait;
        bool overdue;
        uint256 minRequestAssets;
        uint256 nextId;
    }

    /// @notice A pending request as the keeper plans for it.
    struct PendingInfo {
        uint256 requestId;
        uint256 owed;
        uint256 shares;
        uint256 requestedAt;
    }

    // ----- Requests (ERC-7540 names) -----

    /// @notice Moves `shares` of `owner` into the queue as a request claimable by `controller`. The caller must be
    /// `owner` or an operator of `owner`; the request's value at request must reach the minimum request size.
    /// @return requestId The new request's id (ids start at 1 and grow by one).
    function requestRedeem(uint256 shares, address controller, address owner) external returns (uint256 requestId);

    /// @notice ERC-7540: shares of request `requestId` still pending for `controller` (zero otherwise).
    function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);

    /// @notice ERC-7540: shares of request `requestId` fulfilled and claimable by `controller` (zero otherwise).
    function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);

    /// @notice WETH request `requestId` pays once claimed (zero unless claimable).
    function claimableAssets(uint256 requestId) external view returns (uint256 assets);

    /// @notice ERC-7540: approves or revokes `operator` to request, cancel and claim for the caller.
    function setOperator(address operator, bool approved) external returns (bool);

    /// @notice ERC-7540: whether `operator` acts for `controller`.
    function isOperator(address controller, address operator) external view returns (bool);

    /// @notice ERC-7575 / ERC-7540: the share token (the vault) whose shares requests escrow.
    function share() external view returns (address);

    /// @notice ERC-7540 (ERC-4626's name): the asset requests are paid in (WETH).
    function asset() external view returns (address);

    /// @notice ERC-7887-style, synchronous: cancels pending request `requestId` of `controller` and gives its shares
    /// back to `controller` at once, emitting ERC-7887's CancelRedeemRequest and CancelRedeemClaim together (ERC-7887
    /// has a separate claim step). The caller must be `controller` or its operator.
    /// @return shares The shares returned.
    function cancelRedeemRequest(uint256 requestId, address controller) external returns (uint256 shares);

    /// @notice Fulfils up to `maxRequests` (at most MAX_BATCH) pending requests from the head, FIFO, each at
    /// min(value at request, value now), while idle WETH covers them. Anyone. Recognises on-chain losses first.
    /// @return count Requests fulfilled.
    /// @return assets WETH set aside for them.
    function fulfil(uint256 maxRequests) external returns (uint256 count, uint256 assets);

    /// @notice Pays fulfilled request `requestId` to `receiver` in WETH. The controller or its operator.
    function claim(uint256 requestId, address receiver) external returns (uint256 assets);

    /// @notice Pays fulfilled request `requestId` to `receiver` in native ETH. The controller or its operator.
    /// A receiver that rejects ETH makes this call revert alone; `claim` (WETH) still works.
    function claimETH(uint256 requestId, address payable receiver) external returns (uint256 assets);

    // ----- Paid instant exit -----

    /// @notice Redeems `shares` of `owner` now by selling their value through `adapters` (in order) with the vault's
    /// `forceDeallocate`; the sale's price impact and fees are charged to these shares alone (at most the vault's
    /// `maxExitPenaltyBps`). The caller must be `owner` or its operator. Recognises on-chain losses first.
    /// @return assets WETH paid to `receiver` (at least `minAssets`).
    function instantRedeem(
        uint256 shares,
        address receiver,
        address owner,
        uint256 minAssets,
        address[] calldata adapters
    ) external returns (uint256 assets);

    /// @notice `instantRedeem` paying native ETH to `receiver`.
    function instantRedeemETH(
        uint256 shares,
        address payable receiver,
        address owner,
        uint256 minAssets,
        address[] calldata adapters
    ) external returns (uint256 assets);

    /// @notice What `instantRedeem(shares, ..., adapters)` would pay now, before any loss not yet recognised: the free
    /// part of the buffer first (idle beyond what pending requests are owed, at no cost), then the WETH the adapters'
    /// instant-exit venues return for the rest (their `previewDeallocate`), at most the shares' value. Reverts
    /// `UnknownAdapter` for a listed address that is not one of the vault's adapters and `InstantExitShort` when the
    /// route cannot sell the rest (the exit would revert too).
    function previewInstantRedeem(uint256 shares, address[] calldata adapters) external view returns (uint256 assets);

    // ----- Liveness (open to anyone once the head request is overdue) -----

    /// @notice Requests a queued exit of `assets` from `adapter` for what pending requests are owed beyond idle and
    /// pending exits: at least the whole shortfall, all `adapter` still holds or the most one request of its protocol
    /// takes (`exitRequestLimits`), whichever is least; never more than the shortfall.
    function unwindRequestExit(address adapter, uint256 assets) external returns (uint256 exitId);

    /// @notice Brings finalised queued exits of `adapter` home to idle.
    function unwindClaimExits(address adapter) external returns (uint256 assets);

    /// @notice Fulfils what idle covers, then sells `assets` of value from `adapter` for the overdue head requests
    /// (at most what they lack beyond idle); the sale's penalty is charged to those requests FIFO; then fulfils again.
    /// @return received WETH the sale brought to idle.
    function unwindInstant(address adapter, uint256 assets) external returns (uint256 received);

    // ----- Settings (the vault's curator; raising the maximum wait is timelocked by the vault's timelock) -----

    /// @notice Sets the maximum wait. Curator. Lowering (down to MIN_MAX_WAIT) applies at once; a raise goes through
    /// the vault's one timelock: `vault.submit(abi.encodeCall(setMaxWait, (wait)))`, then this call with the same
    /// calldata once executable and before it expires (the guardian may `vault.revoke` it meanwhile).
    function setMaxWait(uint256 wait) external;

    /// @notice Sets the minimum request size (at most MAX_MIN_REQUEST). Curator.
    function setMinRequestAssets(uint256 assets) external;

    // ----- Views -----

    /// @notice The vault whose shares the queue redeems.
    function vault() external view returns (address);

    /// @notice The stated maximum wait, in seconds.
    function maxWait() external view returns (uint256);

    /// @notice Whether the oldest pending request is older than `maxWait`.
    function isOverdue() external view returns (bool);

    /// @notice The queue at a glance.
    function summary() external view returns (Summary memory);

    /// @notice Request `requestId` as stored.
    function getRequest(uint256 requestId) external view returns (Request memory);

    /// @notice Up to `max` (at most MAX_PAGE) pending requests in FIFO order from `fromId` (0: the head).
    function pendingRequests(uint256 fromId, uint256 max) external view returns (PendingInfo[] memory page);
}
