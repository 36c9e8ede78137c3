import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite-store.js";

const JOURNAL = JSON.parse(
  readFileSync(new URL("../../migrations/sqlite/meta/_journal.json", import.meta.url), "utf8"),
) as {
  entries: unknown[];
};
const dir = mkdtempSync(join(tmpdir(), "triage-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = [
  "classifications",
  "events",
  "feedback",
  "leases",
  "messages",
  "notices",
  "slack_posts",
  "threshold_activations",
  "threshold_sets",
];

describe("openSqliteStore on a fresh file", () => {
  const path = join(dir, "nested", "triage.db");

  it("creates the file and applies the migrations with WAL and foreign keys on", async () => {
    const store = openSqliteStore(path);
    const names = store.client
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name != 'sqlite_sequence' order by name",
      )
      .pluck()
      .all();
    expect(names).toEqual(TABLES);
    expect(store.client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(() =>
      store.client
        .prepare(
          "insert into classifications (message_id, model, prompt_fingerprint, probs, other, decision) values (999, 'm', 'fp', '{}', 1, 'review')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    await store.query(({ db, t }) =>
      db.insert(t.messages).values({ teamId: "T1", channelId: "C1", ts: "1.0", text: "hello" }),
    );
    await store.close();
  });

  it("is a no-op the second time: same migrations, data kept", async () => {
    const store = openSqliteStore(path);
    const applied = store.client.prepare("select count(*) from __drizzle_migrations").pluck().get();
    expect(applied).toBe(JOURNAL.entries.length);
    expect(await store.migrations()).toEqual({ applied, available: JOURNAL.entries.length });
    expect((await store.query(({ db, t }) => db.select().from(t.messages))).map((m) => m.text)).toEqual([
      "hello",
    ]);
    await store.close();
    const again = openSqliteStore(path);
    expect(again.client.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(applied);
    await again.close();
  });
});
