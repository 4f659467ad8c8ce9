// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {LRTVault} from "../contracts/LRTVault.sol";
import {ILRTVault, ILRTVaultAdmin} from "../contracts/interfaces/ILRTVault.sol";
import {IWETH9} from "../contracts/interfaces/protocols/IWETH9.sol";
import {EtherFiAdapter} from "../contracts/adapters/EtherFiAdapter.sol";
import {RenzoAdapter} from "../contracts/adapters/RenzoAdapter.sol";
import {KelpAdapter} from "../contracts/adapters/KelpAdapter.sol";
import {PufferAdapter} from "../contracts/adapters/PufferAdapter.sol";
import {SwellAdapter} from "../contracts/adapters/SwellAdapter.sol";
import {WETH} from "../contracts/tokens/WETH.sol";
import {VaultLens} from "../contracts/periphery/VaultLens.sol";
import {RedemptionQueue} from "../contracts/RedemptionQueue.sol";
import {JuniorTranche} from "../contracts/tranche/JuniorTranche.sol";
import {DeploySimulation} from "./DeploySimulation.s.sol";

/// @title Deploy
/// @notice Deploys the vault, its five LRT adapters, its redemption queue, the admin timelock, the roles and the keeper's
/// VaultLens, and writes `deployments/<chainId>.json` (or DEPLOYMENTS_PATH). On a devnet (the default) it first deploys WETH
/// and the simulated protocols; the vault part is the same a real deployment runs with other parameters.
/// @dev Parameters (environment, all optional; defaults are the devnet's):
///   DEPLOYER_KEY            broadcasting key (default: anvil account 0); owns the simulations
///   KEEPER / GUARDIAN       allocator and guardian (default: anvil accounts 1 and 2)
///   CURATOR                 curator after deployment (default: the deployer)
///   FEE_RECIPIENT           performance fee receiver (default: anvil account 3)
///   ADMIN_DELAY             TimelockController min delay in seconds (default 2 days)
///   CURATOR_TIMELOCK        vault timelock for risk-raising curator changes (default 1 day)
///   ADAPTER_CAP_ETH         absolute cap per adapter (default 50000)
///   RESERVE_SEED_ETH        deployer's gift to the insurance reserve (default 20)
///   FEED_MAX_STALENESS      max age of an LRT market feed answer, seconds (default 1 day)
///   QUEUE_MAX_WAIT          the redemption queue's maximum wait, seconds (default 15 days; at least 14 days, the
///                           slowest protocol queue of this deployment: Puffer's)
///   QUEUE_MIN_REQUEST_WEI   the smallest redemption request (default 0.01 ETH)
///   DEPLOYMENTS_PATH        where to write the JSON (default deployments/<chainId>.json)
contract Deploy is DeploySimulation {
    /// @notice What the deployment produced; also written as JSON.
    struct Deployment {
        address weth;
        address vault;
        address feed;
        address timelock;
        address lens;
        address queue;
        address junior;
        address[5] adapters;
    }

    /// @notice The slowest protocol withdrawal queue of this deployment (Puffer, 14 days; Kelp 8, Swell 12, ether.fi
    /// and Renzo 7): the floor of the redemption queue's maximum wait, so its liveness promise can always be kept by
    /// queued exits.
    uint256 internal constant SLOWEST_PROTOCOL_DELAY = 14 days;

    /// @notice Risk tiers: 0 blue chip, 1 established, 2 elevated (e.g. a bridge exposure).
    uint8 internal constant TIER_BLUE_CHIP = 0;
    uint8 internal constant TIER_ESTABLISHED = 1;
    uint8 internal constant TIER_ELEVATED = 2;

    uint256 internal constant ANVIL_KEY_0 = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;
    address internal constant ANVIL_1 = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8;
    address internal constant ANVIL_2 = 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC;
    address internal constant ANVIL_3 = 0x90F79bf6EB2C4F870b0694b92Cd4B41d79E3Ac1a;

    /// @notice Deploys everything and writes the deployments JSON.
    function run() external returns (Deployment memory d) {
        uint256 key = vm.envOr("DEPLOYER_KEY", ANVIL_KEY_0);
        address deployer = vm.addr(key);
        vm.startBroadcast(key);
        (WETH weth, SimProtocol[5] memory protocols) = _deploySimulation(deployer);
        _deployEigenLayer(deployer, protocols);
        d = _deployVault(deployer, address(weth), protocols);
        d.lens = address(new VaultLens());
        vm.stopBroadcast();
        _write(d, protocols);
    }

    /// @dev The production part: vault, adapters, configuration, roles, admin handed to a timelock.
    function _deployVault(address deployer, address weth, SimProtocol[5] memory protocols)
        internal
        returns (Deployment memory d)
    {
        ILRTVault vault = ILRTVault(address(new LRTVault(IWETH9(weth), deployer, "LRT Restaked ETH Vault", "lrtETH")));
        d.weth = weth;
        d.vault = address(vault);
        d.feed = address(vault.priceFeed());

        // The deployer curates during set-up; the vault timelock is still zero, so each risk-raising
        // change is submitted and executed in the same transaction sequence.
        vault.setRole(vault.CURATOR_ROLE(), deployer, true);
        _curate(vault, abi.encodeCall(ILRTVaultAdmin.setTier, (TIER_BLUE_CHIP, 7_000, 100)));
        _curate(vault, abi.encodeCall(ILRTVaultAdmin.setTier, (TIER_ESTABLISHED, 5_000, 200)));
        _curate(vault, abi.encodeCall(ILRTVaultAdmin.setTier, (TIER_ELEVATED, 2_500, 400)));
        _curate(vault, abi.encodeCall(ILRTVaultAdmin.setFees, (1_000, 500)));
        vault.setBufferFloor(500);

        uint256 staleness = vm.envOr("FEED_MAX_STALENESS", uint256(1 days));
        uint256 cap = vm.envOr("ADAPTER_CAP_ETH", uint256(50_000)) * 1 ether;
        d.adapters = _deployAdapters(address(vault), weth, protocols, staleness);
        uint8[5] memory tiers = [TIER_BLUE_CHIP, TIER_ESTABLISHED, TIER_ELEVATED, TIER_BLUE_CHIP, TIER_ESTABLISHED];
        for (uint256 i; i < 5; ++i) {
            _curate(vault, abi.encodeCall(ILRTVaultAdmin.addAdapter, (d.adapters[i], tiers[i], cap)));
        }

        uint256 seed = vm.envOr("RESERVE_SEED_ETH", uint256(20)) * 1 ether;
        if (seed > 0) {
            WETH(payable(weth)).deposit{value: seed}();
            WETH(payable(weth)).approve(address(vault), seed);
            vault.fundReserve(seed);
        }
        // The insurance cut refills the reserve to its seed before junior capital earns a premium.
        vault.setReserveTarget(seed);

        vault.setRole(vault.ALLOCATOR_ROLE(), vm.envOr("KEEPER", ANVIL_1), true);
        vault.setRole(vault.GUARDIAN_ROLE(), vm.envOr("GUARDIAN", ANVIL_2), true);
        vault.setFeeRecipient(vm.envOr("FEE_RECIPIENT", ANVIL_3));
        vault.setTimelock(uint64(vm.envOr("CURATOR_TIMELOCK", uint256(1 days))));
        address curator = vm.envOr("CURATOR", deployer);
        if (curator != deployer) {
            vault.setRole(vault.CURATOR_ROLE(), curator, true);
            vault.setRole(vault.CURATOR_ROLE(), deployer, false);
        }

        d.queue = _deployQueue(vault);
        d.junior = _deployJunior(vault, weth);

        // Admin goes behind a timelock: the deployer proposes, anyone executes after the delay.
        address[] memory proposers = new address[](1);
        proposers[0] = deployer;
        address[] memory executors = new address[](1);
        TimelockController timelock =
            new TimelockController(vm.envOr("ADMIN_DELAY", uint256(2 days)), proposers, executors, address(0));
        d.timelock = address(timelock);
        vault.setRole(vault.DEFAULT_ADMIN_ROLE(), address(timelock), true);
        vault.setRole(vault.DEFAULT_ADMIN_ROLE(), deployer, false);
    }

    /// @dev The junior (first-loss) tranche beside the vault, with a 21-day notice (its first setting is immediate; a
    /// replacement waits on the admin).
    function _deployJunior(ILRTVault vault, address weth) internal returns (address junior) {
        junior = address(new JuniorTranche(vault, IWETH9(weth), uint64(vm.envOr("JUNIOR_NOTICE", uint256(21 days)))));
        vault.setJuniorTranche(junior);
    }

    /// @dev The redemption queue beside the vault (its first setting is immediate; a replacement waits on the admin).
    function _deployQueue(ILRTVault vault) internal returns (address queue) {
        queue = address(
            new RedemptionQueue(
                address(vault),
                SLOWEST_PROTOCOL_DELAY,
                vm.envOr("QUEUE_MAX_WAIT", uint256(15 days)),
                vm.envOr("QUEUE_MIN_REQUEST_WEI", uint256(0.01 ether))
            )
        );
        vault.setRedemptionQueue(queue);
    }

    function _deployAdapters(address vault, address weth, SimProtocol[5] memory p, uint256 staleness)
        internal
        returns (address[5] memory a)
    {
        a[0] = address(
            new EtherFiAdapter(
                vault, weth, p[0].sim, p[0].sim, p[0].lrt, p[0].queue, p[0].exitPool, p[0].marketFeed, staleness
            )
        );
        a[1] = address(
            new RenzoAdapter(
                vault, weth, p[1].sim, p[1].lrt, p[1].sim, p[1].queue, p[1].exitPool, p[1].marketFeed, staleness
            )
        );
        a[2] = address(
            new KelpAdapter(
                vault, weth, p[2].sim, p[2].lrt, p[2].sim, p[2].queue, p[2].exitPool, p[2].marketFeed, staleness
            )
        );
        a[3] = address(new PufferAdapter(vault, weth, p[3].sim, p[3].queue, p[3].exitPool, p[3].marketFeed, staleness));
        a[4] = address(new SwellAdapter(vault, weth, p[4].sim, p[4].queue, p[4].exitPool, p[4].marketFeed, staleness));
    }

    /// @dev Submits a risk-raising change and executes it (the vault timelock is zero during set-up).
    function _curate(ILRTVault vault, bytes memory data) internal {
        vault.submit(data);
        (bool ok, bytes memory ret) = address(vault).call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    function _write(Deployment memory d, SimProtocol[5] memory p) internal {
        string memory adapters = "adapters";
        string memory lrts = "lrts";
        string memory sims = "simulation";
        string memory adaptersJson;
        string memory lrtsJson;
        string memory simsJson;
        for (uint256 i; i < 5; ++i) {
            adaptersJson = vm.serializeAddress(adapters, p[i].name, d.adapters[i]);
            lrtsJson = vm.serializeAddress(lrts, p[i].name, p[i].lrt);
            simsJson = vm.serializeString(sims, p[i].name, _simJson(p[i]));
        }
        string memory root = "root";
        vm.serializeUint(root, "chainId", block.chainid);
        vm.serializeAddress(root, "vault", d.vault);
        vm.serializeAddress(root, "weth", d.weth);
        vm.serializeAddress(root, "timelock", d.timelock);
        vm.serializeAddress(root, "feed", d.feed);
        vm.serializeAddress(root, "lens", d.lens);
        vm.serializeAddress(root, "queue", d.queue);
        vm.serializeAddress(root, "junior", d.junior);
        vm.serializeString(root, "adapters", adaptersJson);
        vm.serializeString(root, "lrts", lrtsJson);
        vm.serializeString(root, "eigenLayer", _eigenLayerJson(p));
        string memory json = vm.serializeString(root, "simulation", simsJson);
        string memory path = vm.envOr(
            "DEPLOYMENTS_PATH", string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json")
        );
        vm.writeJson(json, path);
    }

    function _simJson(SimProtocol memory p) internal returns (string memory) {
        string memory key = string.concat("sim-", p.name);
        vm.serializeAddress(key, "protocol", p.sim);
        vm.serializeAddress(key, "queue", p.queue);
        vm.serializeAddress(key, "exitPool", p.exitPool);
        return vm.serializeAddress(key, "marketFeed", p.marketFeed);
    }
}
