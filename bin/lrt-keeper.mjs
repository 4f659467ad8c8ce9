#!/usr/bin/env node
// The keeper CLI as an installed command (`npx lrt-keeper run`, `npm run keeper -- run`). It loads the
// TypeScript sources through tsx's loader in this same process, with no child process in between, so a
// SIGTERM or SIGINT sent to this process reaches the keeper's own handlers (clean stop, exit 0).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../keeper/cli.ts");
process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
