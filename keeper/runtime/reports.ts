/**
 * Reports and health on a fresh start. A keeper started long after the vault's last report (a first start, a
 * restart after downtime) would otherwise be "unhealthy" until its first scheduled report, hours later. Instead,
 * the first cycle that reads the chain decides whether the share-price feed's last round is already older than the
 * schedule allows; if so the keeper sends a catch-up report at once, and /health says so while it runs. Pure.
 */
import type { HealthCheck } from "../server/view.js";

/** A catch-up report started because the feed's last round was `ageSeconds` old when the keeper first read it. */
export type CatchUp = { state: "running" | "failed"; ageSeconds: number } | null;

/** Whether a round `ageSeconds` old needs a report now (it is already past what the schedule allows). */
export function reportOverdue(ageSeconds: number, limitSeconds: number): boolean {
  return ageSeconds > limitSeconds;
}

/** The `reports` health check: the feed's last round against the schedule, and the catch-up report at start. */
export function reportsCheck(input: { dryRun: boolean; ageSeconds: number | null; limitSeconds: number; catchUp: CatchUp }): HealthCheck {
  const { dryRun, ageSeconds, limitSeconds, catchUp } = input;
  if (dryRun) return { ok: true, detail: "dry run: this keeper sends no reports" };
  if (ageSeconds === null) return { ok: true, detail: "no chain reading yet" };
  if (catchUp?.state === "running" && reportOverdue(ageSeconds, limitSeconds)) {
    return {
      ok: true,
      detail: `catch-up report at start running: the share-price feed's last round was ${catchUp.ageSeconds} s old when this keeper started (limit ${limitSeconds} s)`,
    };
  }
  const detail = `the share-price feed's last round is ${ageSeconds} s old at the chain head (limit ${limitSeconds} s: the report schedule plus grace)`;
  const ok = !reportOverdue(ageSeconds, limitSeconds);
  return { ok, detail: catchUp?.state === "failed" && !ok ? `${detail}; the catch-up report at start failed (see the log)` : detail };
}
