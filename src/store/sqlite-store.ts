/**
 * The SQLite store: one better-sqlite3 connection (synchronous), WAL, foreign keys, migrations applied at
 * open. The connection serves one callback at a time (see store.ts for why); a transaction is BEGIN
 * IMMEDIATE … COMMIT around the awaited callback, so another process on the same file (a rolling restart)
 * waits for it rather than interleaving.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { alias, and, drizzle, eq, inArray, lt, migrate, sql } from "./orm.js";
import { pinStatements } from "./pinned-statements.js";
import { dueMessages } from "./queries/inbox.js";
import * as schema from "./schema.js";
import {
  availableMigrations,
  DatabaseError,
  type OpenStoreOptions,
  type QueryDb,
  type Session,
  type Store,
} from "./store.js";

/** Same path from src/store (tests) and dist/store (built): two levels up is the package root. */
const MIGRATIONS = fileURLToPath(new URL("../../migrations/sqlite", import.meta.url));

/** A FIFO lock: `hold(fn)` runs fn once every earlier holder has finished. */
function createLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return function hold<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** A SQLite store, with its connection for the few things only SQLite has (tests count its statements). */
export type SqliteStore = Store & { readonly client: Database.Database };

export function openSqliteStore(path: string, opts: OpenStoreOptions = {}): SqliteStore {
  let client: Database.Database;
  try {
    if (opts.readOnly && path !== ":memory:" && !existsSync(path)) {
      throw new Error("no such file (the bot creates it on its first start)");
    }
    if (!opts.readOnly && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // Pinned before the first statement, pragmas included: on Node 24 none may ever be collected.
    client = pinStatements(new Database(path, opts.readOnly ? { readonly: true, fileMustExist: true } : {}));
  } catch (err) {
    throw new DatabaseError(`Cannot open the database at ${path}: ${(err as Error).message}`);
  }
  if (!opts.readOnly) {
    client.pragma("journal_mode = WAL");
    client.pragma("synchronous = NORMAL");
  }
  client.pragma("foreign_keys = ON");
  client.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
  const db = drizzle(client) as QueryDb;
  if (!opts.readOnly) {
    try {
      migrate(db, { migrationsFolder: MIGRATIONS });
    } catch (err) {
      client.close();
      throw new DatabaseError(`Cannot migrate the database at ${path}: ${(err as Error).message}`);
    }
  }

  const hold = createLock();

  /** A session whose caller already holds the connection; `inTx` = a transaction is open. */
  const session = (inTx: boolean): Session => {
    const s: Session = {
      ...base,
      db,
      t: schema,
      alias,
      query: (fn) => fn(s),
      tx: (fn) => (inTx ? fn(s) : transaction(fn)),
    };
    return s;
  };

  async function transaction<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    client.exec("BEGIN IMMEDIATE");
    try {
      const result = await fn(session(true));
      client.exec("COMMIT");
      return result;
    } catch (err) {
      if (client.inTransaction) client.exec("ROLLBACK");
      throw err;
    }
  }

  const base: Store = {
    dialect: "sqlite",
    location: path,
    query: (fn) => hold(() => fn(session(false))),
    tx: (fn) => hold(() => transaction(fn)),
    claimDue(owner, { limit, leaseMs, now }) {
      const { messages } = schema;
      // One statement, so SQLite's write lock makes it atomic across processes on the same file.
      return base.query(async ({ db }) => {
        const claimed = await db
          .update(messages)
          .set({ leaseOwner: owner, leaseUntil: now + leaseMs })
          .where(inArray(messages.id, dueMessages(db, schema, now).limit(limit)))
          .returning({ id: messages.id });
        return claimed.map((r) => r.id).sort((a, b) => a - b);
      });
    },
    async exclusive(name, holdMs, fn) {
      const { leases } = schema;
      const owner = `${process.pid}:${Math.random().toString(36).slice(2)}`;
      const now = Date.now();
      const got = await base.query(({ db }) =>
        db
          .insert(leases)
          .values({ name, owner, until: now + holdMs })
          .onConflictDoUpdate({
            target: leases.name,
            set: { owner, until: now + holdMs },
            setWhere: lt(leases.until, now),
          })
          .returning({ owner: leases.owner }),
      );
      if (got[0]?.owner !== owner) return null;
      try {
        return await fn();
      } finally {
        await base
          .query(({ db }) =>
            db
              .update(leases)
              .set({ until: 0 })
              .where(and(eq(leases.name, name), eq(leases.owner, owner))),
          )
          .catch(() => undefined);
      }
    },
    async ping() {
      if (path !== ":memory:" && !existsSync(path)) {
        throw new DatabaseError(`the database file ${path} is gone`);
      }
      try {
        await base.query(({ db }) => db.select({ one: sql<number>`1` }).from(schema.events).limit(1));
      } catch (err) {
        throw new DatabaseError(`the database at ${path} does not answer: ${(err as Error).message}`);
      }
    },
    async migrations() {
      const [row] = await base.query(async ({ db }) =>
        db.all<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`),
      );
      return { applied: Number(row?.n ?? 0), available: availableMigrations(MIGRATIONS) };
    },
    async close() {
      await hold(async () => {
        if (client.open) client.close();
      });
    },
  };
  return Object.assign(base, { client });
}
