/**
 * Transport failures in words an operator can act on: which RPC URL, and why (connection refused, DNS,
 * timeout, an HTTP status, a JSON-RPC error code). No decisions here: callers choose exit codes and retries.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  ExecutionRevertedError,
  HttpRequestError,
  RpcRequestError,
  TimeoutError,
} from "viem";

export interface RpcFailure {
  url: string;
  /** "connection refused", "timed out after 10000 ms", "HTTP 503", ... */
  cause: string;
}

const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found (DNS)",
  EAI_AGAIN: "host not found (DNS, temporary)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "socket closed by the server",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
};

const NODE_TROUBLE = new Set([-32603, -32005, -32002, 429]);

/** The chain of `cause`s below `err`, viem's and Node's alike. */
function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  while (e !== undefined && e !== null && out.length < 12) {
    out.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

/** The transport failure inside `err`, or null when `err` is not one (a revert, a bad argument, ...). */
export function rpcFailure(err: unknown, url: string): RpcFailure | null {
  const chain = causes(err);
  // The node answered: the contract reverted or returned nothing. That is about the contract, not the node.
  const answered = [ContractFunctionRevertedError, ContractFunctionZeroDataError, ExecutionRevertedError];
  if (chain.some((e) => answered.some((cls) => e instanceof cls))) return null;
  for (const e of chain) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && SOCKET_CODES[code] !== undefined) return { url, cause: `${SOCKET_CODES[code]} (${code})` };
    // Node's fetch refuses the ports browsers block (e.g. 9, 25) before connecting.
    if (e instanceof Error && e.message === "bad port") return { url, cause: "port refused by fetch (a blocked port: pick another)" };
  }
  for (const e of chain) {
    if (e instanceof TimeoutError) return { url: e.url ?? url, cause: `timed out (${e.details})` };
    if (e instanceof HttpRequestError) {
      if (e.status !== undefined) return { url: e.url ?? url, cause: `HTTP ${e.status}${e.details ? ` (${e.details})` : ""}` };
      return { url: e.url ?? url, cause: e.details || "request failed" };
    }
  }
  for (const e of chain) {
    // The node's own trouble (overloaded, rate-limited, internal error), not an answer about a contract.
    if (e instanceof RpcRequestError && NODE_TROUBLE.has(e.code)) {
      return { url: e.url ?? url, cause: `JSON-RPC error ${e.code}: ${e.details || e.shortMessage}` };
    }
  }
  if (err instanceof BaseError && /fetch failed|socket|network/i.test(err.message)) return { url, cause: err.shortMessage };
  return null;
}

/**
 * `url` as it may be printed: scheme, host and port; a path is kept only when it carries no token (provider
 * URLs put API keys in the path or query).
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "(unparseable URL)";
  }
  const path = u.pathname === "/" ? "" : /[A-Za-z0-9_-]{16,}/.test(u.pathname) ? "/<redacted>" : u.pathname;
  return `${u.protocol}//${u.host}${path}${u.search === "" ? "" : "?<redacted>"}`;
}

/** "RPC http://host:8545: connection refused (ECONNREFUSED)", or the error's own message when it is not a transport failure. */
export function describeError(err: unknown, url: string): string {
  const f = rpcFailure(err, url);
  if (f !== null) return `RPC ${redactUrl(f.url)}: ${f.cause}`;
  if (err instanceof BaseError) return err.shortMessage;
  return err instanceof Error ? err.message : String(err);
}
