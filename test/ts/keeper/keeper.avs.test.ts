/**
 * Restaking risk against a real chain: the devnet's simulated EigenLayer with its five AVSs. One EigenDA fault
 * slashes its whole operator set; every LRT delegated to those operators drops in the same block, in proportion
 * to its exposure, and the keeper's next cycle sees all of it as one AVS event and responds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAbi } from "viem";
import { readExposures } from "../../../keeper/chain/exposure.js";
import { eigenLayerKeeperConfig } from "../../../script/lib/deploy.js";
import { readVaultState } from "../../../keeper/chain/read.js";
import { runCycle, type CycleDeps } from "../../../keeper/cycle.js";
import { exposureStatus, formatEth, formatStatus } from "../../../keeper/status.js";
import { startKeeper } from "../../../keeper/runtime.js";
import type { StatusView } from "../../../keeper/server/view.js";
import { launchChromium } from "../helpers/browser.js";
import type { AddressInfo } from "node:net";
import { countingTransport, DEPLOY_TIMEOUT_MS, OWNER_KEY, reader, simAbi, startDevnet, type Devnet } from "./helpers/devnet.js";

const avsAbi = parseAbi(["function slashOperatorSet(uint32 operatorSetId, uint256 wad, string description)"]);
const rateAbi = parseAbi(["function accruedRate() view returns (uint256)"]);

let net: Devnet;
let deps: CycleDeps;

function riskConfig(d: Devnet["d"]) {
  const names = Object.keys(d.eigenLayer!.avs);
  return {
    avsCapBps: 4_000,
    avs: Object.fromEntries(names.map((n) => [n, { slashProbabilityBps: n === "EigenDA" ? 300 : 100, severityBps: 1_000 }])),
    eigenLayer: eigenLayerKeeperConfig(d),
  };
}

beforeAll(async () => {
  net = await startDevnet(100);
  deps = await net.deps({ config: { risk: riskConfig(net.d) } });
}, DEPLOY_TIMEOUT_MS);

afterAll(async () => {
  deps?.store.close();
  await net?.stop();
});

describe("keeper with the restaking risk model on a devnet", () => {
  it("reads every LRT's exposure per AVS in one more round trip, at the vault read's block", async () => {
    const counter = countingTransport(net.anvil.rpcUrl);
    const counting = counter.transport;
    const client = (await net.deps({ transport: counting, config: { risk: riskConfig(net.d) } })).client;
    counter.requests = 0;
    const s = await readVaultState(client, net.d.vault);
    const e = await readExposures(client, deps.config.risk!, s.blockNumber);
    expect(counter.requests).toBe(2);
    expect(e.blockNumber).toBe(s.blockNumber);
    expect(e.avs).toEqual(["Aethos", "EigenDA", "Espresso", "Hyperlane", "Lagrange"]);
    expect(e.lrts).toHaveLength(5);
  });

  it("allocates by risk-adjusted yield and keeps every AVS within its limit", async () => {
    await runCycle(deps);
    await net.warp(7_200);
    const r = await runCycle(deps);
    expect(r.outcome).toBe("sent");
    const after = await runCycle(deps, { dryRun: true });
    const view = after.exposure!;
    for (const v of view.vault) expect(v.exposure).toBeLessThanOrEqual(v.limit + v.limit / 1_000n);
    const eigenDA = view.vault.find((v) => v.avs === "EigenDA")!;
    expect(eigenDA.exposure).toBeGreaterThan(0n);
    // the expected loss is shown apart and taken off the APY the optimiser used
    for (const a of after.adapters) expect(a.outlook.apy).toBeCloseTo(a.apy.totalApy - a.expectedLoss, 12);
    expect(after.adapters.find((a) => a.name === "etherfi")!.expectedLoss).toBeGreaterThan(0);
  });

  it("one EigenDA slash hits four LRTs in the same block; the next cycle records one event and holds (a realised AVS loss is not a protocol fault)", async () => {
    const client = reader(net.anvil.rpcUrl);
    const rate = async (name: string) =>
      client.readContract({ address: net.sim(name).protocol, abi: rateAbi, functionName: "accruedRate" });
    const names = ["etherfi", "renzo", "kelp", "puffer", "swell"];
    const before = await Promise.all(names.map(rate));
    const exposures = await readExposures(client, deps.config.risk!);
    const eigenDAIndex = exposures.avs.indexOf("EigenDA");
    const held = await readVaultState(client, net.d.vault);

    await net.send(OWNER_KEY, net.d.eigenLayer!.avs.EigenDA!, avsAbi, "slashOperatorSet", [0, 10n ** 17n, "EigenDA: equivocation"]);
    const after = await Promise.all(names.map(rate));
    // same block, in proportion: each LRT loses (its EigenDA exposure share) x 10 %
    names.forEach((_, i) => {
      const e = exposures.lrts[i]!;
      const share = Number(e.atRisk[eigenDAIndex]!) / Number(e.restaked);
      expect(Number(before[i]! - after[i]!) / Number(before[i]!)).toBeCloseTo(share * 0.1, 4);
    });
    expect(after[4]).toBeGreaterThanOrEqual(before[4]!); // Swell's operators are not in EigenDA's set: it only accrued

    await net.warp(600);
    const r = await runCycle(deps);
    const events = r.exposure!.events;
    expect(events.map((e) => e.avs)).toEqual(["EigenDA"]);
    const hitNames = events[0]!.hits.map((h) => r.adapters.find((a) => a.address === h.adapter)!.name);
    expect(hitNames).toEqual(["etherfi", "renzo", "kelp", "puffer"]);
    for (const h of events[0]!.hits) {
      // guard.avsSlash "hold": the fall is explained by EigenDA's slash, so the guard does not sell after it
      const a = r.adapters.find((x) => x.address === h.adapter)!;
      expect(a.guard.guarded).toBe(false);
    }
    // and the AVS cap holds on the exposures as they are after the slash
    for (const v of r.exposure!.vault) expect(v.exposure).toBeLessThanOrEqual(v.limit + v.limit / 1_000n);
    // the loss per event and the reserve's coverage of it, named by AVS
    const [row] = deps.store.avsEvents(1);
    expect(row!.avs).toBe("EigenDA");
    const detail = JSON.parse(row!.detail) as { vaultLoss: string; reserveCoverage: number; response: string; hits: { name: string; vaultLoss: string }[] };
    expect(detail.response).toMatch(/^hold: /);
    const heldBefore = (name: string) => held.adapters.find((a) => a.address === net.adapter(name))!.allocation;
    const expectedLoss = names.slice(0, 4).reduce((sum, n, i) => {
      const e = exposures.lrts[i]!;
      return sum + (Number(heldBefore(n)) * Number(e.atRisk[eigenDAIndex]!)) / Number(e.restaked) * 0.1;
    }, 0);
    expect(Number(detail.vaultLoss)).toBeCloseTo(expectedLoss, -12);
    expect(detail.reserveCoverage).toBeGreaterThan(1);

    const text = formatStatus(r.state, r.adapters, [], { ops: null, account: null, lastReportTx: null, risk: exposureStatus(r.exposure!, r.adapters, deps.store.avsEvents(5)) });
    expect(text).toMatch(/EigenDA slash at block \d+ \([^)]+\): vault lost \d+\.\d{4} ETH, reserve covers [\d.]+x; hit etherfi -3\.900 % .*; guard: hold: a realised AVS loss/);
    expect(text).toMatch(/ETH at risk\s+Aethos\s+EigenDA\s+Espresso\s+Hyperlane\s+Lagrange/);

    // a protocol-level slash beside it is not an AVS event, and no AVS explains it: the guard holds swell
    await net.send(OWNER_KEY, net.sim("swell").protocol, simAbi, "slash", [100n]);
    await net.warp(600);
    const later = await runCycle(deps);
    expect(later.exposure!.events).toEqual([]);
    const swell = later.adapters.find((a) => a.name === "swell")!;
    expect(swell.guard.guarded).toBe(true);
    expect(swell.guard.reasons[0]).toMatch(/^fair rate fell (99|100)\.\d+ bps/);
    expect(later.adapters.find((a) => a.name === "etherfi")!.guard.guarded).toBe(false);
  });

  it("/status carries the restaking section and the status page shows it: exposure per LRT and AVS, limits, the AVS that slashed", async () => {
    const running = await net.deps({
      storePath: deps.config.storePath,
      config: { risk: riskConfig(net.d), schedule: { cycle: "*/5 * * * *", report: "0 */6 * * *" }, server: { enabled: true, host: "127.0.0.1", port: 0 } },
    });
    const keeper = await startKeeper(running);
    try {
      await keeper.jobs.idle();
      await net.warp(600);
      await keeper.runNow("cycle");
      const url = `http://127.0.0.1:${(keeper.server!.address() as AddressInfo).port}`;
      const s = (await (await fetch(`${url}/status`)).json()) as StatusView & { risk: { avs: { name: string; exposure: string; limit: string }[]; events: { avs: string }[] } };
      expect(s.risk.avs.map((a) => a.name)).toEqual(["Aethos", "EigenDA", "Espresso", "Hyperlane", "Lagrange"]);
      expect(s.risk.events.map((e) => e.avs)).toContain("EigenDA");
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${url}/`);
        await page.waitForSelector("body[data-ready='1']");
        expect(await page.isVisible("#risk")).toBe(true);
        for (const a of s.risk.avs) {
          expect(await page.textContent(`#risk-avs tr[data-avs='${a.name}'] td.exposure`)).toBe(formatEth(BigInt(a.exposure)));
          expect(await page.textContent(`#risk-avs tr[data-avs='${a.name}'] td.limit`)).toBe(formatEth(BigInt(a.limit)));
        }
        expect(await page.textContent("#risk-events tr[data-avs='EigenDA'] td.hits")).toMatch(/^etherfi -3\.900 %, renzo -3\.000 %, kelp -0\.900 %, puffer -3\.200 %$/);
        expect(await page.locator("#risk-lrts tbody tr").count()).toBe(5);
      } finally {
        await browser.close();
      }
    } finally {
      await keeper.stop();
    }
  });
});
