/**
 * The Postgres store: a node-postgres pool behind drizzle's pg dialect. Migrations run at open under an
 * advisory lock, so replicas starting together migrate once. Inbox rows are claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED`; periodic jobs are held with a session advisory lock, which Postgres
 * releases by itself when the holder's connection dies.
 */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { inArray, sql } from "./orm.js";
import { alias, drizzle, migrate } from "./orm-postgres.js";
import { dueMessages } from "./queries/inbox.js";
import * as pgSchema from "./schema-postgres.js";
import {
  availableMigrations,
  DatabaseError,
  type OpenStoreOptions,
  type QueryDb,
  type Session,
  type Store,
  type Tables,
} from "./store.js";

const MIGRATIONS = fileURLToPath(new URL("../../migrations/postgres", import.meta.url));
/** Advisory-lock keys of this app: one for migrations, the rest hashed from job names. */
const MIGRATION_LOCK = 0x7472_6961;

/** Query code is typed against schema.ts; on Postgres the same names hold pg tables. */
const tables = pgSchema as unknown as Tables;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "";
    return u.toString().replace(/:@/, "@");
  } catch {
    return "(an unreadable DATABASE_URL)";
  }
}

/** One line for what went wrong reaching Postgres: wrong URL, refused login, no server, no database. */
export function describePgError(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  const where = redactUrl(url);
  let u: URL | null = null;
  try {
    u = new URL(url);
  } catch {
    // described below
  }
  const host = u ? `${u.hostname}:${u.port || "5432"}` : where;
  const user = u ? decodeURIComponent(u.username) || "(none)" : "(unknown)";
  const database = u ? decodeURIComponent(u.pathname.slice(1)) || user : "(unknown)";
  const code = e.code ?? e.errors?.[0]?.code;
  switch (code) {
    case "28P01":
    case "28000":
      return `Postgres at ${host} refused user '${user}' (${e.message}); check the user and password in DATABASE_URL`;
    case "3D000":
      return `Postgres at ${host} has no database '${database}'; create it (createdb ${database}) or fix DATABASE_URL`;
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
      return `Cannot reach Postgres at ${host} (${code}); is the server running, and are DATABASE_URL's host and port right?`;
    default:
      if (/timeout/i.test(e.message ?? "")) {
        return `Cannot reach Postgres at ${host} (no answer in time); is the server running, and are DATABASE_URL's host and port right?`;
      }
      return `Postgres at ${where}: ${e.message ?? String(err)}`;
  }
}

export async function openPostgresStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  try {
    const u = new URL(url);
    if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") throw new Error("not postgres");
  } catch {
    throw new DatabaseError(
      `DATABASE_URL is not a Postgres URL (expected postgres://user:password@host:5432/database), got ${redactUrl(url)}`,
    );
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    ...(opts.readOnly ? { options: "-c default_transaction_read_only=on" } : {}),
  });
  // An idle connection that the server drops (a restart) must not take the process with it.
  pool.on("error", (err) => opts.log?.(`Postgres connection lost: ${err.message}`));
  const location = redactUrl(url);

  try {
    const client = await pool.connect();
    try {
      if (!opts.readOnly) {
        const locked = drizzle(client);
        await locked.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
        try {
          await migrate(locked, { migrationsFolder: MIGRATIONS });
        } finally {
          await locked.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
        }
      }
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseError(describePgError(err, url));
  }

  const pgDb = drizzle(pool);
  const poolDb = pgDb as unknown as QueryDb;
  type PgDb = { transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T> };

  const session = (db: QueryDb, inTx: boolean): Session => {
    const s: Session = {
      ...base,
      db,
      t: tables,
      alias: alias as unknown as Session["alias"],
      query: (fn) => fn(s),
      tx: (fn) =>
        inTx ? fn(s) : (db as unknown as PgDb).transaction((tx) => fn(session(tx as QueryDb, true))),
    };
    return s;
  };

  const base: Store = {
    dialect: "postgres",
    location,
    query: (fn) => fn(session(poolDb, false)),
    tx: (fn) => (poolDb as unknown as PgDb).transaction((tx) => fn(session(tx as QueryDb, true))),
    async claimDue(owner, { limit, leaseMs, now }) {
      const { messages } = tables;
      const due = dueMessages(poolDb, tables, now).limit(limit) as unknown as {
        for(strength: "update", config: { skipLocked: true }): ReturnType<typeof dueMessages>;
      };
      const claimed = await poolDb
        .update(messages)
        .set({ leaseOwner: owner, leaseUntil: now + leaseMs })
        .where(inArray(messages.id, due.for("update", { skipLocked: true })))
        .returning({ id: messages.id });
      return claimed.map((r) => r.id).sort((a, b) => a - b);
    },
    async exclusive(name, _holdMs, fn) {
      const key = createHash("sha1").update(name).digest().readInt32BE(0);
      const client = await pool.connect();
      try {
        const held = drizzle(client);
        const { rows } = await held.execute<{ ok: boolean }>(sql`select pg_try_advisory_lock(${key}) as ok`);
        if (!rows[0]?.ok) return null;
        try {
          return await fn();
        } finally {
          await held.execute(sql`select pg_advisory_unlock(${key})`);
        }
      } finally {
        client.release();
      }
    },
    async ping() {
      try {
        await pgDb.execute(sql`select 1`);
      } catch (err) {
        throw new DatabaseError(describePgError(err, url));
      }
    },
    async migrations() {
      const { rows } = await pgDb.execute<{ n: string }>(
        sql`select count(*) as n from drizzle.__drizzle_migrations`,
      );
      return { applied: Number(rows[0]?.n ?? 0), available: availableMigrations(MIGRATIONS) };
    },
    async close() {
      await pool.end();
    },
  };
  return base;
}
