/**
 * Protocol signals (issue 18): losses a protocol knows of before its rate shows them. ether.fi moves its rate only
 * through oracle reports bounded per report, Swell only through a bounded bot reprice after which it locks down,
 * Puffer counts 32 ETH per validator until the exits are processed, Renzo books a beacon-chain loss only at an
 * EigenLayer checkpoint. No view shows these losses before the rate; the protocols' events do. Pure: the events come
 * in already decoded (keeper/chain/signals.ts reads them), and the latest event of each kind says whether a loss is
 * still outside the rate.
 */
import { shortfallBps } from "./guard.js";

/** The protocols whose events carry a loss the rate does not show yet. */
export const SIGNAL_PROTOCOLS = ["etherfi", "swell", "puffer", "renzo"] as const;
export type SignalProtocol = (typeof SIGNAL_PROTOCOLS)[number];

interface At {
  /** Block and log index: events are applied in chain order. */
  block: bigint;
  logIndex: number;
}

/** One decoded protocol event the guard cares about. */
export type ProtocolEvent = At &
  (
    | { kind: "etherfi.report"; oldRate: bigint; newRate: bigint; target: bigint }
    | { kind: "swell.lockdown"; on: boolean }
    | { kind: "puffer.beaconLoss"; pendingBps: bigint }
    | { kind: "puffer.exitsProcessed" }
    | { kind: "renzo.beaconLoss"; pendingBps: bigint }
    | { kind: "renzo.checkpoint" }
  );

export interface ProtocolSignal {
  protocol: SignalProtocol;
  /** Shown in the guard's reasons (the cycle's reasons and the status table). */
  reason: string;
}

/** The signals still standing after `events` (any order; applied by block and log index). */
export function activeSignals(protocol: SignalProtocol, events: readonly ProtocolEvent[]): ProtocolSignal[] {
  const sorted = [...events].sort((a, b) => (a.block === b.block ? a.logIndex - b.logIndex : a.block < b.block ? -1 : 1));
  let reason: string | null = null;
  for (const e of sorted) {
    switch (e.kind) {
      case "etherfi.report": {
        const gap = shortfallBps(e.newRate, e.target);
        reason = gap > 0
          ? `ether.fi's oracle report at block ${e.block} was capped: the rate stays ${gap.toFixed(2)} bps above the report's target (a loss not in the rate yet)`
          : null;
        break;
      }
      case "swell.lockdown":
        reason = e.on ? `Swell locked down at block ${e.block} after a downward reprice (deposits, requests and the bot paused)` : null;
        break;
      case "puffer.beaconLoss":
      case "renzo.beaconLoss": {
        const who = e.kind === "puffer.beaconLoss" ? "Puffer" : "Renzo";
        const until = e.kind === "puffer.beaconLoss" ? "its validators' exits are processed" : "an EigenLayer checkpoint";
        reason = e.pendingBps > 0n
          ? `${who} reported a beacon-chain loss at block ${e.block} (${(Number(e.pendingBps) / 100).toFixed(2)} % pending) not in its rate until ${until}`
          : null;
        break;
      }
      case "puffer.exitsProcessed":
      case "renzo.checkpoint":
        reason = null;
        break;
    }
  }
  return reason === null ? [] : [{ protocol, reason }];
}
