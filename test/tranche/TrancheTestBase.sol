// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {VaultTestBase} from "../VaultTestBase.sol";
import {ILRTVault, ILRTVaultAdmin} from "../../contracts/interfaces/ILRTVault.sol";
import {IWETH9} from "../../contracts/interfaces/protocols/IWETH9.sol";
import {JuniorTranche} from "../../contracts/tranche/JuniorTranche.sol";

/// @notice A vault with a junior tranche (21-day notice), 100 ETH of senior deposits, 90 ETH allocated to the mock
/// adapter, no fees unless a test sets them.
abstract contract TrancheTestBase is VaultTestBase {
    JuniorTranche internal tranche;
    address internal carol = makeAddr("carol");
    address internal dave = makeAddr("dave");

    function setUp() public virtual override {
        super.setUp();
        tranche = new JuniorTranche(ILRTVault(address(vault)), IWETH9(address(weth)), 21 days);
        vm.prank(admin);
        vault.setJuniorTranche(address(tranche));
        _deposit(alice, 100 ether);
        _allocate(adapter, 90 ether);
    }

    function _junior(address user, uint256 assets) internal returns (uint256 shares) {
        vm.deal(user, user.balance + assets);
        vm.prank(user);
        shares = tranche.depositETH{value: assets}(user, 0);
    }

    function _request(address user, uint256 shares) internal returns (uint256 id) {
        vm.prank(user);
        id = tranche.requestRedeem(shares, user, user);
    }

    function _claim(address user, uint256 id) internal returns (uint256 paid) {
        vm.prank(user);
        paid = tranche.claim(id, user);
    }

    /// @dev Junior capital's value in WETH (every vault share the tranche holds).
    function _juniorAssets() internal view returns (uint256) {
        return vault.convertToAssets(vault.balanceOf(address(tranche)));
    }

    /// @dev A holder's junior position in WETH.
    function _juniorValueOf(address user) internal view returns (uint256) {
        return vault.convertToAssets(tranche.convertToAssets(tranche.balanceOf(user)));
    }

    function _setFees(uint16 perf, uint16 insurance) internal {
        _timelocked(abi.encodeCall(ILRTVaultAdmin.setFees, (perf, insurance)));
    }

    function _setCoverage(uint16 coverageBps) internal {
        _curatorCall(abi.encodeCall(ILRTVaultAdmin.setTier, (0, 10_000, coverageBps)));
    }
}
