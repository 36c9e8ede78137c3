/**
 * drizzle-orm's Postgres half, loaded through its CommonJS build like orm.ts (same start-up reason), and
 * only by the Postgres store, so a bot on SQLite never loads it or the `pg` driver.
 */
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

const pgCore = load("drizzle-orm/pg-core") as typeof import("drizzle-orm/pg-core");
export const {
  alias,
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  uniqueIndex,
} = pgCore;

export const { drizzle } = load("drizzle-orm/node-postgres") as typeof import("drizzle-orm/node-postgres");
export const { migrate } = load(
  "drizzle-orm/node-postgres/migrator",
) as typeof import("drizzle-orm/node-postgres/migrator");
