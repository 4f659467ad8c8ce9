/**
 * The keeper's history in SQLite (better-sqlite3, synchronous, WAL): fair/market rate samples per
 * adapter, keyed by block so a re-read or a second keeper on the same file adds nothing twice, and
 * every action (rebalance, report) with its status, so a restart knows what it already sent.
 * Amounts are stored as decimal text: SQLite integers stop at 2^63.
 */
import { chmodSync, closeSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import type { RateSample } from "../strategy/apy.js";
import type { ExposureSnapshot } from "../strategy/exposure.js";
import type { Hex } from "../strategy/types.js";

export interface SampleRow {
  adapter: Hex;
  lrt: Hex;
  block: bigint;
  timestamp: number;
  fairRate: bigint;
  marketRate: bigint;
}

export type ActionKind = "rebalance" | "report" | "requestExit" | "claimExits" | "fulfil" | "unwindInstant";
/**
 * pending: decided, about to be sent; sent: a tx is out (hash known); confirmed / reverted: mined;
 * superseded: another keeper moved first (nonce mismatch); skipped: not worth its gas;
 * dry-run: printed only; failed: an error before anything was mined.
 */
export type ActionStatus = "pending" | "sent" | "confirmed" | "reverted" | "superseded" | "skipped" | "dry-run" | "failed";

export interface ActionRow {
  id: number;
  createdAt: number;
  updatedAt: number;
  kind: ActionKind;
  status: ActionStatus;
  vaultNonce: bigint | null;
  accountNonce: number | null;
  txHash: Hex | null;
  gainWei: bigint | null;
  plan: string | null;
  detail: string | null;
}

export interface NewAction {
  kind: ActionKind;
  status: ActionStatus;
  vaultNonce?: bigint;
  accountNonce?: number;
  txHash?: Hex;
  gainWei?: bigint;
  plan?: string;
  detail?: string;
}

interface RawAction {
  id: number;
  created_at: number;
  updated_at: number;
  kind: ActionKind;
  status: ActionStatus;
  vault_nonce: string | null;
  account_nonce: number | null;
  tx_hash: string | null;
  gain_wei: string | null;
  plan: string | null;
  detail: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rate_samples (
  adapter TEXT NOT NULL,
  lrt TEXT NOT NULL,
  block INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  fair_rate TEXT NOT NULL,
  market_rate TEXT NOT NULL,
  PRIMARY KEY (adapter, block)
);
CREATE INDEX IF NOT EXISTS rate_samples_time ON rate_samples (adapter, timestamp);
CREATE TABLE IF NOT EXISTS actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  vault_nonce TEXT,
  account_nonce INTEGER,
  tx_hash TEXT,
  gain_wei TEXT,
  plan TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS actions_status ON actions (status);
CREATE TABLE IF NOT EXISTS vault_snapshots (
  block INTEGER PRIMARY KEY,
  timestamp INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exposure_snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  block INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS gas_spent (
  tx_hash TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  wei TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS gas_spent_at ON gas_spent (at);
CREATE TABLE IF NOT EXISTS avs_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  avs TEXT NOT NULL,
  to_block INTEGER NOT NULL,
  detail TEXT NOT NULL,
  UNIQUE (avs, to_block)
);
`;

/** An AVS slash as the keeper recorded it: the event, what it cost the vault and how the keeper responded. */
export interface AvsEventRow {
  id: number;
  createdAt: number;
  avs: string;
  toBlock: bigint;
  /** JSON of the event's impact and response (see keeper/cycle/observe.ts). */
  detail: string;
}

const bigintJson = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

function toRow(r: RawAction): ActionRow {
  return {
    id: r.id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    kind: r.kind,
    status: r.status,
    vaultNonce: r.vault_nonce === null ? null : BigInt(r.vault_nonce),
    accountNonce: r.account_nonce,
    txHash: r.tx_hash as Hex | null,
    gainWei: r.gain_wei === null ? null : BigInt(r.gain_wei),
    plan: r.plan,
    detail: r.detail,
  };
}

/**
 * The vault as one cycle saw it, for the status page's charts: wei amounts and prices as decimal strings,
 * APYs as fractions (null when not yet measured).
 */
export interface VaultSnapshot {
  block: bigint;
  /** Chain time, seconds. */
  timestamp: number;
  sharePrice: bigint;
  totalAssets: bigint;
  idle: bigint;
  reserveAssets: bigint;
  requiredReserve: bigint;
  adapters: { name: string; address: Hex; allocation: bigint; baseApy: number | null; extrasApy: number }[];
}

/** Statuses of rows that sent nothing; only the newest UNSENT_KEPT of them are kept. */
const UNSENT = new Set<ActionStatus>(["skipped", "dry-run"]);
export const UNSENT_KEPT = 200;

const bigintKeys = new Set(["block", "sharePrice", "totalAssets", "idle", "reserveAssets", "requiredReserve", "allocation"]);

export class KeeperStore {
  private readonly db: Database.Database;
  private readonly now: () => number;
  /** The last `snapshots()` answer, until a snapshot is added or pruned. */
  private snapshotCache: { key: string; rows: VaultSnapshot[] } | null = null;

  /** Opens (and creates when needed) the store at `path`; ":memory:" for tests. */
  constructor(path: string, now: () => number = Date.now) {
    if (path !== ":memory:" && path !== "") {
      // The keeper's own: created 0600 (SQLite gives its -wal and -shm files the database file's mode).
      closeSync(openSync(path, "a", 0o600));
      chmodSync(path, 0o600);
    }
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
    this.now = now;
  }

  /** Records the gas a mined transaction of ours cost (wei, gas used x effective price); once per hash. */
  recordGasSpent(txHash: Hex, wei: bigint): void {
    this.db.prepare("INSERT OR IGNORE INTO gas_spent (tx_hash, at, wei) VALUES (?, ?, ?)").run(txHash, this.now(), wei.toString());
  }

  /** Gas spent by mined transactions recorded at or after `sinceMs` (wall clock), wei. */
  gasSpentSince(sinceMs: number): bigint {
    const rows = this.db.prepare("SELECT wei FROM gas_spent WHERE at >= ?").all(sinceMs) as { wei: string }[];
    return rows.reduce((sum, r) => sum + BigInt(r.wei), 0n);
  }

  /** Stores samples; one per adapter and block, so repeats are ignored. Returns how many were new. */
  addSamples(rows: readonly SampleRow[]): number {
    const insert = this.db.prepare(
      "INSERT OR IGNORE INTO rate_samples (adapter, lrt, block, timestamp, fair_rate, market_rate) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const tx = this.db.transaction((items: readonly SampleRow[]) => {
      let added = 0;
      for (const r of items) {
        added += insert.run(
          r.adapter.toLowerCase(),
          r.lrt.toLowerCase(),
          r.block,
          r.timestamp,
          r.fairRate.toString(),
          r.marketRate.toString(),
        ).changes;
      }
      return added;
    });
    return tx(rows);
  }

  /** Fair-rate samples of `adapter` at or after `since` (chain seconds), oldest first. */
  samples(adapter: Hex, since = 0): RateSample[] {
    const rows = this.db
      .prepare("SELECT timestamp, fair_rate FROM rate_samples WHERE adapter = ? AND timestamp >= ? ORDER BY timestamp, block")
      .all(adapter.toLowerCase(), since) as { timestamp: number; fair_rate: string }[];
    return rows.map((r) => ({ timestamp: r.timestamp, fairRate: BigInt(r.fair_rate) }));
  }

  /** Number of samples stored for `adapter`. */
  sampleCount(adapter: Hex): number {
    const row = this.db.prepare("SELECT COUNT(*) AS n FROM rate_samples WHERE adapter = ?").get(adapter.toLowerCase()) as {
      n: number;
    };
    return row.n;
  }

  /** Drops samples older than `before` (chain seconds); returns how many. */
  pruneSamples(before: number): number {
    return this.db.prepare("DELETE FROM rate_samples WHERE timestamp < ?").run(before).changes;
  }

  /** Records an action; returns its id. */
  recordAction(a: NewAction): number {
    const t = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO actions (created_at, updated_at, kind, status, vault_nonce, account_nonce, tx_hash, gain_wei, plan, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        t,
        t,
        a.kind,
        a.status,
        a.vaultNonce?.toString() ?? null,
        a.accountNonce ?? null,
        a.txHash ?? null,
        a.gainWei?.toString() ?? null,
        a.plan ?? null,
        a.detail ?? null,
      );
    const id = Number(info.lastInsertRowid);
    // Rows that sent nothing (a held cycle, a dry run) are kept only as recent history: the table stays bounded.
    if (UNSENT.has(a.status)) {
      this.db
        .prepare(
          `DELETE FROM actions WHERE status IN ('skipped', 'dry-run') AND id < (SELECT MIN(id) FROM (SELECT id FROM actions WHERE status IN ('skipped', 'dry-run') ORDER BY id DESC LIMIT ?))`,
        )
        .run(UNSENT_KEPT);
    }
    return id;
  }

  /** Updates status and, when given, tx hash, account nonce and detail of action `id`. */
  updateAction(id: number, patch: { status: ActionStatus; txHash?: Hex; accountNonce?: number; detail?: string }): void {
    const changes = this.db
      .prepare(
        `UPDATE actions SET status = ?, updated_at = ?, tx_hash = COALESCE(?, tx_hash),
           account_nonce = COALESCE(?, account_nonce), detail = COALESCE(?, detail) WHERE id = ?`,
      )
      .run(patch.status, this.now(), patch.txHash ?? null, patch.accountNonce ?? null, patch.detail ?? null, id).changes;
    if (changes !== 1) throw new Error(`store: no action with id ${id}`);
  }

  /** Actions left "pending" or "sent" (by a cycle that did not finish), oldest first. */
  openActions(): ActionRow[] {
    return (
      this.db.prepare("SELECT * FROM actions WHERE status IN ('pending', 'sent') ORDER BY id").all() as RawAction[]
    ).map(toRow);
  }

  /** The `limit` newest actions, newest first. */
  lastActions(limit = 10, kind?: ActionKind): ActionRow[] {
    const rows = (
      kind === undefined
        ? this.db.prepare("SELECT * FROM actions ORDER BY id DESC LIMIT ?").all(limit)
        : this.db.prepare("SELECT * FROM actions WHERE kind = ? ORDER BY id DESC LIMIT ?").all(kind, limit)
    ) as RawAction[];
    return rows.map(toRow);
  }

  /** Transactions this keeper sent (an action with a hash), newest first. */
  transactions(limit = 20): ActionRow[] {
    return (this.db.prepare("SELECT * FROM actions WHERE tx_hash IS NOT NULL ORDER BY id DESC LIMIT ?").all(limit) as RawAction[]).map(toRow);
  }

  /** The newest action of `kind` with `status`, or null. */
  lastWith(kind: ActionKind, status: ActionStatus): ActionRow | null {
    const row = this.db.prepare("SELECT * FROM actions WHERE kind = ? AND status = ? ORDER BY id DESC LIMIT 1").get(kind, status) as
      | RawAction
      | undefined;
    return row === undefined ? null : toRow(row);
  }

  /** The account nonces of the actions sent or updated since `sinceMs` (a re-send keeps its nonce). */
  accountNoncesSince(sinceMs: number): Set<number> {
    const rows = this.db.prepare("SELECT DISTINCT account_nonce AS n FROM actions WHERE updated_at >= ? AND account_nonce IS NOT NULL").all(sinceMs) as { n: number }[];
    return new Set(rows.map((r) => r.n));
  }

  /** Stores the vault as one cycle saw it (one per block: a repeat replaces). */
  addSnapshot(s: VaultSnapshot): void {
    const data = JSON.stringify(s, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    this.db.prepare("INSERT OR REPLACE INTO vault_snapshots (block, timestamp, data) VALUES (?, ?, ?)").run(s.block, s.timestamp, data);
    this.snapshotCache = null;
  }

  /** Snapshots at or after `since` (chain seconds), oldest first, at most the newest `limit`. */
  snapshots(since = 0, limit = 2_000): VaultSnapshot[] {
    // /status asks for the same history every page refresh; it changes once per cycle. Parsed once per change.
    const key = `${since}:${limit}`;
    if (this.snapshotCache?.key === key) return this.snapshotCache.rows;
    const rows = this.db
      .prepare("SELECT data FROM (SELECT block, data FROM vault_snapshots WHERE timestamp >= ? ORDER BY block DESC LIMIT ?) ORDER BY block")
      .all(since, limit) as { data: string }[];
    const parsed = rows.map((r) => JSON.parse(r.data, (k, v: unknown) => (bigintKeys.has(k) && typeof v === "string" ? BigInt(v) : v)) as VaultSnapshot);
    this.snapshotCache = { key, rows: parsed };
    return parsed;
  }

  /** Drops snapshots older than `before` (chain seconds); returns how many. */
  pruneSnapshots(before: number): number {
    const changes = this.db.prepare("DELETE FROM vault_snapshots WHERE timestamp < ?").run(before).changes;
    if (changes > 0) this.snapshotCache = null;
    return changes;
  }

  close(): void {
    this.db.close();
  }

  /** Keeps `snapshot` as the last exposure read (one row; a later block replaces it). */
  saveExposure(snapshot: ExposureSnapshot): void {
    this.db
      .prepare("INSERT INTO exposure_snapshot (id, block, data) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET block = excluded.block, data = excluded.data")
      .run(Number(snapshot.blockNumber), JSON.stringify(snapshot, bigintJson));
  }

  /** The last exposure read kept, or null. */
  lastExposure(): ExposureSnapshot | null {
    const row = this.db.prepare("SELECT data FROM exposure_snapshot WHERE id = 1").get() as { data: string } | undefined;
    if (row === undefined) return null;
    const raw = JSON.parse(row.data) as { blockNumber: string; avs: string[]; lrts: { adapter: Hex; restaked: string; atRisk: string[] }[] };
    return {
      blockNumber: BigInt(raw.blockNumber),
      avs: raw.avs,
      lrts: raw.lrts.map((e) => ({ adapter: e.adapter, restaked: BigInt(e.restaked), atRisk: e.atRisk.map((x) => BigInt(x)) })),
    };
  }

  /** Records an AVS slash once per (AVS, block); returns false when it was recorded already. */
  recordAvsEvent(avs: string, toBlock: bigint, detail: unknown): boolean {
    const r = this.db
      .prepare("INSERT OR IGNORE INTO avs_events (created_at, avs, to_block, detail) VALUES (?, ?, ?, ?)")
      .run(this.now(), avs, Number(toBlock), JSON.stringify(detail, bigintJson));
    return r.changes > 0;
  }

  /** The latest AVS slashes, newest first. */
  avsEvents(limit = 10): AvsEventRow[] {
    const rows = this.db
      .prepare("SELECT id, created_at, avs, to_block, detail FROM avs_events ORDER BY id DESC LIMIT ?")
      .all(limit) as { id: number; created_at: number; avs: string; to_block: number; detail: string }[];
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, avs: r.avs, toBlock: BigInt(r.to_block), detail: r.detail }));
  }
}
