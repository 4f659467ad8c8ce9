/**
 * The keeper's hand-written simplex (keeper/strategy/lp.ts) against HiGHS compiled to WebAssembly (npm `highs`)
 * on the same programs: the allocation LP with the AVS-exposure rule, for N = 2..16 adapters and K = 0..32 AVSs
 * (K rows more). Exactness: both objective values, their difference, and each solution's largest violation of a
 * row or bound of the program. Time: median and p95 of repeated solves, each solver called as the keeper would
 * call it (HiGHS: write the CPLEX-LP text, parse, solve, read the columns back; its WebAssembly module is loaded
 * once, before timing).
 */
import { solveAllocation, type AllocationInput } from "../keeper/strategy/optimizer.js";
import { solveLp, type LinearProgram } from "../keeper/strategy/lp.js";
import { optimiserInput } from "./replay.js";
import { median, quantile, timeRuns } from "./stats.js";

/** What `highs` exports: an async loader of the solver. */
type HighsLoader = () => Promise<{ solve(problem: string, options?: Record<string, unknown>): HighsSolution }>;
interface HighsSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
}

export interface LpComparison {
  adapters: number;
  avs: number;
  size: string;
  simplexMedianMs: number;
  simplexP95Ms: number;
  highsMedianMs: number;
  highsP95Ms: number;
  simplexObjective: number;
  highsObjective: number;
  /** |simplex - highs| objective. */
  objectiveGap: number;
  simplexMaxViolation: number;
  highsMaxViolation: number;
}

/** A seeded exposure matrix: each LRT reaches 3..6 of the K AVSs with shares 0.05..0.5 (overlapping, as on mainnet). */
export function exposureMatrixFor(n: number, k: number, seed: number): number[][] {
  let x = seed * 2_654_435_761 >>> 0;
  const next = () => {
    x = (x * 1_664_525 + 1_013_904_223) >>> 0;
    return x / 2 ** 32;
  };
  const m = Array.from({ length: k }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n && k > 0; i++) {
    const reach = Math.min(k, 3 + Math.floor(next() * 4));
    for (let r = 0; r < reach; r++) m[Math.floor(next() * k)]![i] = 0.05 + 0.45 * next();
  }
  return m;
}

/** The allocation program for N adapters and K AVSs (cap 25 % of total assets per AVS). */
export function comparisonProgram(n: number, k: number): LinearProgram {
  const base = optimiserInput(n, 2_000 + n);
  const input: AllocationInput = k === 0 ? base : { ...base, exposure: { matrix: exposureMatrixFor(n, k, 77 + n * 31 + k), capShare: 0.25 } };
  const lp = solveAllocation(input).lp;
  if (lp === null) throw new Error(`lpCompare: no program for N=${n}, K=${k}`);
  return lp;
}

const num = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : v.toPrecision(17));

/** The program as CPLEX-LP text (maximise c.x; rows <=; 0 <= x <= u). */
export function toCplexLp(lp: LinearProgram): string {
  const term = (v: number, j: number) => `${v < 0 ? "-" : "+"} ${num(Math.abs(v))} x${j}`;
  const sum = (coeffs: readonly number[]) => {
    const terms = coeffs.map((v, j) => (v === 0 ? "" : term(v, j))).filter((t) => t !== "");
    return terms.length === 0 ? "0 x0" : terms.join(" ");
  };
  const lines = ["Maximize", ` obj: ${sum(lp.objective)}`, "Subject To"];
  lp.constraints.forEach((c, i) => lines.push(` r${i}: ${sum(c.coeffs)} <= ${num(c.rhs)}`));
  lines.push("Bounds");
  lp.upper.forEach((u, j) => lines.push(Number.isFinite(u) ? ` 0 <= x${j} <= ${num(u)}` : ` x${j} >= 0`));
  lines.push("End");
  return lines.join("\n");
}

/** Largest violation of a row or a bound by `x` (0 when feasible). */
export function maxViolation(lp: LinearProgram, x: readonly number[]): number {
  let worst = 0;
  for (const c of lp.constraints) {
    const lhs = c.coeffs.reduce((s, v, j) => s + v * x[j]!, 0);
    worst = Math.max(worst, lhs - c.rhs);
  }
  lp.upper.forEach((u, j) => {
    worst = Math.max(worst, -x[j]!, Number.isFinite(u) ? x[j]! - u : 0);
  });
  return worst;
}

export async function loadHighs(): Promise<(lp: LinearProgram) => { x: number[]; value: number }> {
  const mod = (await import("highs")) as unknown as { default: HighsLoader };
  const highs = await mod.default();
  return (lp) => {
    const sol = highs.solve(toCplexLp(lp));
    if (sol.Status !== "Optimal") throw new Error(`highs: ${sol.Status}`);
    const x = lp.objective.map((_, j) => sol.Columns[`x${j}`]?.Primal ?? 0);
    return { x, value: lp.objective.reduce((s, c, j) => s + c * x[j]!, 0) };
  };
}


const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Both solvers on every (N, K). */
export async function compareSolvers(adapters: readonly number[], avsCounts: readonly number[], runs = 50): Promise<LpComparison[]> {
  const highs = await loadHighs();
  const rows: LpComparison[] = [];
  for (const n of adapters) {
    for (const k of avsCounts) {
      const lp = comparisonProgram(n, k);
      const simplex = solveLp(lp);
      if (simplex.status !== "optimal") throw new Error(`simplex: ${simplex.status} for N=${n}, K=${k}`);
      const h = highs(lp);
      const ts = timeRuns(() => solveLp(lp), runs, 10);
      const th = timeRuns(() => highs(lp), runs, 10);
      rows.push({
        adapters: n,
        avs: k,
        size: `${lp.objective.length} x ${lp.constraints.length}`,
        simplexMedianMs: r4(median(ts)),
        simplexP95Ms: r4(quantile(ts, 0.95)),
        highsMedianMs: r4(median(th)),
        highsP95Ms: r4(quantile(th, 0.95)),
        simplexObjective: simplex.value,
        highsObjective: h.value,
        objectiveGap: Math.abs(simplex.value - h.value),
        simplexMaxViolation: maxViolation(lp, simplex.x),
        highsMaxViolation: maxViolation(lp, h.x),
      });
    }
  }
  return rows;
}
