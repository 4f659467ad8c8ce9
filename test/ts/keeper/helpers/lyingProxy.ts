/**
 * A local JSON-RPC proxy in front of anvil that lies on demand, as a compromised or broken provider would: a
 * forged vault read (the lens snapshot re-encoded with a changed field), forged fee quotes, a frozen head, a
 * wrong chain id, slow answers. It is a real HTTP server, so the keeper reaches it through its own configured
 * transports exactly as it reaches a provider. Every method asked and every raw transaction sent through it
 * is logged.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeFunctionResult, encodeFunctionResult, toFunctionSelector, toHex, type Hex } from "viem";
import { vaultLensAbi } from "../../../../keeper/chain/abis.generated.js";

type Snapshot = ReturnType<typeof decodeSnapshot>;
const decodeSnapshot = (data: Hex) => decodeFunctionResult({ abi: vaultLensAbi, functionName: "snapshot", data });
const SNAPSHOT_SELECTOR = toFunctionSelector("snapshot(address)").slice(2);

export interface Lies {
  /** Rewrites every lens snapshot answer. */
  snapshot?: (s: Snapshot) => Snapshot;
  /** Quotes this tip and base fee (wei) in eth_maxPriorityFeePerGas, blocks' baseFeePerGas, eth_gasPrice and eth_feeHistory. */
  fees?: { tip: bigint; baseFee: bigint };
  /** Answers "latest" (eth_blockNumber, eth_getBlockByNumber) with this block. */
  frozenAt?: bigint;
  /** Answers eth_chainId with this id. */
  chainId?: number;
  /** Holds every answer this long. */
  delayMs?: number;
}

export interface LyingProxy {
  url: string;
  lies: Lies;
  /** Methods asked, in order. */
  log: string[];
  rawTxs: Hex[];
  /** Drops every lie and clears the logs. */
  honest(): void;
  stop(): Promise<void>;
}

interface RpcRequest {
  id: unknown;
  jsonrpc: string;
  method: string;
  params?: unknown[];
}

async function forward(upstream: string, body: unknown): Promise<unknown> {
  const res = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return res.json();
}

/** Starts a proxy to `upstream` on a free local port. Honest until `lies` is filled. */
export async function startLyingProxy(upstream: string): Promise<LyingProxy> {
  const lies: Lies = {};
  const log: string[] = [];
  const rawTxs: Hex[] = [];

  const answer = async (req: RpcRequest): Promise<unknown> => {
    log.push(req.method);
    if (lies.delayMs !== undefined) await new Promise((r) => setTimeout(r, lies.delayMs));
    const ok = (result: unknown) => ({ jsonrpc: "2.0", id: req.id, result });
    if (req.method === "eth_sendRawTransaction") rawTxs.push((req.params as [Hex])[0]);
    if (lies.chainId !== undefined && req.method === "eth_chainId") return ok(toHex(lies.chainId));
    if (lies.fees !== undefined) {
      if (req.method === "eth_maxPriorityFeePerGas") return ok(toHex(lies.fees.tip));
      if (req.method === "eth_gasPrice") return ok(toHex(lies.fees.baseFee + lies.fees.tip));
      if (req.method === "eth_feeHistory") {
        const count = Number(BigInt((req.params as [string])[0]));
        return ok({
          oldestBlock: "0x1",
          baseFeePerGas: Array.from({ length: count + 1 }, () => toHex(lies.fees!.baseFee)),
          gasUsedRatio: Array.from({ length: count }, () => 0.5),
          reward: Array.from({ length: count }, () => [toHex(lies.fees!.tip)]),
        });
      }
    }
    let params = req.params;
    if (lies.frozenAt !== undefined) {
      if (req.method === "eth_blockNumber") return ok(toHex(lies.frozenAt));
      if (req.method === "eth_getBlockByNumber" && (params?.[0] === "latest" || params?.[0] === "pending")) {
        params = [toHex(lies.frozenAt), ...(params.slice(1) ?? [])];
      }
    }
    const reply = (await forward(upstream, { ...req, params })) as { result?: unknown; error?: unknown };
    if (lies.fees !== undefined && req.method === "eth_getBlockByNumber" && reply.result !== null && typeof reply.result === "object") {
      (reply.result as Record<string, unknown>).baseFeePerGas = toHex(lies.fees.baseFee);
    }
    if (lies.snapshot !== undefined && req.method === "eth_call" && typeof reply.result === "string") {
      const call = (params?.[0] ?? {}) as { data?: string; input?: string };
      const data = call.data ?? call.input ?? "";
      if (data.includes(SNAPSHOT_SELECTOR)) {
        try {
          const forged = lies.snapshot(decodeSnapshot(reply.result as Hex));
          reply.result = encodeFunctionResult({ abi: vaultLensAbi, functionName: "snapshot", result: forged });
        } catch {
          // not a snapshot answer after all: pass it on
        }
      }
    }
    return reply;
  };

  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
      const work = Array.isArray(parsed) ? Promise.all(parsed.map(answer)) : answer(parsed);
      work.then(
        (out) => {
          if (res.destroyed) return;
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
        },
        (err: unknown) => res.writeHead(502).end(String(err)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    lies,
    log,
    rawTxs,
    honest() {
      for (const k of Object.keys(lies)) delete lies[k as keyof Lies];
      log.length = 0;
      rawTxs.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
