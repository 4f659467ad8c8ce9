/**
 * No decision rests on one RPC. The keeper is configured with one or more endpoints; each cycle every endpoint
 * is asked its chain id and head (`checkHeads`), and every read that leads to a transaction (the vault read with
 * the rates a forced exit rests on, the exposure read, the simulations) is made at the same block on two
 * endpoints and compared (`confirm`). A chain id that is not the configured one, a head that lags the others or
 * the wall clock, or two answers that differ: `RpcDisagreementError`, and nothing is sent. Fewer than two
 * endpoints answering: `RpcQuorumError` (retryable: the next cycle tries again). With a single endpoint
 * configured there is nothing to compare against: the reads are made once and the keeper says so at start
 * and on /status. No decisions about what to send live here.
 */
import type { PublicClient } from "viem";
import { classifyError } from "./errors.js";
import { redactUrl } from "./rpc.js";

export interface Endpoint {
  /** The URL as configured (printed redacted). */
  url: string;
  client: PublicClient;
}

export interface QuorumOptions {
  chainId: number;
  /** An endpoint whose head is more than this many blocks behind the highest head is not used. */
  maxHeadLagBlocks: number;
  /** The newest head's timestamp may be at most this far behind the wall clock, seconds; 0: not checked. */
  maxHeadAgeSeconds: number;
  /** Wall clock, ms (tests move it). */
  now?: () => number;
}

/** What two endpoints disagreed about. */
export type DisagreementKind = "chainId" | "head" | "headAge" | "read";

export class RpcDisagreementError extends Error {
  readonly kind: DisagreementKind;
  /** What was being read ("vault read", "rebalance simulation", ...). */
  readonly what: string;
  /** The endpoints involved, redacted. */
  readonly endpoints: string[];
  constructor(kind: DisagreementKind, what: string, endpoints: string[], detail: string) {
    super(`RPC disagreement (${kind}) on ${what}: ${detail}; nothing is sent this cycle`);
    this.name = "RpcDisagreementError";
    this.kind = kind;
    this.what = what;
    this.endpoints = endpoints;
  }
}

/** Too few endpoints answered to confirm a read: a transport problem, tried again next cycle. */
export class RpcQuorumError extends Error {
  constructor(what: string, answered: number, needed: number, failures: string[]) {
    super(`${what}: ${answered} of the ${needed} endpoints needed answered (${failures.join("; ")}); nothing is sent this cycle`);
    this.name = "RpcQuorumError";
  }
}

export interface HeadCheck {
  /** The block every decision of this cycle is read at: the lowest head among the usable endpoints. */
  block: bigint;
  /** The newest head's timestamp, seconds. */
  headTimestamp: bigint;
  /** Per endpoint (redacted URL): its head, or why it is not used. */
  endpoints: { url: string; head: bigint | null; problem: string | null }[];
}

/** One endpoint's answer to a read: a value, or the error a node answered with (a revert is an answer). */
type Answer<T> = { ok: true; value: T } | { ok: false; error: unknown; key: string };

/** Stable text of a value for comparison (bigints as decimal strings, object keys in order). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "bigint") return `${v.toString()}n`;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** The first path where `a` and `b` differ ("adapters.2.fairRate: 1040... vs 1019..."), for the log line. */
export function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path === "" ? k : `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  if (canonical(a) === canonical(b)) return null;
  const show = (v: unknown) => (typeof v === "bigint" ? v.toString() : canonical(v));
  return `${path === "" ? "(value)" : path}: ${show(a)} vs ${show(b)}`;
}

export class RpcQuorum {
  readonly endpoints: readonly Endpoint[];
  private readonly options: Required<QuorumOptions>;
  /** Endpoints usable this cycle (chain id right, head not lagging), in configured order. */
  private usable: Endpoint[];

  constructor(endpoints: readonly Endpoint[], options: QuorumOptions) {
    if (endpoints.length === 0) throw new Error("RpcQuorum: at least one endpoint");
    this.endpoints = endpoints;
    this.usable = [...endpoints];
    this.options = { now: () => Date.now(), ...options };
  }

  /** Answers are compared only when more than one endpoint is configured. */
  get crossChecked(): boolean {
    return this.endpoints.length > 1;
  }

  /** How many endpoints must give the same answer: two, or one when only one is configured. */
  get needed(): number {
    return Math.min(2, this.endpoints.length);
  }

  /**
   * Asks every endpoint its chain id and latest block. A wrong chain id anywhere is a disagreement (the
   * endpoint is misconfigured or lying); an endpoint more than `maxHeadLagBlocks` behind the highest head is
   * left out this cycle (a frozen or lagging node); too few usable endpoints left, or the newest head older than
   * `maxHeadAgeSeconds` by the wall clock, is a disagreement too. Returns the block decisions are read at.
   */
  async checkHeads(): Promise<HeadCheck> {
    const results = await Promise.all(
      this.endpoints.map(async (e) => {
        try {
          const [chainId, block] = await Promise.all([e.client.getChainId(), e.client.getBlock({ blockTag: "latest" })]);
          return { e, chainId, head: block.number, timestamp: block.timestamp, error: null as string | null };
        } catch (err) {
          return { e, chainId: null, head: null, timestamp: null, error: classifyError(err).message };
        }
      }),
    );
    const wrongChain = results.filter((r) => r.chainId !== null && r.chainId !== this.options.chainId);
    if (wrongChain.length > 0) {
      throw new RpcDisagreementError(
        "chainId",
        "eth_chainId",
        wrongChain.map((r) => redactUrl(r.e.url)),
        wrongChain.map((r) => `${redactUrl(r.e.url)} serves chain ${r.chainId}, the config says ${this.options.chainId}`).join("; "),
      );
    }
    const answered = results.filter((r) => r.head !== null);
    if (answered.length < this.needed) {
      throw new RpcQuorumError(
        "chain head",
        answered.length,
        this.needed,
        results.filter((r) => r.error !== null).map((r) => `${redactUrl(r.e.url)}: ${r.error}`),
      );
    }
    const top = answered.reduce((m, r) => (r.head! > m ? r.head! : m), 0n);
    const lag = BigInt(this.options.maxHeadLagBlocks);
    const fresh = answered.filter((r) => top - r.head! <= lag);
    const lagging = answered.filter((r) => top - r.head! > lag);
    const report = results.map((r) => ({
      url: redactUrl(r.e.url),
      head: r.head,
      problem: r.error ?? (r.head !== null && top - r.head > lag ? `head ${r.head} is ${top - r.head} blocks behind ${top}` : null),
    }));
    if (fresh.length < this.needed) {
      throw new RpcDisagreementError(
        "head",
        "latest block",
        lagging.map((r) => redactUrl(r.e.url)),
        report.filter((r) => r.problem !== null).map((r) => `${r.url}: ${r.problem}`).join("; "),
      );
    }
    const newest = fresh.reduce((m, r) => (r.timestamp! > m ? r.timestamp! : m), 0n);
    const maxAge = this.options.maxHeadAgeSeconds;
    const ageSeconds = Math.floor(this.options.now() / 1000) - Number(newest);
    if (maxAge > 0 && ageSeconds > maxAge) {
      throw new RpcDisagreementError(
        "headAge",
        "latest block",
        fresh.map((r) => redactUrl(r.e.url)),
        `the newest head (block ${top}) is ${ageSeconds} s old by the wall clock (limit ${maxAge} s): the node is stalled or the chain halted`,
      );
    }
    this.usable = fresh.map((r) => r.e);
    const block = fresh.reduce((m, r) => (r.head! < m ? r.head! : m), top);
    return { block, headTimestamp: newest, endpoints: report };
  }

  /**
   * `read` on two usable endpoints (the next ones when one fails to answer), compared. A node's error (a revert)
   * is an answer like a value: two reverts with the same error rethrow the first; a revert against a value is a
   * disagreement. Transport failures are not answers. `read` must pin its block (see `checkHeads`): answers at
   * different blocks are not comparable.
   */
  async confirm<T>(what: string, read: (client: PublicClient) => Promise<T>): Promise<T> {
    const needed = this.needed;
    const answers: { e: Endpoint; a: Answer<T> }[] = [];
    const failures: string[] = [];
    let next = 0;
    const pool = this.usable;
    while (answers.length < needed && next < pool.length) {
      const batch = pool.slice(next, next + (needed - answers.length));
      next += batch.length;
      const got = await Promise.all(
        batch.map(async (e): Promise<{ e: Endpoint; a: Answer<T> | null }> => {
          try {
            return { e, a: { ok: true, value: await read(e.client) } };
          } catch (error) {
            const c = classifyError(error);
            if (c.kind === "retryable" || pool.length === 1) {
              if (pool.length === 1) throw error; // one endpoint: its error is the caller's, as before
              failures.push(`${redactUrl(e.url)}: ${c.message}`);
              return { e, a: null };
            }
            return { e, a: { ok: false, error, key: `${c.kind}:${c.errorName ?? c.message}` } };
          }
        }),
      );
      for (const g of got) if (g.a !== null) answers.push({ e: g.e, a: g.a });
    }
    if (answers.length < needed) throw new RpcQuorumError(what, answers.length, needed, failures);
    const [first, ...rest] = answers;
    for (const other of rest) {
      const same =
        first!.a.ok && other.a.ok
          ? canonical(first!.a.value) === canonical(other.a.value)
          : !first!.a.ok && !other.a.ok && first!.a.key === other.a.key;
      if (!same) {
        const urls = [redactUrl(first!.e.url), redactUrl(other.e.url)];
        const detail =
          first!.a.ok && other.a.ok
            ? (firstDifference(first!.a.value, other.a.value) ?? "answers differ")
            : `${first!.a.ok ? "a value" : first!.a.key} vs ${other.a.ok ? "a value" : other.a.key}`;
        throw new RpcDisagreementError("read", what, urls, `${urls[0]} and ${urls[1]} answered differently (${detail})`);
      }
    }
    if (!first!.a.ok) throw first!.a.error;
    return first!.a.value;
  }
}

/** `read` confirmed on two endpoints by `quorum` when there is one, else made once through `client`. */
export function confirmedRead<T>(
  quorum: RpcQuorum | undefined,
  client: PublicClient,
  what: string,
  read: (client: PublicClient) => Promise<T>,
): Promise<T> {
  return quorum === undefined ? read(client) : quorum.confirm(what, read);
}

/** The block a confirmed read is pinned at: the heads checked now (a quorum), or the latest block (none). */
export async function pinnedBlock(quorum: RpcQuorum | undefined): Promise<{ blockNumber?: bigint }> {
  return quorum === undefined ? {} : { blockNumber: (await quorum.checkHeads()).block };
}
