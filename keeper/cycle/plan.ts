/**
 * Step "plan": on a fresh read when an earlier step moved the vault, publishes the vault's gauges, solves the
 * target allocation and turns it into moves. Ends the cycle "no-moves" when the vault is where it should be.
 */
import { publishState } from "../server/publish.js";
import { planRebalance } from "../strategy/planner.js";
import { stateForPlanner } from "../strategy/queue.js";
import { SECONDS_PER_YEAR } from "../strategy/types.js";
import { observe } from "./observe.js";
import { worstEventTerm } from "../analysis.js";
import type { CycleStep } from "./types.js";

export const plan: CycleStep = {
  name: "plan",
  async run(ctx) {
    const { config, log, metrics } = ctx.deps;
    if (ctx.stale) {
      // The AVS slashes were recorded with the first read of the cycle: keep them with the fresh one.
      const events = ctx.exposure?.events ?? [];
      Object.assign(ctx, await observe(ctx.deps, { record: false }));
      if (ctx.exposure !== undefined) ctx.exposure.events = events;
      ctx.stale = false;
    }
    if (metrics !== undefined) publishState(metrics, ctx.state, ctx.adapters);
    // What the redemption queue is owed is a liability: the planner keeps buffer floor + owed liquid.
    const { state, entryClosed } = stateForPlanner(ctx.state, ctx.state.queue);
    // Diversification priced in the objective: the worst single event (an AVS's slash, one protocol failing).
    const worstEvent = worstEventTerm(config, state.adapters.length, ctx.exposure);
    ctx.plan = planRebalance(
      {
        state,
        outlook: ctx.adapters.map((a) => (entryClosed ? { ...a.outlook, guarded: true } : a.outlook)),
        params: { horizonYears: (config.strategy.horizonDays * 86_400) / SECONDS_PER_YEAR, slippageBps: config.strategy.slippageBps },
        ...(ctx.exposure === undefined ? {} : { exposure: ctx.exposure.rule }),
        ...(worstEvent === undefined ? {} : { worstEvent }),
      },
      { minMoveWei: config.strategy.minMoveWei, forceToleranceBps: config.strategy.forceToleranceBps },
    );
    for (const a of ctx.adapters) {
      if (a.guard.guarded) log.warn({ adapter: a.name, reasons: a.guard.reasons }, "depeg guard holds adapter");
    }
    return ctx.plan.moves.length === 0 ? { outcome: "no-moves" } : null;
  },
};
