import { describe, expect, it } from "vitest";
import { analyseExposure, withExpectedLoss, type AdapterAnalysis } from "../../../keeper/analysis.js";
import { ConfigError, parseConfig } from "../../../keeper/config/load.js";
import type { RiskConfig } from "../../../keeper/config/schema.js";
import {
  atRiskWei,
  detectAvsSlashes,
  discountAvsDrops,
  expectedLoss,
  exposureMatrix,
  exposureShares,
  riskAdjustedApy,
  slashImpact,
  vaultExposures,
  type ExposureSnapshot,
} from "../../../keeper/strategy/exposure.js";
import { solveAllocation } from "../../../keeper/strategy/optimizer.js";
import { adapter, addr, E, outlook, vaultState } from "./helpers/state.js";

const AVS = ["EigenDA", "Hyperlane"];
/** LRT 0: 40 % at risk to EigenDA, 10 % to Hyperlane; LRT 1: none to EigenDA, 50 % to Hyperlane. */
function snapshot(block = 1n, over: Partial<Record<0 | 1, { restaked: bigint; atRisk: bigint[] }>> = {}): ExposureSnapshot {
  return {
    blockNumber: block,
    avs: AVS,
    lrts: [
      { adapter: addr(0), restaked: 100n * E, atRisk: [40n * E, 10n * E], ...over[0] },
      { adapter: addr(1), restaked: 200n * E, atRisk: [0n, 100n * E], ...over[1] },
    ],
  };
}

const RISK = [
  { name: "EigenDA", slashProbability: 0.05, severity: 0.2 },
  { name: "Hyperlane", slashProbability: 0.1, severity: 0.5 },
];

describe("exposure arithmetic", () => {
  it("x_ia is the share of the LRT's restaked ETH the AVS can slash", () => {
    expect(exposureShares(snapshot().lrts[0]!)).toEqual([0.4, 0.1]);
    expect(exposureShares({ adapter: addr(0), restaked: 0n, atRisk: [1n, 2n] })).toEqual([0, 0]);
  });

  it("expected loss is sum over AVSs of exposure x slash probability x severity", () => {
    // 0.4 x 0.05 x 0.2 + 0.1 x 0.1 x 0.5 = 0.004 + 0.005
    expect(expectedLoss([0.4, 0.1], RISK)).toBeCloseTo(0.009, 12);
    expect(riskAdjustedApy(0.035, 0.009)).toBeCloseTo(0.026, 12);
    expect(() => expectedLoss([0.4], RISK)).toThrow(/1 exposures for 2 AVSs/);
  });

  it("the vault's ETH at risk per AVS is allocation x S/R, summed over LRTs, against cap x total assets", () => {
    const state = vaultState([adapter(0, { allocation: 50n * E }), adapter(1, { allocation: 30n * E })], { idle: 20n * E });
    expect(atRiskWei(50n * E, snapshot().lrts[0]!, 0)).toBe(20n * E);
    const v = vaultExposures(state, snapshot(), 2_500);
    expect(v.map((x) => x.exposure)).toEqual([20n * E, 5n * E + 15n * E]);
    expect(v[0]!.limit).toBe(25n * E);
    expect(v[1]!.share).toBeCloseTo(0.2, 12);
    expect(v[1]!.perAdapter).toEqual([5n * E, 15n * E]);
  });

  it("an AVS slash is attributed exactly: the fall of restaked ETH equals the fall of that AVS's at-risk ETH", () => {
    // EigenDA slashes half of its allocation: LRT 0 loses 20 ETH of 100, and only EigenDA's at-risk falls
    const after = snapshot(2n, { 0: { restaked: 80n * E, atRisk: [20n * E, 10n * E] } });
    const events = detectAvsSlashes(snapshot(), after);
    expect(events).toHaveLength(1);
    expect(events[0]!.avs).toBe("EigenDA");
    expect(events[0]!.hits).toEqual([{ adapter: addr(0), lossShare: 0.2, restakedLost: 20n * E }]);
  });

  it("one AVS slash hitting several LRTs is one event with every LRT in it", () => {
    const after = snapshot(2n, {
      0: { restaked: 95n * E, atRisk: [40n * E, 5n * E] },
      1: { restaked: 150n * E, atRisk: [0n, 50n * E] },
    });
    const [event] = detectAvsSlashes(snapshot(), after);
    expect(event!.avs).toBe("Hyperlane");
    expect(event!.hits.map((h) => [h.adapter, h.lossShare])).toEqual([
      [addr(0), 0.05],
      [addr(1), 0.25],
    ]);
    const state = vaultState([adapter(0, { allocation: 40n * E }), adapter(1, { allocation: 20n * E })], { idle: 40n * E });
    const impact = slashImpact(event!, state, 10n * E);
    expect(impact.losses.map((l) => l.loss)).toEqual([2n * E, 5n * E]);
    expect(impact.totalLoss).toBe(7n * E);
    expect(impact.reserveCoverage).toBeCloseTo(10 / 7, 12);
  });

  it("a deallocation taking effect (at-risk falls, restaked does not) is not a slash", () => {
    const after = snapshot(2n, { 0: { restaked: 100n * E, atRisk: [10n * E, 10n * E] } });
    expect(detectAvsSlashes(snapshot(), after)).toEqual([]);
  });

  it("takes the falls AVS slashes explain out of the guard's history, and only those", () => {
    const samples = [
      { timestamp: 100, fairRate: 1_000n * E },
      { timestamp: 200, fairRate: 960n * E },
      { timestamp: 300, fairRate: 950n * E },
    ];
    // a 4 % AVS slash seen at t=200: the earlier sample is scaled by 0.96, the later ones are as read
    const out = discountAvsDrops(samples, [{ timestamp: 200, lossShare: 0.04 }]);
    expect(out.map((s) => s.fairRate)).toEqual([960n * E, 960n * E, 950n * E]);
    expect(discountAvsDrops(samples, [])).toEqual(samples);
  });

  it("takes each LRT's expected loss off the APY the optimiser sees", () => {
    const state = vaultState([adapter(0), adapter(1)]);
    const risk: RiskConfig = {
      avsCapBps: 3_000,
      avs: { EigenDA: { slashProbabilityBps: 500, severityBps: 2_000 }, Hyperlane: { slashProbabilityBps: 1_000, severityBps: 5_000 } },
      eigenLayer: { allocationManager: addr(50), delegationManager: addr(50), strategy: addr(51), operatorSets: {}, stakers: {} },
    };
    const view = analyseExposure(state, snapshot(), risk);
    expect(view.perAdapter[0]!.expectedLoss).toBeCloseTo(0.009, 12);
    expect(view.perAdapter[1]!.expectedLoss).toBeCloseTo(0.5 * 0.1 * 0.5, 12);
    expect(view.rule.matrix).toEqual([
      [0.4, 0],
      [0.1, 0.5],
    ]);
    const base = { apy: { totalApy: 0.04 }, outlook: outlook(0.04) } as unknown as AdapterAnalysis;
    const adjusted = withExpectedLoss([base, base], view);
    expect(adjusted.map((a) => a.outlook.apy)).toEqual([0.04 - view.perAdapter[0]!.expectedLoss, 0.04 - 0.025]);
    expect(adjusted[0]!.expectedLoss).toBeCloseTo(0.009, 12);
  });
});

describe("optimiser: AVS-exposure cap", () => {
  const params = { horizonYears: 30 / 365, slippageBps: 0 };

  it("keeps the vault's exposure to every AVS within the cap, moving the rest to the next best LRT", () => {
    const state = vaultState([adapter(0), adapter(1)], { idle: 100n * E, bufferFloorBps: 0 });
    const matrix = exposureMatrix(state, snapshot());
    // without the rule everything goes to LRT 1 (better yield); with a 20 % cap its 50 % Hyperlane exposure
    // allows 40 ETH, and LRT 0 (10 % Hyperlane) takes the rest within the same cap
    const free = solveAllocation({ state, outlook: [outlook(0.03), outlook(0.05)], params });
    expect(free.deposit[1]).toBeCloseTo(1, 6);
    const capped = solveAllocation({ state, outlook: [outlook(0.03), outlook(0.05)], params, exposure: { matrix, capShare: 0.2 } });
    expect(capped.status).toBe("optimal");
    const x = [capped.deposit[0]!, capped.deposit[1]!];
    const hyperlane = 0.1 * x[0]! + 0.5 * x[1]!;
    const eigenDA = 0.4 * x[0]!;
    expect(hyperlane).toBeLessThanOrEqual(0.2 + 1e-9);
    expect(eigenDA).toBeLessThanOrEqual(0.2 + 1e-9);
    // LP optimum: EigenDA binds at x0 = 0.5, Hyperlane binds at x1 = (0.2 - 0.05) / 0.5 = 0.3
    expect(x[0]).toBeCloseTo(0.5, 6);
    expect(x[1]).toBeCloseTo(0.3, 6);
  });

  it("an exposure already over the cap (after a slash moved the weights) is brought back by deallocating", () => {
    const state = vaultState([adapter(0), adapter(1, { allocation: 80n * E })], { idle: 20n * E, bufferFloorBps: 0 });
    const matrix = exposureMatrix(state, snapshot());
    const sol = solveAllocation({ state, outlook: [outlook(0.03), outlook(0.05)], params, exposure: { matrix, capShare: 0.2 } });
    const kept = 0.8 - sol.withdraw[1]! + sol.deposit[1]!;
    expect(0.5 * kept + 0.1 * sol.deposit[0]!).toBeLessThanOrEqual(0.2 + 1e-6);
  });

  it("rejects an exposure row whose width is not the adapter count", () => {
    const state = vaultState([adapter(0), adapter(1)]);
    expect(() => solveAllocation({ state, outlook: [outlook(0.03), outlook(0.05)], params, exposure: { matrix: [[0.1]], capShare: 0.2 } })).toThrow(
      /exposure row 0 has 1 entries for 2 adapters/,
    );
  });
});

describe("risk config", () => {
  const base = { rpcUrl: "http://127.0.0.1:8545", chainId: 31337, vault: addr(0), storePath: ":memory:" };
  const eigenLayer = {
    allocationManager: addr(50),
    delegationManager: addr(50),
    operatorSets: { EigenDA: { avs: addr(60) }, Hyperlane: { avs: addr(61), id: 2 } },
    stakers: { [addr(1)]: [addr(70)] },
  };

  it("parses per-AVS risk and fills the strategy and set id defaults", () => {
    const c = parseConfig({
      ...base,
      risk: { avs: { EigenDA: { slashProbabilityBps: 200, severityBps: 1_000 }, Hyperlane: { slashProbabilityBps: 100, severityBps: 500 } }, eigenLayer },
    });
    expect(c.risk?.avsCapBps).toBe(3_000);
    expect(c.risk?.eigenLayer.strategy).toBe("0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0");
    expect(c.risk?.eigenLayer.operatorSets.EigenDA!.id).toBe(0);
  });

  it("names the AVS without a risk setting, and the bad field", () => {
    let err: unknown;
    try {
      parseConfig({ ...base, risk: { avsCapBps: 20_000, avs: { EigenDA: { slashProbabilityBps: 200, severityBps: -1 } }, eigenLayer } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).issues.join("\n");
    expect(issues).toMatch(/risk\.avsCapBps: /);
    expect(issues).toMatch(/risk\.avs\.EigenDA\.severityBps: /);
  });

  it("names an AVS read from EigenLayer that has no configured risk", () => {
    expect(() => parseConfig({ ...base, risk: { avs: { EigenDA: { slashProbabilityBps: 200, severityBps: 1_000 } }, eigenLayer } })).toThrow(
      /risk\.avs\.Hyperlane: no risk configured for AVS "Hyperlane"/,
    );
  });
});
