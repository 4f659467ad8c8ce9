import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ABI_SOURCES, GENERATED_PATH, generateAbiSource, mergeAbis } from "../../../tools/gen-abi.js";
import { lrtVaultAbi } from "../../../keeper/chain/abis.generated.js";

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

  it("the vault ABI includes the admin module's surface (served through the vault's fallback)", () => {
    const names = new Set<string>(lrtVaultAbi.filter((i) => i.type === "function").map((i) => i.name));
    for (const fn of ["submit", "setTier", "writeDown", "pause", "unpause", "deposit", "rebalance"]) expect(names.has(fn)).toBe(true);
    expect(lrtVaultAbi.some((i) => i.type === "error" && i.name === "UnknownSelector")).toBe(true);
  });

  it("merges by signature: the base keeps its definition, the extra's constructor is dropped", () => {
    const base = [{ type: "function", name: "f", inputs: [{ type: "uint256" }], outputs: [] }];
    const extra = [
      { type: "constructor", inputs: [{ type: "address" }] },
      { type: "function", name: "f", inputs: [{ type: "uint256" }], outputs: [{ type: "bool" }] },
      { type: "function", name: "f", inputs: [{ type: "address" }] },
      { type: "event", name: "E", inputs: [] },
    ];
    expect(mergeAbis(base, extra)).toEqual([base[0], extra[2], extra[3]]);
  });
});
