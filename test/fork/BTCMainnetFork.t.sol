// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test, console} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IAggregatorV3} from "../../contracts/interfaces/protocols/IAggregatorV3.sol";
import {ICurvePool, IStakedLBTCOracle} from "../../contracts/interfaces/protocols/ILombard.sol";
import {LBTCAdapter} from "../../contracts/adapters/btc/LBTCAdapter.sol";

/// Checks the BTC interfaces (contracts/interfaces/protocols/ILombard.sol ...) against the live mainnet contracts
/// listed in /work/shared/BTC_INTERFACES.md and runs the BTC adapters against them. Runs only with MAINNET_RPC_URL
/// set (optionally FORK_BLOCK; LBTC_ORACLE, the StakedLBTCOracle address, which BTC_INTERFACES.md marks "check");
/// otherwise every test logs "skipped: MAINNET_RPC_URL not set" and returns.
/// Run: MAINNET_RPC_URL=https://... LBTC_ORACLE=0x... forge test --match-path test/fork/BTCMainnetFork.t.sol -vv
contract BTCMainnetForkTest is Test {
    address constant WBTC = 0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599;
    address constant LBTC = 0x8236a87084f8B84306f72007F36F2618A5634494;
    address constant LBTC_CURVE = 0x2f3bC4c27A4437AeCA13dE0e37cdf1028f3706F0;
    address constant FEED_LBTC_BTC = 0x5c29868C58b6e15e2b962943278969Ab6a7D3212;
    address constant UNIBTC = 0x004E9C3EF86bc1ca1f0bB5C7662861Ee93350568;
    address constant UNIBTC_VAULT = 0x047D41F2544B7F63A8e991aF2068a363d210d6Da;
    address constant UNIBTC_ROUTER = 0xAA732c9c110A84d090a72da230eAe1E779f89246;
    address constant SOLVBTC = 0x7A56E1C57C7475CCf742a1832B028F0456652F97;
    address constant XSOLVBTC = 0xd9D920AA40f578ab794426F5C90F6C731D159DEf;
    address constant SOLV_ROUTER = 0x3d93B9e8F0886358570646dAd9421564C5fE6334;
    address constant EBTC = 0x657e8C867D8B37dCC18fA4Caead9C45EB088C642;
    address constant EBTC_TELLER = 0x6Ee3aaCcf9f2321E49063C4F8da775DdBd407268;
    address constant EBTC_ACCOUNTANT = 0x1b293DC39F94157fA0D1D36d7e0090C8B8B8c13F;

    bool internal forked;

    function setUp() public {
        string memory rpc = vm.envOr("MAINNET_RPC_URL", string(""));
        if (bytes(rpc).length == 0) return;
        uint256 blockNumber = vm.envOr("FORK_BLOCK", uint256(0));
        if (blockNumber == 0) vm.createSelectFork(rpc);
        else vm.createSelectFork(rpc, blockNumber);
        forked = true;
    }

    modifier onlyFork() {
        if (!forked) {
            console.log("skipped: MAINNET_RPC_URL not set");
            return;
        }
        _;
    }

    /// Every address in BTC_INTERFACES.md holds code, and the tokens have the decimals the adapters assume
    /// (WBTC, LBTC, uniBTC, eBTC 8; SolvBTC, xSolvBTC 18).
    function test_fork_everyListedBtcAddressHoldsCode() public view onlyFork {
        address[13] memory all = [
            WBTC, LBTC, LBTC_CURVE, FEED_LBTC_BTC, UNIBTC, UNIBTC_VAULT, UNIBTC_ROUTER, SOLVBTC, XSOLVBTC,
            SOLV_ROUTER, EBTC, EBTC_TELLER, EBTC_ACCOUNTANT
        ];
        for (uint256 i; i < all.length; ++i) {
            assertGt(all[i].code.length, 0, vm.toString(all[i]));
        }
        assertEq(IERC20Metadata(UNIBTC).decimals(), 8, "uniBTC decimals");
        assertEq(IERC20Metadata(EBTC).decimals(), 8, "eBTC decimals");
        assertEq(IERC20Metadata(SOLVBTC).decimals(), 18, "SolvBTC decimals");
        assertEq(IERC20Metadata(XSOLVBTC).decimals(), 18, "xSolvBTC decimals");
    }

    /// WBTC and LBTC are 8-decimal tokens; the Curve pool holds exactly LBTC and WBTC and quotes both ways near 1.
    function test_fork_lombardTokensAndPool() public view onlyFork {
        assertEq(IERC20Metadata(WBTC).decimals(), 8, "WBTC decimals");
        assertEq(IERC20Metadata(LBTC).decimals(), 8, "LBTC decimals");
        address c0 = ICurvePool(LBTC_CURVE).coins(0);
        address c1 = ICurvePool(LBTC_CURVE).coins(1);
        assertTrue((c0 == LBTC && c1 == WBTC) || (c0 == WBTC && c1 == LBTC), "pool coins");
        int128 iL = c0 == LBTC ? int128(0) : int128(1);
        int128 iW = 1 - iL;
        uint256 dy = ICurvePool(LBTC_CURVE).get_dy(iW, iL, 1e8);
        assertApproxEqRel(dy, 1e8, 0.03e18, "1 WBTC buys about 1 LBTC");
        (, int256 answer,, uint256 updatedAt,) = IAggregatorV3(FEED_LBTC_BTC).latestRoundData();
        assertGt(answer, 0, "LBTC/BTC answer");
        assertLt(block.timestamp - updatedAt, 2 days, "LBTC/BTC feed fresh");
        console.log("LBTC/BTC feed decimals:", IAggregatorV3(FEED_LBTC_BTC).decimals());
    }

    /// The adapter enters through the live pool, values at min(oracle, feed) and leaves through the pool.
    function test_fork_lbtcAdapterRoundTrip() public onlyFork {
        address oracle = vm.envOr("LBTC_ORACLE", address(0));
        if (oracle == address(0)) {
            console.log("skipped: LBTC_ORACLE not set (StakedLBTCOracle address, check)");
            return;
        }
        uint256 rate = IStakedLBTCOracle(oracle).getRate();
        assertGe(rate, 1e18, "LBTC rate >= 1");
        assertLe(rate, 1.1e18, "LBTC rate sane");
        LBTCAdapter adapter = new LBTCAdapter(address(this), WBTC, LBTC, LBTC_CURVE, oracle, FEED_LBTC_BTC, 2 days);
        deal(WBTC, address(this), 1e8);
        IERC20(WBTC).transfer(address(adapter), 1e8);
        uint256 valueIn = adapter.allocate(1e8, 0.97e8);
        assertEq(adapter.realAssets(), valueIn);
        uint256 out = adapter.deallocate(valueIn / 2, 0);
        assertApproxEqRel(out, valueIn / 2, 0.02e18, "pool exit near value");
        assertEq(IERC20(WBTC).balanceOf(address(this)), out);
    }
}
