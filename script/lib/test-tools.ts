/**
 * The programs the test suite drives besides Node: a headless Chromium (the status page's browser tests), promtool
 * (the alert rules) and systemd-analyze (the keeper's unit file). A newcomer's machine has Node 20 and npm only, so:
 * - Chromium comes from npm: `@sparticuz/chromium` ships a headless Chromium build (brotli-compressed, with the NSS
 *   libraries, fonts and SwiftShader it needs) inside the package. It is unpacked once into
 *   node_modules/.cache/ and launched from there; CHROMIUM_PATH names another build instead.
 * - promtool (Debian's `prometheus`) and systemd-analyze (Debian's `systemd`) have no npm package. `npm test`
 *   (tools/test-tools.ts) installs them with apt when it runs as root and stops at once with the exact command
 *   otherwise; PROMTOOL / SYSTEMD_ANALYZE name other copies.
 * A missing tool is an error that says what to run, never a skipped test.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { repoRoot } from "./foundry.js";

const CHROMIUM_PACKAGE = "@sparticuz/chromium";

/** How to start the Chromium the tests use: the binary, the variables it needs, where it came from. */
export interface ChromiumBuild {
  executablePath: string;
  /** Added to the browser's environment: the package's own libraries, fonts and locale (empty for CHROMIUM_PATH). */
  env: Record<string, string>;
  /** `CHROMIUM_PATH` or `@sparticuz/chromium@<version>`. */
  source: string;
}

/** Flags every browser test passes: tests run as root in CI, and there is no GPU. */
export const CHROMIUM_ARGS: readonly string[] = ["--no-sandbox", "--disable-gpu"];

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium build the browser tests launch. CHROMIUM_PATH, when set, must name an executable file; otherwise the
 * build inside the `@sparticuz/chromium` package, unpacked on first use. Never a browser found on PATH: the suite
 * tests what `npm ci` installs, the same on every machine.
 */
export function chromiumBuild(env: NodeJS.ProcessEnv = process.env, root: string = repoRoot): ChromiumBuild {
  const override = env.CHROMIUM_PATH;
  if (override !== undefined && override !== "") {
    if (!isExecutableFile(override)) throw new Error(`CHROMIUM_PATH=${override} is not an executable file (unset it to use the Chromium that npm installs)`);
    return { executablePath: override, env: {}, source: "CHROMIUM_PATH" };
  }
  const pkgDir = path.join(root, "node_modules", ...CHROMIUM_PACKAGE.split("/"));
  const pkgJson = path.join(pkgDir, "package.json");
  if (!existsSync(pkgJson)) throw new Error(`${CHROMIUM_PACKAGE} is not installed (${pkgDir} is missing): run \`npm ci\``);
  const version = (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
  const dir = path.join(root, "node_modules", ".cache", `sparticuz-chromium-${version}`);
  if (!existsSync(path.join(dir, ".complete"))) unpackChromium(path.join(pkgDir, "bin"), dir);
  return {
    executablePath: path.join(dir, "chromium"),
    // A locale of its own: without one (LANG=C, as on CI) this build reports "en-US@posix", which Intl rejects,
    // so the status page's chart library fails to load.
    env: { LD_LIBRARY_PATH: path.join(dir, "lib"), FONTCONFIG_PATH: dir, LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" },
    source: `${CHROMIUM_PACKAGE}@${version}`,
  };
}

/** Unpacks the package's brotli files into `dir`, atomically: a half-written directory is never seen as done. */
function unpackChromium(binDir: string, dir: string): void {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const unbrotli = (name: string) => brotliDecompressSync(readFileSync(path.join(binDir, name)));
    writeFileSync(path.join(tmp, "chromium"), unbrotli("chromium.br"), { mode: 0o755 });
    // al2023: libnss3, libnspr4, libexpat the binary links against (lib/); swiftshader: the software GL it loads
    // from its own directory; fonts: Open Sans and a fonts.conf, rewritten below to point here.
    for (const tarball of ["al2023.tar.br", "swiftshader.tar.br", "fonts.tar.br"]) {
      const r = spawnSync("tar", ["-x", "-C", tmp], { input: unbrotli(tarball), maxBuffer: 1 << 20 });
      if (r.error !== undefined || r.status !== 0) {
        throw new Error(`unpacking ${path.join(binDir, tarball)} with tar failed: ${r.error?.message ?? r.stderr.toString().trim()}`);
      }
    }
    writeFileSync(
      path.join(tmp, "fonts.conf"),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${path.join(dir, "fonts")}</dir>\n  <cachedir>${path.join(dir, "fonts-cache")}</cachedir>\n</fontconfig>\n`,
    );
    writeFileSync(path.join(tmp, ".complete"), "");
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process (a parallel test file) finished first: its copy is identical.
      if (!existsSync(path.join(dir, ".complete"))) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `chromium --version` of a build, proving it starts on this machine (libraries present). */
export function chromiumVersion(build: ChromiumBuild): string {
  const r = spawnSync(build.executablePath, ["--version"], { env: { ...process.env, ...build.env }, encoding: "utf8", timeout: 30_000 });
  if (r.error !== undefined || r.status !== 0) {
    throw new Error(`${build.executablePath} (${build.source}) does not start: ${r.error?.message ?? `${r.stdout}${r.stderr}`.trim()}`);
  }
  return r.stdout.trim();
}

/** The first executable `name` on `PATH`, or null. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const file = path.join(dir, name);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

/** A program npm cannot bring: its name, the Debian package that has it, and the variable that names another copy. */
export interface AptTool {
  bin: string;
  aptPackage: string;
  envVar: string;
  /** What the suite uses it for, in the error a missing tool raises. */
  usedFor: string;
}

export const PROMTOOL: AptTool = { bin: "promtool", aptPackage: "prometheus", envVar: "PROMTOOL", usedFor: "checks and tests the alert rules" };
export const SYSTEMD_ANALYZE: AptTool = { bin: "systemd-analyze", aptPackage: "systemd", envVar: "SYSTEMD_ANALYZE", usedFor: "verifies the keeper's systemd unit" };
/** Everything the test command installs with apt when it may. */
export const APT_TOOLS: readonly AptTool[] = [PROMTOOL, SYSTEMD_ANALYZE];

/** The apt command that installs `tools`; the one line a user without root is told to run. */
export function aptInstallCommand(tools: readonly AptTool[], sudo = true): string {
  return `${sudo ? "sudo " : ""}apt-get install -y --no-install-recommends ${tools.map((t) => t.aptPackage).join(" ")}`;
}

/** The tool's path: its variable when set (it must name an executable file), else the first on PATH, else null. */
export function toolPath(tool: AptTool, env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env[tool.envVar];
  if (override !== undefined && override !== "") {
    if (!isExecutableFile(override)) throw new Error(`${tool.envVar}=${override} is not an executable file (unset it to use ${tool.bin} from PATH)`);
    return override;
  }
  return onPath(tool.bin, env);
}

export function toolMissing(tools: readonly AptTool[]): string {
  const what = tools.map((t) => `${t.bin} (Debian package \`${t.aptPackage}\`, ${t.usedFor})`).join(" and ");
  const vars = tools.map((t) => t.envVar).join(" / ");
  return `${what} not installed: run \`${aptInstallCommand(tools)}\` (without sudo as root), or set ${vars} to its path; \`npm test\` installs it itself when it runs as root`;
}

/** Like toolPath, but a missing tool is an error naming the command that installs it. */
export function requireTool(tool: AptTool, env: NodeJS.ProcessEnv = process.env): string {
  const found = toolPath(tool, env);
  if (found === null) throw new Error(toolMissing([tool]));
  return found;
}

/** What the test command does about the apt tools still missing: nothing, install them (root with apt-get), or stop. */
export type AptStep = { kind: "none" } | { kind: "apt"; tools: readonly AptTool[] } | { kind: "stop"; message: string };

export function planAptTools(missing: readonly AptTool[], isRoot: boolean, aptGet: string | null): AptStep {
  if (missing.length === 0) return { kind: "none" };
  if (isRoot && aptGet !== null) return { kind: "apt", tools: missing };
  return { kind: "stop", message: toolMissing(missing) };
}
