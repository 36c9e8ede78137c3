/**
 * drizzle-orm's functions, loaded through its CommonJS build. Its package.json carries an exports map of
 * 447 entries (179 KB), and Node 22 and 24 look it up again for every ES module file an import pulls in
 * (about 300): on Node 24 that alone took 1.5 s and 200 MB of the bot's start-up; the CommonJS files
 * need no such lookup (0.16 s, 20 MB). Node 20 is fast either way. Types still come from "drizzle-orm".
 */
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

const core = load("drizzle-orm") as typeof import("drizzle-orm");
export const {
  and,
  asc,
  count,
  countDistinct,
  desc,
  eq,
  exists,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  max,
  min,
  ne,
  notExists,
  or,
  sql,
  sum,
} = core;

const sqliteCore = load("drizzle-orm/sqlite-core") as typeof import("drizzle-orm/sqlite-core");
export const { alias, index, integer, real, sqliteTable, text, uniqueIndex } = sqliteCore;

export const { drizzle } = load("drizzle-orm/better-sqlite3") as typeof import("drizzle-orm/better-sqlite3");
export const { migrate } = load(
  "drizzle-orm/better-sqlite3/migrator",
) as typeof import("drizzle-orm/better-sqlite3/migrator");
