// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {LRTVault} from "../../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultCore} from "../../contracts/interfaces/ILRTVault.sol";
import {EventsLib} from "../../contracts/libraries/EventsLib.sol";
import {WETH} from "../../contracts/tokens/WETH.sol";
import {MockAdapter} from "../mocks/MockAdapter.sol";

/// @notice Drives the vault's real entry points with bounded random inputs and keeps ghost variables:
/// - a share-price floor: the price may only fall in an action that recognised a loss beyond the reserve;
/// - each actor's redeemable value, checked the same way;
/// - whether the reserve rule held after every keeper move that raised the requirement;
/// - whether a report ever raised the recorded value of an adapter it could not value (impaired).
contract VaultHandler is Test {
    ILRTVault internal vault;
    WETH internal weth;
    MockAdapter[] internal adapters;
    address[] internal actors;

    uint256 public ghostPriceDropsWithoutLoss;
    uint256 public ghostValueDropsWithoutLoss;
    uint256 public ghostReserveRuleBreaks;
    uint256 public ghostLossBeyondReserve;
    uint256 public ghostReplaysAccepted;
    uint256 public ghostImpairedValueRaised;
    uint256 public ghostLastPrice;
    mapping(bytes4 => uint256) public calls;

    constructor(ILRTVault vault_, WETH weth_, MockAdapter[] memory adapters_) {
        vault = vault_;
        weth = weth_;
        adapters = adapters_;
        actors.push(makeAddr("actor0"));
        actors.push(makeAddr("actor1"));
        actors.push(makeAddr("actor2"));
        for (uint256 i; i < actors.length; ++i) {
            vm.prank(actors[i]);
            weth.approve(address(vault), type(uint256).max);
        }
        weth.approve(address(vault), type(uint256).max);
        ghostLastPrice = vault.pricePerShare();
    }

    // ----- ghost bookkeeping around every action -----

    modifier tracked() {
        uint256[] memory before = new uint256[](actors.length);
        for (uint256 i; i < actors.length; ++i) {
            before[i] = vault.previewRedeem(vault.balanceOf(actors[i]));
        }
        vm.recordLogs();
        _;
        uint256 priceLoss = _priceLossIn(vm.getRecordedLogs());
        ghostLossBeyondReserve += priceLoss;
        uint256 price = vault.pricePerShare();
        if (priceLoss == 0) {
            if (price < ghostLastPrice) ++ghostPriceDropsWithoutLoss;
        }
        ghostLastPrice = price;
        calls[msg.sig]++;
        if (priceLoss != 0) return;
        // Only the acting actor's own balance may change; others must not lose value.
        for (uint256 i; i < actors.length; ++i) {
            if (i == _lastActor) continue;
            if (vault.previewRedeem(vault.balanceOf(actors[i])) < before[i]) ++ghostValueDropsWithoutLoss;
        }
    }

    uint256 internal _lastActor = type(uint256).max;

    function _priceLossIn(Vm.Log[] memory logs) internal pure returns (uint256 priceLoss) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == EventsLib.LossRecognised.selector) {
                (,,,, uint256 p) = abi.decode(logs[i].data, (uint256, uint256, uint256, uint256, uint256));
                priceLoss += p;
            }
        }
    }

    function _actor(uint256 seed) internal returns (address a) {
        _lastActor = seed % actors.length;
        a = actors[_lastActor];
    }

    function _adapter(uint256 seed) internal view returns (MockAdapter) {
        return adapters[seed % adapters.length];
    }

    // ----- depositors -----

    function deposit(uint256 actorSeed, uint256 assets) external tracked {
        address a = _actor(actorSeed);
        assets = bound(assets, 1e9, 1_000 ether);
        if (vault.paused()) return;
        vm.deal(a, assets);
        vm.startPrank(a);
        weth.deposit{value: assets}();
        vault.deposit(assets, a);
        vm.stopPrank();
    }

    function depositETH(uint256 actorSeed, uint256 assets) external tracked {
        address a = _actor(actorSeed);
        assets = bound(assets, 1e9, 1_000 ether);
        if (vault.paused()) return;
        vm.deal(a, assets);
        vm.prank(a);
        vault.depositETH{value: assets}(a, 0);
    }

    function mint(uint256 actorSeed, uint256 shares) external tracked {
        address a = _actor(actorSeed);
        shares = bound(shares, 1e15, 1_000 * 1e24);
        if (vault.paused()) return;
        uint256 assets = vault.previewMint(shares);
        vm.deal(a, assets);
        vm.startPrank(a);
        weth.deposit{value: assets}();
        vault.mint(shares, a, assets);
        vm.stopPrank();
    }

    function withdraw(uint256 actorSeed, uint256 assets, bool eth) external tracked {
        address a = _actor(actorSeed);
        uint256 max = vault.maxWithdraw(a);
        if (max == 0) return;
        assets = bound(assets, 1, max);
        vm.prank(a);
        if (eth) vault.withdrawETH(assets, payable(a), a, type(uint256).max);
        else vault.withdraw(assets, a, a);
    }

    function redeem(uint256 actorSeed, uint256 shares, bool eth) external tracked {
        address a = _actor(actorSeed);
        uint256 max = vault.maxRedeem(a);
        if (max == 0) return;
        shares = bound(shares, 1, max);
        vm.prank(a);
        if (eth) vault.redeemETH(shares, payable(a), a, 0);
        else vault.redeem(shares, a, a);
    }

    /// @dev Moves shares between actors, directly or through an allowance. Not `tracked`: a transfer lowers the
    /// sender's redeemable value by design; the share-supply invariant checks the balances it moves.
    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 shares, bool viaAllowance) external {
        address from = _actor(fromSeed);
        address to = actors[toSeed % actors.length];
        uint256 balance = vault.balanceOf(from);
        if (balance == 0) return;
        shares = bound(shares, 1, balance);
        if (viaAllowance) {
            vm.prank(from);
            vault.approve(address(this), shares);
            vault.transferFrom(from, to, shares);
        } else {
            vm.prank(from);
            vault.transfer(to, shares);
        }
    }

    /// @notice Shares held by the handler's actors together.
    function sharesHeldByActors() external view returns (uint256 held) {
        for (uint256 i; i < actors.length; ++i) {
            held += vault.balanceOf(actors[i]);
        }
    }

    function fundReserve(uint256 assets) external tracked {
        assets = bound(assets, 1e9, 10 ether);
        if (vault.paused()) return;
        vm.deal(address(this), assets);
        weth.deposit{value: assets}();
        vault.fundReserve(assets);
    }

    function donate(uint256 assets, bool eth) external tracked {
        assets = bound(assets, 1, 100 ether);
        vm.deal(address(this), assets);
        if (eth) {
            vm.deal(address(vault), address(vault).balance + assets);
        } else {
            weth.deposit{value: assets}();
            weth.transfer(address(vault), assets);
        }
    }

    // ----- the world -----

    function gain(uint256 adapterSeed, uint256 assets) external tracked {
        MockAdapter m = _adapter(adapterSeed);
        assets = bound(assets, 0, 5 ether);
        vm.deal(address(this), assets);
        weth.deposit{value: assets}();
        weth.transfer(address(m), assets);
        m.setValue(m.value() + assets);
    }

    function slash(uint256 adapterSeed, uint256 bps) external tracked {
        MockAdapter m = _adapter(adapterSeed);
        bps = bound(bps, 0, 2_000);
        m.setValue(m.value() - m.value() * bps / 10_000);
    }

    function warp(uint256 secs) external tracked {
        vm.warp(block.timestamp + bound(secs, 0, 3 days));
    }

    // ----- keeper -----

    function report() external tracked {
        uint256[] memory before = new uint256[](adapters.length);
        for (uint256 i; i < adapters.length; ++i) {
            before[i] = vault.allocation(address(adapters[i]));
        }
        vault.report();
        for (uint256 i; i < adapters.length; ++i) {
            address a = address(adapters[i]);
            if (vault.isImpaired(a) && vault.allocation(a) > before[i]) ++ghostImpairedValueRaised;
        }
        if (vault.paused()) vault.unpause();
    }

    /// @dev A protocol failure that is not a slash: the valuation heals (0), reverts (1), or reverts only while the
    /// adapter is worth less than its recorded allocation (2: a hostile adapter dodging a loss).
    function breakValuation(uint256 adapterSeed, uint256 mode) external tracked {
        MockAdapter m = _adapter(adapterSeed);
        mode = mode % 3;
        m.setFault(MockAdapter.Fault(mode), mode == 2 ? vault.allocation(address(m)) : 0);
    }

    /// @dev The guardian writes an impaired adapter down by up to 30 % of its recorded value.
    function writeDown(uint256 adapterSeed, uint256 bps) external tracked {
        MockAdapter m = _adapter(adapterSeed);
        uint256 recorded = vault.allocation(address(m));
        if (!vault.isImpaired(address(m)) || recorded == 0) return;
        vault.writeDown(address(m), recorded - recorded * bound(bps, 1, 3_000) / 10_000 - 1);
        if (vault.paused()) vault.unpause();
    }

    function allocate(uint256 adapterSeed, uint256 assets, uint256 slipBps) external tracked {
        MockAdapter m = _adapter(adapterSeed);
        uint256 idle = vault.idleAssets();
        if (idle == 0 || vault.paused()) return;
        assets = bound(assets, 1, idle / 4 + 1);
        m.setSlippage(bound(slipBps, 0, 49), m.exitSlippageBps());
        uint256 requiredBefore = vault.requiredReserve();
        try vault.allocate(address(m), assets, 0) {
            uint256 required = vault.requiredReserve();
            if (required > requiredBefore && vault.reserveAssets() < required) ++ghostReserveRuleBreaks;
        } catch {}
    }

    /// @dev A two-move plan (exit one adapter, enter the other) under the current nonce; a replay must revert.
    function rebalance(uint256 adapterSeed, uint256 outAssets, uint256 inAssets) external tracked {
        if (vault.paused()) return;
        MockAdapter from = _adapter(adapterSeed);
        MockAdapter to = _adapter(adapterSeed + 1);
        uint256 value = from.value();
        outAssets = bound(outAssets, 0, value);
        if (outAssets == 0 || weth.balanceOf(address(from)) < outAssets) return;
        from.setSlippage(0, 0);
        to.setSlippage(0, 0);
        inAssets = bound(inAssets, 1, (vault.idleAssets() + outAssets) / 4 + 1);
        ILRTVaultCore.Move[] memory moves = new ILRTVaultCore.Move[](2);
        moves[0] = ILRTVaultCore.Move(address(from), false, outAssets, outAssets);
        moves[1] = ILRTVaultCore.Move(address(to), true, inAssets, inAssets);
        uint256 nonce = vault.rebalanceNonce();
        uint256 requiredBefore = vault.requiredReserve();
        try vault.rebalance(moves, nonce) {
            uint256 required = vault.requiredReserve();
            if (required > requiredBefore && vault.reserveAssets() < required) ++ghostReserveRuleBreaks;
            try vault.rebalance(moves, nonce) {
                ++ghostReplaysAccepted;
            } catch {}
        } catch {}
    }

    function deallocate(uint256 adapterSeed, uint256 assets, uint256 slipBps) external tracked {
        MockAdapter m = _adapter(adapterSeed);
        uint256 value = m.value();
        if (value == 0) return;
        assets = bound(assets, 1, value);
        m.setSlippage(m.entrySlippageBps(), bound(slipBps, 0, 49));
        if (weth.balanceOf(address(m)) < assets) return; // the mock pays out of its WETH
        vault.deallocate(address(m), assets, 0);
    }

    function requestAndClaim(uint256 adapterSeed, uint256 assets, uint256 haircutBps) external tracked {
        MockAdapter m = _adapter(adapterSeed);
        uint256 value = m.value();
        if (value == 0) return;
        assets = bound(assets, 1, value);
        vault.requestExit(address(m), assets);
        uint256 haircut = bound(haircutBps, 0, 1_000);
        if (weth.balanceOf(address(m)) < m.pending()) return;
        m.setExits(true, haircut);
        vault.claimExits(address(m));
        m.setExits(false, 0);
    }

    receive() external payable {}
}
