/** Opens the SQLite file with the pragmas we rely on and brings its schema up to date. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { TriageError } from "../errors.js";
import { drizzle, migrate } from "./orm.js";
import { pinStatements } from "./pinned-statements.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Same path from src/db (tests) and dist/db (built): two levels up is the package root. */
const MIGRATIONS = fileURLToPath(new URL("../../migrations", import.meta.url));

export class DatabaseError extends TriageError {
  override name = "DatabaseError";
}

export interface OpenDbOptions {
  /**
   * How long a write waits for another connection's lock before failing with SQLITE_BUSY. The driver is
   * synchronous, so the wait blocks the event loop: the bot keeps it under Slack's 3-second ack window.
   */
  busyTimeoutMs?: number;
}

export function openDb(path: string, opts: OpenDbOptions = {}): Db {
  let client: Database.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // Pinned before the first statement, pragmas included: on Node 24 none may ever be collected.
    client = pinStatements(new Database(path));
  } catch (err) {
    throw new DatabaseError(`Cannot open the database at ${path}: ${(err as Error).message}`);
  }
  client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma("synchronous = NORMAL");
  client.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
  const db = drizzle(client, { schema });
  try {
    migrate(db, { migrationsFolder: MIGRATIONS });
  } catch (err) {
    client.close();
    throw new DatabaseError(`Cannot migrate the database at ${path}: ${(err as Error).message}`);
  }
  return db;
}
