import { describe, expect, it } from "vitest";
import { analyseAdapters } from "../../../keeper/analysis.js";
import { parseConfig } from "../../../keeper/config/load.js";
import { claimCandidates, exitRoute, fitExitRequest, planExitRequests, unqueuedFairValue } from "../../../keeper/strategy/exits.js";
import { evaluateGuard, type GuardConfig } from "../../../keeper/strategy/guard.js";
import { LensError } from "../../../keeper/strategy/types.js";
import { adapter, E, vaultState } from "./helpers/state.js";

const cfg: GuardConfig = { depegBps: 200, dropBps: 50, cooldownSeconds: 86_400 };
const now = 1_700_000_000;
const MIN = 10n ** 16n;

/** 10 ETH of LRT at fair 1.05, market 0.90 of fair: the lens values it at the market rate. */
function depegged(over: Parameters<typeof adapter>[1] = {}) {
  const fairRate = (E * 105n) / 100n;
  const marketRate = (fairRate * 90n) / 100n;
  const held = 10n * E; // LRT units
  const value = (held * marketRate) / E;
  return adapter(0, { allocation: value, realAssets: value, exitAmount: value, fairRate, marketRate, ...over });
}

describe("queued exits: a depeg is left through the protocol queue at the fair rate, a slash is sold", () => {
  it("a depeg alone is queued in queue mode and sold in sell mode", () => {
    const v = evaluateGuard(depegged(), [], now, cfg);
    expect([v.depeg, v.drop, v.exit]).toEqual([true, false, true]);
    expect(exitRoute(v, "queue")).toBe("queue");
    expect(exitRoute(v, "sell")).toBe("sell");
  });

  it("a fair-rate drop (slash) is sold even in queue mode, also when the market is depegged too", () => {
    const history = [
      { timestamp: now - 600, fairRate: (E * 110n) / 100n },
      { timestamp: now, fairRate: (E * 105n) / 100n },
    ];
    const slash = evaluateGuard(depegged({ marketRate: (E * 105n) / 100n }), history, now, cfg);
    expect([slash.depeg, slash.drop]).toEqual([false, true]);
    expect(exitRoute(slash, "queue")).toBe("sell");
    const both = evaluateGuard(depegged(), history, now, cfg);
    expect([both.depeg, both.drop]).toEqual([true, true]);
    expect(exitRoute(both, "queue")).toBe("sell");
  });

  it("a reverting valuation proposes no exit at all", () => {
    const v = evaluateGuard(depegged({ errors: LensError.marketRate }), [], now, cfg);
    expect(v.guarded).toBe(true);
    expect(exitRoute(v, "queue")).toBe("none");
    expect(unqueuedFairValue(depegged({ errors: LensError.marketRate }))).toBeNull();
  });

  it("requests the whole held position valued at the fair rate, never more LRT than is held", () => {
    const a = depegged();
    const [req] = planExitRequests(vaultState([a]), ["queue"], MIN);
    // 10 LRT at fair 1.05 = 10.5 ETH; the market-valued realAssets scaled by fair / market, rounded down.
    expect(req!.adapter).toBe(a.address);
    expect(req!.assets).toBeLessThanOrEqual(105n * E / 10n);
    expect(105n * E / 10n - req!.assets).toBeLessThan(100n);
  });

  it("an already queued position is not requested again (idempotent across cycles and restarts)", () => {
    // After the request the lens reports the queued value at fair in pendingExits (and in realAssets).
    const queued = depegged({ realAssets: 105n * E / 10n, pendingExits: 105n * E / 10n, exitAmount: 0n });
    expect(planExitRequests(vaultState([queued]), ["queue"], MIN)).toEqual([]);
    // Dust left over from rounding is below the minimum move: still nothing.
    const dust = depegged({ realAssets: 105n * E / 10n + 1000n, pendingExits: 105n * E / 10n });
    expect(planExitRequests(vaultState([dust]), ["queue"], MIN)).toEqual([]);
  });

  it("only adapters routed to the queue are requested", () => {
    const s = vaultState([depegged(), { ...depegged(), address: "0x00000000000000000000000000000000000000b2" }]);
    expect(planExitRequests(s, ["sell", "none"], MIN)).toEqual([]);
    expect(planExitRequests(s, ["none", "queue"], MIN).map((r) => r.adapter)).toEqual(["0x00000000000000000000000000000000000000b2"]);
  });

  it("claims are considered only for adapters with pending exits that the lens could read", () => {
    const s = vaultState([
      adapter(0, { pendingExits: E }),
      adapter(1),
      adapter(2, { pendingExits: E, errors: LensError.pendingExits }),
    ]);
    expect(claimCandidates(s)).toEqual([adapter(0).address]);
  });

  it("the optimiser is not told to sell a queued depeg, only to keep new allocation out", () => {
    const s = vaultState([depegged()]);
    const config = (mode: "queue" | "sell") =>
      parseConfig({
        rpcUrl: "http://127.0.0.1:8545",
        chainId: 31337,
        vault: s.vault,
        storePath: ":memory:",
        strategy: { guard: { depegExit: mode } },
      });
    const [queue] = analyseAdapters(s, () => [], config("queue"));
    expect(queue!.exit).toBe("queue");
    expect(queue!.outlook).toMatchObject({ guarded: true, exit: false });
    const [sell] = analyseAdapters(s, () => [], config("sell"));
    expect(sell!.exit).toBe("sell");
    expect(sell!.outlook).toMatchObject({ guarded: true, exit: true });
  });

  it("the config refuses an unknown depegExit, naming the field", () => {
    expect(() =>
      parseConfig({ rpcUrl: "http://127.0.0.1:8545", chainId: 31337, vault: vaultState([]).vault, storePath: ":memory:", strategy: { guard: { depegExit: "hold" } } }),
    ).toThrow(/strategy\.guard\.depegExit/);
  });
});

describe("queued exits within the protocols' per-request limits (issue 18)", () => {
  const plan = { adapter: "0x00000000000000000000000000000000000000a1" as const, assets: 1_500n * E };

  it("cuts a request above the maximum to it and says why; the rest is left for later cycles", () => {
    const fitted = fitExitRequest(plan, { minAssets: E / 1_000n, maxAssets: 1_000n * E }, MIN);
    expect(fitted.request).toEqual({ adapter: plan.adapter, assets: 1_000n * E });
    expect(fitted.reason).toMatch(/cut to the protocol's per-request maximum 1000000000000000000000 wei; the rest in later cycles/);
  });

  it("sends nothing when the protocol accepts no request (limit 0: uncommitted assets gone, a pause, 16 open)", () => {
    const fitted = fitExitRequest(plan, { minAssets: 0n, maxAssets: 0n }, MIN);
    expect(fitted.request).toBeNull();
    expect(fitted.reason).toMatch(/accepts no request now/);
  });

  it("sends nothing below the protocol's minimum, and a plan within the limits unchanged", () => {
    const small = { ...plan, assets: E / 1_000n - 1n };
    expect(fitExitRequest(small, { minAssets: E / 1_000n, maxAssets: 1_000n * E }, 0n).request).toBeNull();
    const ok = fitExitRequest({ ...plan, assets: 5n * E }, { minAssets: E / 1_000n, maxAssets: 1_000n * E }, MIN);
    expect(ok).toEqual({ request: { adapter: plan.adapter, assets: 5n * E }, reason: null });
    expect(fitExitRequest(plan, null, MIN)).toEqual({ request: plan, reason: null });
  });
});
