/** Database faults for tests, in either dialect: inserts into a table fail until the fault is removed. */
import { sql } from "drizzle-orm";
import type { SqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";

/** Makes every insert into `table` fail with "disk full"; returns the function that removes the fault. */
export async function failInserts(
  store: Store,
  table: "messages" | "feedback" | "events",
): Promise<() => Promise<void>> {
  const trigger = `fail_${table}`;
  if (store.dialect === "sqlite") {
    const { client } = store as SqliteStore;
    client.exec(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    return async () => {
      client.exec(`DROP TRIGGER ${trigger}`);
    };
  }
  const run = (text: string) =>
    store.query(async ({ db }) => {
      await (db as unknown as { execute(q: unknown): Promise<unknown> }).execute(sql.raw(text));
    });
  await run(
    `CREATE OR REPLACE FUNCTION triage_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`,
  );
  await run(
    `CREATE TRIGGER ${trigger} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION triage_test_fail()`,
  );
  return () => run(`DROP TRIGGER ${trigger} ON ${table}`);
}
