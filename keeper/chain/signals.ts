/**
 * Reads the protocols' events that show a loss before their rates do (issue 18): one eth_getLogs per adapter with a
 * configured `protocol`, over the last `strategy.guard.signalLookbackBlocks` blocks up to the vault read's block.
 * Decoding only; strategy/signals.ts decides what still stands.
 */
import { parseAbi, type PublicClient } from "viem";
import type { KeeperConfig } from "../config/schema.js";
import { activeSignals, type ProtocolEvent, type ProtocolSignal, type SignalProtocol } from "../strategy/signals.js";
import type { Hex } from "../strategy/types.js";

/**
 * The events read per protocol. Swell's is mainnet's (AccessControlManager, which `lockdown()` pauses after a
 * downward reprice); the others are the stand-ins' (contracts/simulation/README.md says what mainnet emits instead).
 */
const EVENTS: Record<SignalProtocol, readonly string[]> = {
  etherfi: ["event OracleReport(uint256 oldRate, uint256 newRate, uint256 target)"],
  swell: ["event BotMethodsPause(bool newPausedStatus)"],
  puffer: ["event BeaconChainLoss(uint256 bps, uint256 pendingBps)", "event ValidatorExitsProcessed(uint256 pendingBps, uint256 bondBps, uint256 bookedBps)"],
  renzo: ["event BeaconChainLoss(uint256 bps, uint256 pendingBps)", "event CheckpointCompleted(uint256 bps)"],
};

interface Log {
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint | null;
  logIndex: number | null;
}

/** The decoded event of `protocol` for one log, or null for one the guard does not use. */
export function decodeSignalLog(protocol: SignalProtocol, log: Log): ProtocolEvent | null {
  if (log.blockNumber === null || log.logIndex === null) return null;
  const at = { block: log.blockNumber, logIndex: log.logIndex };
  const a = log.args;
  switch (`${protocol}.${log.eventName}`) {
    case "etherfi.OracleReport":
      return { ...at, kind: "etherfi.report", oldRate: a.oldRate as bigint, newRate: a.newRate as bigint, target: a.target as bigint };
    case "swell.BotMethodsPause":
      return { ...at, kind: "swell.lockdown", on: a.newPausedStatus as boolean };
    case "puffer.BeaconChainLoss":
      return { ...at, kind: "puffer.beaconLoss", pendingBps: a.pendingBps as bigint };
    case "puffer.ValidatorExitsProcessed":
      return { ...at, kind: "puffer.exitsProcessed" };
    case "renzo.BeaconChainLoss":
      return { ...at, kind: "renzo.beaconLoss", pendingBps: a.pendingBps as bigint };
    case "renzo.CheckpointCompleted":
      return { ...at, kind: "renzo.checkpoint" };
    default:
      return null;
  }
}

/** Per adapter (lower-case address), the protocol signals standing at `blockNumber`. */
export async function readProtocolSignals(
  client: PublicClient,
  config: KeeperConfig,
  adapters: readonly Hex[],
  blockNumber: bigint,
): Promise<Map<string, ProtocolSignal[]>> {
  const out = new Map<string, ProtocolSignal[]>();
  const lookback = BigInt(config.strategy.guard.signalLookbackBlocks);
  const fromBlock = blockNumber > lookback ? blockNumber - lookback : 0n;
  const wanted = new Set(adapters.map((a) => a.toLowerCase()));
  for (const [adapter, settings] of Object.entries(config.adapters)) {
    if (settings.protocol === undefined || !wanted.has(adapter.toLowerCase())) continue;
    const { kind, address } = settings.protocol;
    const logs = await client.getLogs({ address, events: parseAbi(EVENTS[kind]), fromBlock, toBlock: blockNumber });
    const events = logs.map((l) => decodeSignalLog(kind, l as unknown as Log)).filter((e): e is ProtocolEvent => e !== null);
    const standing = activeSignals(kind, events);
    if (standing.length > 0) out.set(adapter.toLowerCase(), standing);
  }
  return out;
}
