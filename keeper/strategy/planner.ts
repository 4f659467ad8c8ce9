/**
 * From the LP's target to the moves the vault will accept: amounts in wei, deallocations first,
 * minimum-out limits from the per-move slippage allowance, then an exact integer check of every rule
 * (`checkRules`). If rounding pushed a plan over a rule, its deposits shrink until it holds; a plan
 * that still breaks a rule is dropped, never sent.
 */
import { checkRules, type RuleViolation } from "./rules.js";
import { solveAllocation, worstEventLoss, type AllocationInput, type AllocationSolution } from "./optimizer.js";
import { BPS, type Move, type VaultState } from "./types.js";

export interface PlanOptions {
  /** Moves smaller than this are dust and left out (an exit the rules need is kept). */
  minMoveWei: bigint;
  /**
   * A rule the current state breaks forces a plan (sent whatever its gain) only when it is broken by
   * more than this share of total assets, in bps. Smaller drifts (the buffer falling a hair below its
   * floor as allocations grow) are mended by the next plan that pays for itself; the vault itself only
   * checks the rules after an allocation. Default 50.
   */
  forceToleranceBps?: number;
}

export interface Plan {
  /** Deallocations first, then allocations. */
  moves: Move[];
  /** Expected gain over the horizon (yield gained minus exit and entry costs, plus the priced worst event's fall), wei. */
  expectedGainWei: bigint;
  /**
   * True when the plan must go out whatever its gain: it exits a guarded adapter, or it restores
   * a rule the current state breaks.
   */
  forced: boolean;
  /** Rules the current state breaks (before any move). */
  currentViolations: RuleViolation[];
  /** Why the plan is what it is, for logs and dry-run output. */
  notes: string[];
  /** Expected allocation of each adapter after the plan (state order). */
  targets: bigint[];
  solution: AllocationSolution;
}

const SHRINK_STEPS = [1_000_000_000n, 1_000_000n, 10_000n, 100n, 10n, 2n] as const;

function depositLimit(assets: bigint, entryCostBps: number, slippageBps: number): bigint {
  return (assets * (BPS - BigInt(entryCostBps)) * (BPS - BigInt(slippageBps))) / (BPS * BPS);
}

function exitLimit(state: VaultState, i: number, assets: bigint, slippageBps: number): bigint {
  const a = state.adapters[i]!;
  // Proportional share of the priced full exit: price impact makes a smaller exit no worse per unit.
  const preview = a.exitPreview > a.exitAmount ? a.exitAmount : a.exitPreview;
  const expected = a.exitAmount === 0n ? 0n : (preview * assets) / a.exitAmount;
  return (expected * (BPS - BigInt(slippageBps))) / BPS;
}

function gainOf(input: AllocationInput, sol: AllocationSolution, moves: readonly Move[]): bigint {
  const index = new Map(input.state.adapters.map((a, i) => [a.address.toLowerCase(), i]));
  let gain = 0;
  for (const m of moves) {
    const i = index.get(m.adapter.toLowerCase())!;
    const yieldOverHorizon = input.outlook[i]!.apy * input.params.horizonYears;
    const amount = Number(m.assets);
    if (m.deposit) {
      const e = input.outlook[i]!.entryCostBps / 10_000;
      gain += amount * (yieldOverHorizon * (1 - e) - e);
    } else {
      gain -= amount * (yieldOverHorizon + sol.exitCost[i]!);
    }
  }
  // A priced worst event: lowering it is worth its weight over the horizon (raising it costs as much).
  const term = input.worstEvent;
  const T = Number(input.state.totalAssets);
  if (term !== undefined && term.weightPerYear > 0 && T > 0) {
    const before = input.state.adapters.map((a) => Number(a.allocation) / T);
    const after = [...before];
    for (const m of moves) {
      const i = index.get(m.adapter.toLowerCase())!;
      after[i] = after[i]! + ((m.deposit ? 1 : -1) * Number(m.assets)) / T;
    }
    gain += term.weightPerYear * input.params.horizonYears * (worstEventLoss(term, before) - worstEventLoss(term, after)) * T;
  }
  return BigInt(Math.trunc(gain));
}

/** Solves the allocation and turns it into a checked list of moves. */
export function planRebalance(input: AllocationInput, options: PlanOptions): Plan {
  const { state, outlook, params } = input;
  const sol = solveAllocation(input);
  const currentViolations = checkRules(state, []);
  const notes: string[] = [];
  const T = Number(state.totalAssets);
  const slip = params.slippageBps;

  const exits: Move[] = [];
  const deposits: { i: number; assets: bigint }[] = [];
  if (sol.status !== "empty") {
    // When no allocation satisfies every rule ("infeasible"), the solution holds only the
    // deallocations that leave the rules least broken: the vault always accepts a deallocation, and a
    // rule broken by queued value alone must not keep the keeper from mending the others.
    state.adapters.forEach((a, i) => {
      const net = sol.deposit[i]! - sol.withdraw[i]!;
      if (net < 0 || (sol.status === "infeasible" && sol.forcedExit[i])) {
        // Pad an exit by a trillionth of total assets: a tight rule must not fail on float error.
        let assets = BigInt(Math.ceil(-net * T)) + state.totalAssets / 1_000_000_000_000n + 1n;
        // Snap to a full exit when the LP asks for all of it (rounding must not leave dust behind).
        if (sol.forcedExit[i] || assets * 1_000_000n >= sol.exitable[i]! * 999_999n) assets = sol.exitable[i]!;
        if (assets > sol.exitable[i]!) assets = sol.exitable[i]!;
        if (assets > 0n) {
          exits.push({ adapter: a.address, deposit: false, assets, limit: exitLimit(state, i, assets, slip) });
        }
      } else if (net > 0) {
        const assets = BigInt(Math.floor(net * T));
        if (assets > 0n) deposits.push({ i, assets });
      }
    });
  }
  if (sol.status === "infeasible") {
    notes.push(
      exits.length > 0
        ? "no allocation satisfies every rule with the exits available: only exits that mend what they can are planned"
        : "no allocation satisfies every rule with the exits available: nothing planned",
    );
  }

  const toMoves = (ds: readonly { i: number; assets: bigint }[], shrink: bigint | null): Move[] =>
    ds
      .map(({ i, assets }) => {
        const amount = shrink === null ? assets : assets - assets / shrink - 1n;
        return {
          adapter: state.adapters[i]!.address,
          deposit: true,
          assets: amount,
          limit: depositLimit(amount, outlook[i]!.entryCostBps, slip),
        };
      })
      .filter((m) => m.assets > 0n);

  // Dust: dropping a deposit never breaks a rule; dropping an exit might, so exits go only if the
  // plan still holds without them and none is forced.
  const bigDeposits = deposits.filter((d) => d.assets >= options.minMoveWei);
  if (bigDeposits.length < deposits.length) notes.push(`${deposits.length - bigDeposits.length} dust deposit(s) left out`);
  let exitMoves = exits;
  const indexOf = new Map(state.adapters.map((a, i) => [a.address, i]));
  const bigExits = exits.filter((m) => m.assets >= options.minMoveWei || sol.forcedExit[indexOf.get(m.adapter)!]!);
  if (bigExits.length < exits.length) {
    // A mending plan (infeasible program) breaks a rule anyway: its dust exits mend nothing worth gas.
    if (sol.status === "infeasible" || checkRules(state, [...bigExits, ...toMoves(bigDeposits, SHRINK_STEPS[0])]).length === 0) {
      exitMoves = bigExits;
      notes.push(`${exits.length - bigExits.length} dust exit(s) left out`);
    }
  }

  let moves: Move[] | null =
    exitMoves.length === 0 && bigDeposits.length === 0 ? [] : sol.status === "infeasible" ? exitMoves : null;
  for (const shrink of moves === null ? [null, ...SHRINK_STEPS] : []) {
    const candidate = [...exitMoves, ...toMoves(bigDeposits, shrink)];
    if (checkRules(state, candidate).length === 0) {
      moves = candidate;
      if (shrink !== null) notes.push(`deposits shrunk by 1/${shrink} to stay within the rules after rounding`);
      break;
    }
  }
  if (moves === null && checkRules(state, exitMoves).length === 0) {
    moves = exitMoves;
    notes.push("deposits dropped: no rounding of them stays within the rules");
  }
  if (moves === null) {
    const broken = checkRules(state, [...exitMoves, ...toMoves(bigDeposits, null)]);
    notes.push(`plan dropped: it would break ${broken.map((v) => `${v.rule} (${v.detail})`).join("; ")}`);
    moves = [];
  }

  const targets = state.adapters.map((a) => a.allocation);
  for (const m of moves) {
    const i = indexOf.get(m.adapter)!;
    targets[i] = m.deposit ? targets[i]! + m.assets : targets[i]! - m.assets;
  }
  const exitsGuarded = moves.some((m) => !m.deposit && sol.forcedExit[indexOf.get(m.adapter)!]);
  const tolerance = (state.totalAssets * BigInt(options.forceToleranceBps ?? 50)) / BPS;
  const restores = moves.length > 0 && currentViolations.some((v) => v.excess === undefined || v.excess > tolerance);
  if (exitsGuarded) notes.push("exits a guarded adapter");
  if (restores) notes.push(`restores broken rule(s): ${currentViolations.map((v) => v.rule).join(", ")}`);
  else if (currentViolations.length > 0 && moves.length > 0) {
    notes.push(`mends rule(s) broken within tolerance: ${currentViolations.map((v) => v.rule).join(", ")}`);
  }
  return {
    moves,
    expectedGainWei: gainOf(input, sol, moves),
    forced: exitsGuarded || restores,
    currentViolations,
    notes,
    targets,
    solution: sol,
  };
}

export interface SendPolicy {
  /** The gain must beat gas cost by this margin: gain >= gasCost x (1 + marginBps / 10_000). */
  gainOverGasMarginBps: number;
  /** And be at least this much, wei. */
  minGainWei: bigint;
}

export interface SendDecision {
  send: boolean;
  reason: string;
}

/** Hysteresis: is `plan` worth its gas? A forced plan always is; an empty plan never. */
export function decideSend(plan: Plan, gasCostWei: bigint, policy: SendPolicy): SendDecision {
  if (plan.moves.length === 0) return { send: false, reason: "no moves" };
  if (plan.forced) return { send: true, reason: `forced: ${plan.notes.join("; ")}` };
  const threshold = (gasCostWei * (BPS + BigInt(policy.gainOverGasMarginBps))) / BPS;
  if (plan.expectedGainWei < policy.minGainWei) {
    return { send: false, reason: `gain ${plan.expectedGainWei} wei below the minimum ${policy.minGainWei}` };
  }
  if (plan.expectedGainWei < threshold) {
    return {
      send: false,
      reason: `gain ${plan.expectedGainWei} wei does not beat gas ${gasCostWei} wei by ${policy.gainOverGasMarginBps} bps`,
    };
  }
  return { send: true, reason: `gain ${plan.expectedGainWei} wei beats gas ${gasCostWei} wei with margin` };
}
