// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Script} from "forge-std/Script.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {WETH} from "../contracts/tokens/WETH.sol";
import {SimExitPool} from "../contracts/simulation/SimExitPool.sol";
import {SimMarketFeed} from "../contracts/simulation/SimMarketFeed.sol";
import {
    SimEtherFiLiquidityPool, SimWeETH, SimEtherFiWithdrawRequestNFT
} from "../contracts/simulation/SimEtherFi.sol";
import {SimRenzo} from "../contracts/simulation/SimRenzo.sol";
import {SimKelp} from "../contracts/simulation/SimKelp.sol";
import {SimPufferVault, SimPufferWithdrawalManager} from "../contracts/simulation/SimPuffer.sol";
import {SimRswETH, SimRswEXIT} from "../contracts/simulation/SimSwell.sol";
import {SimEigenLayer, SimAVS} from "../contracts/simulation/SimEigenLayer.sol";
import {SimProtocolBase} from "../contracts/simulation/SimProtocolBase.sol";
import {ExposureLens} from "../contracts/periphery/ExposureLens.sol";
import {
    IAllocationManager, IAllocationManagerTypes, IEigenStrategy, OperatorSet
} from "../contracts/interfaces/protocols/IEigenLayer.sol";

/// @title DeploySimulation
/// @notice Deploys WETH and stand-ins for the five LRT protocols (mainnet signatures), each with a seeded
/// LRT/WETH exit pool, and market feeds for weETH and ezETH (the LRTs with a Chainlink market feed on
/// mainnet). Used by the devnet and the integration tests; a mainnet deployment skips it and passes the
/// real protocol addresses to `Deploy` instead.
/// @dev Every simulation is owned by the deployer, who drives scenarios (setAprBps, slash, setPrice...).
abstract contract DeploySimulation is Script {
    /// @notice Addresses of one simulated protocol and what the adapter needs from it.
    struct SimProtocol {
        string name;
        address lrt;
        /// @dev The contract holding the rate and the scenario hooks (setAprBps, slash, reward, setPaused).
        address sim;
        address exitPool;
        /// @dev Zero when the LRT has no market feed.
        address marketFeed;
        /// @dev Protocol-specific extras: ether.fi withdraw-request NFT, Puffer withdrawal manager, Swell rswEXIT.
        address queue;
    }

    /// @notice Swap fee of every exit pool, in bps.
    uint256 internal constant POOL_FEE_BPS = 5;
    /// @notice Share of the minted LRT (parts per million) kept back when seeding a pool: see `_seedPool`.
    uint256 internal constant SEED_MARGIN_PPM = 1;

    /// @dev Set by `_simParams`; defaults fit an anvil started with a large balance (see script/lib/anvil.ts).
    uint256 internal poolDepthEth;
    uint256 internal rewardFundingEth;

    /// @notice The simulated EigenLayer core, its AVSs and each protocol's stakers (set by `_deployEigenLayer`).
    SimEigenLayer internal eigenLayer;
    ExposureLens internal exposureLens;
    SimAVS[5] internal avss;
    address[][5] internal lrtStakers;

    /// @notice Seed AVSs, each with one operator set (id 0) slashing native restaked ETH.
    string[5] internal AVS_NAMES = ["EigenDA", "Hyperlane", "Espresso", "Aethos", "Lagrange"];
    uint256 internal constant OPERATORS = 6;
    /// @notice Native ETH each protocol restakes through EigenLayer (shares; only the split matters to the rate).
    uint256 internal constant RESTAKED_SHARES = 100_000 ether;

    function _simParams() internal {
        poolDepthEth = vm.envOr("SIM_POOL_DEPTH_ETH", uint256(20_000)) * 1 ether;
        rewardFundingEth = vm.envOr("SIM_REWARD_FUNDING_ETH", uint256(2_000)) * 1 ether;
    }

    /// @dev Deploys WETH and the five simulated protocols; the caller is broadcasting as `owner`.
    function _deploySimulation(address owner) internal returns (WETH weth, SimProtocol[5] memory protocols) {
        _simParams();
        weth = new WETH();
        protocols[0] = _etherFi(owner, weth);
        protocols[1] = _renzo(owner, weth);
        protocols[2] = _kelp(owner, weth);
        protocols[3] = _puffer(owner, weth);
        protocols[4] = _swell(owner, weth);
    }

    function _etherFi(address owner, WETH weth) internal returns (SimProtocol memory p) {
        SimEtherFiLiquidityPool lp = new SimEtherFiLiquidityPool(owner, 1.07e18, 310);
        SimEtherFiWithdrawRequestNFT nft = new SimEtherFiWithdrawRequestNFT(lp);
        lp.setWithdrawRequestNFT(nft);
        SimWeETH weETH = new SimWeETH(lp);
        _fund(address(lp));
        lp.deposit{value: poolDepthEth}();
        uint256 eEth = lp.balanceOf(owner);
        lp.approve(address(weETH), eEth);
        uint256 minted = weETH.wrap(eEth);
        p = SimProtocol("etherfi", address(weETH), address(lp), address(0), address(0), address(nft));
        p.exitPool = _seedPool(owner, weth, address(weETH), minted);
        p.marketFeed = address(new SimMarketFeed(owner, 18, "weETH / ETH", int256(weETH.getRate())));
    }

    function _renzo(address owner, WETH weth) internal returns (SimProtocol memory p) {
        SimRenzo renzo = new SimRenzo(owner, 1.03e18, 330);
        _fund(address(renzo));
        IERC20 ezETH = IERC20(address(renzo.ezETH()));
        uint256 before = ezETH.balanceOf(owner);
        renzo.depositETH{value: poolDepthEth}();
        uint256 minted = ezETH.balanceOf(owner) - before;
        p = SimProtocol("renzo", address(ezETH), address(renzo), address(0), address(0), address(renzo));
        p.exitPool = _seedPool(owner, weth, address(ezETH), minted);
        p.marketFeed = address(new SimMarketFeed(owner, 18, "ezETH / ETH", int256(renzo.getRate())));
    }

    function _kelp(address owner, WETH weth) internal returns (SimProtocol memory p) {
        SimKelp kelp = new SimKelp(owner, 1.04e18, 290);
        _fund(address(kelp));
        IERC20 rsETH = IERC20(address(kelp.rsETH()));
        uint256 before = rsETH.balanceOf(owner);
        kelp.depositETH{value: poolDepthEth}(0, "");
        uint256 minted = rsETH.balanceOf(owner) - before;
        p = SimProtocol("kelp", address(rsETH), address(kelp), address(0), address(0), address(kelp));
        p.exitPool = _seedPool(owner, weth, address(rsETH), minted);
    }

    function _puffer(address owner, WETH weth) internal returns (SimProtocol memory p) {
        SimPufferVault puffer = new SimPufferVault(owner, IERC20(address(weth)), 1.05e18, 280);
        SimPufferWithdrawalManager manager = new SimPufferWithdrawalManager(puffer);
        puffer.setWithdrawalManager(address(manager));
        _fund(address(puffer));
        uint256 minted = puffer.depositETH{value: poolDepthEth}(owner);
        p = SimProtocol("puffer", address(puffer), address(puffer), address(0), address(0), address(manager));
        p.exitPool = _seedPool(owner, weth, address(puffer), minted);
    }

    function _swell(address owner, WETH weth) internal returns (SimProtocol memory p) {
        SimRswETH rswETH = new SimRswETH(owner, 1.06e18, 300);
        SimRswEXIT rswEXIT = new SimRswEXIT(rswETH);
        rswETH.setExitQueue(address(rswEXIT));
        _fund(address(rswETH));
        uint256 before = rswETH.balanceOf(owner);
        rswETH.deposit{value: poolDepthEth}();
        uint256 minted = rswETH.balanceOf(owner) - before;
        p = SimProtocol("swell", address(rswETH), address(rswETH), address(0), address(0), address(rswEXIT));
        p.exitPool = _seedPool(owner, weth, address(rswETH), minted);
    }

    /// @dev Sends ETH that pays the simulated staking rewards above what depositors put in.
    function _fund(address sim) internal {
        (bool ok,) = sim.call{value: rewardFundingEth}("");
        require(ok, "DeploySimulation: funding the simulation failed");
    }

    /// @dev An LRT/WETH pool seeded at the LRT's fair rate: `lrtAmount` LRT (less a margin) against the ETH they cost.
    /// forge computes `lrtAmount` while simulating; the broadcast deposit is mined a few seconds later, when the
    /// rate has accrued further and mints slightly fewer tokens. Seeding SEED_MARGIN_PPM less keeps addLiquidity
    /// within what was really minted (1 ppm is about 15 minutes of accrual at 3.5 % APR); without it the deploy
    /// failed whenever a second boundary fell between the deposit and the seeding.
    function _seedPool(address owner, WETH weth, address lrt, uint256 lrtAmount) internal returns (address) {
        uint256 seeded = lrtAmount - lrtAmount * SEED_MARGIN_PPM / 1e6;
        SimExitPool pool = new SimExitPool(owner, lrt, address(weth), POOL_FEE_BPS);
        weth.deposit{value: poolDepthEth}();
        IERC20(lrt).approve(address(pool), seeded);
        weth.approve(address(pool), poolDepthEth);
        pool.addLiquidity(seeded, poolDepthEth);
        return address(pool);
    }

    /// @notice Seeds the EigenLayer state the five LRTs restake into: six operators, five AVSs with one operator set
    /// each, operators' magnitudes (percent of their stake) per AVS, and each protocol's stakers (two or three, each
    /// delegated to one operator). The sets overlap as on mainnet: EigenDA reaches four of the five LRTs, every LRT
    /// is exposed to at least three AVSs. Each protocol's fair rate then follows its stakers' withdrawable shares.
    /// Magnitudes in percent, rows operators 0..5, columns EigenDA, Hyperlane, Espresso, Aethos, Lagrange:
    ///   op0 30 20  0  0  0 | op1 40  0 30  0  0 | op2  0 30  0 25  0
    ///   op3 20  0  0  0 40 | op4  0  0 20 20 10 | op5 50 10  0  0  0
    /// Stakers (percent of the protocol's restaked ETH -> operator):
    ///   ether.fi 40 op0, 30 op1, 30 op5 | Renzo 50 op1, 50 op3 | Kelp 30 op0, 40 op2, 30 op4
    ///   Puffer 60 op3, 40 op5 | Swell 50 op2, 50 op4
    function _deployEigenLayer(address owner, SimProtocol[5] memory protocols) internal {
        eigenLayer = new SimEigenLayer(owner);
        exposureLens = new ExposureLens();
        IEigenStrategy beacon = IEigenStrategy(0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0);
        IEigenStrategy[] memory strategies = new IEigenStrategy[](1);
        strategies[0] = beacon;
        IAllocationManager.CreateSetParams[] memory sets = new IAllocationManager.CreateSetParams[](1);
        sets[0] = IAllocationManagerTypes.CreateSetParams(0, strategies);
        for (uint256 a; a < 5; ++a) {
            avss[a] = new SimAVS(owner, eigenLayer, AVS_NAMES[a]);
            avss[a].createOperatorSets(sets);
        }
        uint8[5][OPERATORS] memory magnitudes = [
            [uint8(30), 20, 0, 0, 0],
            [uint8(40), 0, 30, 0, 0],
            [uint8(0), 30, 0, 25, 0],
            [uint8(20), 0, 0, 0, 40],
            [uint8(0), 0, 20, 20, 10],
            [uint8(50), 10, 0, 0, 0]
        ];
        for (uint256 o; o < OPERATORS; ++o) {
            address operator = _eigenOperator(o);
            eigenLayer.seedOperator(operator, 1);
            for (uint256 a; a < 5; ++a) {
                if (magnitudes[o][a] == 0) continue;
                OperatorSet memory set = OperatorSet(address(avss[a]), 0);
                eigenLayer.seedRegistration(operator, set);
                eigenLayer.seedAllocation(operator, set, beacon, uint64(magnitudes[o][a]) * 1e16);
            }
        }
        _seedStakers(0, protocols[0].sim, [uint256(0), 1, 5], [uint256(40), 30, 30], 3);
        _seedStakers(1, protocols[1].sim, [uint256(1), 3, 0], [uint256(50), 50, 0], 2);
        _seedStakers(2, protocols[2].sim, [uint256(0), 2, 4], [uint256(30), 40, 30], 3);
        _seedStakers(3, protocols[3].sim, [uint256(3), 5, 0], [uint256(60), 40, 0], 2);
        _seedStakers(4, protocols[4].sim, [uint256(2), 4, 0], [uint256(50), 50, 0], 2);
    }

    /// @dev A devnet operator address (no key: operators act through the owner's seeding only).
    function _eigenOperator(uint256 i) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("lrt-vault devnet operator", i)))));
    }

    function _seedStakers(uint256 p, address sim, uint256[3] memory ops, uint256[3] memory pct, uint256 n) internal {
        IEigenStrategy beacon = IEigenStrategy(0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0);
        address[] memory stakers = new address[](n);
        for (uint256 i; i < n; ++i) {
            stakers[i] = address(uint160(uint256(keccak256(abi.encode("lrt-vault devnet staker", p, i)))));
            eigenLayer.seedStake(stakers[i], _eigenOperator(ops[i]), beacon, RESTAKED_SHARES * pct[i] / 100);
        }
        lrtStakers[p] = stakers;
        SimProtocolBase(payable(sim)).setEigenDelegation(eigenLayer, stakers);
    }

    /// @dev The `eigenLayer` object of the deployments JSON.
    function _eigenLayerJson(SimProtocol[5] memory protocols) internal returns (string memory) {
        string memory avsKey = "eigen-avs";
        string memory avsJson;
        for (uint256 a; a < 5; ++a) {
            avsJson = vm.serializeAddress(avsKey, AVS_NAMES[a], address(avss[a]));
        }
        string memory stakersKey = "eigen-stakers";
        string memory stakersJson;
        for (uint256 p; p < 5; ++p) {
            stakersJson = vm.serializeAddress(stakersKey, protocols[p].name, lrtStakers[p]);
        }
        string memory key = "eigen";
        vm.serializeAddress(key, "allocationManager", address(eigenLayer));
        vm.serializeAddress(key, "delegationManager", address(eigenLayer));
        vm.serializeAddress(key, "strategy", 0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0);
        vm.serializeAddress(key, "exposureLens", address(exposureLens));
        vm.serializeString(key, "avs", avsJson);
        return vm.serializeString(key, "stakers", stakersJson);
    }
}
