/**
 * The first step of `npm test`: make sure the programs the suite drives are here before anything is compiled.
 * Chromium is unpacked from its npm package (script/lib/test-tools.ts); promtool and systemd-analyze, which npm
 * cannot bring, are installed with apt when this runs as root, and otherwise the run stops at once with the exact
 * command to type.
 * Exit 1 on anything missing, so no test is ever skipped or left to fail later for a missing tool.
 */
import { spawnSync } from "node:child_process";
import { APT_TOOLS, chromiumBuild, chromiumVersion, onPath, planAptTools, requireTool, toolPath } from "../script/lib/test-tools.js";

function say(line: string): void {
  process.stdout.write(`test tools: ${line}\n`);
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.error !== undefined || r.status !== 0) throw new Error(`\`${command} ${args.join(" ")}\` failed (${r.error?.message ?? `exit ${r.status}`})`);
}

function firstLine(bin: string): string {
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  if (r.error !== undefined || r.status !== 0) throw new Error(`${bin} --version failed: ${r.error?.message ?? r.stderr.trim()}`);
  return `${r.stdout}${r.stderr}`.split("\n")[0]!.trim();
}

function main(): void {
  const build = chromiumBuild();
  say(`${chromiumVersion(build)} from ${build.source} (${build.executablePath})`);

  const aptGet = onPath("apt-get");
  const step = planAptTools(APT_TOOLS.filter((t) => toolPath(t) === null), process.getuid?.() === 0, aptGet);
  if (step.kind === "stop") throw new Error(step.message);
  if (step.kind === "apt") {
    const packages = step.tools.map((t) => t.aptPackage);
    say(`installing Debian's ${packages.join(", ")} with apt-get (running as root) for ${step.tools.map((t) => t.bin).join(", ")}`);
    run(aptGet!, ["update", "-qq"]);
    run(aptGet!, ["install", "-y", "-qq", "--no-install-recommends", ...packages]);
  }
  for (const tool of APT_TOOLS) {
    const bin = requireTool(tool);
    say(`${firstLine(bin)} (${bin})`);
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`test tools: ${(e as Error).message}\n`);
  process.exit(1);
}
