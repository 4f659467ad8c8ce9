// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {Test} from "forge-std/Test.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IEtherFiLiquidityPool, IWeETH, IEtherFiWithdrawRequestNFT} from "../../contracts/interfaces/protocols/IEtherFi.sol";
import {IRenzoRestakeManager, IRenzoRateProvider, IRenzoWithdrawQueue} from "../../contracts/interfaces/protocols/IRenzo.sol";
import {IKelpDepositPool, IKelpOracle, IKelpWithdrawalManager} from "../../contracts/interfaces/protocols/IKelp.sol";
import {IPufferVault, IPufferWithdrawalManager} from "../../contracts/interfaces/protocols/IPuffer.sol";
import {IRswETH, IRswEXIT} from "../../contracts/interfaces/protocols/ISwell.sol";
import {IAggregatorV3} from "../../contracts/interfaces/protocols/IAggregatorV3.sol";
import {IExitPool} from "../../contracts/interfaces/protocols/IExitPool.sol";
import {
    SimEtherFiLiquidityPool,
    SimWeETH,
    SimEtherFiWithdrawRequestNFT
} from "../../contracts/simulation/SimEtherFi.sol";
import {SimRenzo} from "../../contracts/simulation/SimRenzo.sol";
import {SimKelp} from "../../contracts/simulation/SimKelp.sol";
import {SimPufferVault, SimPufferWithdrawalManager} from "../../contracts/simulation/SimPuffer.sol";
import {SimRswETH, SimRswEXIT} from "../../contracts/simulation/SimSwell.sol";
import {SimMarketFeed} from "../../contracts/simulation/SimMarketFeed.sol";
import {SimExitPool} from "../../contracts/simulation/SimExitPool.sol";
import {IAllocationManager, IDelegationManager} from "../../contracts/interfaces/protocols/IEigenLayer.sol";
import {SimEigenLayer} from "../../contracts/simulation/SimEigenLayer.sol";

/// Every function of the mainnet interfaces has the same selector in its simulation, so an adapter built
/// against the interfaces calls the same code paths on the devnet and on a mainnet fork.
contract SimulationSelectorsTest is Test {
    function test_selectors_etherFiSimMatchesMainnetInterface() public pure {
        assertEq(IEtherFiLiquidityPool.deposit.selector, SimEtherFiLiquidityPool.deposit.selector);
        assertEq(IEtherFiLiquidityPool.requestWithdraw.selector, SimEtherFiLiquidityPool.requestWithdraw.selector);
        assertEq(IWeETH.wrap.selector, SimWeETH.wrap.selector);
        assertEq(IWeETH.unwrap.selector, SimWeETH.unwrap.selector);
        assertEq(IWeETH.getRate.selector, SimWeETH.getRate.selector);
        assertEq(IWeETH.getEETHByWeETH.selector, SimWeETH.getEETHByWeETH.selector);
        assertEq(IWeETH.getWeETHByeETH.selector, SimWeETH.getWeETHByeETH.selector);
        assertEq(IEtherFiWithdrawRequestNFT.claimWithdraw.selector, SimEtherFiWithdrawRequestNFT.claimWithdraw.selector);
        assertEq(IEtherFiWithdrawRequestNFT.isFinalized.selector, SimEtherFiWithdrawRequestNFT.isFinalized.selector);
        // eETH is served by the pool sim
        assertEq(bytes4(keccak256("balanceOf(address)")), SimEtherFiLiquidityPool.balanceOf.selector);
        assertEq(bytes4(keccak256("approve(address,uint256)")), SimEtherFiLiquidityPool.approve.selector);
    }

    function test_selectors_renzoSimMatchesMainnetInterface() public view {
        assertEq(IRenzoRestakeManager.depositETH.selector, SimRenzo.depositETH.selector);
        assertEq(IRenzoRestakeManager.calculateTVLs.selector, SimRenzo.calculateTVLs.selector);
        assertEq(IRenzoRateProvider.getRate.selector, SimRenzo.getRate.selector);
        assertEq(IRenzoWithdrawQueue.withdraw.selector, SimRenzo.withdraw.selector);
        assertEq(IRenzoWithdrawQueue.claim.selector, SimRenzo.claim.selector);
        assertEq(IRenzoWithdrawQueue.getOutstandingWithdrawRequests.selector, SimRenzo.getOutstandingWithdrawRequests.selector);
        assertEq(IRenzoWithdrawQueue.withdrawRequests.selector, SimRenzo.withdrawRequests.selector);
        assertEq(IRenzoWithdrawQueue.coolDownPeriod.selector, SimRenzo(payable(address(0))).coolDownPeriod.selector);
        assertEq(IRenzoRestakeManager.depositETH.selector, bytes4(keccak256("depositETH()")));
        assertEq(IRenzoWithdrawQueue.withdraw.selector, bytes4(keccak256("withdraw(uint256,address)")));
        assertEq(IRenzoWithdrawQueue.claim.selector, bytes4(keccak256("claim(uint256,address)")));
    }

    function test_selectors_kelpSimMatchesMainnetInterface() public pure {
        assertEq(IKelpDepositPool.depositETH.selector, SimKelp.depositETH.selector);
        assertEq(IKelpOracle.rsETHPrice.selector, SimKelp.rsETHPrice.selector);
        assertEq(IKelpOracle.updateRSETHPrice.selector, SimKelp.updateRSETHPrice.selector);
        assertEq(IKelpWithdrawalManager.initiateWithdrawal.selector, SimKelp.initiateWithdrawal.selector);
        assertEq(IKelpWithdrawalManager.completeWithdrawal.selector, SimKelp.completeWithdrawal.selector);
        assertEq(IKelpDepositPool.depositETH.selector, bytes4(keccak256("depositETH(uint256,string)")));
        assertEq(
            IKelpWithdrawalManager.initiateWithdrawal.selector,
            bytes4(keccak256("initiateWithdrawal(address,uint256,string)"))
        );
        assertEq(IKelpWithdrawalManager.completeWithdrawal.selector, bytes4(keccak256("completeWithdrawal(address,string)")));
    }

    function test_selectors_pufferSimMatchesMainnetInterface() public pure {
        assertEq(IPufferVault.depositETH.selector, SimPufferVault.depositETH.selector);
        assertEq(IERC4626.convertToAssets.selector, SimPufferVault(payable(address(0))).convertToAssets.selector);
        assertEq(IERC4626.redeem.selector, SimPufferVault(payable(address(0))).redeem.selector);
        assertEq(IPufferWithdrawalManager.requestWithdrawal.selector, SimPufferWithdrawalManager.requestWithdrawal.selector);
        assertEq(
            IPufferWithdrawalManager.completeQueuedWithdrawal.selector,
            SimPufferWithdrawalManager.completeQueuedWithdrawal.selector
        );
        assertEq(
            IPufferWithdrawalManager.getWithdrawalsLength.selector, SimPufferWithdrawalManager.getWithdrawalsLength.selector
        );
        assertEq(IPufferVault.depositETH.selector, bytes4(keccak256("depositETH(address)")));
        assertEq(IPufferWithdrawalManager.requestWithdrawal.selector, bytes4(keccak256("requestWithdrawal(uint128,address)")));
    }

    function test_selectors_swellSimMatchesMainnetInterface() public pure {
        assertEq(IRswETH.deposit.selector, SimRswETH.deposit.selector);
        assertEq(IRswETH.getRate.selector, SimRswETH.getRate.selector);
        assertEq(IRswETH.rswETHToETHRate.selector, SimRswETH.rswETHToETHRate.selector);
        assertEq(IRswETH.ethToRswETHRate.selector, SimRswETH.ethToRswETHRate.selector);
        assertEq(IRswEXIT.createWithdrawRequest.selector, SimRswEXIT.createWithdrawRequest.selector);
        assertEq(IRswEXIT.finalizeWithdrawal.selector, SimRswEXIT.finalizeWithdrawal.selector);
        assertEq(IRswEXIT.getLastTokenIdCreated.selector, SimRswEXIT.getLastTokenIdCreated.selector);
    }

    function test_selectors_feedAndPoolMatchTheirInterfaces() public view {
        assertEq(IAggregatorV3.latestRoundData.selector, SimMarketFeed.latestRoundData.selector);
        assertEq(IAggregatorV3.getRoundData.selector, SimMarketFeed.getRoundData.selector);
        assertEq(IAggregatorV3.decimals.selector, SimMarketFeed(address(0)).decimals.selector);
        assertEq(IAggregatorV3.latestRoundData.selector, bytes4(keccak256("latestRoundData()")));
        assertEq(IExitPool.swap.selector, SimExitPool.swap.selector);
        assertEq(IExitPool.quote.selector, SimExitPool.quote.selector);
    }

    /// The simulated EigenLayer core against the interfaces and against the mainnet signatures written out as
    /// strings (OperatorSet is the tuple (address,uint32); strategies are addresses in the ABI).
    function test_selectors_eigenLayerSimMatchesMainnetInterface() public pure {
        assertEq(IAllocationManager.slashOperator.selector, SimEigenLayer.slashOperator.selector);
        assertEq(IAllocationManager.modifyAllocations.selector, SimEigenLayer.modifyAllocations.selector);
        assertEq(IAllocationManager.registerForOperatorSets.selector, SimEigenLayer.registerForOperatorSets.selector);
        assertEq(IAllocationManager.setAllocationDelay.selector, SimEigenLayer.setAllocationDelay.selector);
        assertEq(IAllocationManager.createOperatorSets.selector, SimEigenLayer.createOperatorSets.selector);
        assertEq(IAllocationManager.getAllocatedSets.selector, SimEigenLayer.getAllocatedSets.selector);
        assertEq(IAllocationManager.getAllocation.selector, SimEigenLayer.getAllocation.selector);
        assertEq(IAllocationManager.getMaxMagnitude.selector, SimEigenLayer.getMaxMagnitude.selector);
        assertEq(IAllocationManager.getMembers.selector, SimEigenLayer.getMembers.selector);
        assertEq(IAllocationManager.getMemberCount.selector, SimEigenLayer.getMemberCount.selector);
        assertEq(IAllocationManager.getAllocationDelay.selector, SimEigenLayer.getAllocationDelay.selector);
        assertEq(IAllocationManager.getEncumberedMagnitude.selector, SimEigenLayer.getEncumberedMagnitude.selector);
        assertEq(IAllocationManager.getAllocatableMagnitude.selector, SimEigenLayer.getAllocatableMagnitude.selector);
        assertEq(IAllocationManager.isMemberOfOperatorSet.selector, SimEigenLayer.isMemberOfOperatorSet.selector);
        assertEq(IAllocationManager.isOperatorSet.selector, SimEigenLayer.isOperatorSet.selector);
        assertEq(
            IAllocationManager.getStrategiesInOperatorSet.selector, SimEigenLayer.getStrategiesInOperatorSet.selector
        );
        assertEq(IAllocationManager.DEALLOCATION_DELAY.selector, SimEigenLayer(address(0)).DEALLOCATION_DELAY.selector);
        assertEq(
            IAllocationManager.ALLOCATION_CONFIGURATION_DELAY.selector,
            SimEigenLayer(address(0)).ALLOCATION_CONFIGURATION_DELAY.selector
        );
        assertEq(IDelegationManager.delegatedTo.selector, SimEigenLayer.delegatedTo.selector);
        assertEq(IDelegationManager.isDelegated.selector, SimEigenLayer.isDelegated.selector);
        assertEq(IDelegationManager.isOperator.selector, SimEigenLayer.isOperator.selector);
        assertEq(IDelegationManager.getOperatorShares.selector, SimEigenLayer.getOperatorShares.selector);
        assertEq(IDelegationManager.operatorShares.selector, SimEigenLayer.operatorShares.selector);
        assertEq(IDelegationManager.getWithdrawableShares.selector, SimEigenLayer.getWithdrawableShares.selector);

        assertEq(
            IAllocationManager.slashOperator.selector,
            bytes4(keccak256("slashOperator(address,(address,uint32,address[],uint256[],string))"))
        );
        assertEq(
            IAllocationManager.modifyAllocations.selector,
            bytes4(keccak256("modifyAllocations(address,((address,uint32),address[],uint64[])[])"))
        );
        assertEq(
            IAllocationManager.registerForOperatorSets.selector,
            bytes4(keccak256("registerForOperatorSets(address,(address,uint32[],bytes))"))
        );
        assertEq(IAllocationManager.getAllocatedSets.selector, bytes4(0x15fe5028));
        assertEq(
            IAllocationManager.getAllocation.selector, bytes4(keccak256("getAllocation(address,(address,uint32),address)"))
        );
        assertEq(IAllocationManager.getMaxMagnitude.selector, bytes4(keccak256("getMaxMagnitude(address,address)")));
        assertEq(IAllocationManager.getMembers.selector, bytes4(keccak256("getMembers((address,uint32))")));
        assertEq(IDelegationManager.delegatedTo.selector, bytes4(keccak256("delegatedTo(address)")));
        assertEq(IDelegationManager.getOperatorShares.selector, bytes4(keccak256("getOperatorShares(address,address[])")));
        assertEq(
            IDelegationManager.getWithdrawableShares.selector, bytes4(keccak256("getWithdrawableShares(address,address[])"))
        );
        assertEq(
            SimEigenLayer.registerAsOperator.selector, bytes4(keccak256("registerAsOperator(address,uint32,string)"))
        );
    }
}
