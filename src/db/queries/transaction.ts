/**
 * Runs `fn` inside one SQLite transaction. better-sqlite3 is synchronous on one connection, so every query
 * made through `db` inside `fn` joins it; a throw rolls everything back.
 */
import type { Db } from "../open.js";

export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}
