/**
 * Issue 18 on a devnet: a loss ether.fi's oracle report could not publish (the report's downward bound capped it)
 * guards ether.fi from the report's event, before the loss reaches the rate, so the keeper stops allocating there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAbi } from "viem";
import { runCycle, type CycleDeps } from "../../../keeper/cycle.js";
import { DEPLOY_TIMEOUT_MS, OWNER_KEY, simAbi, startDevnet, type Devnet } from "./helpers/devnet.js";

const etherFiAbi = parseAbi([
  "function setContinuousPublishing(bool on)",
  "function setReportBounds(uint256 maxNegativePpm, uint256 interval)",
  "function oracleReport()",
]);

let net: Devnet;
let deps: CycleDeps;

beforeAll(async () => {
  net = await startDevnet(100);
  const pool = net.sim("etherfi").protocol;
  const adapters = Object.fromEntries(Object.entries(net.d.adapters).map(([name, address]) => [address, { name }]));
  adapters[net.adapter("etherfi")] = { name: "etherfi", protocol: { kind: "etherfi", address: pool } } as never;
  deps = await net.deps({ config: { adapters } });
  // ether.fi pays best and publishes only at oracle reports, each allowed to fall at most 1 ppm.
  await net.send(OWNER_KEY, pool, simAbi, "setAprBps", [3_000n]);
  await net.send(OWNER_KEY, pool, etherFiAbi, "setReportBounds", [1n, 0n]);
  await net.send(OWNER_KEY, pool, etherFiAbi, "setContinuousPublishing", [false]);
}, DEPLOY_TIMEOUT_MS);

afterAll(async () => {
  deps?.store.close();
  await net?.stop();
});

describe("keeper guard from the protocols' events (devnet)", () => {
  it("a capped ether.fi report stops new allocation to ether.fi while its rate still hides the loss", async () => {
    const pool = net.sim("etherfi").protocol;
    const etherfi = net.adapter("etherfi");
    expect((await runCycle(deps)).outcome).toBe("no-moves"); // the first rate sample
    await net.warp(7_200);
    await net.send(OWNER_KEY, pool, etherFiAbi, "oracleReport", []); // rewards: uncapped
    const before = await runCycle(deps, { dryRun: true });
    const a0 = before.adapters.find((a) => a.address === etherfi)!;
    expect(a0.guard.guarded).toBe(false);
    expect(before.plan.moves.some((m) => m.adapter === etherfi && m.deposit)).toBe(true);

    // A 1 % loss: the next report is capped at 1 ppm down, so the published rate barely moves.
    await net.send(OWNER_KEY, pool, simAbi, "slash", [100n]);
    await net.send(OWNER_KEY, pool, etherFiAbi, "oracleReport", []);
    const after = await runCycle(deps, { dryRun: true });
    const a1 = after.adapters.find((a) => a.address === etherfi)!;
    const state1 = after.state.adapters.find((a) => a.address === etherfi)!;
    const state0 = before.state.adapters.find((a) => a.address === etherfi)!;
    // The rate shows at most 1 ppm of the 1 % loss ...
    expect(state0.fairRate - state1.fairRate).toBeLessThanOrEqual(state0.fairRate / 1_000_000n + 1n);
    // ... yet ether.fi is guarded from the report's event and gets no deposit.
    expect(a1.guard.guarded).toBe(true);
    expect(a1.guard.exit).toBe(false);
    expect(a1.guard.reasons.join()).toMatch(/ether\.fi's oracle report at block \d+ was capped: the rate stays 99\.\d\d bps above/);
    expect(after.plan.moves.some((m) => m.adapter === etherfi && m.deposit)).toBe(false);
  });
});
