/**
 * The keeper's log stream: JSON lines only, wei as decimal strings (they exceed 2^53), node-cron's messages
 * inside the stream, and the cycle outcomes that need an operator at warn or error.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { recordCycle } from "../../../keeper/cycle/record.js";
import type { CycleContext, CycleOutcome } from "../../../keeper/cycle/types.js";
import { createLogger, cronLogger } from "../../../keeper/runtime/logger.js";
import { KeeperStore } from "../../../keeper/store/store.js";
import { planRebalance } from "../../../keeper/strategy/planner.js";
import { adapter, E, outlook, vaultState } from "./helpers/state.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split("\n").filter((l) => l !== ""));
      done();
    },
  });
  return { lines, log: createLogger("debug", stream) };
}

const big = 2n ** 70n + 1n; // 1180591620717411303425: a JSON number would round it

describe("logs: one JSON stream", () => {
  it("writes wei amounts as exact decimal strings, nested ones too", () => {
    const { lines, log } = capture();
    log.info({ gainWei: big, plan: { moves: [{ assets: big }] } }, "cycle done");
    const entry = JSON.parse(lines[0]!) as { gainWei: unknown; plan: { moves: { assets: unknown }[] } };
    expect(entry.gainWei).toBe("1180591620717411303425");
    expect(entry.plan.moves[0]!.assets).toBe("1180591620717411303425");
  });

  it("routes node-cron's messages into the stream as JSON, without ANSI colour codes", () => {
    const { lines, log } = capture();
    const cron = cronLogger(log);
    cron.warn("missed execution at Mon Dec 01 2026! Possible blocking IO or high CPU user at the same process used by node-cron.");
    cron.error("Task failed with error!", new Error("boom"));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toMatch(/\u001b\[/);
      expect(JSON.parse(line)).toMatchObject({ src: "node-cron" });
    }
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 50, err: "boom" });
  });

  it.each<[CycleOutcome, number]>([
    ["rejected", 50],
    ["stuck", 50],
    ["superseded", 40],
    ["waiting", 40],
    ["sent", 30],
    ["no-moves", 30],
  ])("logs a %s cycle at level %i", (outcome, level) => {
    const { lines, log } = capture();
    const state = vaultState([adapter(1, { allocation: 10n * E })]);
    const ctx: CycleContext = {
      deps: { config: {} as CycleContext["deps"]["config"], client: {} as CycleContext["deps"]["client"], store: new KeeperStore(":memory:"), log },
      dryRun: false,
      inFlight: false,
      stale: false,
      exits: [],
      queueTxs: [],
      state,
      adapters: [],
      plan: { ...planRebalance({ state, outlook: [outlook(0.03)], params: { horizonYears: 1, slippageBps: 30 } }, { minMoveWei: 10n ** 15n }), expectedGainWei: big },
    };
    recordCycle(ctx, { outcome });
    const entry = JSON.parse(lines.at(-1)!) as { level: number; outcome: string; gainWei: string };
    expect(entry).toMatchObject({ level, outcome, gainWei: big.toString() });
  });
});

describe("pino default, for contrast", () => {
  it("writes a bigint as a bare JSON number, which a JSON reader rounds: why the keeper's logger converts them", () => {
    const lines: string[] = [];
    const log = pino({ level: "info" }, new Writable({ write: (c: Buffer, _e, d) => (lines.push(c.toString()), d()) }));
    log.info({ gainWei: big }, "x");
    expect(lines[0]).toContain('"gainWei":1180591620717411303425');
    expect((JSON.parse(lines[0]!) as { gainWei: number }).gainWei).toBe(1180591620717411303000);
  });
});
