/**
 * Fees with sense, as pure rules: the quote's tip is capped on its own, its max fee by the cap and by the fee
 * history (2 x next base fee + tip); the daily gas budget refuses a send whose worst case would pass it; a due
 * report goes out when overdue, when it books a loss, or when its profit beats its gas.
 */
import { describe, expect, it } from "vitest";
import { parseGwei } from "viem";
import { boundFees } from "../../../keeper/chain/fees.js";
import { decideReport } from "../../../keeper/cycle/report.js";
import { checkGasBudget, DAY_MS, GasBudgetError } from "../../../keeper/runtime/budget.js";
import { KeeperStore } from "../../../keeper/store/store.js";
import { parseConfig } from "../../../keeper/config/load.js";

const caps = { maxFeePerGas: parseGwei("50"), maxPriorityFeePerGas: parseGwei("2") };

describe("boundFees", () => {
  it("leaves an honest quote alone", () => {
    const f = boundFees({ maxFeePerGas: parseGwei("10"), maxPriorityFeePerGas: parseGwei("0.1") }, parseGwei("5"), caps);
    expect(f).toMatchObject({ maxFeePerGas: parseGwei("10"), maxPriorityFeePerGas: parseGwei("0.1"), cuts: [] });
  });

  it("the issue's forged quote (5,000 gwei tip, 2,000 gwei base fee) against an honest 5 gwei history: 12 gwei, tip 2", () => {
    const quoted = { maxFeePerGas: parseGwei("7400"), maxPriorityFeePerGas: parseGwei("5000") };
    const f = boundFees(quoted, parseGwei("5"), caps);
    expect(f.maxPriorityFeePerGas).toBe(parseGwei("2"));
    expect(f.maxFeePerGas).toBe(parseGwei("12")); // 2 x 5 + 2
    expect(f.cuts).toEqual(["tip cap", "fee history"]);
  });

  it("a history that lies too still meets the caps: at most 50 gwei, tip at most 2", () => {
    const f = boundFees({ maxFeePerGas: parseGwei("7400"), maxPriorityFeePerGas: parseGwei("5000") }, parseGwei("2000"), caps);
    expect(f.maxFeePerGas).toBe(parseGwei("50"));
    expect(f.maxPriorityFeePerGas).toBe(parseGwei("2"));
    expect(f.cuts).toEqual(["tip cap", "fee history", "max-fee cap"]);
  });

  it("never tips more than the max fee", () => {
    const f = boundFees({ maxFeePerGas: parseGwei("1"), maxPriorityFeePerGas: parseGwei("1.5") }, 0n, caps);
    expect(f.maxFeePerGas).toBe(parseGwei("1"));
    expect(f.maxPriorityFeePerGas).toBe(parseGwei("1"));
  });

  it("defaults are near what mainnet pays: 50 gwei max fee, 2 gwei tip, 0.1 ETH a day", () => {
    const c = parseConfig({ rpcUrl: "http://127.0.0.1:8545", chainId: 1, vault: "0x0000000000000000000000000000000000000001", storePath: ":memory:" });
    expect(c.tx.maxFeePerGasGwei).toBe(50);
    expect(c.tx.maxPriorityFeePerGasGwei).toBe(2);
    expect(c.tx.dailyGasBudgetWei).toBe(10n ** 17n);
    expect(c.report.maxAgeSeconds).toBe(5 * 3_600);
  });
});

describe("daily gas budget", () => {
  it("counts only the last 24 hours and refuses a send whose worst case would pass the budget", () => {
    let now = 10 * DAY_MS;
    const store = new KeeperStore(":memory:", () => now);
    store.recordGasSpent(`0x${"01".repeat(32)}`, 60n);
    now += DAY_MS / 2;
    store.recordGasSpent(`0x${"02".repeat(32)}`, 30n);
    store.recordGasSpent(`0x${"02".repeat(32)}`, 30n); // the same transaction once
    expect(store.gasSpentSince(now - DAY_MS)).toBe(90n);
    expect(() => checkGasBudget(store, 100n, 10n, now)).not.toThrow();
    const err = (() => {
      try {
        checkGasBudget(store, 100n, 11n, now);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(GasBudgetError);
    expect((err as Error).message).toMatch(/tx.dailyGasBudgetWei: 90 wei spent in the last 24 h plus up to 11 wei/);
    // A day after the first spend it leaves the window.
    now += DAY_MS / 2 + 1;
    expect(store.gasSpentSince(now - DAY_MS)).toBe(30n);
    expect(() => checkGasBudget(store, 100n, 70n, now)).not.toThrow();
    store.close();
  });
});

describe("decideReport", () => {
  const base = { ageSeconds: 3_600, maxAgeSeconds: 18_000, profit: 0n, loss: 0n, gasCostWei: 1_000n, marginBps: 10_000 };
  it("skips a report that books less than gas x (1 + margin)", () => {
    const d = decideReport({ ...base, profit: 1_999n });
    expect(d.send).toBe(false);
    expect(d.reason).toMatch(/not worth/);
  });
  it("sends one whose profit beats its gas by the margin", () => {
    expect(decideReport({ ...base, profit: 2_000n }).send).toBe(true);
  });
  it("sends one that books a loss, however small", () => {
    expect(decideReport({ ...base, loss: 1n })).toMatchObject({ send: true, reason: expect.stringMatching(/loss/) });
  });
  it("sends an overdue one whatever it books", () => {
    expect(decideReport({ ...base, ageSeconds: 18_000 })).toMatchObject({ send: true, reason: expect.stringMatching(/overdue/) });
  });
});

describe("report.maxAgeSeconds 0", () => {
  it("sends every scheduled report, worth its gas or not", () => {
    expect(decideReport({ ageSeconds: 0, maxAgeSeconds: 0, profit: 0n, loss: 0n, gasCostWei: 10n ** 15n, marginBps: 10_000 }).send).toBe(true);
  });
});
