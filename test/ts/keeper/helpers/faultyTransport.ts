import { custom, http, HttpRequestError, TimeoutError, type EIP1193RequestFn, type Transport } from "viem";

export interface Fault {
  /** 1-based index of the request that fails. */
  at: number;
  /** "before": the node never sees it; "after": the node handles it, the answer is lost. */
  mode: "before" | "after";
  kind: "http" | "timeout";
}

export interface FaultyTransport {
  transport: Transport;
  /** Methods of every request since the last `arm`, in order. */
  log: string[];
  /** Raw transactions sent since the last `arm`. */
  rawTxs: `0x${string}`[];
  /** Sets (or clears) the next fault; counting restarts at 0. */
  arm(fault: Fault | null): void;
}

/** A proxy transport over anvil's HTTP RPC that fails the Nth request, as an HTTP error or a timeout. */
export function faultyTransport(url: string): FaultyTransport {
  const inner = http(url, { retryCount: 0 })({ retryCount: 0 });
  const log: string[] = [];
  const rawTxs: `0x${string}`[] = [];
  let fault: Fault | null = null;
  let count = 0;
  const fail = (method: string): never => {
    if (fault!.kind === "http") throw new HttpRequestError({ url, status: 503, details: `injected fault on ${method}` });
    throw new TimeoutError({ body: { method }, url });
  };
  const request = (async (args: { method: string; params?: unknown }) => {
    count++;
    log.push(args.method);
    if (args.method === "eth_sendRawTransaction") rawTxs.push((args.params as [`0x${string}`])[0]);
    const hit = fault !== null && count === fault.at;
    if (hit && fault!.mode === "before") fail(args.method);
    const result = await inner.request(args as never);
    if (hit) fail(args.method);
    return result;
  }) as EIP1193RequestFn;
  return {
    transport: custom({ request }, { retryCount: 0 }),
    log,
    rawTxs,
    arm(next) {
      fault = next;
      count = 0;
      log.length = 0;
      rawTxs.length = 0;
    },
  };
}
