/** Step "observe": reads the vault (one eth_call), stores the rate samples, and analyses every adapter. */
import { analyseAdapters, historyStart } from "../analysis.js";
import { readVaultState } from "../chain/read.js";
import { LensError } from "../strategy/types.js";
import type { CycleDeps, Observation } from "./types.js";

export async function observe(deps: CycleDeps, options: { record: boolean }): Promise<Observation> {
  const { config, client, store } = deps;
  const state = await readVaultState(client, config.vault, config.lens);
  const now = Number(state.timestamp);
  if (options.record) {
    store.addSamples(
      state.adapters
        .filter((a) => (a.errors & LensError.fairRate) === 0)
        .map((a) => ({
          adapter: a.address,
          lrt: a.lrt,
          block: state.blockNumber,
          timestamp: now,
          fairRate: a.fairRate,
          marketRate: a.marketRate,
        })),
    );
    store.pruneSamples(historyStart(config, now) - 86_400);
  }
  const since = historyStart(config, now);
  const adapters = analyseAdapters(state, (a) => store.samples(a, since), config);
  return { state, adapters };
}
