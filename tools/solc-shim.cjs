#!/usr/bin/env node
// A local Solidity compiler for forge, backed by the pinned `solc` npm package (solcjs).
// forge cannot download a compiler on this network, so foundry.toml points `solc` here.
// It answers the two calls forge makes: `--version` and `--standard-json` (JSON on stdin).
// Set FOUNDRY_SOLC to a native solc to bypass it.
"use strict";

const path = require("node:path");
const fs = require("node:fs");

const root = path.resolve(__dirname, "..");
const solc = require(require.resolve("solc", { paths: [root] }));

const args = process.argv.slice(2);

if (args.includes("--version")) {
  // forge parses the line `Version: 0.8.x+commit.<hash>...`.
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}

if (!args.includes("--standard-json")) {
  process.stderr.write(`solc-shim: only --version and --standard-json are supported (got: ${args.join(" ")})\n`);
  process.exit(2);
}

// forge may pass --allow-paths / --base-path / --include-path: resolve imports against them.
function listArg(flag) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag && i + 1 < args.length) out.push(...args[i + 1].split(","));
  }
  return out;
}
const basePath = listArg("--base-path")[0] || process.cwd();
const searchRoots = [basePath, ...listArg("--include-path"), ...listArg("--allow-paths"), process.cwd()];

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath)
    ? [importPath]
    : searchRoots.map((r) => path.resolve(r, importPath));
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
  }
  return { error: `File not found: ${importPath}` };
}

const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const input = Buffer.concat(chunks).toString("utf8");
  const output = solc.compile(input, { import: findImports });
  process.stdout.write(output);
});
