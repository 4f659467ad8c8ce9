/**
 * One JSON log stream (pino, stderr, so stdout stays free for tables and plans). Wei amounts are bigints in the
 * keeper and exceed 2^53: they are logged as decimal strings, never as JSON numbers a reader would round.
 * node-cron's own messages go through the same logger instead of its coloured console lines.
 */
import pino, { type DestinationStream, type Logger } from "pino";

type Level = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

/** `value` with every bigint as its decimal string (objects and arrays copied, nothing else touched). */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

export function createLogger(level: Level, destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: { svc: "keeper" },
      redact: ["privateKey", "*.privateKey"],
      formatters: { log: (obj) => jsonSafe(obj) as Record<string, unknown> },
    },
    destination,
  );
}

/** node-cron's logger interface, written to `log` (its info lines at debug: they are scheduler chatter). */
export function cronLogger(log: Logger) {
  const child = log.child({ src: "node-cron" });
  const withErr = (level: "error" | "debug") => (message: string | Error, err?: Error) => {
    const e = message instanceof Error ? message : err;
    child[level]({ err: e?.message }, message instanceof Error ? message.message : message);
  };
  return {
    info: (message: string) => child.debug(message),
    warn: (message: string) => child.warn(message),
    error: withErr("error"),
    debug: withErr("debug"),
  };
}
