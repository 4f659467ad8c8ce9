/**
 * The test gate: the project's own Solidity test command (`npm run test:sol`, the first half of `npm test` and so of
 * `.ci/run`) must exit non-zero when a forge test fails or a contract does not compile, and zero when all pass.
 * The npm wrappers of Foundry 1.7.x (`npx forge`) exit 0 whatever forge reports, so the scripts call the native
 * binary through tools/foundry; this file proves it on a scratch project in a temporary directory that holds a copy
 * of package.json and foundry.toml (so the command under test is the real one) and links tools/ and node_modules/.
 * Its contracts are tiny, so the three runs cost a few seconds; the directory is removed afterwards.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foundryBinary, repoRoot } from "../../../script/lib/foundry.js";

let dir: string;

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(command, args, { cwd: dir, encoding: "utf8", env: process.env, timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const testSol = () => run("npm", ["run", "--silent", "test:sol"]);

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;
contract Counter {
    uint256 public n;
    function bump() external { n += 1; }
}
`;
const PASSING = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;
import {Counter} from "../contracts/Counter.sol";
contract CounterTest {
    function test_bumpAddsOne() public {
        Counter c = new Counter();
        c.bump();
        require(c.n() == 1, "bump");
    }
}
`;
const FAILING = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;
contract GateFails {
    function test_oneIsTwo() public pure {
        require(1 == 2, "deliberately failing test of the CI gate");
    }
}
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "lrt-gate-"));
  copyFileSync(path.join(repoRoot, "package.json"), path.join(dir, "package.json"));
  copyFileSync(path.join(repoRoot, "foundry.toml"), path.join(dir, "foundry.toml"));
  symlinkSync(path.join(repoRoot, "tools"), path.join(dir, "tools"));
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  write("contracts/Counter.sol", COUNTER);
  write("test/Counter.t.sol", PASSING);
});

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("CI gate: npm run test:sol returns forge's real status", () => {
  it("exits 0 when every forge test passes", () => {
    const r = testSol();
    expect(r.output).toMatch(/1 passed; 0 failed/);
    expect(r.status).toBe(0);
  });

  it("exits non-zero when a forge test fails, and 0 again once it is removed", () => {
    write("test/GateFails.t.sol", FAILING);
    try {
      const r = testSol();
      expect(r.output).toMatch(/test_oneIsTwo/);
      expect(r.output).toMatch(/1 failing test/);
      expect(r.status).not.toBe(0);
    } finally {
      rmSync(path.join(dir, "test/GateFails.t.sol"));
    }
    expect(testSol().status).toBe(0);
  });

  it("exits non-zero when a contract does not compile", () => {
    write("contracts/Counter.sol", COUNTER.replace("n += 1;", "n += ;"));
    try {
      const r = testSol();
      expect(r.output).toMatch(/Error|error/);
      expect(r.status).not.toBe(0);
    } finally {
      write("contracts/Counter.sol", COUNTER);
    }
  });

  it("the npm wrapper still drops the status (why tools/forge exists: if this fails, update the README's Foundry notes)", () => {
    write("test/GateFails.t.sol", FAILING);
    try {
      const r = run(path.join(dir, "node_modules", ".bin", "forge"), ["test"]);
      expect(r.output).toMatch(/1 failing test/);
      expect(r.status).toBe(0);
    } finally {
      rmSync(path.join(dir, "test/GateFails.t.sol"));
    }
  });

  it("tools/cast returns cast's failure (dead RPC), and an unknown tool is refused by name", () => {
    const cast = run(path.join(repoRoot, "tools", "cast"), ["block-number", "--rpc-url", "http://127.0.0.1:9"]);
    expect(cast.status).not.toBe(0);
    const unknown = run(path.join(repoRoot, "tools", "foundry"), ["forgery"]);
    expect(unknown.status).toBe(64);
    expect(unknown.output).toMatch(/unknown tool 'forgery'/);
  });
});

describe("CI gate: the rest of the chain propagates failure", () => {
  it("tsc exits non-zero on a type error", () => {
    write("ts/bad.ts", "const n: number = 'not a number';\nexport { n };\n");
    write("ts/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, noEmit: true, lib: ["es5"], types: [] }, files: ["bad.ts"] }));
    const r = run(path.join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", path.join(dir, "ts", "tsconfig.json")]);
    expect(r.output).toMatch(/TS2322/);
    expect(r.status).not.toBe(0);
  });

  it("vitest exits non-zero when a test fails", () => {
    write("vt/fails.test.ts", "import { it, expect } from 'vitest';\nit('fails', () => expect(1).toBe(2));\n");
    write("vt/vitest.config.ts", "export default { test: { include: ['*.test.ts'] } };\n");
    const r = run(path.join(repoRoot, "node_modules", ".bin", "vitest"), ["run", "--root", path.join(dir, "vt")]);
    expect(r.output).toMatch(/1 failed/);
    expect(r.status).not.toBe(0);
  });

  it("tools/anvil execs the binary itself, so SIGTERM reaches anvil and stops it", async () => {
    const child = spawn(path.join(repoRoot, "tools", "anvil"), ["--port", "0", "--silent"], { stdio: "ignore" });
    try {
      // exec: once the shell is replaced, the child's pid runs the native anvil binary.
      let exe = "";
      for (let i = 0; i < 100 && !exe.endsWith("/bin/anvil"); i++) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          exe = readlinkSync(`/proc/${child.pid}/exe`);
        } catch {
          exe = "";
        }
      }
      expect(exe).toBe(realpathSync(foundryBinary("anvil")));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal })),
      );
      child.kill("SIGTERM");
      const { code, signal } = await exited;
      expect(signal === "SIGTERM" || code === 0).toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
