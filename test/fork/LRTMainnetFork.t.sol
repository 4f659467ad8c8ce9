// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test, console} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {BaseLRTAdapter} from "../../contracts/adapters/BaseLRTAdapter.sol";
import {EtherFiAdapter} from "../../contracts/adapters/EtherFiAdapter.sol";
import {RenzoAdapter} from "../../contracts/adapters/RenzoAdapter.sol";
import {KelpAdapter} from "../../contracts/adapters/KelpAdapter.sol";
import {PufferAdapter} from "../../contracts/adapters/PufferAdapter.sol";
import {SwellAdapter} from "../../contracts/adapters/SwellAdapter.sol";
import {IWETH9} from "../../contracts/interfaces/protocols/IWETH9.sol";
import {IAggregatorV3} from "../../contracts/interfaces/protocols/IAggregatorV3.sol";
import {IWeETH, IEtherFiWithdrawRequestNFT} from "../../contracts/interfaces/protocols/IEtherFi.sol";
import {
    IRenzoRestakeManager,
    IRenzoRateProvider,
    IRenzoWithdrawQueue
} from "../../contracts/interfaces/protocols/IRenzo.sol";
import {IKelpOracle} from "../../contracts/interfaces/protocols/IKelp.sol";
import {IPufferWithdrawalManager} from "../../contracts/interfaces/protocols/IPuffer.sol";
import {IRswETH, IRswEXIT} from "../../contracts/interfaces/protocols/ISwell.sol";
import {SimExitPool} from "../../contracts/simulation/SimExitPool.sol";

/// Checks the interfaces in contracts/interfaces/protocols/ against the live mainnet contracts listed in
/// /work/shared/LRT_INTERFACES.md, and runs each adapter against them. Runs only with MAINNET_RPC_URL set
/// (optionally FORK_BLOCK); otherwise every test logs "skipped: MAINNET_RPC_URL not set" and returns.
/// Run: MAINNET_RPC_URL=https://... forge test --match-path test/fork/LRTMainnetFork.t.sol -vv
/// The exit pool is a local SimExitPool (mainnet has no IExitPool venue); it is only needed by the constructor.
contract LRTMainnetForkTest is Test {
    address constant WETH = 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2;
    // ether.fi
    address constant EF_POOL = 0x308861A430be4cce5502d0A12724771Fc6DaF216;
    address constant EETH = 0x35fA164735182de50811E8e2E824cFb9B6118ac2;
    address constant WEETH = 0xCd5fE23C85820F7B72D0926FC9b05b43E359b7ee;
    address constant EF_NFT = 0x7d5706f6ef3F89B3951E23e557CDFBC3239D4E2c;
    // Renzo
    address constant RZ_MANAGER = 0x74a09653A083691711cF8215a6ab074BB4e99ef5;
    address constant EZETH = 0xbf5495Efe5DB9ce00f80364C8B423567e58d2110;
    address constant RZ_RATE = 0x387dBc0fB00b26fb085aa658527D5BE98302c84C;
    address constant RZ_QUEUE = 0x5efc9D10E42FB517456f4ac41EB5e2eBe42C8918;
    // Kelp
    address constant KP_POOL = 0x036676389e48133B63a802f8635AD39E752D375D;
    address constant RSETH = 0xA1290d69c65A6Fe4DF752f95823fae25cB99e5A7;
    address constant KP_ORACLE = 0x349A73444b1a310BAe67ef67973022020d70020d;
    address constant KP_MANAGER = 0x62De59c08eB5dAE4b7E6F7a8cAd3006d6965ec16;
    // Puffer
    address constant PUFETH = 0xD9A442856C234a39a81a089C06451EBAa4306a72;
    address constant PF_MANAGER = 0xDdA0483184E75a5579ef9635ED14BacCf9d50283;
    // Swell
    address constant RSWETH = 0xFAe103DC9cf190eD75350761e95403b7b8aFa6c0;
    address constant RSWEXIT = 0x58749C46Ffe97e4d79508a2C781C440f4756f064;
    // Chainlink
    address constant FEED_WEETH = 0x5c9C449BbC9a6075A2c061dF312a35fd1E05fF22;
    address constant FEED_EZETH = 0x636A000262F6aA9e1F094ABF0aD8f645C44f641C;
    address constant EF_REDEMPTION = 0xDadEf1fFBFeaAB4f68A9fD181395F68b4e4E7Ae0;

    uint256 constant MIN_RATE = 1e18;
    uint256 constant MAX_RATE = 1.2e18;
    uint256 constant FEED_STALENESS = 2 days;

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

    receive() external payable {}

    // ----- interfaces against live code -----

    /// Every address in LRT_INTERFACES.md (the "(check)" ones included) holds code, and the LRT tokens are
    /// the 18-decimal ERC-20s the adapters expect.
    function test_fork_everyListedAddressHoldsCode() public view onlyFork {
        address[20] memory all = [
            EF_POOL, EETH, WEETH, EF_NFT, EF_REDEMPTION, RZ_MANAGER, EZETH, RZ_RATE, RZ_QUEUE, KP_POOL,
            RSETH, KP_ORACLE, KP_MANAGER, PUFETH, PF_MANAGER, RSWETH, RSWEXIT, FEED_WEETH, FEED_EZETH, WETH
        ];
        for (uint256 i; i < all.length; ++i) {
            assertGt(all[i].code.length, 0, vm.toString(all[i]));
        }
        address[5] memory lrts = [WEETH, EZETH, RSETH, PUFETH, RSWETH];
        for (uint256 i; i < lrts.length; ++i) {
            assertEq(IERC20Metadata(lrts[i]).decimals(), 18, vm.toString(lrts[i]));
            assertGt(IERC20(lrts[i]).totalSupply(), 1_000 ether, vm.toString(lrts[i]));
        }
    }

    function test_fork_etherFiViewsAnswerSaneRates() public view onlyFork {
        uint256 rate = IWeETH(WEETH).getRate();
        _assertSaneRate(rate, "weETH.getRate");
        assertEq(IWeETH(WEETH).getEETHByWeETH(1e18), rate, "getEETHByWeETH(1) = getRate");
        assertApproxEqRel(IWeETH(WEETH).getWeETHByeETH(1e18) * rate / 1e18, 1e18, 1e12, "inverse");
        assertTrue(IEtherFiWithdrawRequestNFT(EF_NFT).isFinalized(1), "request 1 finalised long ago");
    }

    function test_fork_renzoViewsAnswerSaneRates() public view onlyFork {
        _assertSaneRate(IRenzoRateProvider(RZ_RATE).getRate(), "Renzo getRate");
        (,, uint256 tvl) = IRenzoRestakeManager(RZ_MANAGER).calculateTVLs();
        assertGt(tvl, 10_000 ether, "TVL");
        uint256 coolDown = IRenzoWithdrawQueue(RZ_QUEUE).coolDownPeriod();
        assertGt(coolDown, 0);
        assertLe(coolDown, 30 days);
        assertEq(IRenzoWithdrawQueue(RZ_QUEUE).getOutstandingWithdrawRequests(address(this)), 0);
        console.log("Renzo coolDownPeriod (s):", coolDown);
    }

    function test_fork_kelpOracleAnswersSaneRate() public view onlyFork {
        _assertSaneRate(IKelpOracle(KP_ORACLE).rsETHPrice(), "rsETHPrice");
    }

    function test_fork_pufferViewsAnswerSaneRates() public view onlyFork {
        _assertSaneRate(IERC4626(PUFETH).convertToAssets(1e18), "pufETH convertToAssets");
        assertEq(IERC4626(PUFETH).asset(), WETH, "PufferVault asset is WETH");
        assertGt(IPufferWithdrawalManager(PF_MANAGER).getWithdrawalsLength(), 0);
    }

    function test_fork_swellViewsAnswerSaneRates() public view onlyFork {
        uint256 rate = IRswETH(RSWETH).getRate();
        _assertSaneRate(rate, "rswETH getRate");
        assertEq(IRswETH(RSWETH).rswETHToETHRate(), rate, "getRate = rswETHToETHRate");
        assertApproxEqRel(IRswETH(RSWETH).ethToRswETHRate() * rate / 1e18, 1e18, 1e12, "inverse");
        assertGt(IRswEXIT(RSWEXIT).getLastTokenIdCreated(), 0);
    }

    /// Says whether each Chainlink feed reports a market price or the protocol's own rate.
    function test_fork_chainlinkFeedsAnswerAndSayWhatTheyTrack() public view onlyFork {
        _checkFeed(FEED_WEETH, IWeETH(WEETH).getRate(), "weETH/ETH");
        _checkFeed(FEED_EZETH, IRenzoRateProvider(RZ_RATE).getRate(), "ezETH/ETH");
    }

    // ----- adapters against live protocols -----

    function test_fork_etherFiAdapterAllocatesValuesAndQueues() public onlyFork {
        BaseLRTAdapter a = new EtherFiAdapter(
            address(this), WETH, EF_POOL, EETH, WEETH, EF_NFT, _pool(WEETH), FEED_WEETH, FEED_STALENESS
        );
        _roundTrip(a);
    }

    function test_fork_renzoAdapterAllocatesValuesAndQueues() public onlyFork {
        BaseLRTAdapter a = new RenzoAdapter(
            address(this), WETH, RZ_MANAGER, EZETH, RZ_RATE, RZ_QUEUE, _pool(EZETH), FEED_EZETH, FEED_STALENESS
        );
        _roundTrip(a);
    }

    function test_fork_kelpAdapterAllocatesValuesAndQueues() public onlyFork {
        BaseLRTAdapter a = new KelpAdapter(
            address(this), WETH, KP_POOL, RSETH, KP_ORACLE, KP_MANAGER, _pool(RSETH), address(0), 0
        );
        _roundTrip(a);
    }

    function test_fork_pufferAdapterAllocatesValuesAndQueues() public onlyFork {
        BaseLRTAdapter a =
            new PufferAdapter(address(this), WETH, PUFETH, PF_MANAGER, _pool(PUFETH), address(0), 0);
        _roundTrip(a);
    }

    function test_fork_swellAdapterAllocatesValuesAndQueues() public onlyFork {
        BaseLRTAdapter a = new SwellAdapter(address(this), WETH, RSWETH, RSWEXIT, _pool(RSWETH), address(0), 0);
        _roundTrip(a);
    }

    // ----- helpers -----

    /// Allocates 1 ETH through the live entry point, checks the live valuation, then opens a queued exit of
    /// half and checks it is held at its request value.
    function _roundTrip(BaseLRTAdapter a) internal {
        vm.deal(address(this), 1 ether);
        IWETH9(WETH).deposit{value: 1 ether}();
        IERC20(WETH).transfer(address(a), 1 ether);
        uint256 valueIn = a.allocate(1 ether, 0.97 ether);
        uint256 rate = a.valuationRate();
        _assertSaneRate(a.fairRate(), "adapter fairRate");
        assertEq(a.realAssets(), valueIn, "live valuation = value allocated");
        assertEq(IERC20(a.lrt()).balanceOf(address(a)), a.lrtHeld(), "minted LRT recorded");
        console.log("valueIn for 1 ETH:", valueIn, "valuation rate:", rate);

        uint256 id = a.requestExit(valueIn / 2);
        BaseLRTAdapter.ExitRequest memory r = a.openExits()[0];
        assertEq(r.id, id);
        assertApproxEqRel(r.valueAtRequest, valueIn / 2, 1e15, "protocol recorded the value asked for");
        assertApproxEqAbs(a.realAssets(), valueIn, 1e12, "queueing keeps the value");
        assertEq(a.claimExits(), 0, "nothing claimable at once");
    }

    function _pool(address lrt) internal returns (address) {
        return address(new SimExitPool(address(this), lrt, WETH, 5));
    }

    function _assertSaneRate(uint256 rate, string memory what) internal pure {
        assertGe(rate, MIN_RATE, what);
        assertLe(rate, MAX_RATE, what);
    }

    function _checkFeed(address feed, uint256 fair, string memory what) internal view {
        IAggregatorV3 f = IAggregatorV3(feed);
        assertEq(f.decimals(), 18, what);
        (, int256 answer,, uint256 updatedAt,) = f.latestRoundData();
        assertGt(answer, 0, what);
        assertLe(block.timestamp - updatedAt, FEED_STALENESS, what);
        uint256 price = uint256(answer);
        assertApproxEqRel(price, fair, 0.05e18, what);
        if (price == fair) console.log(what, "feed reports the protocol's own rate:", price);
        else console.log(what, "feed differs from the fair rate (market price); feed, fair:", price, fair);
    }
}
