import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig } from "../../../keeper/config/load.js";
import { decryptKeystore, encryptKeystore, loadAccount } from "../../../keeper/config/key.js";

const good = {
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
  vault: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  storePath: "/tmp/keeper.sqlite",
};
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as const;

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("config: zod-validated file plus env, every bad field named", () => {
  it("fills defaults and checksums addresses", () => {
    const c = parseConfig(good);
    expect(c.vault).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(c.strategy.horizonDays).toBe(30);
    expect(c.strategy.minMoveWei).toBe(10n ** 15n);
    expect(c.strategy.apy.windowsSeconds).toEqual([604_800, 86_400, 2_592_000]);
    expect(c.strategy.guard.depegBps).toBe(200);
    expect(c.schedule.cycle).toBe("*/5 * * * *");
    expect(c.tx.feeBumpBps).toBe(1_250);
    expect(c.server.port).toBe(9464);
  });

  it("names every bad field at once", () => {
    const issues = issuesOf(() =>
      parseConfig({
        ...good,
        rpcUrl: "not a url",
        vault: "0x1234",
        strategy: { slippageBps: 20_000, minMoveWei: "1e18", apy: { minCoverage: 0 } },
        tx: { feeBumpBps: 100 },
        adapters: { "0xabc": { name: "" } },
        logLevel: "loud",
      }),
    );
    const fields = issues.map((i) => i.split(":")[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        "rpcUrl",
        "vault",
        "strategy.slippageBps",
        "strategy.minMoveWei",
        "strategy.apy.minCoverage",
        "tx.feeBumpBps",
        "adapters.0xabc.name",
        "logLevel",
      ]),
    );
    expect(issues).toHaveLength(8);
    expect(issues.find((i) => i.startsWith("vault"))).toMatch(/not a 20-byte hex address/);
  });

  it("names a missing required field and an unknown one", () => {
    const { storePath: _omit, ...rest } = good;
    const issues = issuesOf(() => parseConfig({ ...rest, slipage: 3 }));
    expect(issues.some((i) => i.startsWith("storePath:"))).toBe(true);
    expect(issues.some((i) => /unrecognized|Unrecognized/i.test(i) && i.includes("slipage"))).toBe(true);
  });

  it("lets the environment override the file and names the variable of a bad override", () => {
    const c = parseConfig(good, { KEEPER_RPC_URL: "http://127.0.0.1:9999", KEEPER_SERVER_PORT: "1234" });
    expect(c.rpcUrl).toBe("http://127.0.0.1:9999");
    expect(c.server.port).toBe(1234);
    const issues = issuesOf(() => parseConfig(good, { KEEPER_CHAIN_ID: "abc", KEEPER_SERVER_ENABLED: "maybe" }));
    expect(issues.find((i) => i.startsWith("chainId"))).toMatch(/^chainId \(from KEEPER_CHAIN_ID\)/);
    expect(issues.find((i) => i.startsWith("server.enabled"))).toMatch(/from KEEPER_SERVER_ENABLED/);
  });

  it("names the file when it is missing or not JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "keeper-config-"));
    expect(issuesOf(() => loadConfig(join(dir, "none.json"), {}))[0]).toMatch(/cannot read the config file/);
    writeFileSync(join(dir, "bad.json"), "{ nope");
    expect(() => loadConfig(join(dir, "bad.json"), {})).toThrow(/bad\.json.*\n.*not valid JSON/);
    expect(issuesOf(() => parseConfig([1, 2]))).toEqual(["the config file must hold a JSON object"]);
  });
});

describe("signing key: env or v3 keystore, never logged", () => {
  it("reads KEEPER_PRIVATE_KEY and rejects a malformed one without echoing it", () => {
    expect(loadAccount({ KEEPER_PRIVATE_KEY: KEY }, undefined).address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    let message = "";
    try {
      loadAccount({ KEEPER_PRIVATE_KEY: "0xdeadbeefsecret" }, undefined);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/KEEPER_PRIVATE_KEY must be 32 bytes/);
    expect(message).not.toMatch(/deadbeef/);
  });

  it("decrypts a v3 keystore it wrote, and refuses a wrong password", () => {
    const json = encryptKeystore(KEY, "hunter2", 2 ** 12);
    expect(decryptKeystore(json, "hunter2")).toBe(KEY);
    expect(() => decryptKeystore(json, "hunter3")).toThrow(/password is wrong/);
    const dir = mkdtempSync(join(tmpdir(), "keeper-ks-"));
    writeFileSync(join(dir, "k.json"), json);
    expect(loadAccount({ KEEPER_KEYSTORE_PASSWORD: "hunter2" }, join(dir, "k.json")).address).toBe(
      "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    );
    expect(() => loadAccount({}, join(dir, "k.json"))).toThrow(/KEEPER_KEYSTORE_PASSWORD is not set/);
    expect(() => loadAccount({}, undefined)).toThrow(/no signing key/);
  });
});

describe("the example config", () => {
  it("keeper/keeper.config.example.json is valid", () => {
    const c = loadConfig(join(import.meta.dirname, "..", "..", "..", "keeper", "keeper.config.example.json"), {});
    expect(c.adapters["0x0000000000000000000000000000000000000001"]?.extrasBps).toBe(150);
  });
});

describe("config from a deployments JSON", () => {
  const dir = mkdtempSync(join(tmpdir(), "keeper-deploy-"));
  writeFileSync(
    join(dir, "31337.json"),
    JSON.stringify({
      chainId: 31337,
      vault: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      lens: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
      adapters: { etherfi: "0x0000000000000000000000000000000000000001", swell: "0x0000000000000000000000000000000000000002" },
    }),
  );

  it("fills vault, lens, chain id and adapter names; the config's own fields win", () => {
    const path = join(dir, "keeper.json");
    writeFileSync(
      path,
      JSON.stringify({
        rpcUrl: "http://127.0.0.1:8545",
        storePath: ":memory:",
        deployment: "31337.json",
        adapters: { "0x0000000000000000000000000000000000000002": { name: "rswETH", extrasBps: 50 } },
      }),
    );
    const c = loadConfig(path, {});
    expect(c.vault).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(c.lens).toBe("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    expect(c.chainId).toBe(31337);
    expect(c.adapters["0x0000000000000000000000000000000000000001"]).toEqual({ name: "etherfi", extrasBps: 0, entryCostBps: 0, exitDelaySeconds: 14 * 86_400, exitDelayPromised: false });
    expect(c.adapters["0x0000000000000000000000000000000000000002"]?.name).toBe("rswETH");
    expect(loadConfig(path, { KEEPER_VAULT: "0x0000000000000000000000000000000000000009" }).vault).toBe(
      "0x0000000000000000000000000000000000000009",
    );
  });

  it("names a missing or malformed deployments file", () => {
    expect(issuesOf(() => parseConfig({ ...good, deployment: "nope.json" }, {}, "c", dir))[0]).toMatch(/^deployment: cannot read .*nope\.json/);
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ chainId: "x", vault: 1, adapters: {} }));
    const issues = issuesOf(() => parseConfig({ ...good, deployment: "bad.json" }, {}, "c", dir));
    expect(issues.map((i) => i.replace(/\(.*\) /, ""))).toEqual([
      expect.stringMatching(/^deployment chainId: /),
      expect.stringMatching(/^deployment vault: /),
    ]);
  });
});
