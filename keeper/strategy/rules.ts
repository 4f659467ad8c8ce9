/**
 * The vault's rules, checked in exact integer arithmetic on the state a plan would leave, assuming
 * every move returns only its minimum-out limit (the worst case the vault accepts). The planner runs
 * this after rounding the LP's solution to wei; the contract checks the same rules again on chain.
 * Rounding always goes against the plan: requirements round up, allowances round down.
 */
import { coverageAfterLoss } from "./junior.js";
import { BPS, type Move, type VaultState } from "./types.js";

export interface RuleViolation {
  rule: "idle" | "adapterCap" | "tierCap" | "bufferFloor" | "reserve" | "unknownAdapter" | "exitTooLarge";
  detail: string;
  /** By how much (wei) the rule is broken; undefined when it is not a matter of amount. */
  excess?: bigint;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

export interface PlanOutcome {
  allocations: bigint[];
  idle: bigint;
  totalAssets: bigint;
  /** What the reserve rule counts: the reserve plus junior capital not leaving. */
  coverageAssets: bigint;
}

/** The worst-case state after `moves` (each returns exactly its limit). */
export function applyMoves(state: VaultState, moves: readonly Move[]): PlanOutcome | RuleViolation {
  const index = new Map(state.adapters.map((a, i) => [a.address.toLowerCase(), i]));
  const allocations = state.adapters.map((a) => a.allocation);
  let idle = state.idle;
  let loss = 0n;
  for (const m of moves) {
    const i = index.get(m.adapter.toLowerCase());
    if (i === undefined) return { rule: "unknownAdapter", detail: `move names unregistered adapter ${m.adapter}` };
    if (m.deposit) {
      if (m.assets > idle) {
        return { rule: "idle", detail: `deposit of ${m.assets} into ${m.adapter} exceeds idle ${idle}` };
      }
      idle -= m.assets;
      allocations[i] = allocations[i]! + m.assets;
      loss += m.assets - (m.limit < m.assets ? m.limit : m.assets);
    } else {
      if (m.assets > allocations[i]!) {
        return { rule: "exitTooLarge", detail: `exit of ${m.assets} from ${m.adapter} exceeds allocation ${allocations[i]}` };
      }
      allocations[i] = allocations[i]! - m.assets;
      const out = m.limit < m.assets ? m.limit : m.assets;
      idle += out;
      loss += m.assets - out;
    }
  }
  const totalAssets = state.totalAssets > loss ? state.totalAssets - loss : 0n;
  // The vault covers a realised loss by burning reserve shares first, then junior capital's.
  const coverageAssets = coverageAfterLoss(state, loss);
  return { allocations, idle, totalAssets, coverageAssets };
}

/** Every rule the state after `moves` would break (empty when the plan is within the rules). */
export function checkRules(state: VaultState, moves: readonly Move[]): RuleViolation[] {
  const outcome = applyMoves(state, moves);
  if ("rule" in outcome) return [outcome];
  const violations: RuleViolation[] = [];
  const { allocations, idle, totalAssets, coverageAssets } = outcome;
  const tiers = new Map(state.tiers.map((t) => [t.id, t]));

  state.adapters.forEach((a, i) => {
    if (allocations[i]! > a.cap) {
      violations.push({
        rule: "adapterCap",
        detail: `${a.address} would hold ${allocations[i]} above its cap ${a.cap}`,
        excess: allocations[i]! - a.cap,
      });
    }
  });

  const tierSums = new Map<number, bigint>();
  state.adapters.forEach((a, i) => tierSums.set(a.tier, (tierSums.get(a.tier) ?? 0n) + allocations[i]!));
  for (const [id, sum] of tierSums) {
    const t = tiers.get(id);
    if (t === undefined) {
      violations.push({ rule: "tierCap", detail: `tier ${id} has no settings` });
      continue;
    }
    const cap = (totalAssets * BigInt(t.capBps)) / BPS;
    if (sum > cap) {
      violations.push({ rule: "tierCap", detail: `tier ${id} would hold ${sum} above its cap ${cap}`, excess: sum - cap });
    }
  }

  const floor = ceilDiv(totalAssets * BigInt(state.bufferFloorBps), BPS);
  if (idle < floor) {
    violations.push({ rule: "bufferFloor", detail: `idle ${idle} below the buffer floor ${floor}`, excess: floor - idle });
  }

  let required = 0n;
  state.adapters.forEach((a, i) => {
    const t = tiers.get(a.tier);
    if (t !== undefined) required += ceilDiv(allocations[i]! * BigInt(t.coverageBps), BPS);
  });
  if (required > coverageAssets) {
    violations.push({
      rule: "reserve",
      detail: `reserve + junior coverage ${coverageAssets} below the required ${required}`,
      excess: required - coverageAssets,
    });
  }
  return violations;
}
