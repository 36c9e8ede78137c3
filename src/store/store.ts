/**
 * The one way into the database, SQLite or Postgres. Query code is written once, against drizzle's query
 * builder and the tables of `schema.ts` (on Postgres the same builder calls run on the tables of
 * `schema-postgres.ts`), and always awaited: `store.query(async ({ db, t }) => …)`.
 *
 * Transactions: `store.tx(async (s) => …)` runs its callback in one transaction; queries made through `s`
 * join it. drizzle's own better-sqlite3 transactions are synchronous — an async callback would commit at
 * its first await (drizzle-orm #1472, #2275) — so the SQLite store opens and closes its transactions
 * itself and gives the connection to one callback at a time, so that nothing else can slip a statement into
 * an open transaction while it awaits. Callbacks therefore do database work only: no Slack or LLM calls.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { TriageError } from "../errors.js";
import type { alias } from "./orm.js";
import type * as schema from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export type Tables = typeof schema;

/** The query builder, typed as SQLite's: on Postgres it is drizzle's pg database, same calls, same tables. */
export type QueryDb = BetterSQLite3Database;

export class DatabaseError extends TriageError {
  override name = "DatabaseError";
}

export interface Store {
  readonly dialect: Dialect;
  /** Where the data lives, for messages: the file, or the URL without its password. */
  readonly location: string;
  /** Runs `fn` with the query builder (on SQLite, once no transaction holds the connection). */
  query<T>(fn: (q: Session) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction; a throw rolls it all back. Inside a transaction, joins it. */
  tx<T>(fn: (s: Session) => Promise<T>): Promise<T>;
  /**
   * Leases up to `limit` inbox rows that are due (pending, not waiting out a retry, not leased by a live
   * replica) to `owner` until `now + leaseMs`. Oldest first. Never hands one row to two owners.
   */
  claimDue(owner: string, opts: { limit: number; leaseMs: number; now: number }): Promise<number[]>;
  /**
   * Runs `fn` unless another replica is running the job `name`; null when it was. The hold ends with
   * `fn`, or with the process (Postgres) or after `holdMs` (SQLite) if it dies.
   */
  exclusive<T>(name: string, holdMs: number, fn: () => Promise<T>): Promise<T | null>;
  /** Throws a DatabaseError when the database cannot answer. */
  ping(): Promise<void>;
  /** Migrations applied to this database, and how many this version of the bot has. */
  migrations(): Promise<{ applied: number; available: number }>;
  close(): Promise<void>;
}

/** What query callbacks get: the builder, the dialect's tables, and a store that runs inside the same hold. */
export interface Session extends Store {
  readonly db: QueryDb;
  readonly t: Tables;
  /** A second name for a table in one query (self-joins). */
  readonly alias: typeof alias;
}

export interface OpenStoreOptions {
  /** SQLite: how long a write waits for another connection's lock (it blocks the event loop meanwhile). */
  busyTimeoutMs?: number;
  /** Open an existing database without migrating or writing to it (insights, doctor). */
  readOnly?: boolean;
  /** Where to report trouble that has no caller to throw to (a pooled connection dropped by the server). */
  log?: (line: string) => void;
}

/** `DATABASE_URL` (postgres://…) selects Postgres; otherwise the SQLite file at `path`. */
export async function openStore(
  target: { url?: string | undefined; path: string },
  opts: OpenStoreOptions = {},
): Promise<Store> {
  if (target.url) {
    // Loaded only when asked for: a bot on SQLite never loads the pg driver.
    const { openPostgresStore } = await import("./postgres-store.js");
    return openPostgresStore(target.url, opts);
  }
  const { openSqliteStore } = await import("./sqlite-store.js");
  return openSqliteStore(target.path, opts);
}

/** How many migrations of a dialect this version carries (its drizzle-kit journal). */
export function availableMigrations(folder: string): number {
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** The first row of a result, or null. */
export function first<T>(rows: readonly T[]): T | null {
  return rows[0] ?? null;
}
