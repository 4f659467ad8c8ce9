import { describe, expect, it } from "vitest";
import { decideSend, planRebalance, type Plan } from "../../../keeper/strategy/planner.js";
import { checkRules } from "../../../keeper/strategy/rules.js";
import { randomInput } from "./helpers/randomState.js";
import { rng } from "./helpers/rng.js";
import { adapter, E, outlook, vaultState } from "./helpers/state.js";

const params = { horizonYears: 30 / 365, slippageBps: 30 };
const options = { minMoveWei: 10n ** 15n };

describe("planner: wei moves the vault accepts", () => {
  it("orders deallocations before allocations and sets minimum-out limits from the slippage allowance", () => {
    // 1-year horizon so moving 40 ETH from 2 % to 6 % clearly pays the 10 bps exit cost.
    const state = vaultState([adapter(0, { allocation: 40n * E }), adapter(1)], { idle: 10n * E, bufferFloorBps: 1000 });
    const plan = planRebalance(
      { state, outlook: [outlook(0.02), outlook(0.06)], params: { horizonYears: 1, slippageBps: 30 } },
      options,
    );
    expect(plan.moves.map((m) => m.deposit)).toEqual([false, true]);
    const [exit, deposit] = plan.moves as [Plan["moves"][number], Plan["moves"][number]];
    expect(exit.assets).toBe(40n * E);
    // previewDeallocate prices 10 bps; limit = expected x (1 - 30 bps).
    expect(exit.limit).toBe((((40n * E * 999n) / 1000n) * 9970n) / 10_000n);
    // Deposit what stays above the 10 % floor of the smaller total (exit loss counted at worst case).
    expect(deposit.assets).toBeGreaterThan(44n * E);
    expect(deposit.assets).toBeLessThan(45n * E);
    expect(deposit.limit).toBe((deposit.assets * 9970n) / 10_000n);
    expect(checkRules(state, plan.moves)).toEqual([]);
    expect(plan.expectedGainWei).toBeGreaterThan(0n);
    expect(plan.forced).toBe(false);
  });

  it("leaves dust moves out", () => {
    const state = vaultState([adapter(0)], { idle: 10n ** 14n, bufferFloorBps: 0 });
    const plan = planRebalance({ state, outlook: [outlook(0.05)], params }, options);
    expect(plan.moves).toEqual([]);
    expect(plan.notes.join()).toMatch(/dust deposit/);
  });

  it("marks a guarded exit as forced", () => {
    const state = vaultState([adapter(0, { allocation: 40n * E }), adapter(1)], { idle: 10n * E, bufferFloorBps: 0 });
    const plan = planRebalance(
      { state, outlook: [outlook(0.03, { guarded: true, exit: true }), outlook(0.03)], params },
      options,
    );
    expect(plan.forced).toBe(true);
    expect(plan.moves[0]).toMatchObject({ adapter: state.adapters[0]!.address, deposit: false, assets: 40n * E });
    expect(plan.moves.filter((m) => m.deposit && m.adapter === state.adapters[0]!.address)).toEqual([]);
  });

  it("marks a plan that restores a broken rule as forced", () => {
    const state = vaultState([adapter(0, { allocation: 50n * E, cap: 20n * E })], { idle: 50n * E, bufferFloorBps: 0 });
    const plan = planRebalance({ state, outlook: [outlook(0.05)], params }, options);
    expect(plan.currentViolations.map((v) => v.rule)).toEqual(["adapterCap"]);
    expect(plan.forced).toBe(true);
    expect(plan.targets[0]).toBeLessThanOrEqual(20n * E);
  });

  it("does not force a plan for a rule broken by less than the tolerance (buffer drift)", () => {
    // Floor 5 % of 100 ETH = 5 ETH; idle 4.99: broken by 0.01 ETH, under 50 bps of total assets.
    const state = vaultState([adapter(0, { allocation: 95_010n * 10n ** 15n })], { idle: 4_990n * 10n ** 15n, bufferFloorBps: 500 });
    const plan = planRebalance({ state, outlook: [outlook(0.03)], params }, options);
    expect(plan.currentViolations.map((v) => v.rule)).toEqual(["bufferFloor"]);
    expect(plan.moves.length).toBeGreaterThan(0); // the LP still mends it ...
    expect(plan.forced).toBe(false); // ... but only a plan that pays for itself goes out
    expect(decideSend(plan, 10n ** 14n, { gainOverGasMarginBps: 0, minGainWei: 0n }).send).toBe(false);
    // Beyond the tolerance the same drift forces the plan.
    expect(planRebalance({ state, outlook: [outlook(0.03)], params }, { ...options, forceToleranceBps: 0 }).forced).toBe(true);
  });

  it("still exits a guarded adapter when a broken rule cannot be mended", () => {
    // Tier 2 (cap 20 %) holds 50 % in queued exits: no plan can bring it under its cap.
    const stuck = adapter(0, { allocation: 50n * E, pendingExits: 50n * E, tier: 2 });
    const depegged = adapter(1, { allocation: 20n * E });
    const state = vaultState([stuck, depegged], { idle: 30n * E, bufferFloorBps: 0 });
    const plan = planRebalance({ state, outlook: [outlook(0.03), outlook(0.03, { guarded: true, exit: true })], params }, options);
    expect(plan.solution.status).toBe("infeasible");
    expect(plan.moves).toEqual([
      { adapter: depegged.address, deposit: false, assets: 20n * E, limit: (((20n * E * 999n) / 1000n) * 9970n) / 10_000n },
    ]);
    expect(plan.forced).toBe(true);
  });

  it("restores the buffer floor from a healthy adapter while queued exits alone keep a tier over its cap", () => {
    // The devnet day-7 state: ezETH (tier 1, cap 50 %) holds 51.64 ETH, all of it queued for exit, in
    // a vault of ~99.55 ETH: 51.9 % > 50 %, and no plan can mend it. Idle 1.26 ETH is below the 5 %
    // floor (~4.98 ETH); pufETH (tier 0) holds 46.65 ETH and is healthy.
    const ez = adapter(0, { allocation: 51_640n * 10n ** 15n, pendingExits: 51_640n * 10n ** 15n, tier: 1, exitAmount: 0n, exitPreview: 0n });
    const puf = adapter(1, { allocation: 46_650n * 10n ** 15n, tier: 0 });
    const state = vaultState([ez, puf], { idle: 1_260n * 10n ** 15n, bufferFloorBps: 500, reserveAssets: 17n * E });
    const input = { state, outlook: [outlook(0.03, { guarded: true, exit: true }), outlook(0.048)], params };
    const plan = planRebalance(input, options);
    expect(plan.solution.status).toBe("infeasible");
    expect(plan.currentViolations.map((v) => v.rule).sort()).toEqual(["bufferFloor", "tierCap"]);
    // Only a deallocation from pufETH, large enough to bring idle to the floor even at the worst-case limit.
    expect(plan.moves).toHaveLength(1);
    expect(plan.moves[0]).toMatchObject({ adapter: puf.address, deposit: false });
    const after = checkRules(state, plan.moves);
    expect(after.map((v) => v.rule)).toEqual(["tierCap"]); // the queued value alone still breaks it
    // And no more than the floor needs: at most 0.1 ETH beyond the ~3.72 ETH shortfall plus costs.
    expect(plan.moves[0]!.assets).toBeGreaterThan(3_700n * 10n ** 15n);
    expect(plan.moves[0]!.assets).toBeLessThan(3_900n * 10n ** 15n);
    expect(plan.forced).toBe(true);
    expect(decideSend(plan, 10n ** 15n, { gainOverGasMarginBps: 0, minGainWei: 0n }).send).toBe(true);
  });

  it("rounds every plan of 300 seeded random vaults within the rules, in exact integers", () => {
    let withMoves = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const input = randomInput(rng(20_000 + seed), 4);
      const plan = planRebalance(input, options);
      // An empty plan leaves today's state, which the random vault may break already.
      if (plan.moves.length > 0 && plan.solution.status === "optimal") {
        expect(checkRules(input.state, plan.moves), `seed ${seed}`).toEqual([]);
      }
      if (plan.solution.status === "infeasible") expect(plan.moves.every((m) => !m.deposit), `seed ${seed}`).toBe(true);
      else if (plan.solution.status === "optimal" && plan.moves.length === 0) {
        expect(plan.currentViolations, `seed ${seed}`).toEqual([]);
      }
      const firstDeposit = plan.moves.findIndex((m) => m.deposit);
      if (firstDeposit >= 0) expect(plan.moves.slice(firstDeposit).every((m) => m.deposit), `seed ${seed}`).toBe(true);
      // Rounding costs at most a hair of the LP optimum: a shrink of at most one millionth, never a drop.
      expect(plan.notes.filter((n) => /dropped|shrunk by 1\/(10000|100|10|2) /.test(n)), `seed ${seed}`).toEqual([]);
      if (plan.moves.length > 0) withMoves++;
    }
    expect(withMoves).toBeGreaterThan(150);
  });
});

describe("hysteresis: send only when the gain beats gas by a margin", () => {
  const base: Plan = {
    moves: [{ adapter: "0x0000000000000000000000000000000000000001", deposit: true, assets: E, limit: E }],
    expectedGainWei: 3_000n,
    forced: false,
    currentViolations: [],
    notes: [],
    targets: [],
    solution: {} as Plan["solution"],
  };
  const policy = { gainOverGasMarginBps: 10_000, minGainWei: 0n }; // gain must be >= 2 x gas

  it("sends when the gain is at least gas x (1 + margin)", () => {
    expect(decideSend(base, 1_500n, policy).send).toBe(true);
  });
  it("holds when the gain beats gas but not by the margin", () => {
    const d = decideSend(base, 1_501n, policy);
    expect(d.send).toBe(false);
    expect(d.reason).toMatch(/does not beat gas 1501 wei by 10000 bps/);
  });
  it("holds below the minimum gain", () => {
    expect(decideSend(base, 1n, { ...policy, minGainWei: 3_001n }).send).toBe(false);
  });
  it("sends a forced plan whatever its gain", () => {
    expect(decideSend({ ...base, expectedGainWei: -5n, forced: true }, 10n ** 18n, policy).send).toBe(true);
  });
  it("never sends an empty plan", () => {
    expect(decideSend({ ...base, moves: [], forced: true }, 0n, policy).send).toBe(false);
  });
});
