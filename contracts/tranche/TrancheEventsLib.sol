// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

/// @title TrancheEventsLib
/// @notice Every event of the junior tranche (besides ERC-20's and ERC-4626's).
library TrancheEventsLib {
    /// @notice ERC-7540: `owner`'s `shares` junior shares are escrowed for request `requestId` of `controller`.
    event RedeemRequest(
        address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 shares
    );
    /// @notice Request `requestId` paid `paid` vault shares to `receiver` for `shares` junior shares (the rest of their
    /// value stays with junior capital); `remaining` junior shares still wait (a partial claim).
    event RedeemClaimed(
        uint256 indexed requestId, address indexed receiver, uint256 shares, uint256 paid, uint256 remaining
    );
    /// @notice Request `requestId` belonged to era `era`, which a loss wiped out: it was closed with nothing paid.
    event RequestWipedOut(uint256 indexed requestId, uint64 era);
    /// @notice Junior capital was wiped out by a loss: era `era` begins; older balances and requests are worth nothing.
    event NewEra(uint64 era);
    /// @notice The tranche saw `burned` of its vault shares burned by a loss (`lockedCancelled` of them unstreamed
    /// premium).
    event LossSeen(uint256 burned, uint256 lockedCancelled);
    /// @notice `amount` vault shares arrived from the vault (premium, recovery): they stream in until `unlockEnd`.
    event PremiumStreamed(uint256 amount, uint256 locked, uint256 unlockEnd);
    /// @notice A notice period raise to `notice` was submitted; it applies from `executableAt`.
    event NoticeRaiseSubmitted(uint256 notice, uint256 executableAt);
    /// @notice The notice period is now `notice` seconds.
    event NoticeSet(uint256 notice);
}
