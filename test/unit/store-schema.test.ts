/**
 * schema.ts (SQLite) and schema-postgres.ts declare the same tables: same columns, nullability, keys and
 * indexes, so query code written once means the same on both. The one difference is deliberate: `leases`
 * exists on SQLite only (Postgres holds periodic jobs with an advisory lock).
 */
import { type PgTable, getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { type SQLiteTable, getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqlite from "../../src/store/schema.js";
import * as postgres from "../../src/store/schema-postgres.js";

interface Shape {
  name: string;
  columns: string[];
  indexes: string[];
  foreignKeys: number;
}

function shape(config: {
  name: string;
  columns: { name: string; notNull: boolean; primary: boolean; hasDefault: boolean }[];
  indexes: { config: { name: string; unique: boolean; columns: unknown[] } }[];
  foreignKeys: unknown[];
}): Shape {
  return {
    name: config.name,
    columns: config.columns
      .map(
        (c) =>
          `${c.name}${c.notNull ? " not null" : ""}${c.primary ? " primary" : ""}${c.hasDefault ? " default" : ""}`,
      )
      .sort(),
    indexes: config.indexes
      .map((i) => `${i.config.unique ? "unique " : ""}${i.config.name} (${i.config.columns.length})`)
      .sort(),
    foreignKeys: config.foreignKeys.length,
  };
}

describe("the two schemas", () => {
  it("declare the same tables, columns, keys and indexes", () => {
    const { leases: _sqliteOnly, ...shared } = sqlite;
    const left = Object.values(shared).map((t) => shape(sqliteConfig(t as SQLiteTable) as never));
    const right = Object.values(postgres).map((t) => shape(pgConfig(t as PgTable) as never));
    const byName = (a: Shape, b: Shape) => a.name.localeCompare(b.name);
    expect(right.sort(byName)).toEqual(left.sort(byName));
    expect(left.map((t) => t.name).sort()).toEqual([
      "classifications",
      "events",
      "feedback",
      "messages",
      "notices",
      "slack_posts",
      "threshold_activations",
      "threshold_sets",
    ]);
  });
});
