/**
 * Step "observe": reads the vault (one eth_call), stores the rate samples, and analyses every adapter. With a
 * `risk` config it also reads every LRT's exposure per AVS at the same block (the second eth_call), takes each
 * LRT's expected loss off its APY, and records each AVS slash seen since the previous read with what it cost
 * the vault, the reserve's coverage of it and the guard's response.
 */
import { analyseAdapters, analyseExposure, historyStart, withExpectedLoss, type AdapterAnalysis, type ExposureView } from "../analysis.js";
import { readExposures } from "../chain/exposure.js";
import { readVaultState } from "../chain/read.js";
import type { KeeperStore } from "../store/store.js";
import { detectAvsSlashes, slashImpact } from "../strategy/exposure.js";
import { LensError, type VaultState } from "../strategy/types.js";
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
  if (config.risk === undefined) return { state, adapters };
  const exposure = analyseExposure(state, await readExposures(client, config.risk, state.blockNumber), config.risk);
  const adjusted = withExpectedLoss(adapters, exposure);
  if (options.record) recordAvsSlashes(deps, store, state, adjusted, exposure);
  return { state, adapters: adjusted, exposure };
}

/** Finds the AVS slashes since the stored exposure read, records each once with its impact, keeps the new read. */
function recordAvsSlashes(deps: CycleDeps, store: KeeperStore, state: VaultState, adapters: AdapterAnalysis[], view: ExposureView): void {
  const prev = store.lastExposure();
  if (prev !== null && prev.blockNumber < view.snapshot.blockNumber) {
    view.events = detectAvsSlashes(prev, view.snapshot);
    const names = new Map(adapters.map((a) => [a.address.toLowerCase(), a]));
    for (const event of view.events) {
      const impact = slashImpact(event, state, state.reserveAssets);
      const detail = {
        avs: event.avs,
        fromBlock: event.fromBlock,
        toBlock: event.toBlock,
        hits: event.hits.map((h, k) => {
          const a = names.get(h.adapter.toLowerCase());
          return {
            adapter: h.adapter,
            name: a?.name ?? h.adapter,
            lossShare: h.lossShare,
            vaultLoss: impact.losses[k]!.loss,
            guarded: a?.guard.guarded ?? false,
            guardReasons: a?.guard.reasons ?? [],
          };
        }),
        vaultLoss: impact.totalLoss,
        reserveAssets: state.reserveAssets,
        reserveCoverage: Number.isFinite(impact.reserveCoverage) ? impact.reserveCoverage : null,
      };
      if (store.recordAvsEvent(event.avs, event.toBlock, detail)) {
        deps.log.warn(detail, "AVS slash hit the vault's LRTs");
      }
    }
  }
  if (prev === null || prev.blockNumber < view.snapshot.blockNumber) store.saveExposure(view.snapshot);
}
