/**
 * The key off the host's environment: variables blanked in /proc/<pid>/environ once loaded, keys and passwords
 * from files and systemd credentials ($CREDENTIALS_DIRECTORY), and a remote signer that is refused when it signs
 * something other than what was asked, or as someone else. (The remote signer signing a real devnet transaction
 * through anvil's eth_signTransaction is in keeper.rpc.test.ts, beside that file's devnet.)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEther, type Hex, type TransactionSerializable } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { remoteSignerAccount, type SignerRequest } from "../../../keeper/chain/signer.js";
import { encryptKeystore, loadAccount } from "../../../keeper/config/key.js";
import { repoRoot } from "../../../script/lib/foundry.js";

const KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil account 1
const OTHER: Hex = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"; // anvil account 2
const address = privateKeyToAccount(KEY).address;

describe("the key leaves the process environment", () => {
  it("scrubEnvironment blanks KEEPER_PRIVATE_KEY in /proc/<pid>/environ and process.env; other variables stay", async () => {
    const code = [
      'import { scrubEnvironment } from "./keeper/runtime/environ.ts";',
      'const r = scrubEnvironment(["KEEPER_PRIVATE_KEY", "KEEPER_KEYSTORE_PASSWORD"]);',
      'process.stdout.write(JSON.stringify({ ...r, left: process.env.KEEPER_PRIVATE_KEY ?? null }) + "\\n");',
      "setTimeout(() => {}, 30000);",
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, KEEPER_PRIVATE_KEY: KEY, KEEPER_OTHER: "stays" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          if (out.includes("\n")) resolve(out.trim());
        });
        child.once("exit", (c) => reject(new Error(`child exited ${c}: ${out}`)));
      });
      expect(JSON.parse(line)).toEqual({ cleared: ["KEEPER_PRIVATE_KEY"], environBlanked: true, left: null });
      const environ = readFileSync(`/proc/${child.pid}/environ`, "latin1");
      expect(environ).not.toContain(KEY.slice(2));
      expect(environ).not.toContain("KEEPER_PRIVATE_KEY");
      expect(environ).toContain("KEEPER_OTHER=stays");
    } finally {
      child.kill();
    }
  }, 30_000);
});

describe("keys from files and systemd credentials", () => {
  it("KEEPER_PRIVATE_KEY_FILE, then $CREDENTIALS_DIRECTORY/private-key (LoadCredential=)", () => {
    const dir = mkdtempSync(join(tmpdir(), "creds-"));
    writeFileSync(join(dir, "key.txt"), `${KEY}\n`, { mode: 0o600 });
    expect(loadAccount({ KEEPER_PRIVATE_KEY_FILE: join(dir, "key.txt") }, undefined).address).toBe(address);
    writeFileSync(join(dir, "private-key"), KEY, { mode: 0o600 });
    expect(loadAccount({ CREDENTIALS_DIRECTORY: dir }, undefined).address).toBe(address);
  });

  it("the keystore password from the credential keystore-password", () => {
    const dir = mkdtempSync(join(tmpdir(), "creds-"));
    const keystore = join(dir, "keystore.json");
    writeFileSync(keystore, encryptKeystore(KEY, "pw", 2 ** 10));
    writeFileSync(join(dir, "keystore-password"), "pw\n");
    expect(loadAccount({ CREDENTIALS_DIRECTORY: dir }, keystore).address).toBe(address);
  });

  it("a missing key file is named, its contents never are", () => {
    expect(() => loadAccount({ KEEPER_PRIVATE_KEY_FILE: "/nonexistent/key" }, undefined)).toThrow(/KEEPER_PRIVATE_KEY_FILE: cannot read \/nonexistent\/key: ENOENT/);
    const dir = mkdtempSync(join(tmpdir(), "creds-"));
    writeFileSync(join(dir, "private-key"), "not-a-key-secret");
    expect(() => loadAccount({ CREDENTIALS_DIRECTORY: dir }, undefined)).toThrow(/^credential private-key must be 32 bytes of hex/);
    expect(() => loadAccount({ CREDENTIALS_DIRECTORY: dir }, undefined)).not.toThrow(/not-a-key-secret/);
  });
});

describe("remote signer checks what it gets back", () => {
  const tx: TransactionSerializable = {
    chainId: 31_337,
    to: "0x000000000000000000000000000000000000dEaD",
    data: "0x1234",
    nonce: 7,
    gas: 100_000n,
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    value: 0n,
  };
  /** A signer that signs `alter(asked)` with `key`, and records what it was asked. */
  const signer = (key: Hex, alter: (t: TransactionSerializable) => TransactionSerializable = (t) => t) => {
    const asked: unknown[] = [];
    const request: SignerRequest = async ({ method, params }) => {
      expect(method).toBe("eth_signTransaction");
      asked.push(params![0]);
      return privateKeyToAccount(key).signTransaction(alter(tx));
    };
    return { account: remoteSignerAccount({ url: "http://127.0.0.1:1", address, request }), asked };
  };

  it("an honest signer: the signed transaction is what was asked, from the configured address", async () => {
    const { account, asked } = signer(KEY);
    const raw = await account.signTransaction(tx);
    expect(raw).toMatch(/^0x02/);
    expect(asked[0]).toMatchObject({ from: address, to: tx.to, data: "0x1234", nonce: "0x7", gas: "0x186a0", type: "0x2", chainId: "0x7a69" });
  });

  it("refuses a transaction signed by another key", async () => {
    await expect(signer(OTHER).account.signTransaction(tx)).rejects.toThrow(/signed as 0x3C44.*not 0x7099.*refused/i);
  });

  it("refuses a transaction sent elsewhere, with other calldata or with value", async () => {
    await expect(signer(KEY, (t) => ({ ...t, to: "0x000000000000000000000000000000000000bEEF" })).account.signTransaction(tx)).rejects.toThrow(/whose to is .* refused/);
    await expect(signer(KEY, (t) => ({ ...t, data: "0x9999" })).account.signTransaction(tx)).rejects.toThrow(/other calldata/);
    await expect(signer(KEY, (t) => ({ ...t, value: parseEther("1") })).account.signTransaction(tx)).rejects.toThrow(/another value/);
    await expect(signer(KEY, (t) => ({ ...t, maxFeePerGas: 9_000_000_000n }) as TransactionSerializable).account.signTransaction(tx)).rejects.toThrow(/maxFeePerGas/);
  });
});
