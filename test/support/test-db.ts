/**
 * A real database for a test, migrated with the real migrations: a SQLite file in a fresh temp dir, or —
 * in the `postgres` test project — a fresh database on the run's Postgres server (postgres-server.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import type { DatabaseTarget } from "../../src/config.js";
import { type Dialect, openStore, type Store, type Tables } from "../../src/store/store.js";

export function tempDir(prefix = "triage-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Which database this test run uses: the `postgres` project sets TRIAGE_TEST_DIALECT. */
export function testDialect(): Dialect {
  return process.env.TRIAGE_TEST_DIALECT === "postgres" ? "postgres" : "sqlite";
}

let databases = 0;

/** A new, empty Postgres database on the test server; its URL. */
export async function freshPostgresUrl(): Promise<string> {
  const server = inject("postgresUrl");
  const name = `t_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Where a test's bot keeps its data: SQLite in `dir`, or a fresh Postgres database. */
export async function testTarget(dir: string): Promise<DatabaseTarget> {
  const path = join(dir, "triage.db");
  return testDialect() === "postgres" ? { url: await freshPostgresUrl(), path } : { url: undefined, path };
}

/** The same target as environment variables, for a bot or CLI started as a child process. */
export function targetEnv(target: DatabaseTarget): Record<string, string> {
  return { TRIAGE_DB_PATH: target.path, ...(target.url ? { DATABASE_URL: target.url } : {}) };
}

export interface TestDb {
  dir: string;
  target: DatabaseTarget;
  store: Store;
  /** Opens the same database again (as a restarted bot, or a second replica, would). */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

export async function testDb(): Promise<TestDb> {
  const dir = tempDir("triage-db-");
  const target = await testTarget(dir);
  const opened: Store[] = [await openStore(target)];
  return {
    dir,
    target,
    store: opened[0] as Store,
    async reopen() {
      const store = await openStore(target);
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const store of opened) await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type RowTables = Omit<Tables, "leases">;
export type TableName = keyof RowTables;
export type RowOf<K extends TableName> = RowTables[K]["$inferSelect"];

/** Every row of a table, in insertion order (by primary key): what tests assert on. */
export function tableRows<K extends TableName>(store: Store, name: K): Promise<RowOf<K>[]> {
  return store.query(async ({ db, t }) => {
    const table = t[name] as Tables["messages"];
    const key = "id" in table ? table.id : (t.events.id as unknown as Tables["messages"]["id"]);
    return (await db.select().from(table).orderBy(key)) as unknown as RowOf<K>[];
  });
}
