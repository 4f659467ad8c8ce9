import { describe, expect, it } from "vitest";
import { solveLp, type LinearProgram } from "../../../keeper/strategy/lp.js";
import { bruteForceLp } from "./helpers/bruteForceLp.js";
import { int, rng, uniform } from "./helpers/rng.js";

function feasible(lp: LinearProgram, x: number[], tol = 1e-7): boolean {
  if (x.some((v, j) => v < -tol || v > lp.upper[j]! + tol)) return false;
  return lp.constraints.every((c) => c.coeffs.reduce((s, a, j) => s + a * x[j]!, 0) <= c.rhs + tol);
}

describe("exact LP solver (bounded simplex, Bland's rule)", () => {
  it("finds the textbook optimum 36 at (2, 6)", () => {
    const r = solveLp({
      objective: [3, 5],
      constraints: [
        { coeffs: [1, 0], rhs: 4 },
        { coeffs: [0, 2], rhs: 12 },
        { coeffs: [3, 2], rhs: 18 },
      ],
      upper: [Infinity, Infinity],
    });
    expect(r.status).toBe("optimal");
    if (r.status !== "optimal") return;
    expect(r.value).toBeCloseTo(36, 9);
    expect(r.x[0]).toBeCloseTo(2, 9);
    expect(r.x[1]).toBeCloseTo(6, 9);
  });

  it("reports infeasible when a row cannot hold with x >= 0", () => {
    const r = solveLp({ objective: [1], constraints: [{ coeffs: [1], rhs: -1 }], upper: [Infinity] });
    expect(r.status).toBe("infeasible");
  });

  it("reports unbounded when nothing limits a profitable variable", () => {
    const r = solveLp({ objective: [1, 0], constraints: [{ coeffs: [0, 1], rhs: 1 }], upper: [Infinity, 1] });
    expect(r.status).toBe("unbounded");
  });

  it("honours a lower bound written as a negative right-hand side", () => {
    // x + y <= 1, x >= 0.25 (as -x <= -0.25), maximise y - x.
    const r = solveLp({
      objective: [-1, 1],
      constraints: [
        { coeffs: [1, 1], rhs: 1 },
        { coeffs: [-1, 0], rhs: -0.25 },
      ],
      upper: [Infinity, Infinity],
    });
    expect(r.status).toBe("optimal");
    if (r.status !== "optimal") return;
    expect(r.x[0]).toBeCloseTo(0.25, 9);
    expect(r.x[1]).toBeCloseTo(0.75, 9);
  });

  it("terminates on Beale's cycling example (Bland's rule) at the optimum 0.05", () => {
    const r = solveLp({
      objective: [0.75, -150, 0.02, -6],
      constraints: [
        { coeffs: [0.25, -60, -0.04, 9], rhs: 0 },
        { coeffs: [0.5, -90, -0.02, 3], rhs: 0 },
        { coeffs: [0, 0, 1, 0], rhs: 1 },
      ],
      upper: [Infinity, Infinity, Infinity, Infinity],
    });
    expect(r.status).toBe("optimal");
    if (r.status !== "optimal") return;
    expect(r.value).toBeCloseTo(0.05, 9);
  });

  it("names the bad field of a malformed program", () => {
    expect(() => solveLp({ objective: [1, 2], constraints: [], upper: [1] })).toThrow(/upper has 1 bounds/);
    expect(() => solveLp({ objective: [1], constraints: [{ coeffs: [NaN], rhs: 1 }], upper: [1] })).toThrow(
      /constraint 0 coefficient 0 is NaN/,
    );
    expect(() => solveLp({ objective: [1], constraints: [], upper: [-1] })).toThrow(/upper\[0\] is -1/);
  });

  it("matches brute-force vertex enumeration on 400 seeded random programs", () => {
    let optimal = 0;
    let infeasible = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const n = int(r, 1, 4);
      const m = int(r, 0, 4);
      const lp: LinearProgram = {
        objective: Array.from({ length: n }, () => uniform(r, -1, 1)),
        constraints: Array.from({ length: m }, () => ({
          // Some zero coefficients and some negative right-hand sides to reach degenerate and phase-1 paths.
          coeffs: Array.from({ length: n }, () => (r() < 0.2 ? 0 : uniform(r, -1, 1))),
          rhs: r() < 0.15 ? 0 : uniform(r, -0.5, 1),
        })),
        upper: Array.from({ length: n }, () => (r() < 0.2 ? 0 : uniform(r, 0, 2))),
      };
      const got = solveLp(lp);
      const want = bruteForceLp(lp);
      expect(got.status, `seed ${seed}`).toBe(want.status);
      if (got.status === "optimal" && want.status === "optimal") {
        optimal++;
        expect(Math.abs(got.value - want.value), `seed ${seed}`).toBeLessThan(1e-7);
        expect(feasible(lp, got.x), `seed ${seed}: solution breaks a row`).toBe(true);
      } else infeasible++;
    }
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(optimal).toBeGreaterThan(200);
    expect(infeasible).toBeGreaterThan(10);
  });
});
