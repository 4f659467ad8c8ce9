// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Vm} from "forge-std/Vm.sol";
import {LRTVault} from "../../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin, ILRTVaultCore} from "../../contracts/interfaces/ILRTVault.sol";
import {IWETH9} from "../../contracts/interfaces/protocols/IWETH9.sol";
import {VaultTestBase} from "../VaultTestBase.sol";
import {MockAdapter} from "../mocks/MockAdapter.sol";
import {ReferenceVault} from "./ReferenceVault.sol";
import {RedemptionQueue} from "../../contracts/RedemptionQueue.sol";
import {IVaultQueueHooks} from "../../contracts/interfaces/IVaultQueueHooks.sol";
import {JuniorTranche} from "../../contracts/tranche/JuniorTranche.sol";

/// @notice What an integrator's contract spends reading the share price: gas of the view from the caller's side,
/// in a transaction of its own (the vault's account and storage start cold).
contract PriceReadProbe {
    /// @notice Gas of the last probe, kept so each probe is a state-changing transaction of its own.
    uint256 public lastGas;

    /// @notice Gas spent on `vault.pricePerShare()`.
    function probePricePerShare(ILRTVault vault) external returns (uint256 used) {
        uint256 start = gasleft();
        vault.pricePerShare();
        used = start - gasleft();
        lastGas = used;
    }

    /// @notice Gas spent on `vault.convertToAssets(shares)`.
    function probeConvertToAssets(ILRTVault vault, uint256 shares) external returns (uint256 used) {
        uint256 start = gasleft();
        vault.convertToAssets(shares);
        used = start - gasleft();
        lastGas = used;
    }

    /// @notice Gas spent on the share-price feed's `latestRoundData()`.
    function probeLatestRoundData(address feed) external returns (uint256 used) {
        uint256 start = gasleft();
        (bool ok,) = feed.staticcall(abi.encodeWithSignature("latestRoundData()"));
        used = start - gasleft();
        require(ok, "latestRoundData reverted");
        lastGas = used;
    }

    /// @notice Gas spent on a static call of `data` to `target` (a feed read).
    function probeStaticcall(address target, bytes calldata data) external returns (uint256 used) {
        uint256 start = gasleft();
        (bool ok,) = target.staticcall(data);
        used = start - gasleft();
        require(ok, "read reverted");
        lastGas = used;
    }

    /// @notice A transaction that does (almost) nothing: the harness uses it to detect isolation mode.
    function ping() external {
        lastGas = 1;
    }
}

/// @notice Shared plumbing of the gas benchmarks. Run them as `forge test --isolate` (what `npm run bench` does):
/// every top-level call is then a transaction of its own, and `vm.lastCallGas().gasTotalUsed` is the gas its sender
/// pays (21,000 base and calldata included, refunds deducted, storage and accounts cold at the start). Results are
/// written as JSON only when BENCH_GAS_DIR is set; a plain `forge test` runs the same paths as tests.
abstract contract GasBenchBase is VaultTestBase {
    PriceReadProbe internal probe;
    string internal json;
    string internal outDir;

    function setUp() public virtual override {
        super.setUp();
        probe = new PriceReadProbe();
        outDir = vm.envOr("BENCH_GAS_DIR", string(""));
    }

    /// @dev Gas of the last top-level call: what its sender pays when run with --isolate.
    function _lastGas() internal view returns (uint256) {
        return vm.lastCallGas().gasTotalUsed;
    }

    /// @dev True when top-level calls run as transactions (a no-op then costs at least the 21,000 base).
    function _isolated() internal returns (bool) {
        probe.ping();
        return _lastGas() >= 21_000;
    }

    function _record(string memory key, uint256 gasUsed) internal {
        json = vm.serializeUint(_objectKey(), key, gasUsed);
    }

    function _write(string memory file) internal {
        json = vm.serializeBool(_objectKey(), "isolated", _isolated());
        if (bytes(outDir).length == 0) return;
        vm.createDir(outDir, true);
        vm.writeJson(json, string.concat(outDir, "/", file));
    }

    function _objectKey() internal pure virtual returns (string memory);
}

/// @notice Depositor paths on the project's vault and on the plain OpenZeppelin reference, same WETH, same run:
/// first deposits into empty vaults, later deposits by new holders, and redemptions from the buffer.
contract GasBenchDepositorTest is GasBenchBase {
    address internal carol = makeAddr("carol");

    function _objectKey() internal pure override returns (string memory) {
        return "depositor";
    }

    /// @dev The project's vault in the state depositors meet: assets in an adapter, profit locked and unlocking,
    /// a funded reserve, fees on.
    function _matureProjectVault() internal {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (1_000, 500)));
        _fundReserve(5 ether);
        _allocate(adapter, 50 ether);
        _gain(adapter, 0.1 ether);
        _report();
        vm.warp(block.timestamp + 1 hours);
    }

    /// @dev The reference in the same state: the same yield, which it sees as a balance increase.
    function _matureReferenceVault(ReferenceVault ref) internal {
        vm.deal(address(this), 0.1 ether);
        weth.deposit{value: 0.1 ether}();
        weth.transfer(address(ref), 0.1 ether);
        vm.warp(block.timestamp + 1 hours);
    }

    function _approveBoth(address user, uint256 assets, address ref) internal {
        _wethFor(user, assets);
        vm.prank(user);
        weth.approve(ref, type(uint256).max);
    }

    function test_bench_depositorPathsOnProjectAndReference() public {
        ReferenceVault ref = new ReferenceVault(IWETH9(address(weth)));
        ReferenceVault refEth = new ReferenceVault(IWETH9(address(weth)));
        ILRTVault vaultEth = ILRTVault(address(new LRTVault(IWETH9(address(weth)), admin, "LRT ETH Vault", "lrtETH")));
        _approveBoth(alice, 300 ether, address(ref));
        vm.deal(alice, alice.balance + 200 ether);

        // First deposits: every storage slot the path writes goes from zero.
        vm.prank(alice);
        uint256 projectShares = vault.deposit(100 ether, alice);
        _record("project.depositFirst", _lastGas());
        vm.prank(alice);
        uint256 refShares = ref.deposit(100 ether, alice);
        _record("reference.depositFirst", _lastGas());
        vm.prank(alice);
        vaultEth.depositETH{value: 100 ether}(alice, 0);
        _record("project.depositETHFirst", _lastGas());
        vm.prank(alice);
        refEth.depositETH{value: 100 ether}(alice);
        _record("reference.depositETHFirst", _lastGas());
        assertEq(projectShares, 100 ether * 1e6, "project: first deposit mints at the offset price");
        assertEq(refShares, 100 ether, "reference: first deposit mints one for one");

        _matureProjectVault();
        _matureReferenceVault(ref);

        // Later deposits by holders new to the vault (their share balance goes from zero).
        _approveBoth(bob, 2 ether, address(ref));
        vm.prank(bob);
        vault.deposit(1 ether, bob);
        _record("project.depositLater", _lastGas());
        vm.prank(bob);
        ref.deposit(1 ether, bob);
        _record("reference.depositLater", _lastGas());
        vm.deal(carol, 2 ether);
        vm.prank(carol);
        vault.depositETH{value: 1 ether}(carol, 0);
        _record("project.depositETHLater", _lastGas());
        vm.prank(carol);
        ref.depositETH{value: 1 ether}(carol);
        _record("reference.depositETHLater", _lastGas());
        assertGt(vault.balanceOf(bob), 0, "project: later deposit minted");
        assertGt(ref.balanceOf(carol), 0, "reference: later ETH deposit minted");

        // Redemptions of about 1 WETH from the buffer by a holder who keeps a balance.
        uint256 projectRedeem = vault.convertToShares(1 ether);
        uint256 refRedeem = ref.convertToShares(1 ether);
        vm.prank(alice);
        uint256 paid = vault.redeem(projectRedeem, alice, alice);
        _record("project.redeem", _lastGas());
        vm.prank(alice);
        uint256 refPaid = ref.redeem(refRedeem, alice, alice);
        _record("reference.redeem", _lastGas());
        uint256 ethBefore = alice.balance;
        vm.prank(alice);
        uint256 paidEth = vault.redeemETH(projectRedeem, payable(alice), alice, 0);
        _record("project.redeemETH", _lastGas());
        vm.prank(alice);
        uint256 refPaidEth = ref.redeemETH(refRedeem, payable(alice), alice);
        _record("reference.redeemETH", _lastGas());
        assertApproxEqAbs(paid, 1 ether, 1e12, "project: redeem pays the shares' value");
        assertApproxEqAbs(refPaid, 1 ether, 1e12, "reference: redeem pays the shares' value");
        assertEq(alice.balance - ethBefore, paidEth + refPaidEth, "ETH redemptions pay native ETH");

        _write("depositor.json");
    }
}

/// @notice Keeper paths and price reads against the number of registered adapters N = 1, 2, 4, 8, 16 (MockAdapter):
/// report() with yield on every adapter, a rebalance touching k adapters (k <= N), and the share-price reads.
contract GasBenchScalingTest is GasBenchBase {
    MockAdapter[] internal mocks;

    function _objectKey() internal pure override returns (string memory) {
        return "scaling";
    }

    function setUp() public override {
        super.setUp();
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (1_000, 500)));
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 100)));
        _deposit(alice, 1_000 ether);
        _fundReserve(50 ether);
        mocks.push(adapter);
        _allocate(adapter, 20 ether);
        // One report before any measured one: every measured report is a later one (no first-ever writes).
        _gain(adapter, 0.001 ether);
        _report();
    }

    function _growTo(uint256 n) internal {
        while (mocks.length < n) {
            MockAdapter m = _newAdapter();
            _addAdapter(address(m), 0, type(uint256).max);
            _allocate(m, 20 ether);
            mocks.push(m);
        }
    }

    /// @dev k moves of 1 WETH: k = 1 is one allocation; otherwise k/2 instant exits, then k/2 allocations
    /// into other adapters (a reshuffle, exits first as the keeper plans them).
    function _moves(uint256 k) internal view returns (ILRTVaultCore.Move[] memory moves) {
        moves = new ILRTVaultCore.Move[](k);
        if (k == 1) {
            moves[0] = ILRTVaultCore.Move(address(mocks[0]), true, 1 ether, 1 ether);
            return moves;
        }
        uint256 half = k / 2;
        for (uint256 i; i < k; ++i) {
            moves[i] = ILRTVaultCore.Move(address(mocks[i]), i >= half, 1 ether, 1 ether);
        }
    }

    function _measureAt(uint256 n) internal {
        _growTo(n);
        string memory p = string.concat("n", vm.toString(n), ".");
        // A day apart, so the report's per-day price bound sees one report.
        vm.warp(block.timestamp + 1 days);
        for (uint256 i; i < n; ++i) {
            _gain(mocks[i], 0.001 ether);
        }
        (uint256 profit,) = _report();
        _record(string.concat(p, "report"), _lastGas());
        assertEq(profit, n * 0.001 ether, "report books the yield of every adapter");

        for (uint256 k = 1; k <= n; k *= 2) {
            ILRTVaultCore.Move[] memory moves = _moves(k);
            uint256 nonce = vault.rebalanceNonce();
            vm.prank(allocator);
            vault.rebalance(moves, nonce);
            _record(string.concat(p, "rebalance.k", vm.toString(k)), _lastGas());
            assertEq(vault.rebalanceNonce(), nonce + 1, "rebalance applied");
        }

        _record(string.concat(p, "pricePerShare"), probe.probePricePerShare(vault));
        _record(string.concat(p, "convertToAssets"), probe.probeConvertToAssets(vault, ONE_SHARE));
        _record(string.concat(p, "latestRoundData"), probe.probeLatestRoundData(address(feed)));
        assertGe(vault.pricePerShare(), 1e18, "no path lowers the share price");
    }

    function test_bench_keeperPathsAndPriceReadsAgainstAdapterCount() public {
        for (uint256 n = 1; n <= 16; n *= 2) {
            _measureAt(n);
        }
        assertEq(vault.adapters().length, 16, "sixteen adapters registered");
        _write("scaling.json");
    }
}

/// @notice The redemption queue's paths on the real vault (one mock adapter with a 1 % instant exit, a reserve, fees
/// on, profit unlocking): requestRedeem, cancelRedeemRequest, fulfil of 1 and of 10 requests, claim, claimETH, and the
/// paid instant exit next to a buffer redeem of the same 1 WETH.
contract GasBenchQueueTest is GasBenchBase {
    RedemptionQueue internal queue;
    address[] internal route;

    function _objectKey() internal pure override returns (string memory) {
        return "queue";
    }

    function setUp() public override {
        super.setUp();
        queue = new RedemptionQueue(address(vault), 14 days, 15 days, 0.01 ether);
        vm.prank(admin);
        IVaultQueueHooks(address(vault)).setRedemptionQueue(address(queue));
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (1_000, 500)));
        _deposit(alice, 100 ether);
        _deposit(bob, 50 ether);
        _fundReserve(5 ether);
        _allocate(adapter, 100 ether);
        _gain(adapter, 0.1 ether);
        _report();
        vm.warp(block.timestamp + 1 hours);
        adapter.setSlippage(0, 100);
        route.push(address(adapter));
        // A request already in the queue, so the measured ones are later ones (no first-ever writes).
        uint256 one = vault.convertToShares(1 ether);
        vm.prank(bob);
        queue.requestRedeem(one, bob, bob);
    }

    function test_bench_queuePaths() public {
        uint256 one = vault.convertToShares(1 ether);
        vm.prank(alice);
        uint256 id = queue.requestRedeem(one, alice, alice);
        _record("requestRedeem", _lastGas());
        vm.prank(alice);
        queue.cancelRedeemRequest(id, alice);
        _record("cancelRedeemRequest", _lastGas());
        assertEq(queue.pendingRedeemRequest(id, alice), 0, "cancelled");

        queue.fulfil(1);
        _record("fulfil1", _lastGas());
        uint256 first = 1;
        assertGt(queue.claimableAssets(first), 0, "bob's request fulfilled");

        uint256[] memory ids = new uint256[](10);
        for (uint256 i; i < 10; ++i) {
            vm.prank(alice);
            ids[i] = queue.requestRedeem(one, alice, alice);
        }
        queue.fulfil(10);
        _record("fulfil10", _lastGas());
        assertGt(queue.claimableAssets(ids[9]), 0, "the tenth is fulfilled");

        vm.prank(bob);
        queue.claim(first, bob);
        _record("claim", _lastGas());
        vm.prank(alice);
        queue.claimETH(ids[0], payable(alice));
        _record("claimETH", _lastGas());

        vm.prank(alice);
        uint256 buffer = vault.redeem(one, alice, alice);
        _record("bufferRedeem", _lastGas());
        // The instant exit takes the free buffer first (issue 17, U-3): a pending request owed more than idle leaves
        // none free, so the measured exit sells through the venue.
        uint256 rest = vault.balanceOf(bob);
        vm.prank(bob);
        queue.requestRedeem(rest, bob, bob);
        assertEq(vault.maxWithdraw(alice), 0, "no free buffer left");
        vm.prank(alice);
        uint256 paid = queue.instantRedeem(one, alice, alice, 0, route);
        _record("instantRedeem", _lastGas());
        assertLt(paid, buffer, "the instant exit pays its price impact, the buffer exit does not");
        _write("queue.json");
    }
}

/// @notice A lender's feed read, v3 and v2 calls, between reports while profit unlocks (the answer follows the
/// vault's price under the growth cap: one call into the vault), beside a stored round's read: what latestRoundData
/// cost before the feed followed the price (it answered the stored round).
contract GasBenchFeedTest is GasBenchBase {
    function _objectKey() internal pure override returns (string memory) {
        return "feed";
    }

    function test_bench_feedReads() public {
        _deposit(alice, 100 ether);
        _allocate(adapter, 80 ether);
        _gain(adapter, 0.05 ether);
        _report();
        vm.warp(block.timestamp + 1 days);
        uint256 latest = feed.latestRound();
        _record("latestRoundData", probe.probeStaticcall(address(feed), abi.encodeCall(feed.latestRoundData, ())));
        _record("latestAnswer", probe.probeStaticcall(address(feed), abi.encodeCall(feed.latestAnswer, ())));
        _record("latestTimestamp", probe.probeStaticcall(address(feed), abi.encodeCall(feed.latestTimestamp, ())));
        _record("getAnswerLatest", probe.probeStaticcall(address(feed), abi.encodeCall(feed.getAnswer, (latest))));
        _record(
            "storedRound", probe.probeStaticcall(address(feed), abi.encodeCall(feed.getRoundData, (uint80(latest - 1))))
        );
        assertGt(uint256(feed.latestAnswer()), 1e18, "the answer follows the unlock");
        _write("feed.json");
    }
}

/// @notice The junior tranche's paths (deposit, request, claim) and report() with a junior layer beside report()
/// without one, from the same state: the "without" vault got the same ETH as a senior deposit instead.
contract GasBenchJuniorTest is GasBenchBase {
    JuniorTranche internal tranche;
    address internal carol = makeAddr("carol");

    function _objectKey() internal pure override returns (string memory) {
        return "junior";
    }

    function setUp() public override {
        super.setUp();
        tranche = new JuniorTranche(ILRTVault(address(vault)), IWETH9(address(weth)), 21 days);
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (1_000, 500)));
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, 100)));
        _deposit(alice, 100 ether);
        _fundReserve(1 ether);
        _allocate(adapter, 90 ether);
        _gain(adapter, 0.1 ether);
        _report();
        vm.warp(block.timestamp + 1 days);
    }

    /// @dev A profit report, a loss report larger than the reserve (the first loss junior capital covers at the
    /// adapter: its debt slot goes from zero to non-zero), and a second loss at the same adapter; returns their gas.
    function _reports() internal returns (uint256 profitGas, uint256 lossGas, uint256 againGas) {
        _gain(adapter, 0.1 ether);
        _report();
        profitGas = _lastGas();
        vm.warp(block.timestamp + 1 days);
        _slash(adapter, 2 ether);
        _report();
        lossGas = _lastGas();
        vm.warp(block.timestamp + 1 days);
        _slash(adapter, 1 ether);
        _report();
        againGas = _lastGas();
    }

    function test_bench_juniorPathsAndReportWithAndWithoutJunior() public {
        uint256 start = vm.snapshotState();
        _deposit(carol, 10 ether);
        (uint256 profitWithout, uint256 lossWithout, uint256 againWithout) = _reports();
        _record("reportProfitWithoutJunior", profitWithout);
        _record("reportLossWithoutJunior", lossWithout);
        _record("reportLossAgainWithoutJunior", againWithout);
        vm.revertToState(start);

        vm.prank(admin);
        vault.setJuniorTranche(address(tranche));
        vm.deal(carol, 10 ether);
        vm.prank(carol);
        tranche.depositETH{value: 5 ether}(carol, 0);
        vm.prank(carol);
        uint256 shares = tranche.depositETH{value: 5 ether}(carol, 0);
        _record("juniorDeposit", _lastGas());
        (uint256 profitWith, uint256 lossWith, uint256 againWith) = _reports();
        _record("reportProfitWithJunior", profitWith);
        _record("reportLossWithJunior", lossWith);
        _record("reportLossAgainWithJunior", againWith);
        assertGt(vault.juniorDebt(address(adapter)), 0, "the loss reached junior capital");

        vm.prank(carol);
        uint256 id = tranche.requestRedeem(shares, carol, carol);
        _record("juniorRequest", _lastGas());
        vm.warp(block.timestamp + 21 days);
        vm.prank(carol);
        uint256 paid = tranche.claim(id, carol);
        _record("juniorClaim", _lastGas());
        assertGt(paid, 0, "claim paid");
        _write("junior.json");
    }
}
