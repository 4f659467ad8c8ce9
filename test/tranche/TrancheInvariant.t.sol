// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {ILRTVault, ILRTVaultAdmin} from "../../contracts/interfaces/ILRTVault.sol";
import {JuniorTranche} from "../../contracts/tranche/JuniorTranche.sol";
import {MockAdapter} from "../mocks/MockAdapter.sol";
import {TrancheTestBase} from "./TrancheTestBase.sol";

/// @notice Random junior deposits, requests, claims, gains, slashes, reports and loss recognitions, with ghosts.
contract TrancheHandler is Test {
    ILRTVault internal vault;
    JuniorTranche internal tranche;
    MockAdapter internal adapter;
    address internal allocator;
    address internal guardian;
    address[3] internal actors = [address(0xA1), address(0xA2), address(0xA3)];
    uint256[] internal openRequests;

    /// @notice Claims that paid more than their value at request (must stay zero).
    uint256 public ghostPaidAboveRequest;
    /// @notice Losses after which the senior price fell although reserve or junior shares were left (must stay zero).
    uint256 public ghostSeniorFellWithLayerLeft;
    /// @notice Losses in which junior shares burned while the reserve still held shares (must stay zero).
    uint256 public ghostJuniorBeforeReserve;
    /// @notice Sum of vault shares claims paid, and of the values at request of the claimed parts.
    uint256 public ghostPaid;
    uint256 public ghostPaidRequestValue;
    /// @notice Junior deposits in WETH.
    uint256 public ghostDeposited;

    constructor(ILRTVault vault_, JuniorTranche tranche_, MockAdapter adapter_, address allocator_, address guardian_) {
        vault = vault_;
        tranche = tranche_;
        adapter = adapter_;
        allocator = allocator_;
        guardian = guardian_;
    }

    function deposit(uint256 who, uint256 assets) external {
        address actor = actors[who % 3];
        assets = bound(assets, 0.01 ether, 5 ether);
        (uint8 kind,) = tranche.incident();
        if (kind != 0) return;
        vm.deal(actor, assets);
        vm.prank(actor);
        tranche.depositETH{value: assets}(actor, 0);
        ghostDeposited += assets;
    }

    function request(uint256 who, uint256 part) external {
        address actor = actors[who % 3];
        uint256 balance = tranche.balanceOf(actor);
        if (balance == 0) return;
        uint256 shares = bound(part, 1, balance);
        vm.prank(actor);
        openRequests.push(tranche.requestRedeem(shares, actor, actor));
    }

    function claim(uint256 index) external {
        if (openRequests.length == 0) return;
        uint256 i = index % openRequests.length;
        uint256 id = openRequests[i];
        JuniorTranche.Request memory r = tranche.request(id);
        if (r.shares == 0) return;
        if (block.timestamp < r.claimableAt) vm.warp(r.claimableAt);
        (uint8 kind,) = tranche.incident();
        if (kind == 3) vault.recognizeLosses();
        if (vault.paused()) {
            vm.prank(guardian);
            vault.unpause();
        }
        vm.prank(r.controller);
        try tranche.claim(id, r.controller) returns (uint256 paid) {
            if (paid > r.valueAtRequest) ghostPaidAboveRequest++;
            ghostPaid += paid;
            JuniorTranche.Request memory after_ = tranche.request(id);
            ghostPaidRequestValue += r.valueAtRequest - after_.valueAtRequest;
            if (after_.shares == 0) {
                openRequests[i] = openRequests[openRequests.length - 1];
                openRequests.pop();
            }
        } catch {}
    }

    function gain(uint256 assets) external {
        assets = bound(assets, 0, 3 ether);
        vm.deal(address(this), assets);
        (bool ok,) = address(vault.asset()).call{value: assets}("");
        require(ok);
        (ok,) = vault.asset().call(abi.encodeWithSignature("transfer(address,uint256)", address(adapter), assets));
        require(ok);
        adapter.setValue(adapter.value() + assets);
        vm.prank(allocator);
        vault.report();
    }

    function slash(uint256 assets, bool viaRecognize) external {
        assets = bound(assets, 0, adapter.value() / 4);
        uint256 price = vault.pricePerShare();
        uint256 reserveBefore = vault.reserveShares();
        uint256 juniorBefore = vault.balanceOf(address(tranche));
        adapter.setValue(adapter.value() - assets);
        if (viaRecognize) {
            vault.recognizeLosses();
        } else {
            vm.prank(allocator);
            vault.report();
        }
        if ((vault.reserveShares() != 0 || vault.balanceOf(address(tranche)) != 0) && vault.pricePerShare() < price) {
            ghostSeniorFellWithLayerLeft++;
        }
        if (vault.balanceOf(address(tranche)) < juniorBefore && vault.reserveShares() != 0 && reserveBefore != 0) {
            ghostJuniorBeforeReserve++;
        }
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 10 days));
        tranche.sync();
    }

    receive() external payable {}
}

contract TrancheInvariantTest is StdInvariant, TrancheTestBase {
    TrancheHandler internal handler;

    function setUp() public override {
        super.setUp();
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setPriceBounds, (10_000, 10_000)));
        _setFees(1_000, 1_000);
        _fundReserve(1 ether);
        handler = new TrancheHandler(vault, tranche, adapter, allocator, guardian);
        targetContract(address(handler));
    }

    function invariant_juniorPayoutNeverExceedsValueAtRequest() public view {
        assertEq(handler.ghostPaidAboveRequest(), 0);
        assertLe(handler.ghostPaid(), handler.ghostPaidRequestValue());
    }

    function invariant_seniorPriceNeverFallsWhileReserveOrJuniorLeft() public view {
        assertEq(handler.ghostSeniorFellWithLayerLeft(), 0);
    }

    function invariant_reserveBurnsBeforeJunior() public view {
        assertEq(handler.ghostJuniorBeforeReserve(), 0);
    }

    /// @dev The tranche's price never counts premium still streaming, and coverage never exceeds what it holds.
    function invariant_trancheAccountingWithinItsBalance() public view {
        uint256 balance = vault.balanceOf(address(tranche));
        assertLe(tranche.totalAssets(), balance);
        assertLe(tranche.coveringShares(), balance);
        assertLe(tranche.pendingShares(), tranche.totalSupply());
    }

    /// @dev Junior shares are all redeemable value: their total converts to at most what the tranche holds.
    function invariant_juniorSharesNeverWorthMoreThanHeld() public view {
        assertLe(tranche.convertToAssets(tranche.totalSupply()), vault.balanceOf(address(tranche)));
    }
}
