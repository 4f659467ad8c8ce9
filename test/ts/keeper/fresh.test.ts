/**
 * A fresh keeper is honest at once, and a config says what it leaves out. Pure parts: the reports health check with
 * a catch-up report at start, the shared-key watch with two keepers on one key, the config's safety gaps and the
 * restaking risk model read from a deployment's `eigenLayer` section by default. The devnet side (a keeper
 * started a day after the last report, two keepers on one key) is in operator.test.ts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configGaps, loadConfig, parseConfig } from "../../../keeper/config/index.js";
import { reportOverdue, reportsCheck } from "../../../keeper/runtime/reports.js";
import { SharedKeyWatch } from "../../../keeper/runtime/sharedKey.js";

const LIMIT = 22_530;

describe("reports health at start", () => {
  it("an overdue round with a catch-up report running is not a failure, and says so", () => {
    expect(reportOverdue(86_452, LIMIT)).toBe(true);
    expect(reportOverdue(LIMIT, LIMIT)).toBe(false);
    expect(reportsCheck({ dryRun: false, ageSeconds: 86_452, limitSeconds: LIMIT, catchUp: { state: "running", ageSeconds: 86_452 } })).toEqual({
      ok: true,
      detail: "catch-up report at start running: the share-price feed's last round was 86452 s old when this keeper started (limit 22530 s)",
    });
  });

  it("once the catch-up report landed the round is fresh; if it failed, the check fails and says the catch-up failed", () => {
    expect(reportsCheck({ dryRun: false, ageSeconds: 12, limitSeconds: LIMIT, catchUp: null })).toEqual({
      ok: true,
      detail: "the share-price feed's last round is 12 s old at the chain head (limit 22530 s: the report schedule plus grace)",
    });
    expect(reportsCheck({ dryRun: false, ageSeconds: 86_460, limitSeconds: LIMIT, catchUp: { state: "failed", ageSeconds: 86_452 } })).toEqual({
      ok: false,
      detail:
        "the share-price feed's last round is 86460 s old at the chain head (limit 22530 s: the report schedule plus grace); the catch-up report at start failed (see the log)",
    });
  });

  it("without a catch-up, an overdue round fails; a dry run and a keeper with no reading yet pass", () => {
    expect(reportsCheck({ dryRun: false, ageSeconds: 30_000, limitSeconds: LIMIT, catchUp: null }).ok).toBe(false);
    expect(reportsCheck({ dryRun: true, ageSeconds: 30_000, limitSeconds: LIMIT, catchUp: null })).toEqual({ ok: true, detail: "dry run: this keeper sends no reports" });
    expect(reportsCheck({ dryRun: false, ageSeconds: null, limitSeconds: LIMIT, catchUp: null })).toEqual({ ok: true, detail: "no chain reading yet" });
    // A catch-up still marked running once the round is fresh again reads as the plain check.
    expect(reportsCheck({ dryRun: false, ageSeconds: 5, limitSeconds: LIMIT, catchUp: { state: "running", ageSeconds: 86_452 } }).detail).toMatch(/^the share-price feed's last round is 5 s old/);
  });
});

describe("two keepers on one key both notice", () => {
  it("each flags the other's transaction, even when it sends right after it before looking", () => {
    const sentBy = { a: new Set<number>(), b: new Set<number>() };
    // Both start when the account's pending nonce is 10.
    const a = new SharedKeyWatch(10, () => sentBy.a);
    const b = new SharedKeyWatch(10, () => sentBy.b);
    sentBy.a.add(10); // A reports (nonce 10) and looks: nothing foreign
    expect(a.check(11)).toBe(0);
    sentBy.b.add(11); // B cycles and sends next (nonce 11), then looks: A's nonce 10 is not B's
    expect(b.check(12)).toBe(1);
    expect(a.check(12)).toBe(1); // A sees B's 11
    expect([a.foreign, b.foreign]).toEqual([1, 1]);
    // Nothing is counted twice; a re-send keeps its nonce and is still this keeper's own.
    expect(a.check(12)).toBe(0);
    sentBy.a.add(12);
    expect(a.check(13)).toBe(0);
    expect(b.check(13)).toBe(1);
    expect([a.foreign, b.foreign]).toEqual([1, 2]);
  });

  it("a keeper alone on its key never flags itself, whatever the order of its sends and looks", () => {
    const own = new Set<number>();
    const w = new SharedKeyWatch(3, () => own);
    for (let n = 3; n < 20; n++) {
      own.add(n);
      if (n % 3 === 0) expect(w.check(n + 1)).toBe(0);
    }
    expect(w.check(20)).toBe(0);
    expect(w.foreign).toBe(0);
  });
});

describe("the smallest config and what it leaves out", () => {
  const dir = mkdtempSync(join(tmpdir(), "keeper-gaps-"));
  const adapters = { etherfi: "0x0000000000000000000000000000000000000001", renzo: "0x0000000000000000000000000000000000000002" };
  const eigenLayer = {
    allocationManager: "0x00000000000000000000000000000000000000a1",
    delegationManager: "0x00000000000000000000000000000000000000a2",
    strategy: "0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0",
    exposureLens: "0x00000000000000000000000000000000000000a3",
    avs: { EigenDA: "0x00000000000000000000000000000000000000b1", Hyperlane: "0x00000000000000000000000000000000000000b2" },
    stakers: { etherfi: ["0x00000000000000000000000000000000000000c1"], renzo: ["0x00000000000000000000000000000000000000c2"] },
  };
  const deployment = { chainId: 31337, vault: "0x5fbdb2315678afecb367f032d93f642f64180aa3", adapters, eigenLayer };
  writeFileSync(join(dir, "with-el.json"), JSON.stringify(deployment));
  writeFileSync(join(dir, "without-el.json"), JSON.stringify({ ...deployment, eigenLayer: undefined }));
  const smallest = (file: string) => {
    const path = join(dir, `keeper-${file}`);
    writeFileSync(path, JSON.stringify({ rpcUrl: "http://127.0.0.1:8545", deployment: file, storePath: "keeper.sqlite" }));
    return loadConfig(path, {});
  };

  it("reads the restaking risk model from the deployment's eigenLayer section by default, and says the slash rates are unpriced", () => {
    const c = smallest("with-el.json");
    expect(c.risk).toBeDefined();
    expect(c.risk!.avsCapBps).toBe(3_000);
    expect(c.risk!.avs).toEqual({ EigenDA: { slashProbabilityBps: 0, severityBps: 0 }, Hyperlane: { slashProbabilityBps: 0, severityBps: 0 } });
    expect(c.risk!.eigenLayer.operatorSets).toEqual({
      EigenDA: { avs: "0x00000000000000000000000000000000000000B1", id: 0 },
      Hyperlane: { avs: "0x00000000000000000000000000000000000000b2", id: 0 },
    });
    expect(Object.keys(c.risk!.eigenLayer.stakers)).toEqual([adapters.etherfi, adapters.renzo]);
    expect(configGaps(c)).toEqual([
      {
        feature: "risk.avs",
        message:
          "AVS slash risk not priced for EigenDA, Hyperlane (set risk.avs.<name>.slashProbabilityBps and severityBps): their expected loss counts as 0; exposure is still measured and capped at 30.00 % of total assets per AVS",
      },
    ]);
  });

  it("a config's own risk section wins and, fully priced, leaves nothing out", () => {
    const path = join(dir, "keeper-priced.json");
    writeFileSync(
      path,
      JSON.stringify({
        rpcUrl: "http://127.0.0.1:8545",
        deployment: "with-el.json",
        storePath: "keeper.sqlite",
        risk: { avsCapBps: 2_000, avs: { EigenDA: { slashProbabilityBps: 300, severityBps: 1_000 }, Hyperlane: { slashProbabilityBps: 100, severityBps: 1_000 } } },
      }),
    );
    const c = loadConfig(path, {});
    expect(c.risk!.avsCapBps).toBe(2_000);
    expect(c.risk!.avs.EigenDA).toEqual({ slashProbabilityBps: 300, severityBps: 1_000 });
    expect(c.risk!.eigenLayer.allocationManager).toBe("0x00000000000000000000000000000000000000A1");
    expect(configGaps(c)).toEqual([]);
  });

  it("without an eigenLayer section anywhere the model is off, and that is said; so is a disabled server", () => {
    const c = smallest("without-el.json");
    expect(c.risk).toBeUndefined();
    expect(configGaps(c).map((g) => g.feature)).toEqual(["risk"]);
    expect(configGaps(c)[0]!.message).toBe(
      "restaking risk model off: no `risk` section and no deployment with an `eigenLayer` section to read it from, so AVS exposure is neither measured, priced nor capped",
    );
    const quiet = parseConfig({ rpcUrl: "http://127.0.0.1:8545", chainId: 1, vault: deployment.vault, storePath: ":memory:", server: { enabled: false } });
    expect(configGaps(quiet).map((g) => g.feature)).toEqual(["risk", "server"]);
  });
});
