/** Markdown rendering of benchmark results (pure). */

export type Cell = string | number;

/** A markdown table; numbers are right-aligned and grouped by thousands. */
export function markdownTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = (c: Cell) => (typeof c === "number" ? formatNumber(c) : c);
  const cells = rows.map((r) => r.map(text));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  // Right-align columns of figures ("-" marks a figure that does not apply).
  const figure = (c: Cell | undefined) => typeof c === "number" || (typeof c === "string" && /^(-|[\d.,]+ ?[%x]?)$/.test(c));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => figure(r[i])));
  const line = (r: readonly string[]) =>
    `| ${r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...cells.map(line)].join("\n");
}

/** Integers with thousands separators; other numbers as given. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : String(n);
}

/** "1.234x (target <= 1.15x: met)" */
export function againstTarget(value: number, target: number, better: "lower" | "higher", unit = "x"): string {
  const met = better === "lower" ? value <= target : value >= target;
  return `${value}${unit} (target ${better === "lower" ? "<=" : ">="} ${target}${unit}: ${met ? "met" : "NOT met"})`;
}
