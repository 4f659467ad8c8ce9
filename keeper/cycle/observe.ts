/**
 * Step "observe": reads the vault (one eth_call, confirmed on a second endpoint when more are configured), stores the rate samples, and analyses every adapter. With a
 * `risk` config it also reads every LRT's exposure per AVS at the same block (the second eth_call), records each
 * AVS slash seen since the previous read (what it cost the vault, the reserve's coverage of it, the guard's
 * response), takes each LRT's expected loss off its APY, and lets the guard tell a fall an AVS slash explains
 * from a protocol fault (`strategy.guard.avsSlash`). Adapters with a configured `protocol` have its events read too
 * (chain/signals.ts): a loss the protocol knows of before its rate guards the adapter.
 */
import { analyseAdapters, analyseExposure, historyStart, withExpectedLoss, type AdapterAnalysis, type ExposureView } from "../analysis.js";
import { readExposures } from "../chain/exposure.js";
import { confirmedRead, pinnedBlock } from "../chain/quorum.js";
import { readVaultState } from "../chain/read.js";
import { readProtocolSignals } from "../chain/signals.js";
import type { KeeperStore } from "../store/store.js";
import { detectAvsSlashes, slashImpact, type AvsDrop, type AvsSlashEvent } from "../strategy/exposure.js";
import { LensError, type VaultState } from "../strategy/types.js";
import type { CycleDeps, Observation } from "./types.js";

/** How many recorded AVS events the guard looks through (newest first); more than a cooldown window holds. */
const AVS_EVENTS_SCANNED = 64;

export async function observe(deps: CycleDeps, options: { record: boolean }): Promise<Observation> {
  const { config, client, store, quorum } = deps;
  // Every endpoint's chain id and head first; the vault is read at the block they all have, on two of them.
  const { blockNumber } = await pinnedBlock(quorum);
  const state = await confirmedRead(quorum, client, "vault read", (c) => readVaultState(c, config.vault, config.lens, blockNumber));
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
  const history = (a: VaultState["adapters"][number]["address"]) => store.samples(a, since);
  // Losses the protocols' events show before their rates (issue 18): guarded, shown in the reasons.
  const signals = await readProtocolSignals(client, config, state.adapters.map((a) => a.address), state.blockNumber);
  if (config.risk === undefined) return { state, adapters: analyseAdapters(state, history, config, new Map(), signals) };

  const exposure = analyseExposure(state, await confirmedRead(quorum, client, "exposure read", (c) => readExposures(c, config.risk!, state.blockNumber)), config.risk);
  const prev = store.lastExposure();
  const fresh = prev === null || prev.blockNumber < exposure.snapshot.blockNumber;
  if (options.record && prev !== null && fresh) exposure.events = detectAvsSlashes(prev, exposure.snapshot);
  const drops = avsDrops(store, now - config.strategy.guard.cooldownSeconds, exposure.events, now);
  const adapters = withExpectedLoss(analyseAdapters(state, history, config, drops, signals), exposure);
  if (options.record) {
    recordAvsSlashes(deps, state, adapters, exposure);
    if (fresh) store.saveExposure(exposure.snapshot);
  }
  return { state, adapters, exposure };
}

/** Per adapter, the rate falls AVS slashes explain since `since`: recorded ones and this read's (seen at `now`). */
function avsDrops(store: KeeperStore, since: number, current: readonly AvsSlashEvent[], now: number): Map<string, AvsDrop[]> {
  const out = new Map<string, AvsDrop[]>();
  const add = (adapter: string, drop: AvsDrop) => {
    const key = adapter.toLowerCase();
    out.set(key, [...(out.get(key) ?? []), drop]);
  };
  const seen = new Set<string>();
  for (const row of store.avsEvents(AVS_EVENTS_SCANNED)) {
    const d = JSON.parse(row.detail) as { timestamp?: number; hits: { adapter: string; lossShare: number }[] };
    if (d.timestamp === undefined || d.timestamp < since) continue;
    seen.add(`${row.avs}@${row.toBlock}`);
    for (const h of d.hits) add(h.adapter, { timestamp: d.timestamp, lossShare: h.lossShare });
  }
  for (const e of current) {
    if (seen.has(`${e.avs}@${e.toBlock}`)) continue;
    for (const h of e.hits) add(h.adapter, { timestamp: now, lossShare: h.lossShare });
  }
  return out;
}

/** Records each AVS slash of this read once, with its impact and the guard's response, and logs it. */
function recordAvsSlashes(deps: CycleDeps, state: VaultState, adapters: AdapterAnalysis[], view: ExposureView): void {
  const names = new Map(adapters.map((a) => [a.address.toLowerCase(), a]));
  for (const event of view.events) {
    const impact = slashImpact(event, state, state.reserveAssets);
    const detail = {
      avs: event.avs,
      fromBlock: event.fromBlock,
      toBlock: event.toBlock,
      timestamp: Number(state.timestamp),
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
      response: deps.config.strategy.guard.avsSlash === "hold" ? "hold: a realised AVS loss, not a protocol fault" : "exit: treated as a sharp drop",
    };
    if (deps.store.recordAvsEvent(event.avs, event.toBlock, detail)) {
      deps.log.warn(detail, "AVS slash hit the vault's LRTs");
    }
  }
}
