import { readFileSync } from "node:fs";
import path from "node:path";
import { createPublicClient, http, keccak256, toHex, type Abi } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type Anvil } from "../../../script/lib/anvil.js";
import { deploy, PROTOCOLS, type Deployment } from "../../../script/lib/deploy.js";
import { repoRoot } from "../../../script/lib/foundry.js";

function artifactAbi(file: string, contract: string): Abi {
  const json = JSON.parse(readFileSync(path.join(repoRoot, "out", file, `${contract}.json`), "utf8")) as { abi: Abi };
  return json.abi;
}

const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const KEEPER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const GUARDIAN = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("script/Deploy.s.sol on a fresh anvil", () => {
  let anvil: Anvil;
  let d: Deployment;
  // The vault's surface is two artifacts: the core and the admin module it delegates to (tier, adapterCap, ... live there).
  const vaultAbi = [...artifactAbi("LRTVault.sol", "LRTVault"), ...artifactAbi("LRTVaultAdmin.sol", "LRTVaultAdmin")] as Abi;
  let read: (fn: string, args?: readonly unknown[]) => Promise<unknown>;

  beforeAll(async () => {
    anvil = await startAnvil();
    d = await deploy({ rpcUrl: anvil.rpcUrl, outFile: path.join(repoRoot, "deployments", `test-deploy-${anvil.port}.json`) });
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    read = (functionName, args = []) => client.readContract({ address: d.vault, abi: vaultAbi, functionName, args });
  });
  afterAll(async () => {
    await anvil?.stop();
  });

  it("registers the five adapters, one per protocol, in the deployments JSON order", async () => {
    expect(await read("adapters")).toEqual(PROTOCOLS.map((p) => d.adapters[p]));
    expect(d.chainId).toBe(31337);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const lensCode = await client.getCode({ address: d.lens });
    expect(lensCode?.length ?? 0).toBeGreaterThan(2);
  });

  it("puts admin behind the timelock and gives the keeper and guardian their roles only", async () => {
    const role = (name: string) => keccak256(toHex(name));
    const admin = "0x0000000000000000000000000000000000000000000000000000000000000000";
    expect(await read("hasRole", [admin, d.timelock])).toBe(true);
    expect(await read("hasRole", [admin, DEPLOYER])).toBe(false);
    expect(await read("hasRole", [role("ALLOCATOR_ROLE"), KEEPER])).toBe(true);
    expect(await read("hasRole", [role("CURATOR_ROLE"), KEEPER])).toBe(false);
    expect(await read("hasRole", [role("GUARDIAN_ROLE"), GUARDIAN])).toBe(true);
    expect(await read("timelock")).toBe(86_400n);
  });

  it("seeds the insurance reserve and sets the tiers the reserve rule reads", async () => {
    expect(await read("reserveAssets")).toBe(20n * 10n ** 18n);
    expect(await read("tier", [2])).toEqual({ capBps: 2_500, coverageBps: 400 });
    expect(await read("bufferFloorBps")).toBe(500);
  });

  it("seeds EigenLayer with five AVSs whose operator sets overlap across the five LRTs", async () => {
    const el = d.eigenLayer;
    expect(el).toBeDefined();
    if (el === undefined) return;
    expect(Object.keys(el.avs)).toEqual(["Aethos", "EigenDA", "Espresso", "Hyperlane", "Lagrange"]);
    const names = Object.keys(el.avs);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const [, exposures] = (await client.readContract({
      address: el.exposureLens,
      abi: artifactAbi("ExposureLens.sol", "ExposureLens"),
      functionName: "exposures",
      args: [
        el.allocationManager,
        el.delegationManager,
        el.strategy,
        names.map((n) => ({ avs: el.avs[n], id: 0 })),
        PROTOCOLS.map((p) => ({ adapter: d.adapters[p], stakers: el.stakers[p] })),
      ],
    })) as [bigint, { restaked: bigint; atRisk: bigint[] }[]];
    // share of each LRT's restaked ETH each AVS can slash, in percent (magnitudes x delegation split)
    const pct = exposures.map((e) => e.atRisk.map((a) => Number((a * 1000n) / e.restaked) / 10));
    const eigenDA = names.indexOf("EigenDA");
    expect(pct.map((row) => row[eigenDA])).toEqual([39, 30, 9, 32, 0]);
    for (const row of pct) expect(row.filter((x) => x > 0).length).toBeGreaterThanOrEqual(3);
  });
});
