import { describe, expect, it } from "vitest";
import { worstEventLosses } from "../../../keeper/strategy/exposure.js";
import { solveAllocation, worstEventLoss, type AllocationInput, type WorstEventTerm } from "../../../keeper/strategy/optimizer.js";
import { planRebalance } from "../../../keeper/strategy/planner.js";
import { adapter, E, outlook, vaultState } from "./helpers/state.js";

const params = { horizonYears: 30 / 365, slippageBps: 0 };
const risk = (severity: number) => ({ name: "AVS", slashProbability: 0.2, severity });

/** Target allocation of each adapter in ETH from a solution. */
function targets(input: AllocationInput): number[] {
  const sol = solveAllocation(input);
  expect(sol.status).toBe("optimal");
  const T = Number(input.state.totalAssets) / 1e18;
  return input.state.adapters.map((a, i) => Number(a.allocation) / 1e18 + (sol.deposit[i]! - sol.withdraw[i]!) * T);
}

/** 100 ETH idle, no buffer, one tier without a binding cap, a reserve that covers everything. */
const empty = (n: number) => vaultState(Array.from({ length: n }, (_, i) => adapter(i)), { idle: 100n * E, bufferFloorBps: 0 });

describe("worst-event term: the worst single event's loss priced in the objective", () => {
  it("builds one event per AVS (exposure x severity) and one per LRT (its own protocol failing)", () => {
    const losses = worstEventLosses([[0.5, 0, 0.2]], [risk(0.1)], 3, 0.15);
    expect(losses).toHaveLength(4);
    expect(losses[0]![0]).toBeCloseTo(0.05, 12);
    expect(losses[0]![1]).toBe(0);
    expect(losses[0]![2]).toBeCloseTo(0.02, 12);
    expect(losses.slice(1)).toEqual([
      [0.15, 0, 0],
      [0, 0.15, 0],
      [0, 0, 0.15],
    ]);
    expect(worstEventLosses([], [], 2, 0)).toEqual([]);
    expect(() => worstEventLosses([[0.1]], [risk(0.1)], 2, 0.15)).toThrow(/exposure row 0 has 1 entries for 2 adapters/);
    expect(() => worstEventLosses([[0.1, 0]], [], 2, 0.15)).toThrow(/1 exposure rows for 0 AVSs/);
  });

  it("worstEventLoss is the largest event's loss on the allocation", () => {
    const term: WorstEventTerm = { losses: worstEventLosses([[0.5, 0.5]], [risk(0.2)], 2, 0.15), weightPerYear: 1 };
    // AVS: 0.1 x (0.3 + 0.6) = 0.09; protocol: 0.15 x 0.6 = 0.09; equal.
    expect(worstEventLoss(term, [0.3, 0.6])).toBeCloseTo(0.09, 12);
    expect(worstEventLoss(term, [0.9, 0])).toBeCloseTo(0.135, 12);
  });

  it("without the term the LP puts everything in the best LRT; with it, it spreads as far as the spread is worth", () => {
    const input: AllocationInput = { state: empty(3), outlook: [outlook(0.05), outlook(0.049), outlook(0.048)], params };
    const alone = targets(input);
    expect(alone[0]).toBeCloseTo(100, 6);
    // A unit of worst-event loss costs 0.1 a year: 0.15 x (two thirds less of the best LRT) x 0.1 is worth far more
    // than the 0.1..0.2 point of yield the others give up, so the vault is split equally.
    const protocolOnly: WorstEventTerm = { losses: worstEventLosses([], [], 3, 0.15), weightPerYear: 0.1 };
    const spread = targets({ ...input, worstEvent: protocolOnly });
    for (const t of spread) expect(t).toBeCloseTo(100 / 3, 6);
    // A weight too small to pay for the yield given up leaves the best LRT alone.
    const cheap = targets({ ...input, worstEvent: { ...protocolOnly, weightPerYear: 0.001 } });
    expect(cheap[0]).toBeCloseTo(100, 6);
    // One so large that any holding costs more than it earns (0.15 x 1/3 x 1.5 > 4.9 %) keeps the vault idle.
    const idle = targets({ ...input, worstEvent: { ...protocolOnly, weightPerYear: 1.5 } });
    for (const t of idle) expect(t).toBeCloseTo(0, 6);
    // Weight 0 is no term at all: the LP is the one without it.
    expect(solveAllocation({ ...input, worstEvent: { ...protocolOnly, weightPerYear: 0 } }).lp!.objective).toHaveLength(6);
  });

  it("moves stake away from an AVS that two LRTs share, toward the LRT it cannot slash", () => {
    // LRTs 0 and 1 are both 60 % exposed to one AVS (severity 20 %), LRT 2 is not; equal yields.
    const term: WorstEventTerm = { losses: worstEventLosses([[0.6, 0.6, 0]], [risk(0.2)], 3, 0.15), weightPerYear: 0.1 };
    const t = targets({ state: empty(3), outlook: [outlook(0.04), outlook(0.04), outlook(0.04)], params, worstEvent: term });
    // Balance: the AVS event 0.12 x (t0 + t1) equals the protocol event 0.15 x t2 at the optimum, t0 + t1 + t2 = 100.
    expect(t[2]).toBeCloseTo(100 * (0.12 / 0.27), 4);
    expect(0.12 * (t[0]! + t[1]!)).toBeCloseTo(0.15 * t[2]!, 4);
  });

  it("the plan's gain counts the lower worst event, so a plan that only spreads risk beats gas", () => {
    const state = vaultState([adapter(0, { allocation: 90n * E }), adapter(1)], { idle: 0n, bufferFloorBps: 0 });
    const input: AllocationInput = { state, outlook: [outlook(0.04), outlook(0.04)], params };
    expect(planRebalance(input, { minMoveWei: 10n ** 15n }).moves).toEqual([]);
    const term: WorstEventTerm = { losses: worstEventLosses([], [], 2, 0.15), weightPerYear: 0.2 };
    const plan = planRebalance({ ...input, worstEvent: term }, { minMoveWei: 10n ** 15n });
    expect(plan.moves.map((m) => [m.adapter, m.deposit])).toEqual([
      [adapter(0).address, false],
      [adapter(1).address, true],
    ]);
    // The gain is the worst event's fall priced over 30 days, less the 10 bps exit, plus the yield moved (equal).
    const H = 30 / 365;
    const [out, into] = plan.moves.map((m) => Number(m.assets) / 1e18) as [number, number];
    const after = [(90 - out) / 90, into / 90];
    const expected = 0.2 * H * (0.15 * 1 - 0.15 * Math.max(...after)) * 90 - out * 0.001 + 0.04 * H * (into - out);
    expect(Number(plan.expectedGainWei) / 1e18).toBeCloseTo(expected, 9);
    expect(Math.max(...after)).toBeLessThan(0.6);
    expect(expected).toBeGreaterThan(0.04);
  });
});
