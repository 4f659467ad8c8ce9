/**
 * The lean production install: the keeper runs from `npm ci --omit=dev`. Every package the keeper's code and its
 * bin import (followed through keeper/ file by file) is a runtime dependency, the keeper imports nothing from the
 * rest of the repo (script/, test/, bench/), and the development tools (forge, anvil, cast, solc and the Solidity
 * libraries) are devDependencies: still installed by a plain `npm ci`, which `npm test` and `npm start` need.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../script/lib/foundry.js";

const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The module specifiers a file imports (static and dynamic, side-effect imports too). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^"'`;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

/** The package a bare specifier names ("viem/accounts" -> "viem", "@scope/x/y" -> "@scope/x"). */
const packageOf = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);

/** Every file reachable from `entries` through relative imports, and every package they import. */
function closure(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [...entries];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(file)) {
      if (spec.startsWith("node:")) continue;
      if (spec.startsWith(".")) {
        todo.push(resolve(dirname(file), spec).replace(/\.js$/, ".ts"));
        continue;
      }
      packages.add(packageOf(spec));
    }
  }
  return { files, packages };
}

const keeperEntries = () => {
  const out: string[] = [join(repoRoot, "bin", "lrt-keeper.mjs")];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith(".ts")) out.push(join(dir, e.name));
    }
  };
  walk(join(repoRoot, "keeper"));
  return out;
};

describe("lean production install (npm ci --omit=dev)", () => {
  const { files, packages } = closure(keeperEntries());

  it("every package the keeper imports is a runtime dependency", () => {
    expect(packages.size).toBeGreaterThanOrEqual(8);
    for (const p of packages) expect(pkg.dependencies[p], `${p} is imported by the keeper`).toBeDefined();
    // uPlot is not imported but served to the status page from node_modules.
    expect(pkg.dependencies.uplot).toBeDefined();
    expect(pkg.dependencies.tsx).toBeDefined(); // bin/lrt-keeper.mjs loads the TypeScript through it
  });

  it("the keeper imports nothing from outside keeper/ and bin/", () => {
    for (const f of files) expect(relative(repoRoot, f), "imported by the keeper").toMatch(/^(keeper|bin)\//);
  });

  it("forge, anvil, cast, solc and the Solidity libraries are development tools, installed by npm ci but not --omit=dev", () => {
    for (const p of ["@foundry-rs/forge", "@foundry-rs/anvil", "@foundry-rs/cast", "solc", "@openzeppelin/contracts", "@layerzerolabs/toolbox-foundry"]) {
      expect(pkg.dependencies[p], p).toBeUndefined();
      expect(pkg.devDependencies[p], p).toBeDefined();
    }
  });

  it("the lockfile agrees: runtime packages are not marked dev, the tools are", () => {
    const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    for (const p of Object.keys(pkg.dependencies)) expect(lock.packages[`node_modules/${p}`]?.dev, p).toBeUndefined();
    for (const p of ["@foundry-rs/forge", "solc"]) expect(lock.packages[`node_modules/${p}`]?.dev, p).toBe(true);
  });
});
