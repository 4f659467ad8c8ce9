import { describe, expect, it } from "vitest";
import { decodeSignalLog } from "../../../keeper/chain/signals.js";
import { evaluateGuard, type GuardConfig } from "../../../keeper/strategy/guard.js";
import { activeSignals, type ProtocolEvent } from "../../../keeper/strategy/signals.js";
import { adapter, E } from "./helpers/state.js";

const cfg: GuardConfig = { depegBps: 200, dropBps: 50, cooldownSeconds: 86_400 };
const now = 1_700_000_000;
const flat = [
  { timestamp: now - 3600, fairRate: E },
  { timestamp: now, fairRate: E },
];

/** The guard's verdict for an adapter whose rate has not moved, given its protocol's events. */
function verdict(protocol: Parameters<typeof activeSignals>[0], events: ProtocolEvent[]) {
  return evaluateGuard(adapter(0), flat, now, cfg, activeSignals(protocol, events));
}

describe("protocol signals: a loss the protocol's events show before its rate stops new allocation (issue 18)", () => {
  it("ether.fi: a capped oracle report (rate kept above the report's target) guards without an exit", () => {
    const capped = verdict("etherfi", [
      { block: 10n, logIndex: 0, kind: "etherfi.report", oldRate: E, newRate: (E * 99_973n) / 100_000n, target: (E * 99n) / 100n },
    ]);
    expect(capped.guarded).toBe(true);
    expect(capped.exit).toBe(false);
    expect(capped.reasons).toEqual([
      "ether.fi's oracle report at block 10 was capped: the rate stays 97.32 bps above the report's target (a loss not in the rate yet)",
    ]);
    // The next report that reaches its target lifts it.
    const caught = verdict("etherfi", [
      { block: 10n, logIndex: 0, kind: "etherfi.report", oldRate: E, newRate: (E * 99_973n) / 100_000n, target: (E * 99n) / 100n },
      { block: 20n, logIndex: 0, kind: "etherfi.report", oldRate: E, newRate: (E * 99n) / 100n, target: (E * 99n) / 100n },
    ]);
    expect(caught).toEqual({ guarded: false, exit: false, depeg: false, drop: false, reasons: [] });
  });

  it("ether.fi: an uncapped report (rewards, or a loss within the bound) is no signal", () => {
    expect(activeSignals("etherfi", [{ block: 1n, logIndex: 0, kind: "etherfi.report", oldRate: E, newRate: E + 1n, target: E + 1n }])).toEqual([]);
  });

  it("Swell: the lockdown after a downward reprice guards until it is lifted, in chain order", () => {
    const on = { block: 5n, logIndex: 3, kind: "swell.lockdown", on: true } as const;
    const off = { block: 5n, logIndex: 4, kind: "swell.lockdown", on: false } as const;
    expect(verdict("swell", [on]).reasons).toEqual([
      "Swell locked down at block 5 after a downward reprice (deposits, requests and the bot paused)",
    ]);
    expect(verdict("swell", [off, on]).guarded).toBe(false); // sorted: on (index 3) then off (index 4)
  });

  it("Puffer: a pending beacon-chain loss guards until the validators' exits are processed", () => {
    const loss = { block: 7n, logIndex: 0, kind: "puffer.beaconLoss", pendingBps: 300n } as const;
    const v = verdict("puffer", [loss]);
    expect(v.guarded).toBe(true);
    expect(v.exit).toBe(false);
    expect(v.reasons).toEqual([
      "Puffer reported a beacon-chain loss at block 7 (3.00 % pending) not in its rate until its validators' exits are processed",
    ]);
    expect(verdict("puffer", [loss, { block: 9n, logIndex: 0, kind: "puffer.exitsProcessed" }]).guarded).toBe(false);
  });

  it("Renzo: a beacon-chain loss guards until an EigenLayer checkpoint books it", () => {
    const loss = { block: 3n, logIndex: 1, kind: "renzo.beaconLoss", pendingBps: 150n } as const;
    expect(verdict("renzo", [loss]).reasons).toEqual([
      "Renzo reported a beacon-chain loss at block 3 (1.50 % pending) not in its rate until an EigenLayer checkpoint",
    ]);
    // Applied in chain order, whatever order the logs came in: a checkpoint after the loss books it ...
    expect(verdict("renzo", [{ block: 4n, logIndex: 0, kind: "renzo.checkpoint" }, loss]).guarded).toBe(false);
    // ... one before it does not.
    expect(verdict("renzo", [loss, { block: 2n, logIndex: 0, kind: "renzo.checkpoint" }]).guarded).toBe(true);
  });

  it("a signal comes before the guard's other reasons, which still apply", () => {
    const v = evaluateGuard(adapter(0, { fairRate: E, marketRate: (E * 90n) / 100n }), [], now, cfg, [{ protocol: "swell", reason: "locked" }]);
    expect(v.reasons[0]).toBe("locked");
    expect(v.reasons[1]).toMatch(/^depeg/);
    expect(v.exit).toBe(true); // the depeg's exit, not the signal's
  });

  it("decodes the stand-ins' logs per protocol and ignores others", () => {
    const log = (eventName: string, args: Record<string, unknown>) => ({ eventName, args, blockNumber: 12n, logIndex: 2 });
    expect(decodeSignalLog("etherfi", log("OracleReport", { oldRate: 3n, newRate: 2n, target: 1n }))).toEqual({
      block: 12n, logIndex: 2, kind: "etherfi.report", oldRate: 3n, newRate: 2n, target: 1n,
    });
    expect(decodeSignalLog("swell", log("BotMethodsPause", { newPausedStatus: true }))).toEqual({ block: 12n, logIndex: 2, kind: "swell.lockdown", on: true });
    expect(decodeSignalLog("puffer", log("ValidatorExitsProcessed", {}))).toEqual({ block: 12n, logIndex: 2, kind: "puffer.exitsProcessed" });
    expect(decodeSignalLog("renzo", log("BeaconChainLoss", { bps: 5n, pendingBps: 9n }))).toEqual({
      block: 12n, logIndex: 2, kind: "renzo.beaconLoss", pendingBps: 9n,
    });
    expect(decodeSignalLog("renzo", log("OracleReport", {}))).toBeNull();
    expect(decodeSignalLog("swell", { eventName: "BotMethodsPause", args: { newPausedStatus: true }, blockNumber: null, logIndex: null })).toBeNull();
  });
});
