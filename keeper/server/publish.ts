/** Sets the gauges from what a cycle read: the vault state and analysis, and the operator's reads. */
import type { AdapterAnalysis } from "../analysis.js";
import type { OpsReading } from "../chain/ops.js";
import type { VaultState } from "../strategy/types.js";
import type { KeeperMetrics } from "./metrics.js";

const eth = (wei: bigint) => Number(wei) / 1e18;

export function publishState(m: KeeperMetrics, state: VaultState, adapters: readonly AdapterAnalysis[]): void {
  m.totalAssets.set(eth(state.totalAssets));
  m.idle.set(eth(state.idle));
  m.idleFloor.set(eth((state.totalAssets * BigInt(state.bufferFloorBps)) / 10_000n));
  m.reserve.set(eth(state.reserveAssets));
  m.requiredReserve.set(eth(state.requiredReserve));
  m.reserveCoverage.set(state.requiredReserve === 0n ? Infinity : Number(state.reserveAssets) / Number(state.requiredReserve));
  m.paused.set(state.paused ? 1 : 0);
  m.priceHalted.set(state.priceHalted === true ? 1 : 0);
  m.headBlock.set(Number(state.blockNumber));
  m.headTimestamp.set(Number(state.timestamp));
  state.adapters.forEach((a, i) => {
    const info = adapters[i]!;
    m.allocation.set({ adapter: info.name }, eth(a.allocation));
    m.pendingExits.set({ adapter: info.name }, eth(a.pendingExits));
    m.apy.set({ adapter: info.name, part: "base" }, info.apy.baseApy ?? 0);
    m.apy.set({ adapter: info.name, part: "extras" }, info.apy.extrasApy);
    m.guarded.set({ adapter: info.name }, info.guard.guarded ? 1 : 0);
  });
}

export function publishOps(m: KeeperMetrics, ops: OpsReading): void {
  m.sharePrice.set(eth(ops.sharePrice));
  m.lastReport.set(Number(ops.lastReportAt));
  m.headBlock.set(Number(ops.headBlock));
  m.headTimestamp.set(Number(ops.headTimestamp));
  if (ops.account !== undefined) m.accountBalance.set(eth(ops.account.balanceWei));
}
