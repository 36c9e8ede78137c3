import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/db/open.js";
import { messages } from "../../src/db/schema.js";

const JOURNAL = JSON.parse(
  readFileSync(new URL("../../migrations/meta/_journal.json", import.meta.url), "utf8"),
) as {
  entries: unknown[];
};
const dir = mkdtempSync(join(tmpdir(), "triage-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = [
  "classifications",
  "feedback",
  "messages",
  "seen_events",
  "slack_posts",
  "threshold_activations",
  "threshold_sets",
];

describe("openDb on a fresh file", () => {
  const path = join(dir, "nested", "triage.db");

  it("creates the file and applies the migrations with WAL and foreign keys on", () => {
    const db = openDb(path);
    const names = db.$client
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name != 'sqlite_sequence' order by name",
      )
      .pluck()
      .all();
    expect(names).toEqual(TABLES);
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(() =>
      db.$client
        .prepare(
          "insert into classifications (message_id, model, prompt_fingerprint, probs, other, decision) values (999, 'm', 'fp', '{}', 1, 'review')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.insert(messages).values({ teamId: "T1", channelId: "C1", ts: "1.0", text: "hello" }).run();
    db.$client.close();
  });

  it("is a no-op the second time: same migrations, data kept", () => {
    const db = openDb(path);
    const applied = db.$client.prepare("select count(*) from __drizzle_migrations").pluck().get();
    expect(applied).toBe(JOURNAL.entries.length);
    expect(
      db
        .select()
        .from(messages)
        .all()
        .map((m) => m.text),
    ).toEqual(["hello"]);
    db.$client.close();
    const again = openDb(path);
    expect(again.$client.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(applied);
    again.$client.close();
  });
});
