/**
 * The target allocation as a linear program, solved exactly by `solveLp`.
 *
 * Values are fractions of total assets T. Per adapter i: a_i its recorded allocation, u_i what is
 * moved in, d_i what is moved out (instant exit) — both variables, so exit costs stay linear.
 *
 *   maximise  Σ_i [ y_i·H·((1-e_i)·u_i - d_i) - e_i·u_i - c_i·d_i ]
 *
 * with y_i the expected APY, H the horizon in years, c_i the exit cost (from previewDeallocate of the
 * whole position), e_i a configured entry cost. Subject to the rules the vault enforces, on the state
 * after the plan, using worst-case costs (slippage allowance s: cw = 1-(1-c)(1-s), ew = 1-(1-e)(1-s))
 * for the new total T' = 1 - Σ cw_j·d_j - Σ ew_j·u_j:
 *   adapter cap    a_i + u_i - d_i <= cap_i
 *   tier cap       Σ_{i in t} (a_i + u_i - d_i) <= capBps_t · T'
 *   buffer floor   idle + Σ (1-cw_j)·d_j - Σ u_j >= floorBps · T'
 *   reserve rule   Σ cov_i·(a_i + u_i - d_i) <= reserve + junior - (1 - T')   (junior: capital not leaving; a
 *                  realised loss burns the reserve first, then junior capital)
 *   AVS exposure   Σ_i x_ai·(a_i + u_i - d_i) <= avsCap · T'  per AVS a (x_ai: share of LRT i's value a can
 *                  slash; an off-chain rule the contract does not check), when an exposure read is given
 *   guard          u_i = 0 for a guarded adapter; d_i = D_i when an exit is proposed
 *   bounds         0 <= d_i <= D_i = min(allocation, realAssets) - pendingExits (0 when not exitable)
 * Every rule is written on the final state, so the plan also restores a rule that the state breaks
 * today (a lowered cap, a smaller reserve). Deallocations run first, so each rule that holds at the end
 * also holds after every intermediate move.
 */
import { coverageAssets } from "./junior.js";
import { solveLp, type LinearProgram } from "./lp.js";
import { LensError, type VaultState } from "./types.js";

export interface AdapterOutlook {
  /** Expected APY as a fraction (base + extras). */
  apy: number;
  /** No new allocation. */
  guarded: boolean;
  /** Propose a full exit. */
  exit: boolean;
  /** Configured cost of entering, in bps of the amount. */
  entryCostBps: number;
}

export interface AllocationParams {
  /** Horizon the yield is counted over, in years. */
  horizonYears: number;
  /** Per-move slippage allowance in bps: the keeper's minimum-out limits use it. */
  slippageBps: number;
}

/** The AVS-exposure rule: per AVS a, Σ_i x_ai · allocation_i <= capShare · total assets. */
export interface ExposureRule {
  /** [avs][adapter] share of each LRT's value the AVS can slash (0..1), adapters in state order. */
  matrix: readonly (readonly number[])[];
  /** Largest exposure to one AVS, as a share of total assets (0..1). */
  capShare: number;
}

export interface AllocationInput {
  state: VaultState;
  /** One per `state.adapters`, same order. */
  outlook: readonly AdapterOutlook[];
  params: AllocationParams;
  /** The AVS-exposure rule, when the keeper reads exposures. */
  exposure?: ExposureRule;
}

export interface AllocationSolution {
  status: "optimal" | "infeasible" | "empty";
  /** Fractions of total assets moved into each adapter. */
  deposit: number[];
  /** Fractions of total assets moved out of each adapter. */
  withdraw: number[];
  /** Expected gain over the horizon, as a fraction of total assets. */
  objective: number;
  /** Exit cost fraction per adapter (from the lens's previewDeallocate). */
  exitCost: number[];
  /** Largest instant exit per adapter, in wei. */
  exitable: bigint[];
  /** Whether each adapter has a forced full exit. */
  forcedExit: boolean[];
  lp: LinearProgram | null;
}

/** Fraction of `x` in `total`. */
function frac(x: bigint, total: bigint): number {
  return Number(x) / Number(total);
}

/** Largest instant exit for an adapter: min(recorded, live) value less what is already queued. */
export function exitableAmount(a: VaultState["adapters"][number]): bigint {
  if (a.errors & (LensError.realAssets | LensError.previewDeallocate)) return 0n;
  const held = a.allocation < a.realAssets ? a.allocation : a.realAssets;
  return held > a.pendingExits ? held - a.pendingExits : 0n;
}

/** Exit cost (fraction) of adapter `a`, from the lens's previewDeallocate of its whole position. */
export function exitCostOf(a: VaultState["adapters"][number]): number {
  if (a.exitAmount <= 0n || a.errors & LensError.previewDeallocate) return 0;
  const out = a.exitPreview > a.exitAmount ? a.exitAmount : a.exitPreview;
  return frac(a.exitAmount - out, a.exitAmount);
}

/**
 * Weight of a unit (fraction of total assets) of rule breach against a unit of gain in the mending
 * program: gains over a horizon are a few percent at most, so any breach that a deallocation can
 * reduce is reduced first.
 */
const BREACH_WEIGHT = 1_000;

/**
 * Deallocations that leave the rules as little broken as the available exits allow, for a program
 * that no plan satisfies. Rows `0..ruleRows-1` of `lp` are rules and get a slack priced at
 * `BREACH_WEIGHT`; the later rows (forced exits of guarded adapters) stay hard. Deposits are held at
 * zero. Returns the fraction of total assets to move out of each of the `n` adapters.
 */
function solveMending(lp: LinearProgram, n: number, ruleRows: number): number[] {
  const width = 2 * n + ruleRows;
  const widen = (row: readonly number[], fill: (k: number) => number) => [
    ...row,
    ...Array.from({ length: ruleRows }, (_, k) => fill(k)),
  ];
  const constraints = lp.constraints.map((c, r) => ({
    coeffs: widen(c.coeffs, (k) => (k === r ? -1 : 0)),
    rhs: c.rhs,
  }));
  const objective = widen(lp.objective, () => -BREACH_WEIGHT);
  const upper = widen(
    lp.upper.map((u, j) => (j < n ? 0 : u)),
    () => Infinity,
  );
  const result = solveLp({ objective, constraints, upper });
  // Every rule row has its own unbounded slack and each forced-exit row is met by its upper bound,
  // so the program is always feasible and bounded; anything else leaves the state as it is.
  if (result.status !== "optimal" || result.x.length !== width) return new Array<number>(n).fill(0);
  return result.x.slice(n, 2 * n);
}

/** Builds the allocation LP for `input` and solves it. */
export function solveAllocation(input: AllocationInput): AllocationSolution {
  const { state, outlook, params } = input;
  const n = state.adapters.length;
  if (outlook.length !== n) {
    throw new Error(`solveAllocation: ${outlook.length} outlooks for ${n} adapters`);
  }
  const exitCost = state.adapters.map(exitCostOf);
  const maxLoss = state.maxSlippageBps / 10_000;
  // The vault rejects a move losing more than maxSlippageBps. Price impact grows with size, so when the
  // whole position costs too much to exit at once, a part of it (scaled to 90 % of the bound) still may.
  const exitable = state.adapters.map((a, i) => {
    const full = exitableAmount(a);
    const c = exitCost[i]!;
    if (c <= maxLoss) return full;
    const part = Math.floor((maxLoss / c) * 0.9 * 1e6);
    return (full * BigInt(part)) / 1_000_000n;
  });
  const forcedExit = outlook.map((o, i) => o.exit && exitable[i]! > 0n);
  const empty: AllocationSolution = {
    status: "empty",
    deposit: new Array<number>(n).fill(0),
    withdraw: new Array<number>(n).fill(0),
    objective: 0,
    exitCost,
    exitable,
    forcedExit,
    lp: null,
  };
  const T = state.totalAssets;
  if (T <= 0n || n === 0) return empty;

  const s = params.slippageBps / 10_000;
  const H = params.horizonYears;
  const a = state.adapters.map((ad) => frac(ad.allocation, T));
  const e = outlook.map((o) => o.entryCostBps / 10_000);
  const cw = exitCost.map((c) => 1 - (1 - c) * (1 - s));
  const ew = e.map((ei) => 1 - (1 - ei) * (1 - s));
  const coverage = new Map(state.tiers.map((t) => [t.id, t.coverageBps / 10_000]));
  const tierCap = new Map(state.tiers.map((t) => [t.id, t.capBps / 10_000]));
  const cov = state.adapters.map((ad) => {
    const c = coverage.get(ad.tier);
    if (c === undefined) throw new Error(`solveAllocation: adapter ${ad.address} has tier ${ad.tier} with no settings`);
    return c;
  });

  // Variables: u_0..u_{n-1}, then d_0..d_{n-1}.
  const width = 2 * n;
  const U = (i: number) => i;
  const D = (i: number) => n + i;
  const zero = () => new Array<number>(width).fill(0);
  /** Adds k·(loss to total assets, worst case) to a row: k·(Σ cw_j d_j + Σ ew_j u_j). */
  const addLoss = (row: number[], k: number) => {
    for (let j = 0; j < n; j++) {
      row[D(j)] = row[D(j)]! + k * cw[j]!;
      row[U(j)] = row[U(j)]! + k * ew[j]!;
    }
  };
  const constraints: { coeffs: number[]; rhs: number }[] = [];

  state.adapters.forEach((ad, i) => {
    const capFrac = frac(ad.cap, T);
    if (capFrac > 4) return; // far above anything reachable: the row would only slow the solver
    const row = zero();
    row[U(i)] = 1;
    row[D(i)] = -1;
    constraints.push({ coeffs: row, rhs: capFrac - a[i]! });
  });

  const tiersUsed = [...new Set(state.adapters.map((ad) => ad.tier))].sort((x, y) => x - y);
  for (const t of tiersUsed) {
    const k = tierCap.get(t)!;
    const row = zero();
    let held = 0;
    state.adapters.forEach((ad, i) => {
      if (ad.tier !== t) return;
      row[U(i)] = 1;
      row[D(i)] = -1;
      held += a[i]!;
    });
    addLoss(row, k);
    constraints.push({ coeffs: row, rhs: k - held });
  }

  {
    const f = state.bufferFloorBps / 10_000;
    const row = zero();
    for (let j = 0; j < n; j++) {
      row[U(j)] = 1;
      row[D(j)] = -(1 - cw[j]!);
    }
    addLoss(row, f);
    constraints.push({ coeffs: row, rhs: frac(state.idle, T) - f });
  }

  {
    // Reserve plus junior capital not leaving: what the vault's reserve rule counts.
    const r = frac(coverageAssets(state), T);
    const row = zero();
    let required = 0;
    for (let i = 0; i < n; i++) {
      row[U(i)] = cov[i]!;
      row[D(i)] = -cov[i]!;
      required += cov[i]! * a[i]!;
    }
    // The vault burns reserve shares first, then junior capital's, for any loss a move realises: coverage falls by it.
    addLoss(row, 1);
    constraints.push({ coeffs: row, rhs: r - required });
  }

  for (const [k, x] of (input.exposure?.matrix ?? []).entries()) {
    if (x.length !== n) throw new Error(`solveAllocation: exposure row ${k} has ${x.length} entries for ${n} adapters`);
    if (x.every((v) => v === 0)) continue;
    const cap = input.exposure!.capShare;
    const row = zero();
    let held = 0;
    for (let i = 0; i < n; i++) {
      row[U(i)] = x[i]!;
      row[D(i)] = -x[i]!;
      held += x[i]! * a[i]!;
    }
    addLoss(row, cap);
    constraints.push({ coeffs: row, rhs: cap - held });
  }

  const ruleRows = constraints.length;
  forcedExit.forEach((forced, i) => {
    if (!forced) return;
    const row = zero();
    row[D(i)] = -1;
    constraints.push({ coeffs: row, rhs: -frac(exitable[i]!, T) });
  });

  const objective = zero();
  const upper = zero();
  state.adapters.forEach((ad, i) => {
    const gain = outlook[i]!.apy * H;
    objective[U(i)] = gain * (1 - e[i]!) - e[i]!;
    objective[D(i)] = -gain - exitCost[i]!;
    // A paused vault takes no allocation (exits stay open).
    const canEnter = !outlook[i]!.guarded && ad.errors === 0 && ad.impaired !== true && !state.paused;
    upper[U(i)] = canEnter ? Infinity : 0;
    upper[D(i)] = frac(exitable[i]!, T);
  });

  const lp: LinearProgram = { objective, constraints, upper };
  const result = solveLp(lp);
  if (result.status !== "optimal") {
    // Unbounded cannot happen (the buffer row bounds every u_i); infeasible means a rule cannot be
    // restored with the exits available (e.g. queued exits alone break a tier cap). Such a rule must
    // not stop the keeper from mending what it can (the buffer floor, other caps): solve again with
    // deallocations only (the vault always accepts them) and each rule row made elastic, so the
    // program first minimises how far the rules stay broken, then maximises the gain.
    const mend = solveMending(lp, n, ruleRows);
    return { ...empty, status: "infeasible", deposit: new Array<number>(n).fill(0), withdraw: mend, lp };
  }
  return {
    status: "optimal",
    deposit: result.x.slice(0, n),
    withdraw: result.x.slice(n),
    objective: result.value,
    exitCost,
    exitable,
    forcedExit,
    lp,
  };
}
