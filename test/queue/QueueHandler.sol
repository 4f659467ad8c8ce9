// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {RedemptionQueue} from "../../contracts/RedemptionQueue.sol";
import {IRedemptionQueue} from "../../contracts/interfaces/IRedemptionQueue.sol";
import {WETH} from "../../contracts/tokens/WETH.sol";
import {MockQueueAdapter, MockQueueVault} from "./mocks/MockQueueVault.sol";

/// @notice What the handler reads of a vault: the same names on the real vault and its test double.
interface IQueueVaultView {
    function balanceOf(address account) external view returns (uint256);
    function totalSupply() external view returns (uint256);
    function convertToAssets(uint256 shares) external view returns (uint256);
    function paused() external view returns (bool);
    function idleAssets() external view returns (uint256);
    function allocation(address adapter) external view returns (uint256);
}

/// @notice What the handler reads of an adapter.
interface IPendingExits {
    function pendingExits() external view returns (uint256);
}

/// @notice Drives the queue's real entry points (request, cancel, fulfil, claim, claimETH, instant redeem, unwinding)
/// between gains, visible losses, keeper refills and time (the vault-specific actions are the concrete handlers'),
/// and keeps ghosts of what each request is owed and paid.
abstract contract QueueHandlerBase is Test {
    RedemptionQueue internal queue;
    IQueueVaultView internal vault;
    IPendingExits internal adapter;
    WETH internal weth;
    address[] public actors;
    address internal bystander;
    address[] internal route;

    uint256[] public ids;
    mapping(uint256 => uint256) public ghostOwedAtRequest;
    mapping(uint256 => uint256) public ghostPaid;
    uint256 public ghostClaimable;
    uint256 public ghostDoublePays;
    uint256 public ghostOverpaid;
    uint256 public ghostFifoBreaks;
    uint256 public ghostValueMoves;
    uint256 public ghostHighestFulfilled;

    constructor(RedemptionQueue q, address v, address a, WETH w, address[] memory who, address stay) {
        queue = q;
        vault = IQueueVaultView(v);
        adapter = IPendingExits(a);
        weth = w;
        actors = who;
        bystander = stay;
        route.push(address(a));
    }

    function idsLength() external view returns (uint256) {
        return ids.length;
    }

    // ----- actions -----

    function request(uint256 actorSeed, uint256 fraction) external {
        address who = actors[actorSeed % actors.length];
        uint256 shares = vault.balanceOf(who) * bound(fraction, 1, 100) / 100;
        if (vault.convertToAssets(shares) < queue.minRequestAssets() || vault.paused()) return;
        (uint256 price, uint256 stay) = _snap();
        vm.prank(who);
        uint256 id = queue.requestRedeem(shares, who, who);
        ids.push(id);
        ghostOwedAtRequest[id] = queue.getRequest(id).owed;
        _checkUnmoved(price, stay);
    }

    function cancel(uint256 seed) external {
        uint256 id = _pick(seed, IRedemptionQueue.Status.Pending);
        if (id == 0) return;
        address who = queue.getRequest(id).controller;
        (uint256 price, uint256 stay) = _snap();
        vm.prank(who);
        queue.cancelRedeemRequest(id, who);
        _checkUnmoved(price, stay);
    }

    function fulfil(uint256 n) external {
        if (vault.paused()) return;
        uint256 headBefore = queue.summary().headId;
        (uint256 count,) = queue.fulfil(bound(n, 1, 60));
        _afterFulfil(headBefore, count);
    }

    function claim(uint256 seed, bool eth) external {
        uint256 id = _pick(seed, IRedemptionQueue.Status.Claimable);
        if (id == 0) return;
        address who = queue.getRequest(id).controller;
        (uint256 price, uint256 stay) = _snap();
        uint256 assets = queue.claimableAssets(id);
        vm.prank(who);
        if (eth) queue.claimETH(id, payable(who));
        else queue.claim(id, who);
        // 1: fulfilled; 2: claimed.
        if (ghostPaid[id] != 1) ++ghostDoublePays;
        ghostPaid[id] = 2;
        ghostClaimable -= assets;
        _checkUnmoved(price, stay);
        // A claimed request never pays again.
        vm.prank(who);
        try queue.claim(id, who) {
            ++ghostDoublePays;
        } catch {}
    }

    function instantRedeem(uint256 actorSeed, uint256 fraction) external {
        address who = actors[actorSeed % actors.length];
        uint256 shares = vault.balanceOf(who) * bound(fraction, 1, 100) / 100;
        if (shares == 0 || vault.paused()) return;
        uint256 value = vault.convertToAssets(shares);
        if (value > vault.allocation(address(adapter)) - adapter.pendingExits()) return;
        vm.prank(who);
        uint256 paid = queue.instantRedeem(shares, who, who, 0, route);
        if (paid > value) ++ghostOverpaid;
    }

    function unwind(uint256 amount, bool instant) external {
        if (!queue.isOverdue() || vault.paused()) return;
        IRedemptionQueue.Summary memory s = queue.summary();
        uint256 idle = vault.idleAssets();
        uint256 lack = s.owedAssets > idle + adapter.pendingExits() ? s.owedAssets - idle - adapter.pendingExits() : 0;
        uint256 sellable = vault.allocation(address(adapter)) - adapter.pendingExits();
        amount = bound(amount, 0, lack < sellable ? lack : sellable);
        if (amount == 0) return;
        if (instant) {
            uint256 headBefore = s.headId;
            try queue.unwindInstant(address(adapter), amount) {
                _afterFulfil(headBefore, 0);
            } catch {}
        } else {
            queue.unwindRequestExit(address(adapter), amount);
        }
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + bound(dt, 1 hours, 5 days));
    }

    // ----- ghost bookkeeping -----

    /// @dev Every request fulfilled since `headBefore` pays at most its value at request, none before an earlier
    /// pending one, and each exactly once.
    function _afterFulfil(uint256 headBefore, uint256) internal {
        uint256 headNow = queue.summary().headId;
        for (uint256 k; k < ids.length; ++k) {
            uint256 id = ids[k];
            IRedemptionQueue.Request memory r = queue.getRequest(id);
            if (r.status == IRedemptionQueue.Status.Claimable && ghostPaid[id] == 0) {
                ghostPaid[id] = 1; // fulfilled, not claimed
                ghostClaimable += r.owed;
                if (r.owed > ghostOwedAtRequest[id]) ++ghostOverpaid;
                if (id < ghostHighestFulfilled && id >= headBefore && headBefore != 0) ++ghostFifoBreaks;
                if (id > ghostHighestFulfilled) ghostHighestFulfilled = id;
            }
            if (r.status == IRedemptionQueue.Status.Pending && headNow != 0 && id < ghostHighestFulfilled) {
                ++ghostFifoBreaks;
            }
        }
    }

    function _pick(uint256 seed, IRedemptionQueue.Status status) internal view returns (uint256) {
        uint256 n = ids.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = ids[(seed + k) % n];
            if (queue.getRequest(id).status == status) return id;
        }
        return 0;
    }

    function _snap() internal view returns (uint256 price, uint256 stay) {
        price = vault.convertToAssets(1e24);
        stay = vault.convertToAssets(vault.balanceOf(bystander));
    }

    function _checkUnmoved(uint256 price, uint256 stay) internal {
        (uint256 p, uint256 s) = _snap();
        if (p != price || s != stay) ++ghostValueMoves;
    }
}

/// @notice The handler over the vault's test double.
contract QueueHandler is QueueHandlerBase {
    MockQueueVault internal mockVault;
    MockQueueAdapter internal mockAdapter;

    constructor(RedemptionQueue q, MockQueueVault v, MockQueueAdapter a, WETH w, address[] memory who, address stay)
        QueueHandlerBase(q, address(v), address(a), w, who, stay)
    {
        mockVault = v;
        mockAdapter = a;
    }

    function gain(uint256 amount) external {
        amount = bound(amount, 0, 2 ether);
        vm.deal(address(this), amount);
        weth.deposit{value: amount}();
        weth.approve(address(mockVault), amount);
        mockVault.gain(mockAdapter, amount);
    }

    function visibleLoss(uint256 bps) external {
        uint256 live = mockAdapter.live();
        mockAdapter.setLive(live - live * bound(bps, 0, 500) / 10_000);
    }

    function keeperRefill(uint256 amount) external {
        uint256 sellable = vault.allocation(address(adapter)) - adapter.pendingExits();
        amount = bound(amount, 0, sellable < mockAdapter.live() ? sellable : mockAdapter.live());
        if (amount == 0) return;
        vm.prank(address(queue));
        mockVault.requestExit(address(adapter), amount);
    }

    function claimExits() external {
        vm.prank(address(queue));
        mockVault.claimExits(address(adapter));
    }
}
