/** `report()` on its own schedule (not a cycle step: it shares only the account nonce with cycles). */
import type { Hex } from "viem";
import { sendVaultCall } from "./tx.js";
import type { CycleDeps, CycleOptions } from "./types.js";

/** Calls `report()`. Returns the tx hash, or null in a dry run. */
export async function runReport(deps: CycleDeps, options: CycleOptions = {}): Promise<Hex | null> {
  const { log, wallet } = deps;
  if (options.dryRun || wallet === undefined) {
    log.info("report: dry run, nothing sent");
    return null;
  }
  const sent = await sendVaultCall({ ...deps, wallet }, { functionName: "report", args: [] }, { kind: "report" });
  if (sent.stuck !== undefined) throw sent.stuck;
  log.info({ tx: sent.hash, status: sent.status }, "report done");
  return sent.hash ?? null;
}
