import type { LinearProgram } from "../../../../keeper/strategy/lp.js";

/**
 * Brute force for small LPs with every variable bounded: enumerate every vertex (each choice of
 * `n` tight rows among the constraints and the bounds), keep the feasible ones, take the best.
 * Exponential, independent of the simplex code, and exact up to the tolerance.
 */
export function bruteForceLp(lp: LinearProgram, tol = 1e-7): { status: "optimal"; value: number; x: number[] } | { status: "infeasible" } {
  const n = lp.objective.length;
  const rows: { a: number[]; b: number }[] = lp.constraints.map((c) => ({ a: [...c.coeffs], b: c.rhs }));
  for (let j = 0; j < n; j++) {
    const lo = new Array<number>(n).fill(0);
    lo[j] = -1;
    rows.push({ a: lo, b: 0 });
    const up = lp.upper[j]!;
    if (!Number.isFinite(up)) throw new Error("bruteForceLp needs finite upper bounds");
    const hi = new Array<number>(n).fill(0);
    hi[j] = 1;
    rows.push({ a: hi, b: up });
  }
  let best: { value: number; x: number[] } | null = null;
  const choose = (start: number, picked: number[]) => {
    if (picked.length === n) {
      const x = solveSquare(picked.map((k) => rows[k]!.a), picked.map((k) => rows[k]!.b));
      if (x === null) return;
      for (const r of rows) {
        const lhs = r.a.reduce((s, v, j) => s + v * x[j]!, 0);
        if (lhs > r.b + tol * (1 + Math.abs(r.b))) return;
      }
      const value = x.reduce((s, v, j) => s + v * lp.objective[j]!, 0);
      if (best === null || value > best.value) best = { value, x };
      return;
    }
    for (let k = start; k < rows.length; k++) choose(k + 1, [...picked, k]);
  };
  choose(0, []);
  if (best === null) return { status: "infeasible" };
  return { status: "optimal", ...(best as { value: number; x: number[] }) };
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solveSquare(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-12) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
