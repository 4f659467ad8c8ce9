import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KeeperStore } from "../../../keeper/store/store.js";

const A = "0x00000000000000000000000000000000000000Aa" as const;
const L = "0x00000000000000000000000000000000000000bb" as const;
const sample = (block: bigint, timestamp: number, fairRate: bigint) => ({ adapter: A, lrt: L, block, timestamp, fairRate, marketRate: fairRate });

describe("store: rate history and actions survive a restart", () => {
  it("keeps one sample per adapter and block, oldest first, with full 256-bit precision", () => {
    const s = new KeeperStore(":memory:");
    const big = 2n ** 200n + 12345n;
    expect(s.addSamples([sample(2n, 200, big), sample(1n, 100, 10n ** 18n)])).toBe(2);
    expect(s.addSamples([sample(2n, 200, big)])).toBe(0);
    expect(s.samples(A)).toEqual([
      { timestamp: 100, fairRate: 10n ** 18n },
      { timestamp: 200, fairRate: big },
    ]);
    expect(s.samples("0x00000000000000000000000000000000000000AA", 150)).toEqual([{ timestamp: 200, fairRate: big }]);
    expect(s.pruneSamples(150)).toBe(1);
    expect(s.sampleCount(A)).toBe(1);
  });

  it("records actions and lists the open ones after reopening the file", () => {
    const path = join(mkdtempSync(join(tmpdir(), "keeper-store-")), "k.sqlite");
    let t = 1_000;
    const s1 = new KeeperStore(path, () => t++);
    const id = s1.recordAction({ kind: "rebalance", status: "pending", vaultNonce: 3n, gainWei: 10n ** 30n, plan: "[]" });
    s1.updateAction(id, { status: "sent", txHash: "0xabc", accountNonce: 7 });
    s1.recordAction({ kind: "report", status: "confirmed" });
    s1.close();
    const s2 = new KeeperStore(path);
    const open = s2.openActions();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id, status: "sent", txHash: "0xabc", accountNonce: 7, vaultNonce: 3n, gainWei: 10n ** 30n });
    expect(s2.lastActions(5).map((a) => a.kind)).toEqual(["report", "rebalance"]);
    expect(s2.lastActions(5, "report")).toHaveLength(1);
    expect(() => s2.updateAction(999, { status: "failed" })).toThrow(/no action with id 999/);
    s2.close();
  });
});
