import { describe, expect, it } from "vitest";
import { coverageAfterLoss, coverageAssets, coverageByLayer, premiumRate } from "../../../keeper/strategy/junior.js";
import { planRebalance } from "../../../keeper/strategy/planner.js";
import { checkRules } from "../../../keeper/strategy/rules.js";
import type { JuniorState } from "../../../keeper/strategy/types.js";
import { formatStatus } from "../../../keeper/status.js";
import { adapter, E, outlook, vaultState } from "./helpers/state.js";

function junior(over: Partial<JuniorState> = {}): JuniorState {
  return {
    address: "0x00000000000000000000000000000000000000j1".replace("j", "e") as JuniorState["address"],
    capitalAssets: 10n * E,
    coveringAssets: 8n * E,
    pendingAssets: 2n * E,
    lockedPremiumAssets: 0n,
    premiumUnlockEnd: 0n,
    reserveTarget: 0n,
    noticePeriod: 21n * 86_400n,
    era: 0n,
    ...over,
  };
}

// Tier 2 needs 10 % coverage: 100 ETH there needs 10 ETH of reserve + junior capital not leaving.
const tier2 = (over: Parameters<typeof vaultState>[1] = {}) =>
  vaultState([adapter(0, { tier: 2, allocation: 0n })], {
    idle: 200n * E,
    bufferFloorBps: 0,
    reserveAssets: 4n * E,
    tiers: [{ id: 2, capBps: 10_000, coverageBps: 1_000 }],
    ...over,
  });

describe("junior coverage: the keeper counts what the vault's reserve rule counts", () => {
  it("counts the reserve plus junior capital not leaving, and a loss burns the reserve first, then junior", () => {
    const state = tier2({ junior: junior() });
    expect(coverageAssets(state)).toBe(12n * E);
    expect(coverageAfterLoss(state, 5n * E)).toBe(7n * E);
    expect(coverageAfterLoss(state, 20n * E)).toBe(0n);
    expect(coverageAssets(tier2())).toBe(4n * E);
  });

  it("lets junior coverage carry a riskier allocation the reserve alone cannot", () => {
    const move = [{ adapter: adapter(0).address, deposit: true, assets: 100n * E, limit: 100n * E }];
    const without = checkRules(tier2(), move);
    expect(without.map((v) => v.rule)).toEqual(["reserve"]);
    expect(without[0]!.excess).toBe(6n * E);
    expect(checkRules(tier2({ junior: junior({ coveringAssets: 6n * E }) }), move)).toEqual([]);
    // Pending exits do not count: the same capital, all leaving, covers nothing.
    const leaving = checkRules(tier2({ junior: junior({ coveringAssets: 0n, pendingAssets: 10n * E }) }), move);
    expect(leaving.map((v) => v.rule)).toEqual(["reserve"]);
  });

  it("the optimiser allocates more to a covered tier with junior capital beside the reserve", () => {
    const params = { horizonYears: 1, slippageBps: 30 };
    const options = { minMoveWei: 10n ** 15n };
    const held = (s: ReturnType<typeof tier2>) =>
      planRebalance({ state: s, outlook: [outlook(0.06)], params }, options).moves.reduce((sum, m) => sum + (m.deposit ? m.assets : 0n), 0n);
    const alone = held(tier2());
    const withJunior = held(tier2({ junior: junior({ coveringAssets: 6n * E }) }));
    expect(alone).toBeLessThanOrEqual(40n * E);
    expect(withJunior).toBeGreaterThan(alone + 50n * E);
    expect(checkRules(tier2({ junior: junior({ coveringAssets: 6n * E }) }), [
      { adapter: adapter(0).address, deposit: true, assets: withJunior, limit: withJunior },
    ])).toEqual([]);
  });

  it("shows coverage by layer and the premium rate", () => {
    const state = vaultState([], {
      reserveAssets: 4n * E,
      requiredReserve: 10n * E,
      junior: junior({ lockedPremiumAssets: E / 10n, premiumUnlockEnd: 1_700_000_000n + 7n * 86_400n }),
    });
    const layers = coverageByLayer(state);
    expect(layers).toMatchObject({ reserve: 4n * E, junior: 8n * E, juniorLeaving: 2n * E, required: 10n * E });
    expect(layers.coverage).toBeCloseTo(1.2, 9);
    // 0.1 ETH over 7 days on 10 ETH of capital: 0.1 x 365/7 / 10 = 52.1 % a year.
    expect(premiumRate(state)).toBeCloseTo((0.1 * 365) / 7 / 10, 9);
    expect(premiumRate(tier2())).toBeNull();
    const text = formatStatus(state, [], [], { account: null, ops: null, lastReportTx: null });
    expect(text).toMatch(/junior tranche 0x0+e1 {2}era 0 {2}notice 21 days/);
    expect(text).toMatch(/capital 10(\.0+)? ETH {3}pending exits 2(\.0+)? ETH {3}premium 52\.14 % a year/);
    expect(text).toMatch(/coverage by layer: reserve 4(\.0+)? \+ junior 8(\.0+)? ETH \(leaving 2(\.0+)?\) vs required 10(\.0+)? ETH = 120\.0 %/);
  });
});
