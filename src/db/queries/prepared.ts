/**
 * drizzle builds a query's SQL text, and SQLite compiles it, on every call; for the queries the worker makes
 * for every message that was most of its own time. These are built once per connection (values are still
 * bound as parameters, through `sql.placeholder`) and reused.
 */
import type { SQL } from "drizzle-orm";
import type { Db } from "../open.js";
import { sql } from "../orm.js";

const cache = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, key: string, build: () => T): T {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build();
    statements.set(key, statement);
  }
  return statement;
}

/** A placeholder where drizzle's types want SQL (an update's `set`): bound when the statement runs. */
export function param(name: string): SQL {
  return sql`${sql.placeholder(name)}`;
}

/** Drops this connection's prepared queries (tests that count statements start from none). */
export function forgetPrepared(db: Db): void {
  cache.delete(db);
}
