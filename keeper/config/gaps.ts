/**
 * What a valid config leaves out. The smallest config runs, but an operator must not learn from an incident that a
 * safety feature was off: each gap is said at start (a warn log line) and on the status page (`keeper.configGaps`).
 * Pure: derived from the parsed config alone.
 */
import type { KeeperConfig } from "./schema.js";

export interface ConfigGap {
  /** The feature left out, as a config path. */
  feature: string;
  /** What is lost and how to turn it on, one sentence. */
  message: string;
}

const pct = (bps: number) => `${(bps / 100).toFixed(2)} %`;

export function configGaps(config: KeeperConfig): ConfigGap[] {
  const gaps: ConfigGap[] = [];
  const risk = config.risk;
  if (risk === undefined) {
    gaps.push({
      feature: "risk",
      message:
        "restaking risk model off: no `risk` section and no deployment with an `eigenLayer` section to read it from, so AVS exposure is neither measured, priced nor capped",
    });
  } else {
    const unpriced = Object.entries(risk.avs)
      .filter(([, r]) => r.slashProbabilityBps === 0 || r.severityBps === 0)
      .map(([name]) => name)
      .sort();
    if (unpriced.length > 0) {
      gaps.push({
        feature: "risk.avs",
        message: `AVS slash risk not priced for ${unpriced.join(", ")} (set risk.avs.<name>.slashProbabilityBps and severityBps): their expected loss counts as 0; exposure is still measured and capped at ${pct(risk.avsCapBps)} of total assets per AVS`,
      });
    }
  }
  if (!config.server.enabled) {
    gaps.push({ feature: "server", message: "server.enabled is false: no /health, /metrics or status page, so nothing can monitor or alert on this keeper" });
  }
  return gaps;
}
