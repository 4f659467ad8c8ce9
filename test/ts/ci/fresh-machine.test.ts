/**
 * A newcomer's machine has Node 20 and npm and nothing else; `npm ci && npm test` must still pass there, and CI
 * (`.ci/run`) must run exactly those two commands. The tools the suite drives are found by the test command itself
 * (tools/test-tools.ts, the first step of `npm test`): Chromium from its npm package, promtool and systemd-analyze
 * from apt when root. These tests hide the machine's own copies (a PATH holding only node and tar, none of the
 * variables the tests read) and check the command still finds what it needs, or stops at once naming the command
 * that installs it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../../script/lib/foundry.js";
import { APT_TOOLS, CHROMIUM_ARGS, chromiumBuild, onPath, planAptTools, PROMTOOL, requireTool, SYSTEMD_ANALYZE } from "../../../script/lib/test-tools.js";

let scratch: string;
/** A PATH with node and tar only: no chromium, no promtool, no systemd-analyze, no apt-get. */
let bareBin: string;

function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: bareBin, HOME: process.env.HOME ?? scratch, ...extra };
}

/** The test command's first step, as `npm test` runs it, in the given environment. */
function testTools(env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", "tools/test-tools.ts"], { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "lrt-fresh-"));
  bareBin = path.join(scratch, "bin");
  mkdirSync(bareBin);
  symlinkSync(process.execPath, path.join(bareBin, "node"));
  symlinkSync(onPath("tar")!, path.join(bareBin, "tar"));
});

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe("the test command on a machine with Node and npm only", () => {
  it("finds Chromium inside its npm package with the system's hidden, and stops at once naming the apt command for the rest", () => {
    for (const bin of ["chromium", "promtool", "systemd-analyze", "apt-get"]) expect(onPath(bin, bareEnv()), bin).toBeNull();
    const r = testTools(bareEnv());
    expect(r.stdout).toMatch(/^test tools: Chromium 143\.\d+\.\d+\.\d+ from @sparticuz\/chromium@143\.0\.4 \(.*node_modules\/\.cache\/sparticuz-chromium-143\.0\.4\/chromium\)$/m);
    expect(r.stderr).toContain("promtool (Debian package `prometheus`, checks and tests the alert rules) and systemd-analyze (Debian package `systemd`");
    expect(r.stderr).toContain("run `sudo apt-get install -y --no-install-recommends prometheus systemd` (without sudo as root), or set PROMTOOL / SYSTEMD_ANALYZE to its path");
    expect(r.status).toBe(1);
  });

  it("passes with the hidden tools named by PROMTOOL and SYSTEMD_ANALYZE, and prints each one's version", () => {
    const env = bareEnv({ PROMTOOL: requireTool(PROMTOOL), SYSTEMD_ANALYZE: requireTool(SYSTEMD_ANALYZE) });
    const r = testTools(env);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^test tools: promtool, version \d+\.\d+\.\d+/m);
    expect(r.stdout).toMatch(/^test tools: systemd \d+ /m);
    expect(r.stdout).toContain(`(${env.PROMTOOL})`);
    expect(r.status).toBe(0);
  });

  it("fails loudly when a variable the tests read names nothing", () => {
    const chromiumOff = testTools(bareEnv({ CHROMIUM_PATH: path.join(scratch, "no-chromium") }));
    expect(chromiumOff.stderr).toBe(`test tools: CHROMIUM_PATH=${path.join(scratch, "no-chromium")} is not an executable file (unset it to use the Chromium that npm installs)\n`);
    expect(chromiumOff.status).toBe(1);
    const promtoolOff = testTools(bareEnv({ PROMTOOL: path.join(scratch, "no-promtool") }));
    expect(promtoolOff.stderr).toContain(`PROMTOOL=${path.join(scratch, "no-promtool")} is not an executable file`);
    expect(promtoolOff.status).toBe(1);
  });

  it("installs the missing apt tools when root with apt-get, and otherwise stops with the exact command", () => {
    const [promtool, systemd] = APT_TOOLS;
    expect(planAptTools([], false, null)).toEqual({ kind: "none" });
    expect(planAptTools([promtool!], true, "/usr/bin/apt-get")).toEqual({ kind: "apt", tools: [promtool] });
    expect(planAptTools([promtool!, systemd!], false, "/usr/bin/apt-get")).toEqual({
      kind: "stop",
      message: expect.stringContaining("`sudo apt-get install -y --no-install-recommends prometheus systemd`"),
    });
    expect(planAptTools([systemd!], true, null)).toMatchObject({ kind: "stop" });
  });

  it("unpacks the npm package's Chromium from scratch and renders a page with it, system Chromium hidden", async () => {
    // A project root of its own whose node_modules holds only the package: nothing unpacked before, nothing shared.
    const root = path.join(scratch, "root");
    mkdirSync(path.join(root, "node_modules", "@sparticuz"), { recursive: true });
    symlinkSync(path.join(repoRoot, "node_modules", "@sparticuz", "chromium"), path.join(root, "node_modules", "@sparticuz", "chromium"));
    const saved = process.env.PATH;
    process.env.PATH = bareBin; // the unpacking runs tar from PATH
    let build;
    try {
      build = chromiumBuild({}, root);
    } finally {
      process.env.PATH = saved;
    }
    expect(build.executablePath).toBe(path.join(root, "node_modules", ".cache", "sparticuz-chromium-143.0.4", "chromium"));
    expect(build.source).toBe("@sparticuz/chromium@143.0.4");
    const browser = await chromium.launch({ executablePath: build.executablePath, args: [...CHROMIUM_ARGS], env: { PATH: bareBin, HOME: scratch, LANG: "C.UTF-8", ...build.env } });
    try {
      expect(browser.version()).toMatch(/^143\./);
      const page = await browser.newPage();
      await page.setContent(`<p id="t">vault</p><canvas id="c" width="4" height="4"></canvas>
        <script>const g = document.getElementById("c").getContext("2d"); g.fillStyle = "#ff0000"; g.fillRect(0, 0, 4, 4);</script>`);
      expect(await page.textContent("#t")).toBe("vault");
      // The status page's chart library formats with Intl in the browser's own locale.
      expect(await page.evaluate(() => new Intl.NumberFormat(navigator.language).format(1234.5))).toBe("1,234.5");
      expect(await page.evaluate(() => Array.from((document.getElementById("c") as HTMLCanvasElement).getContext("2d")!.getImageData(1, 1, 1, 1).data))).toEqual([255, 0, 0, 255]);
      expect((await page.screenshot()).length).toBeGreaterThan(100);
    } finally {
      await browser.close();
    }
  });
});

describe("every test finds its tools the one way", () => {
  it("no test launches a browser or runs promtool / systemd-analyze except through script/lib/test-tools.ts", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
    const allowed = new Set(["test/ts/helpers/browser.ts", "test/ts/ci/fresh-machine.test.ts"]);
    const offenders = files(path.join(repoRoot, "test", "ts"))
      .map((f) => path.relative(repoRoot, f))
      .filter((f) => !allowed.has(f))
      .filter((f) => /\.launch\(|\/usr\/bin\/chromium|["'`](promtool|systemd-analyze)["'`]/.test(readFileSync(path.join(repoRoot, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("CI runs what the README says and nothing beside it", () => {
  it(".ci/run is `npm ci` then `npm test` (and the forge profile with fewer fuzz runs): no install of its own", () => {
    const commands = readFileSync(path.join(repoRoot, ".ci", "run"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    expect(commands).toEqual(["set -euo pipefail", 'cd "$(dirname "$0")/.."', 'export FOUNDRY_PROFILE="${FOUNDRY_PROFILE:-ci}"', "npm ci", "npm test"]);
  });

  it("`npm test` starts with the step that provides its tools", () => {
    const scripts = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toMatch(/^npm run test:tools && /);
    expect(scripts["test:tools"]).toBe("node --import tsx tools/test-tools.ts");
  });
});
