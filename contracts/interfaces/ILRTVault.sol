// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ISharePriceFeed} from "./ISharePriceFeed.sol";
import {IVaultQueueHooks} from "./IVaultQueueHooks.sol";

/// @title ILRTVaultCore
/// @notice What the vault contract itself serves beside ERC-4626: native ETH entry and exit, ERC-5143-style
/// slippage-bounded variants, keeper moves, reports, the insurance reserve and the views.
/// @dev Amounts are WETH (18 decimals). Basis points (bps) are out of 10_000. Integrators and the keeper use
/// `ILRTVault` (below), the whole surface: this part plus the admin module's (`ILRTVaultAdmin`).
interface ILRTVaultCore is IERC4626 {
    /// @notice One keeper move inside `rebalance`.
    /// @param adapter A registered adapter.
    /// @param deposit True to allocate idle WETH into the adapter, false to deallocate (instant exit).
    /// @param assets Assets to move (value for a deallocation).
    /// @param limit `minValueOut` for an allocation, `minAssetsOut` for a deallocation.
    struct Move {
        address adapter;
        bool deposit;
        uint256 assets;
        uint256 limit;
    }

    /// @notice A risk tier: a cap on the tier's share of total assets and the share of each
    /// allocation the insurance reserve must cover.
    struct Tier {
        uint16 capBps;
        uint16 coverageBps;
    }

    // ----- Depositors -----

    // Bounded variants (ERC-5143): a bound of zero means "no bound", for minimums and maximums alike (U-2). Every
    // depositor path reverts VaultPaused while the vault is paused.

    /// @notice Wraps msg.value into WETH and deposits it for `receiver`; reverts if fewer than `minShares` are minted.
    function depositETH(address receiver, uint256 minShares) external payable returns (uint256 shares);
    /// @notice ERC-5143: `deposit` that reverts if fewer than `minShares` are minted.
    function deposit(uint256 assets, address receiver, uint256 minShares) external returns (uint256 shares);
    /// @notice ERC-5143: `mint` that reverts if more than `maxAssets` are pulled (zero: no bound).
    function mint(uint256 shares, address receiver, uint256 maxAssets) external returns (uint256 assets);
    /// @notice ERC-5143: `withdraw` that reverts if more than `maxShares` are burned (zero: no bound).
    function withdraw(uint256 assets, address receiver, address owner, uint256 maxShares)
        external
        returns (uint256 shares);
    /// @notice ERC-5143: `redeem` that reverts if fewer than `minAssets` are paid.
    function redeem(uint256 shares, address receiver, address owner, uint256 minAssets)
        external
        returns (uint256 assets);
    /// @notice `withdraw` paying native ETH; reverts if more than `maxShares` are burned (zero: no bound).
    function withdrawETH(uint256 assets, address payable receiver, address owner, uint256 maxShares)
        external
        returns (uint256 shares);
    /// @notice `redeem` paying native ETH; reverts if fewer than `minAssets` are paid.
    function redeemETH(uint256 shares, address payable receiver, address owner, uint256 minAssets)
        external
        returns (uint256 assets);

    // ----- Keeper (allocator role) -----

    /// @notice Moves idle WETH into `adapter`; reverts if the value gained is below `minValueOut`.
    function allocate(address adapter, uint256 assets, uint256 minValueOut) external returns (uint256 valueIn);
    /// @notice Instant exit of `assets` of value from `adapter`; reverts below `minAssetsOut` WETH received.
    function deallocate(address adapter, uint256 assets, uint256 minAssetsOut) external returns (uint256 assetsOut);
    /// @notice Applies `moves` in order as one plan; reverts unless `expectedNonce` equals `rebalanceNonce()`.
    function rebalance(Move[] calldata moves, uint256 expectedNonce) external;
    /// @notice Requests a queued exit of `assets` of value from `adapter`.
    function requestExit(address adapter, uint256 assets) external returns (uint256 requestId);
    /// @notice Claims finalised queued exits of `adapter` into idle WETH.
    function claimExits(address adapter) external returns (uint256 assetsOut);
    /// @notice Revalues every adapter; locks profit (after fees), applies losses (reserve first). An adapter whose
    /// valuation reverts or returns garbage keeps its recorded allocation, is flagged impaired and ValuationFailed is
    /// emitted; the rest of the report applies. A later successful valuation clears the flag.
    function report() external returns (uint256 profit, uint256 loss);

    /// @notice Lowers the recorded allocation of the impaired `adapter` to `newValue`; the difference is a realised
    /// loss (reserve first, then locked profit, then the share price). Guardian only, immediate.
    function writeDown(address adapter, uint256 newValue) external;

    // ----- Insurance reserve -----

    /// @notice Deposits `assets` WETH from the caller as first-loss reserve shares (a gift to the reserve).
    function fundReserve(uint256 assets) external returns (uint256 shares);
    /// @notice Current asset value of the reserve.
    function reserveAssets() external view returns (uint256);
    /// @notice Reserve value the reserve rule requires now: sum of allocation x tier coverage.
    function requiredReserve() external view returns (uint256);

    // ----- Views for the keeper and integrators -----

    /// @notice Assets (1e18 = one WETH) per whole share, i.e. convertToAssets(10 ** decimals()); shares carry
    /// a decimals offset, so one whole share is 10 ** decimals() share units. Reverts mid-operation.
    function pricePerShare() external view returns (uint256);
    /// @notice True after a report moved the share price beyond its bound: the vault is paused and the
    /// share-price feed keeps answering its last good round until the guardian or admin resumes.
    function priceHalted() external view returns (bool);
    /// @notice WETH held idle by the vault (stored, not read from balance).
    function idleAssets() external view returns (uint256);
    /// @notice Profit reported but not yet unlocked into the share price.
    function lockedProfit() external view returns (uint256);
    /// @notice Registered adapters, in registration order (bounded by MAX_ADAPTERS).
    function adapters() external view returns (address[] memory);
    /// @notice Value of `adapter` recorded at the last report or move.
    function allocation(address adapter) external view returns (uint256);
    /// @notice Whether deposits and withdrawals are paused.
    function paused() external view returns (bool);
}

/// @title ILRTVaultAdmin
/// @notice The rarely-called curator, guardian and admin surface, served by the vault's admin module
/// (`LRTVaultAdmin`) through the vault's fallback (delegatecall): call these on the vault's address.
interface ILRTVaultAdmin {
    // ----- Adapter and tier views (served by the admin module: rarely read, so off the vault's own code) -----

    /// @notice Whether the last report failed to value `adapter` (its allocation is then its last recorded value,
    /// never raised while impaired, and it takes no new allocation).
    function isImpaired(address adapter) external view returns (bool);
    /// @notice The absolute cap on `adapter`'s allocation.
    function adapterCap(address adapter) external view returns (uint256);
    /// @notice The risk tier of `adapter`.
    function adapterTier(address adapter) external view returns (uint8);
    /// @notice Settings of tier `id`.
    function tier(uint8 id) external view returns (ILRTVaultCore.Tier memory);

    // ----- Timelock (curator submits, guardian or curator revokes) -----

    /// @notice Records that `data` (a setter's exact calldata) may be executed after the timelock. Curator only.
    function submit(bytes calldata data) external;
    /// @notice Cancels the pending change `data`. Guardian or curator.
    function revoke(bytes calldata data) external;

    // ----- Curator -----

    /// @notice Registers `adapter` in tier `tierId` with absolute cap `cap`. Timelocked.
    function addAdapter(address adapter, uint8 tierId, uint256 cap) external;
    /// @notice Removes an empty (or impaired and written-off) adapter. Immediate.
    function removeAdapter(address adapter) external;
    /// @notice Sets the absolute cap of `adapter`. Raising is timelocked, lowering is immediate.
    function setAdapterCap(address adapter, uint256 cap) external;
    /// @notice Sets tier `tierId`. Raising capBps or lowering coverageBps is timelocked; the opposite is immediate.
    function setTier(uint8 tierId, uint16 capBps, uint16 coverageBps) external;
    /// @notice Sets the liquid-buffer floor. Lowering is timelocked, raising is immediate.
    function setBufferFloor(uint16 bps) external;
    /// @notice Sets the per-move slippage bound. Raising is timelocked, lowering is immediate.
    function setMaxSlippage(uint16 bps) external;
    /// @notice Sets the performance fee and the insurance cut. Raising either is timelocked.
    function setFees(uint16 performanceBps, uint16 insuranceBps) external;
    /// @notice Sets the cap on total assets. Raising is timelocked, lowering is immediate.
    function setDepositCap(uint256 cap) external;
    /// @notice Sets the profit unlock period. Shortening is timelocked, lengthening is immediate.
    function setProfitUnlockPeriod(uint64 period) external;
    /// @notice Sets the share-price bounds. Raising either is timelocked, lowering is immediate.
    function setPriceBounds(uint16 perReportBps, uint16 perDayBps) external;
    /// @notice Sets the curator timelock. Lengthening is immediate, shortening is timelocked.
    function setTimelock(uint64 newTimelock) external;
    /// @notice Sets the keeper's rolling daily loss budget, in bps of total assets. Raising is timelocked.
    function setLossBudget(uint16 bps) external;
    /// @notice Sets the cap on the feed answer's growth between reports, in bps a year. Raising is timelocked.
    function setFeedGrowthCap(uint16 bps) external;
    /// @notice Sets the reserve target the insurance cut fills before junior capital's premium. Lowering is timelocked.
    function setReserveTarget(uint256 assets) external;

    // ----- Admin -----

    /// @notice Grants (`granted` true) or revokes `role` of `account`. Admin only.
    function setRole(bytes32 role, address account, bool granted) external;
    /// @notice Sets the performance fee recipient (zero: no performance fee). Admin only.
    function setFeeRecipient(address recipient) external;
    /// @notice Sets the junior (first-loss) tranche; replacing one requires it to hold no vault shares. Admin only.
    function setJuniorTranche(address tranche) external;

    // ----- Guardian -----

    /// @notice Pauses deposits, withdrawals, reserve funding and new allocations. Guardian only.
    function pause() external;
    /// @notice Resumes the vault (clears a price halt and publishes the current price). Guardian or admin.
    function unpause() external;
}

/// @title ILRTVault
/// @notice The vault's whole surface at its address: the core it serves itself and the admin module's functions.
interface ILRTVault is ILRTVaultCore, ILRTVaultAdmin, IVaultQueueHooks {
    /// @notice Admin role id (0x00).
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);
    /// @notice Curator role id.
    function CURATOR_ROLE() external view returns (bytes32);
    /// @notice Allocator (keeper) role id.
    function ALLOCATOR_ROLE() external view returns (bytes32);
    /// @notice Guardian role id.
    function GUARDIAN_ROLE() external view returns (bytes32);
    /// @notice Whether `account` holds `role`.
    function hasRole(bytes32 role, address account) external view returns (bool);
    /// @notice The share-price feed the vault publishes to.
    function priceFeed() external view returns (ISharePriceFeed);
    /// @notice The admin module the vault delegates its admin surface to.
    function adminModule() external view returns (address);
    /// @notice When the submitted calldata `data` becomes executable (zero: not pending).
    function executableAt(bytes calldata data) external view returns (uint256);
    /// @notice Running sum of recorded adapter values.
    function totalAllocated() external view returns (uint256);
    /// @notice Vault shares held as the insurance reserve.
    function reserveShares() external view returns (uint256);
    /// @notice Increments with every keeper move or plan; a stale or replayed plan reverts.
    function rebalanceNonce() external view returns (uint256);
    /// @notice Minimum share of total assets kept idle, in bps.
    function bufferFloorBps() external view returns (uint16);
    /// @notice Largest value loss one keeper move may take, in bps of the move.
    function maxSlippageBps() external view returns (uint16);
    /// @notice Delay between `submit` and execution of a risk-raising change.
    function timelock() external view returns (uint64);
    /// @notice Period over which reported profit unlocks into the share price.
    function profitUnlockPeriod() external view returns (uint64);
    /// @notice Share of each profit paid to `feeRecipient`, in bps.
    function performanceFeeBps() external view returns (uint16);
    /// @notice Share of each profit added to the insurance reserve, in bps.
    function insuranceFeeBps() external view returns (uint16);
    /// @notice Largest share-price move of one report before the vault halts, in bps.
    function maxPriceChangePerReportBps() external view returns (uint16);
    /// @notice Largest share-price move within one day before the vault halts, in bps.
    function maxPriceChangePerDayBps() external view returns (uint16);
    /// @notice The keeper's rolling daily loss budget, in bps of total assets.
    function lossBudgetBps() external view returns (uint16);
    /// @notice High-water mark of the full share price (locked profit included) for the performance fee.
    function highWaterPrice() external view returns (uint256);
    /// @notice What the reserve covered for losses at `adapter` and is owed back from its later gains.
    function reserveDebt(address adapter) external view returns (uint256);
    /// @notice What junior capital covered for losses at `adapter` and is owed back, before the reserve.
    function juniorDebt(address adapter) external view returns (uint256);
    /// @notice The junior (first-loss) tranche (zero: none).
    function juniorTranche() external view returns (address);
    /// @notice Reserve value the insurance cut fills before junior capital earns a premium.
    function reserveTarget() external view returns (uint256);
    /// @notice Realised keeper-move losses counted in the rolling day budget now, and the budget.
    function lossBudgetUsed() external view returns (uint256 used, uint256 budget);
    /// @notice Receiver of the performance fee shares.
    function feeRecipient() external view returns (address);
    /// @notice Cap on total assets deposits may reach.
    function depositCap() external view returns (uint256);
}
