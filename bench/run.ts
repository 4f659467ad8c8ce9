/**
 * `npm run bench`: measures gas (forge, isolation mode, against an OpenZeppelin reference compiled in the
 * same run), prints one dated markdown table, writes bench/results.json and puts the same table into
 * bench/README.md between its markers. Benchmarks only: nothing here asserts a target, it reports them.
 *
 *   npm run bench                 every section
 *   npm run bench -- --only=gas   some sections (comma-separated); results.json and the README are then
 *                                 left alone unless --write is given
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../script/lib/foundry.js";
import { ADAPTER_COUNTS, forgeVersion, measureGas, type GasResults } from "./gas.js";
import { againstTarget, markdownTable } from "./table.js";

export const SECTIONS = ["gas"] as const;
export type Section = (typeof SECTIONS)[number];

export interface Machine {
  node: string;
  forge: string;
  cpus: number;
  cpuModel: string;
  platform: string;
}

export interface BenchResults {
  date: string;
  machine: Machine;
  /** Wall time of the whole run, seconds. */
  runSeconds: number;
  gas?: GasResults;
}

interface Args {
  sections: Section[];
  write: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  let sections: Section[] = [...SECTIONS];
  let write: boolean | undefined;
  for (const arg of argv) {
    if (arg.startsWith("--only=")) {
      const wanted = arg.slice("--only=".length).split(",").filter((s) => s !== "");
      const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
      if (unknown.length > 0 || wanted.length === 0) {
        throw new Error(`--only: unknown section(s) "${unknown.join(",")}"; known: ${SECTIONS.join(", ")}`);
      }
      sections = wanted as Section[];
    } else if (arg === "--write") write = true;
    else throw new Error(`unknown argument "${arg}"; usage: npm run bench [-- --only=${SECTIONS.join(",")}] [--write]`);
  }
  return { sections, write: write ?? sections.length === SECTIONS.length };
}

function gasMarkdown(g: GasResults): string {
  const d = g.depositor;
  const row = (label: string, key: keyof typeof d.project) =>
    [label, d.project[key], d.reference[key], `${(d.project[key] / d.reference[key]).toFixed(3)}x`] as const;
  const depositor = markdownTable(
    ["depositor path (gas per transaction)", "LRTVault", "OZ ERC4626 reference", "ratio"],
    [
      row("deposit WETH, first ever", "depositFirst"),
      row("deposit WETH, later (new holder)", "depositLater"),
      row("depositETH, first ever", "depositETHFirst"),
      row("depositETH, later (new holder)", "depositETHLater"),
      row("redeem to WETH from the buffer", "redeem"),
      row("redeemETH from the buffer", "redeemETH"),
    ],
  );
  const maxK = ADAPTER_COUNTS[ADAPTER_COUNTS.length - 1]!;
  const ks: number[] = [];
  for (let k = 1; k <= maxK; k *= 2) ks.push(k);
  const scaling = markdownTable(
    ["N adapters", "report()", ...ks.map((k) => `rebalance k=${k}`), "pricePerShare()", "convertToAssets()", "latestRoundData()"],
    g.scaling.map((r) => [
      r.adapters,
      r.report,
      ...ks.map((k) => r.rebalance[`k${k}`] ?? "-"),
      r.pricePerShare,
      r.convertToAssets,
      r.latestRoundData,
    ]),
  );
  return [
    "#### Gas",
    "",
    "Gas a sender pays per transaction (`forge test --isolate`: 21,000 base and calldata included, refunds",
    "deducted, storage cold at the start). The reference is OpenZeppelin's ERC4626 over the same WETH, compiled",
    "in the same run. Later deposits are by a holder new to a vault that already has deposits, an allocation,",
    "locked profit and a reserve.",
    "",
    depositor,
    "",
    `- depositVsReference: ${againstTarget(d.ratios.depositVsReference, d.targets.depositVsReference, "lower")}`,
    `- redeemVsReference: ${againstTarget(d.ratios.redeemVsReference, d.targets.redeemVsReference, "lower")}`,
    "",
    "Keeper paths and price reads against N registered adapters (MockAdapter; a rebalance touching k adapters",
    "is one allocation for k = 1, else k/2 instant exits then k/2 allocations of 1 WETH; price reads are the",
    "gas a calling contract spends on the view, cold):",
    "",
    scaling,
    "",
    `- report(): about ${g.reportPerAdapter.toLocaleString("en-US")} gas per registered adapter (fit from N = 1 to 16).`,
    `- price reads: ${g.priceReadSpread === 0 ? "flat in N (identical gas for N = 1 to 16)" : `vary by ${g.priceReadSpread} gas over N`}.`,
  ].join("\n");
}

export function resultsMarkdown(r: BenchResults): string {
  const m = r.machine;
  const parts = [
    `Measured ${r.date.slice(0, 10)} by \`npm run bench\` (node ${m.node}, ${m.forge}, ${m.cpus} x ${m.cpuModel}, ${m.platform}; run took ${r.runSeconds} s).`,
  ];
  if (r.gas !== undefined) parts.push(gasMarkdown(r.gas));
  return parts.join("\n\n");
}

const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

/** Replaces the text between the README's markers with `markdown`. */
export function spliceReadme(readme: string, markdown: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`bench/README.md: markers ${START} ... ${END} not found`);
  return `${readme.slice(0, start + START.length)}\n${markdown}\n${readme.slice(end)}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      forge: await forgeVersion(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
      platform: `${os.platform()} ${os.arch()}`,
    },
    runSeconds: 0,
  };
  if (args.sections.includes("gas")) {
    process.stderr.write("bench: gas (compiling and running test/bench/GasBench.t.sol with forge --isolate)...\n");
    results.gas = await measureGas();
  }
  results.runSeconds = Math.round(Number(process.hrtime.bigint() - started) / 1e8) / 10;

  const markdown = resultsMarkdown(results);
  process.stdout.write(`${markdown}\n`);
  if (args.write) {
    const json = JSON.stringify(results, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
    writeFileSync(path.join(repoRoot, "bench", "results.json"), `${json}\n`);
    const readmePath = path.join(repoRoot, "bench", "README.md");
    writeFileSync(readmePath, spliceReadme(readFileSync(readmePath, "utf8"), markdown));
    process.stderr.write("bench: wrote bench/results.json and the table in bench/README.md\n");
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
