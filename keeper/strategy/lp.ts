/**
 * A small exact linear-program solver: dense two-phase tableau simplex with Bland's rule.
 *
 *   maximise    c·x
 *   subject to  A x <= b      (b may be negative: phase 1 finds a feasible start)
 *               0 <= x <= u   (u may be Infinity)
 *
 * Bland's rule (lowest index enters, lowest basic index leaves on ties) cannot cycle, so the
 * solver always terminates on degenerate problems. It is meant for the keeper's problems
 * (a few dozen variables and rows, values scaled to about 1), where a dense tableau is fastest.
 * Pure: no I/O, no randomness.
 */

export interface LinearConstraint {
  coeffs: readonly number[];
  rhs: number;
}

export interface LinearProgram {
  /** Objective coefficients (maximised). */
  objective: readonly number[];
  /** Rows `coeffs·x <= rhs`. */
  constraints: readonly LinearConstraint[];
  /** Upper bound of each variable (lower bounds are 0); Infinity for none. */
  upper: readonly number[];
}

export type LpResult =
  | { status: "optimal"; x: number[]; value: number; iterations: number }
  | { status: "infeasible"; iterations: number }
  | { status: "unbounded"; iterations: number };

/** Tolerance for values scaled to about 1. */
export const LP_EPSILON = 1e-9;
const MAX_ITERATIONS = 100_000;

/** Checks sizes and values before solving, naming what is wrong. */
function validate(lp: LinearProgram): void {
  const n = lp.objective.length;
  if (lp.upper.length !== n) {
    throw new Error(`LP: upper has ${lp.upper.length} bounds, objective has ${n} variables`);
  }
  lp.objective.forEach((v, j) => {
    if (!Number.isFinite(v)) throw new Error(`LP: objective[${j}] is ${v}`);
  });
  lp.upper.forEach((v, j) => {
    if (Number.isNaN(v) || v < 0) throw new Error(`LP: upper[${j}] is ${v}; bounds must be >= 0`);
  });
  lp.constraints.forEach((row, i) => {
    if (row.coeffs.length !== n) {
      throw new Error(`LP: constraint ${i} has ${row.coeffs.length} coefficients, expected ${n}`);
    }
    if (!Number.isFinite(row.rhs)) throw new Error(`LP: constraint ${i} rhs is ${row.rhs}`);
    row.coeffs.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`LP: constraint ${i} coefficient ${j} is ${v}`);
    });
  });
}

class Tableau {
  /** rows[i] = coefficients of every column, then the right-hand side last. */
  readonly rows: number[][];
  readonly basis: number[];
  readonly width: number;
  iterations = 0;

  constructor(rows: number[][], basis: number[], width: number) {
    this.rows = rows;
    this.basis = basis;
    this.width = width;
  }

  pivot(r: number, col: number): void {
    const pivotRow = this.rows[r]!;
    const p = pivotRow[col]!;
    for (let j = 0; j <= this.width; j++) pivotRow[j] = pivotRow[j]! / p;
    pivotRow[col] = 1;
    for (let i = 0; i < this.rows.length; i++) {
      if (i === r) continue;
      const row = this.rows[i]!;
      const f = row[col]!;
      if (f === 0) continue;
      for (let j = 0; j <= this.width; j++) row[j] = row[j]! - f * pivotRow[j]!;
      row[col] = 0;
    }
    this.basis[r] = col;
  }

  /**
   * Maximises `cost` over the current basis. `canEnter(j)` excludes columns (artificials in phase 2).
   * Returns false when the objective is unbounded.
   */
  maximise(cost: readonly number[], canEnter: (j: number) => boolean): boolean {
    const m = this.rows.length;
    for (;;) {
      if (++this.iterations > MAX_ITERATIONS) {
        throw new Error(`LP: no convergence after ${MAX_ITERATIONS} pivots`);
      }
      // Bland: the lowest-index column with a positive reduced cost enters.
      let entering = -1;
      for (let j = 0; j < this.width && entering < 0; j++) {
        if (!canEnter(j) || this.basis.includes(j)) continue;
        let reduced = cost[j]!;
        for (let i = 0; i < m; i++) reduced -= cost[this.basis[i]!]! * this.rows[i]![j]!;
        if (reduced > LP_EPSILON) entering = j;
      }
      if (entering < 0) return true;
      // Ratio test; ties go to the lowest basic variable index (Bland).
      let leaving = -1;
      let best = Infinity;
      for (let i = 0; i < m; i++) {
        const a = this.rows[i]![entering]!;
        if (a <= LP_EPSILON) continue;
        const ratio = this.rows[i]![this.width]! / a;
        if (leaving < 0 || ratio < best - LP_EPSILON) {
          best = ratio;
          leaving = i;
        } else if (ratio <= best + LP_EPSILON && this.basis[i]! < this.basis[leaving]!) {
          leaving = i;
        }
      }
      if (leaving < 0) return false;
      this.pivot(leaving, entering);
    }
  }
}

/** Solves `lp` exactly (up to floating-point tolerance `LP_EPSILON` on values scaled to about 1). */
export function solveLp(lp: LinearProgram): LpResult {
  validate(lp);
  const n = lp.objective.length;

  // Finite upper bounds become rows x_j <= u_j.
  const rowsIn: { coeffs: number[]; rhs: number }[] = lp.constraints.map((c) => ({
    coeffs: [...c.coeffs],
    rhs: c.rhs,
  }));
  lp.upper.forEach((u, j) => {
    if (u !== Infinity) {
      const coeffs = new Array<number>(n).fill(0);
      coeffs[j] = 1;
      rowsIn.push({ coeffs, rhs: u });
    }
  });
  const m = rowsIn.length;

  // Columns: n originals, m slacks, then one artificial per row with a negative right-hand side.
  const negative = rowsIn.map((r) => r.rhs < 0);
  const artificialCount = negative.filter(Boolean).length;
  const width = n + m + artificialCount;
  const rows: number[][] = [];
  const basis: number[] = [];
  let nextArtificial = n + m;
  rowsIn.forEach((r, i) => {
    const row = new Array<number>(width + 1).fill(0);
    const sign = negative[i] ? -1 : 1;
    for (let j = 0; j < n; j++) row[j] = sign * r.coeffs[j]!;
    row[n + i] = sign; // slack (or surplus after the sign flip)
    row[width] = sign * r.rhs;
    if (negative[i]) {
      row[nextArtificial] = 1;
      basis.push(nextArtificial++);
    } else {
      basis.push(n + i);
    }
    rows.push(row);
  });
  const tableau = new Tableau(rows, basis, width);
  const isArtificial = (j: number): boolean => j >= n + m;

  if (artificialCount > 0) {
    const phase1 = new Array<number>(width).fill(0);
    for (let j = n + m; j < width; j++) phase1[j] = -1;
    tableau.maximise(phase1, () => true);
    let infeasibility = 0;
    tableau.basis.forEach((b, i) => {
      if (isArtificial(b)) infeasibility += tableau.rows[i]![width]!;
    });
    if (infeasibility > LP_EPSILON * Math.max(1, m)) {
      return { status: "infeasible", iterations: tableau.iterations };
    }
    // Drive artificials still basic (at zero) out of the basis where a real column can replace them.
    for (let i = 0; i < m; i++) {
      if (!isArtificial(tableau.basis[i]!)) continue;
      const row = tableau.rows[i]!;
      for (let j = 0; j < n + m; j++) {
        if (Math.abs(row[j]!) > LP_EPSILON && !tableau.basis.includes(j)) {
          tableau.pivot(i, j);
          break;
        }
      }
      // A row left with its artificial is redundant: all its real coefficients are zero.
    }
  }

  const phase2 = new Array<number>(width).fill(0);
  for (let j = 0; j < n; j++) phase2[j] = lp.objective[j]!;
  if (!tableau.maximise(phase2, (j) => !isArtificial(j))) {
    return { status: "unbounded", iterations: tableau.iterations };
  }

  const x = new Array<number>(n).fill(0);
  tableau.basis.forEach((b, i) => {
    if (b < n) x[b] = Math.max(0, tableau.rows[i]![width]!);
  });
  const value = x.reduce((acc, xj, j) => acc + xj * lp.objective[j]!, 0);
  return { status: "optimal", x, value, iterations: tableau.iterations };
}
