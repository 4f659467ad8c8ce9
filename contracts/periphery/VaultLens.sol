// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IAdapter} from "../interfaces/IAdapter.sol";
import {ILRTVault, ILRTVaultCore} from "../interfaces/ILRTVault.sol";
import {IRedemptionQueue} from "../interfaces/IRedemptionQueue.sol";
import {IVaultQueueHooks} from "../interfaces/IVaultQueueHooks.sol";
import {IJuniorTranche} from "../interfaces/IJuniorTranche.sol";

/// @title VaultLens
/// @notice Reads the whole state a keeper needs from an LRT vault in one call: vault totals, the
/// settings of every tier in use, and per adapter its recorded allocation, live valuation, rates,
/// pending exits, cap, tier and the price of an instant exit of its whole position.
/// @dev Stateless and without constructor arguments: one deployment serves every vault, and it also
/// works undeployed (an `eth_call` with this contract's creation code). An adapter whose valuation or
/// market feed reverts does not revert the read: the failing field is zero and its bit is set in
/// `errors` (see the ERR_ constants), so the keeper can still act on every other adapter. The vault's redemption
/// queue, when it has one, is read in the same call: its totals and the first QUEUE_PAGE pending requests.
contract VaultLens {
    /// @notice Pending requests the snapshot lists from the head of the queue.
    uint256 public constant QUEUE_PAGE = 32;

    /// @notice `realAssets()` reverted.
    uint8 public constant ERR_REAL_ASSETS = 1;
    /// @notice `fairRate()` reverted.
    uint8 public constant ERR_FAIR_RATE = 2;
    /// @notice `marketRate()` reverted (a stale or broken feed).
    uint8 public constant ERR_MARKET_RATE = 4;
    /// @notice `previewDeallocate()` reverted.
    uint8 public constant ERR_PREVIEW_DEALLOCATE = 8;
    /// @notice `pendingExits()` reverted.
    uint8 public constant ERR_PENDING_EXITS = 16;

    /// @notice Settings of one tier in use.
    struct TierInfo {
        uint8 id;
        uint16 capBps;
        uint16 coverageBps;
    }

    /// @notice One adapter as the keeper sees it.
    /// @param exitAmount The value an instant exit was priced for: min(allocation, realAssets) less pending exits.
    /// @param exitPreview `previewDeallocate(exitAmount)`: WETH that exit would return now.
    /// @param errors Bit set of ERR_ flags for the calls that reverted.
    /// @param impaired The vault's flag: its last report could not value this adapter, so `allocation` is frozen at
    /// its last recorded value and the vault refuses new allocation to it.
    struct AdapterInfo {
        address adapter;
        address lrt;
        uint256 allocation;
        uint256 realAssets;
        uint256 fairRate;
        uint256 marketRate;
        uint256 pendingExits;
        uint256 cap;
        uint8 tier;
        uint256 exitAmount;
        uint256 exitPreview;
        uint8 errors;
        bool impaired;
    }

    /// @notice The vault's redemption queue (all zero when it has none, or the vault predates the queue hooks).
    /// @param summary Pending count, shares and owed value, WETH set aside, the head request and its due time.
    /// @param requests The first QUEUE_PAGE pending requests, FIFO.
    struct QueueInfo {
        address queue;
        IRedemptionQueue.Summary summary;
        IRedemptionQueue.PendingInfo[] requests;
    }

    /// @notice The vault's totals and settings at one block, with its tiers and adapters.
    /// @dev `priceHalted`: a report or write-down moved the share price beyond its bound; the vault is paused and
    /// the share-price feed answers its last good round until the guardian or admin resumes.
    /// @notice The junior (first-loss) tranche beside the vault, in WETH at the vault's price (tranche zero: none).
    struct JuniorInfo {
        address tranche;
        /// @dev Every vault share the tranche holds (pending exits and streaming premium included): what a loss burns.
        uint256 capitalAssets;
        /// @dev The part that counts toward the reserve rule (pending exits excluded).
        uint256 coveringAssets;
        /// @dev Value of the junior shares escrowed by pending exits.
        uint256 pendingAssets;
        /// @dev Premium not yet streamed into the junior price, and when the stream ends.
        uint256 lockedPremiumAssets;
        uint256 premiumUnlockEnd;
        uint256 reserveTarget;
        uint256 juniorSupply;
        uint64 noticePeriod;
        uint64 era;
    }

    struct VaultSnapshot {
        uint256 blockNumber;
        uint256 timestamp;
        uint256 totalAssets;
        uint256 totalSupply;
        uint256 idle;
        uint256 lockedProfit;
        uint256 reserveShares;
        uint256 reserveAssets;
        uint256 requiredReserve;
        uint256 rebalanceNonce;
        bool paused;
        bool priceHalted;
        uint16 bufferFloorBps;
        uint16 maxSlippageBps;
        TierInfo[] tiers;
        AdapterInfo[] adapters;
        QueueInfo queue;
        JuniorInfo junior;
    }

    /// @notice Reads everything a keeper cycle needs from `vault` in one call.
    /// @param vault The LRT vault to read.
    /// @return s The snapshot; `s.tiers` lists each tier used by an adapter once, in first-use order.
    function snapshot(address vault) external view returns (VaultSnapshot memory s) {
        ILRTVault v = ILRTVault(vault);
        s.blockNumber = block.number;
        s.timestamp = block.timestamp;
        s.totalAssets = v.totalAssets();
        s.totalSupply = v.totalSupply();
        s.idle = v.idleAssets();
        s.lockedProfit = v.lockedProfit();
        s.reserveShares = v.reserveShares();
        s.reserveAssets = v.reserveAssets();
        s.requiredReserve = v.requiredReserve();
        s.rebalanceNonce = v.rebalanceNonce();
        s.paused = v.paused();
        s.priceHalted = v.priceHalted();
        s.bufferFloorBps = v.bufferFloorBps();
        s.maxSlippageBps = v.maxSlippageBps();

        address[] memory list = v.adapters();
        uint256 n = list.length;
        s.adapters = new AdapterInfo[](n);
        uint8[] memory tierIds = new uint8[](n);
        uint256 tierCount;
        for (uint256 i; i < n; ++i) {
            AdapterInfo memory info = _adapterInfo(v, list[i]);
            s.adapters[i] = info;
            bool seen;
            for (uint256 k; k < tierCount; ++k) {
                if (tierIds[k] == info.tier) {
                    seen = true;
                    break;
                }
            }
            if (!seen) tierIds[tierCount++] = info.tier;
        }
        s.tiers = new TierInfo[](tierCount);
        for (uint256 k; k < tierCount; ++k) {
            ILRTVaultCore.Tier memory t = v.tier(tierIds[k]);
            s.tiers[k] = TierInfo({id: tierIds[k], capBps: t.capBps, coverageBps: t.coverageBps});
        }
        s.queue = _queueInfo(vault);
        s.junior = _juniorInfo(v);
    }

    function _juniorInfo(ILRTVault v) private view returns (JuniorInfo memory j) {
        try v.juniorTranche() returns (address tranche) {
            j.tranche = tranche;
        } catch {
            return j;
        }
        if (j.tranche == address(0)) return j;
        IJuniorTranche t = IJuniorTranche(j.tranche);
        j.capitalAssets = v.convertToAssets(v.balanceOf(j.tranche));
        j.coveringAssets = v.convertToAssets(t.coveringShares());
        j.pendingAssets = v.convertToAssets(t.convertToAssets(t.pendingShares()));
        j.lockedPremiumAssets = v.convertToAssets(t.lockedPremium());
        j.premiumUnlockEnd = t.premiumUnlockEnd();
        j.reserveTarget = v.reserveTarget();
        j.juniorSupply = t.totalSupply();
        j.noticePeriod = t.noticePeriod();
        j.era = t.era();
    }

    function _queueInfo(address vault) private view returns (QueueInfo memory q) {
        try IVaultQueueHooks(vault).redemptionQueue() returns (address queue) {
            q.queue = queue;
        } catch {
            return q;
        }
        if (q.queue == address(0)) return q;
        IRedemptionQueue queue_ = IRedemptionQueue(q.queue);
        q.summary = queue_.summary();
        if (q.summary.pendingCount != 0) q.requests = queue_.pendingRequests(0, QUEUE_PAGE);
    }

    function _adapterInfo(ILRTVault v, address adapter) private view returns (AdapterInfo memory info) {
        IAdapter a = IAdapter(adapter);
        info.adapter = adapter;
        info.lrt = a.lrt();
        info.allocation = v.allocation(adapter);
        info.cap = v.adapterCap(adapter);
        info.tier = v.adapterTier(adapter);
        info.impaired = v.isImpaired(adapter);
        try a.realAssets() returns (uint256 value) {
            info.realAssets = value;
        } catch {
            info.errors |= ERR_REAL_ASSETS;
        }
        try a.fairRate() returns (uint256 rate) {
            info.fairRate = rate;
        } catch {
            info.errors |= ERR_FAIR_RATE;
        }
        try a.marketRate() returns (uint256 rate) {
            info.marketRate = rate;
        } catch {
            info.errors |= ERR_MARKET_RATE;
        }
        try a.pendingExits() returns (uint256 pending) {
            info.pendingExits = pending;
        } catch {
            info.errors |= ERR_PENDING_EXITS;
        }
        if (info.errors & (ERR_REAL_ASSETS | ERR_PENDING_EXITS) == 0) {
            uint256 held = info.allocation < info.realAssets ? info.allocation : info.realAssets;
            info.exitAmount = held > info.pendingExits ? held - info.pendingExits : 0;
        }
        if (info.exitAmount > 0) {
            try a.previewDeallocate(info.exitAmount) returns (uint256 out) {
                info.exitPreview = out;
            } catch {
                info.errors |= ERR_PREVIEW_DEALLOCATE;
            }
        }
    }
}
