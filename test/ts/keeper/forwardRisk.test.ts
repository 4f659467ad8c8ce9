import { describe, expect, it } from "vitest";
import { DEFAULT_FORWARD_RISK, dropsWithin, exitCostShare, weighSlashExit } from "../../../keeper/strategy/forwardRisk.js";
import { evaluateGuard, type GuardConfig } from "../../../keeper/strategy/guard.js";
import { exitRoute } from "../../../keeper/strategy/exits.js";
import { adapter, E } from "./helpers/state.js";

const now = 1_700_000_000;
const DAY = 86_400;
const guard = { depegBps: 200, dropBps: 50 };
const weigh: GuardConfig = { ...guard, cooldownSeconds: DAY, slashExit: "weigh" };
/** 100 ETH of an LRT whose instant exit costs 10 bps (the helper's preview). */
const held = (over: Parameters<typeof adapter>[1] = {}) => adapter(0, { allocation: 100n * E, ...over });
/** A 2 % slash an hour ago, after a smooth month. */
const oneSlash = [
  { timestamp: now - 20 * DAY, fairRate: E },
  { timestamp: now - 3_600, fairRate: E },
  { timestamp: now - 1_800, fairRate: (E * 98n) / 100n },
  { timestamp: now, fairRate: (E * 98n) / 100n },
];

describe("forward risk: after a recognised slash the keeper holds unless more loss is expected than the exit costs", () => {
  it("a single slash with no signal is held: the loss is realised, selling only adds the exit's cost", () => {
    const d = weighSlashExit(held(), oneSlash, now, guard, DEFAULT_FORWARD_RISK);
    expect(d.exit).toBe(false);
    expect(d.signals).toEqual([]);
    expect(d.probability).toBe(0);
    expect(d.exitCost).toBeCloseTo(0.001, 9);
    expect(d.reason).toBe("hold: expected further loss 0.0 bps (p 0.0 % x 200.0 bps) <= exit cost 10.0 bps; no forward-risk signal (the loss is realised)");
  });

  it("a slash repeated within the window sells: p 50 % x the 2 % drop beats a 10 bps exit", () => {
    const repeated = [
      { timestamp: now - 20 * DAY, fairRate: E },
      { timestamp: now - 10 * DAY, fairRate: (E * 99n) / 100n },
      ...oneSlash.slice(1).map((s) => ({ ...s, fairRate: (s.fairRate * 99n) / 100n })),
    ];
    expect(dropsWithin(repeated, now, 30 * DAY, 50)).toHaveLength(2);
    const d = weighSlashExit(held(), repeated, now, guard, DEFAULT_FORWARD_RISK);
    expect(d.exit).toBe(true);
    expect(d.probability).toBeCloseTo(0.5, 12);
    expect(d.severity).toBeCloseTo(0.02, 12);
    expect(d.lossAvoided).toBeCloseTo(0.01, 12);
    expect(d.reason).toMatch(/^sell: expected further loss 100\.0 bps \(p 50\.0 % x 200\.0 bps\) > exit cost 10\.0 bps; slash repeated \(2 drops in 30d\)$/);
    // The first drop, older than the window, does not count.
    expect(weighSlashExit(held(), repeated, now, guard, { ...DEFAULT_FORWARD_RISK, repeatWindowSeconds: 5 * DAY }).exit).toBe(false);
  });

  it("a depeg that persists after the slash (the market doubts the cut rate) sells; its depth is the severity", () => {
    const d = weighSlashExit(held({ fairRate: (E * 98n) / 100n, marketRate: (E * 93n) / 100n }), oneSlash, now, guard, DEFAULT_FORWARD_RISK);
    expect(d.exit).toBe(true);
    expect(d.signals).toEqual(["depeg persists (market 510 bps below the cut fair rate)"]);
    expect(d.severity).toBeCloseTo(0.051, 4);
  });

  it("an impaired protocol is a signal; two signals compound (1 - 0.5 x 0.5)", () => {
    const d = weighSlashExit(held({ impaired: true, fairRate: (E * 98n) / 100n, marketRate: (E * 95n) / 100n }), oneSlash, now, guard, DEFAULT_FORWARD_RISK);
    expect(d.signals).toHaveLength(2);
    expect(d.probability).toBeCloseTo(0.75, 12);
  });

  it("an exit that costs more than the loss it avoids is not taken, even with a signal", () => {
    // 10 % exit cost (a thin pool) against p 50 % x 2 %.
    const costly = held({ exitPreview: 90n * E });
    expect(exitCostShare(costly)).toBeCloseTo(0.1, 12);
    const repeated = [{ timestamp: now - 10 * DAY, fairRate: (E * 101n) / 100n }, ...oneSlash];
    const d = weighSlashExit(costly, repeated, now, guard, DEFAULT_FORWARD_RISK);
    expect(d.signals).toHaveLength(1);
    expect(d.exit).toBe(false);
    // The cost of coming back counts too.
    expect(weighSlashExit(held(), repeated, now, guard, DEFAULT_FORWARD_RISK, 200).exit).toBe(false);
  });

  it("a protocol's own event (a loss not in its rate yet) is a forward-risk signal: the slash is sold", () => {
    const d = weighSlashExit(held(), oneSlash, now, guard, DEFAULT_FORWARD_RISK, 0, ["protocol event: Swell lockdown"]);
    expect(d.signals).toEqual(["protocol event: Swell lockdown"]);
    expect(d.probability).toBeCloseTo(0.5, 12);
    expect(d.exit).toBe(true);
  });

  it("slashExit exit keeps the old behaviour: every drop sells", () => {
    const d = weighSlashExit(held(), oneSlash, now, guard, { ...DEFAULT_FORWARD_RISK, slashExit: "exit" });
    expect(d.exit).toBe(true);
    expect(d.reason).toMatch(/^sell: guard\.slashExit is exit/);
  });
});

describe("the guard with slashExit weigh: still closed to new allocation, its exit and route follow the weighing", () => {
  it("holds a single slash (no route), reasons carry the weighing", () => {
    const v = evaluateGuard(held(), oneSlash, now, weigh);
    expect(v.guarded).toBe(true);
    expect(v.exit).toBe(false);
    expect(exitRoute(v, "queue")).toBe("none");
    expect(v.reasons[0]).toMatch(/^fair rate fell 200\.00 bps/);
    expect(v.reasons[1]).toMatch(/^after the drop, hold: expected further loss 0\.0 bps/);
    expect(v.slashExit?.exit).toBe(false);
  });

  it("sells a repeated slash through the rebalance (route sell), as before", () => {
    const repeated = [{ timestamp: now - 10 * DAY, fairRate: (E * 101n) / 100n }, ...oneSlash];
    const v = evaluateGuard(held(), repeated, now, weigh);
    expect(v.exit).toBe(true);
    expect(v.drop).toBe(true);
    expect(exitRoute(v, "queue")).toBe("sell");
  });

  it("without slashExit (hand-built configs) a drop still proposes the exit", () => {
    const v = evaluateGuard(held(), oneSlash, now, { ...guard, cooldownSeconds: DAY });
    expect(v.exit).toBe(true);
    expect(v.slashExit).toBeUndefined();
  });
});
