import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ABI_SOURCES, GENERATED_PATH, generateAbiSource } from "../../../tools/gen-abi.js";

const root = join(import.meta.dirname, "..", "..", "..");
const out = join(root, "out");
const artifactsPresent = ABI_SOURCES.every((s) => existsSync(join(out, s.file, `${s.contract}.json`)));

describe("ABIs come from the forge artifacts", () => {
  // Skipped only when out/ lacks the artifacts (no `forge build` yet); `npm test` runs forge first.
  it.skipIf(!artifactsPresent)("the committed keeper/chain/abis.generated.ts matches the current artifacts (run `npm run abi`)", () => {
    const committed = readFileSync(join(root, GENERATED_PATH), "utf8");
    expect(committed === generateAbiSource(out)).toBe(true);
  });

  it("names the missing artifact and the fix", () => {
    expect(() => generateAbiSource(join(root, "no-such-out"))).toThrow(/missing artifact .*LRTVault\.json: run `forge build` first/);
  });
});
