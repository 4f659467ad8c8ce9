import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in script/lib/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export type FoundryTool = "forge" | "anvil" | "cast";

/**
 * Path of the native Foundry binary installed from npm (`@foundry-rs/<tool>-<platform>-<arch>`).
 * The `node_modules/.bin` entries are Node wrappers that spawn the binary; calling the binary
 * directly means a signal reaches the process that holds the port, so nothing is orphaned.
 */
export function foundryBinary(tool: FoundryTool): string {
  const require = createRequire(path.join(repoRoot, "package.json"));
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = `@foundry-rs/${tool}-${process.platform}-${arch}/bin/${tool}`;
  try {
    const resolved = require.resolve(pkg);
    if (existsSync(resolved)) return resolved;
  } catch {
    // fall back to the wrapper below
  }
  const wrapper = path.join(repoRoot, "node_modules", ".bin", tool);
  if (!existsSync(wrapper)) {
    throw new Error(`${tool} is not installed: run \`npm ci\` first (looked for ${pkg} and ${wrapper})`);
  }
  return wrapper;
}
