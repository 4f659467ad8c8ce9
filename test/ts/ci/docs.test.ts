/**
 * The docs a newcomer reads: README.md stays a first page (at most about 250 lines, code blocks within 120 columns)
 * and the reference lives in docs/ by reader. Every relative link in the project's markdown (README.md, docs/,
 * the READMEs beside the code) must resolve to a file, and a link with an anchor to a heading or `<a id>` that
 * exists (headings slugged as GitHub does, with github-slugger).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import GithubSlugger from "github-slugger";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../script/lib/foundry.js";

const SKIP_DIRS = new Set(["node_modules", ".git", "out", "cache", "broadcast", "lib", "test-output", "deployments"]);
const READERS = ["depositors", "integrators", "operators", "design", "performance"];

/** Every markdown file of the project (not of its dependencies or build output), relative to the root. */
function markdownFiles(dir = repoRoot): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...markdownFiles(path.join(dir, entry.name)));
    } else if (entry.name.endsWith(".md")) {
      found.push(path.relative(repoRoot, path.join(dir, entry.name)));
    }
  }
  return found.sort();
}

/** The lines outside fenced code blocks, code spans blanked (a link in code is an example, not a link). */
function prose(text: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) lines.push(line.replace(/`[^`]*`/g, "code"));
  }
  return lines;
}

/** The anchors a markdown file offers: its headings as GitHub slugs them, and explicit `<a id>` / `name`. */
function anchors(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const found = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading !== null) found.add(slugger.slug(heading[1]!.replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")));
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]!);
  }
  return found;
}

interface Link {
  file: string;
  line: number;
  target: string;
}

function relativeLinks(file: string): Link[] {
  const links: Link[] = [];
  prose(readFileSync(path.join(repoRoot, file), "utf8")).forEach((text, i) => {
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:, file:
      links.push({ file, line: i + 1, target });
    }
  });
  return links;
}

/** Why a link does not resolve, or null when it does. */
function brokenBecause(link: Link): string | null {
  const [pathPart, anchor] = link.target.split("#", 2) as [string, string | undefined];
  const resolved = pathPart === "" ? path.join(repoRoot, link.file) : path.resolve(repoRoot, path.dirname(link.file), decodeURIComponent(pathPart));
  if (!resolved.startsWith(repoRoot)) return `${pathPart} leaves the repository`;
  if (!existsSync(resolved)) return `${path.relative(repoRoot, resolved)} does not exist`;
  if (anchor === undefined || anchor === "") return null;
  if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) return null;
  return anchors(readFileSync(resolved, "utf8")).has(anchor) ? null : `${path.relative(repoRoot, resolved)} has no heading or anchor #${anchor}`;
}

describe("docs", () => {
  it("every relative link in the project's markdown resolves, anchors included", () => {
    const files = markdownFiles();
    expect(files).toContain("README.md");
    for (const reader of READERS) expect(files).toContain(`docs/${reader}.md`);
    const links = files.flatMap(relativeLinks);
    expect(links.length).toBeGreaterThan(30);
    const broken = links.flatMap((l) => {
      const why = brokenBecause(l);
      return why === null ? [] : [`${l.file}:${l.line}: (${l.target}) ${why}`];
    });
    expect(broken).toEqual([]);
  });

  it("the link check catches a missing file and a missing anchor", () => {
    expect(brokenBecause({ file: "README.md", line: 1, target: "docs/nowhere.md" })).toBe("docs/nowhere.md does not exist");
    expect(brokenBecause({ file: "README.md", line: 1, target: "docs/operators.md#no-such-heading" })).toBe("docs/operators.md has no heading or anchor #no-such-heading");
    expect(brokenBecause({ file: "docs/operators.md", line: 1, target: "#exit-codes" })).toBeNull();
    expect(brokenBecause({ file: "docs/operators.md", line: 1, target: "../README.md#quick-start" })).toBeNull();
  });

  it("README.md is a newcomer's first page: at most 250 lines, every code block line within 120 columns, a link to each reader's doc", () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const lines = readme.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(250);
    let fenced = false;
    const wide: string[] = [];
    lines.forEach((line, i) => {
      if (/^\s*```/.test(line)) fenced = !fenced;
      else if (fenced && [...line].length > 120) wide.push(`README.md:${i + 1} (${[...line].length} columns)`);
    });
    expect(wide).toEqual([]);
    for (const reader of READERS) expect(readme).toContain(`](docs/${reader}.md)`);
  });
});
