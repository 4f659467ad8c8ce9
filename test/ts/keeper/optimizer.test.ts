import { describe, expect, it } from "vitest";
import { solveAllocation, type AllocationInput } from "../../../keeper/strategy/optimizer.js";
import { checkRules } from "../../../keeper/strategy/rules.js";
import type { Move } from "../../../keeper/strategy/types.js";
import { bruteForceLp } from "./helpers/bruteForceLp.js";
import { randomInput } from "./helpers/randomState.js";
import { rng } from "./helpers/rng.js";
import { adapter, E, outlook, vaultState } from "./helpers/state.js";

const params = { horizonYears: 30 / 365, slippageBps: 0 };
/** Target allocation of each adapter in ETH (float) from a solution. */
function targets(input: AllocationInput): number[] {
  const sol = solveAllocation(input);
  expect(sol.status).toBe("optimal");
  const T = Number(input.state.totalAssets) / 1e18;
  return input.state.adapters.map((a, i) => Number(a.allocation) / 1e18 + (sol.deposit[i]! - sol.withdraw[i]!) * T);
}

describe("optimiser: the exact target allocation under the vault's rules", () => {
  it("puts idle funds in the best LRT up to its adapter cap, the rest in the next best, keeping the buffer", () => {
    const state = vaultState([adapter(0), adapter(1, { cap: 30n * E })], { idle: 100n * E, bufferFloorBps: 500 });
    const t = targets({ state, outlook: [outlook(0.03), outlook(0.04)], params });
    expect(t[1]).toBeCloseTo(30, 6);
    expect(t[0]).toBeCloseTo(65, 6);
  });

  it("keeps a tier within its cap as a share of total assets", () => {
    const state = vaultState([adapter(0, { tier: 1 }), adapter(1, { tier: 1 }), adapter(2, { tier: 0 })], {
      idle: 100n * E,
      bufferFloorBps: 0,
    });
    const t = targets({ state, outlook: [outlook(0.05), outlook(0.06), outlook(0.02)], params });
    expect(t[0]! + t[1]!).toBeCloseTo(50, 6); // tier 1 cap 50 %
    expect(t[1]).toBeCloseTo(50, 6);
    expect(t[2]).toBeCloseTo(50, 6);
  });

  it("stops allocating where the insurance reserve no longer covers sum(allocation x coverage)", () => {
    const state = vaultState([adapter(0, { tier: 2 })], { idle: 100n * E, bufferFloorBps: 0 });
    state.reserveAssets = 1n * E; // tier 2 coverage 10 %: covers 10 ETH of allocation
    state.tiers = state.tiers.map((t) => (t.id === 2 ? { ...t, capBps: 10_000 } : t));
    const t = targets({ state, outlook: [outlook(0.05)], params });
    expect(t[0]).toBeCloseTo(10, 6);
  });

  it("gives a guarded adapter no new allocation", () => {
    const state = vaultState([adapter(0), adapter(1)], { idle: 100n * E, bufferFloorBps: 0 });
    const t = targets({ state, outlook: [outlook(0.03), outlook(0.09, { guarded: true })], params });
    expect(t[1]).toBe(0);
    expect(t[0]).toBeCloseTo(100, 6);
  });

  it("exits a guarded adapter fully when an exit is proposed, even at a loss", () => {
    const state = vaultState([adapter(0), adapter(1, { allocation: 40n * E })], { idle: 60n * E, bufferFloorBps: 0 });
    const sol = solveAllocation({ state, outlook: [outlook(0.03), outlook(0.09, { guarded: true, exit: true })], params });
    expect(sol.forcedExit).toEqual([false, true]);
    expect(sol.withdraw[1]! * 100).toBeCloseTo(40, 6);
  });

  it("does not churn when the yield gained over the horizon is below the exit cost", () => {
    // 40 ETH in a 3.0 % LRT, a 3.5 % one beside it: 0.5 % x 30/365 = 4 bps < 10 bps exit cost.
    const state = vaultState([adapter(0, { allocation: 40n * E }), adapter(1)], { idle: 0n, bufferFloorBps: 0 });
    const sol = solveAllocation({ state, outlook: [outlook(0.03), outlook(0.035)], params });
    expect(sol.withdraw[0]).toBe(0);
    // Over a year the same move pays: it happens.
    const yearly = solveAllocation({ state, outlook: [outlook(0.03), outlook(0.035)], params: { ...params, horizonYears: 1 } });
    expect(yearly.withdraw[0]! * 40).toBeCloseTo(40, 6);
  });

  it("restores an adapter cap lowered below the allocation", () => {
    const state = vaultState([adapter(0, { allocation: 50n * E, cap: 20n * E })], { idle: 50n * E, bufferFloorBps: 0 });
    const t = targets({ state, outlook: [outlook(0.05)], params });
    expect(t[0]).toBeCloseTo(20, 6);
  });

  it("bounds an exit whose whole-position cost exceeds the vault's per-move slippage bound", () => {
    const a = adapter(0, { allocation: 50n * E, cap: 20n * E, exitPreview: 45n * E }); // 10 % cost
    const state = vaultState([a], { idle: 50n * E, bufferFloorBps: 0, maxSlippageBps: 100 });
    const sol = solveAllocation({ state, outlook: [outlook(0.05)], params });
    // Price impact scales with size: 1/10 of the position, at 90 % of the bound, stays within 1 %.
    expect(sol.exitable[0]).toBe((50n * E * 90_000n) / 1_000_000n);
    expect(sol.status).toBe("infeasible"); // 4.5 ETH out cannot bring 50 under a 20 cap
  });

  it("allocates nothing while the vault is paused, but still exits a guarded adapter", () => {
    const state = vaultState([adapter(0), adapter(1, { allocation: 30n * E })], { idle: 70n * E, bufferFloorBps: 0, paused: true });
    const sol = solveAllocation({ state, outlook: [outlook(0.09), outlook(0.03, { guarded: true, exit: true })], params });
    expect(sol.deposit).toEqual([0, 0]);
    expect(sol.withdraw[1]! * 100).toBeCloseTo(30, 6);
  });

  it("reports empty for an empty vault", () => {
    const state = vaultState([adapter(0)], { idle: 0n });
    expect(solveAllocation({ state, outlook: [outlook(0.05)], params }).status).toBe("empty");
  });

  it("matches brute-force vertex enumeration of its own program on 150 seeded random vaults", () => {
    let checked = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const input = randomInput(rng(seed), 2);
      const sol = solveAllocation(input);
      if (sol.lp === null) continue;
      const lp = { ...sol.lp, upper: sol.lp.upper.map((u) => (u === Infinity ? 4 : u)) };
      const want = bruteForceLp(lp);
      expect(sol.status === "optimal" ? "optimal" : "infeasible", `seed ${seed}`).toBe(want.status);
      if (sol.status === "optimal" && want.status === "optimal") {
        checked++;
        expect(Math.abs(sol.objective - want.value), `seed ${seed}`).toBeLessThan(1e-7);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("is never beaten by any rule-abiding plan found by random search (300 seeded vaults)", () => {
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(10_000 + seed);
      const input = randomInput(r, 3);
      const sol = solveAllocation(input);
      if (sol.status !== "optimal") continue;
      const { state } = input;
      const T = Number(state.totalAssets);
      for (let k = 0; k < 40; k++) {
        const moves: Move[] = [];
        let gain = 0;
        state.adapters.forEach((a, i) => {
          const o = input.outlook[i]!;
          const y = o.apy * input.params.horizonYears;
          const s = BigInt(input.params.slippageBps);
          if (r() < 0.5 && sol.exitable[i]! > 0n) {
            const assets = (sol.exitable[i]! * BigInt(Math.floor(r() * 1000))) / 1000n;
            const preview = a.exitAmount === 0n ? 0n : (a.exitPreview * assets) / a.exitAmount;
            moves.unshift({ adapter: a.address, deposit: false, assets, limit: (preview * (10_000n - s)) / 10_000n });
            gain -= Number(assets) * (y + sol.exitCost[i]!);
          } else if (!o.guarded) {
            const assets = (state.idle * BigInt(Math.floor(r() * 1000))) / 1000n;
            const e = BigInt(o.entryCostBps);
            moves.push({ adapter: a.address, deposit: true, assets, limit: (assets * (10_000n - e) * (10_000n - s)) / 10n ** 8n });
            gain += Number(assets) * (y * (1 - o.entryCostBps / 1e4) - o.entryCostBps / 1e4);
          }
        });
        if (sol.forcedExit.some((f, i) => f && !moves.some((m) => !m.deposit && m.adapter === state.adapters[i]!.address && m.assets === sol.exitable[i]))) continue;
        if (checkRules(state, moves).length > 0) continue;
        compared++;
        expect(gain / T, `seed ${seed} sample ${k}`).toBeLessThanOrEqual(sol.objective + 1e-6);
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
