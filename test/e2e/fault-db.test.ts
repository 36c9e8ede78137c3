/**
 * The database in trouble, over the wire: locked by another connection past busy_timeout, or full (a tiny
 * max_page_count). The event is not acknowledged (5xx, so Slack delivers it again) and the log says why;
 * once the database is healthy, Slack's retry is triaged exactly once. Trouble that starts while a message
 * is in flight makes the worker try again later instead of losing the message.
 *
 * SQLite only (not in the postgres test project): a second connection's write lock and max_page_count are
 * SQLite's own; inserts refused on either database are covered with failInserts (slack-intake.test.ts).
 */
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { pinStatements } from "../../src/store/pinned-statements.js";
import type { SqliteStore } from "../../src/store/sqlite-store.js";
import { type Harness, startHarness } from "../support/bot-harness.js";

let h: Harness;
let other: Database.Database | undefined;
afterEach(async () => {
  other?.close();
  other = undefined;
  await h?.stop();
});

const routePosts = () => h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1");

/** A second connection (another process would be the same) that takes the write lock and keeps it. */
function holdWriteLock(path: string): Database.Database {
  const db = pinStatements(new Database(path));
  db.exec("BEGIN IMMEDIATE");
  return db;
}

describe("database locked", () => {
  it("refuses the event with a 5xx and a clear log line; Slack's retry is triaged once", async () => {
    h = await startHarness({ dbBusyTimeoutMs: 100 });
    other = holdWriteLock(h.target.path);
    const ts = "1700009101.000100";
    const started = performance.now();
    const first = await h.message({ ts, text: "charged twice" });
    expect(first.status).toBeGreaterThanOrEqual(500);
    // Refused quickly (busy_timeout), well inside Slack's 3-second window.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(
      h.logs.some((l) =>
        /ERROR .*could not store message C0SUPPORT1\/1700009101\.000100: database is locked; answered with an error so that Slack delivers it again/.test(
          l,
        ),
      ),
    ).toBe(true);

    other.exec("ROLLBACK");
    expect((await h.message({ ts, text: "charged twice" }, { retryNum: 1 })).status).toBe(200);
    expect((await h.message({ ts, text: "charged twice" }, { retryNum: 2 })).status).toBe(200);
    await h.settle();
    expect(h.llmCalls).toEqual(["charged twice"]);
    expect(routePosts()).toHaveLength(1);
    expect(await h.statuses()).toEqual(["done"]);
  });

  it("a lock taken while the LLM call is in flight: the LLM's answer is stored once the lock is gone, not asked for again", async () => {
    // The next round comes 400 ms after the failure; the lock is gone after 300 ms.
    h = await startHarness({ dbBusyTimeoutMs: 50, roundRetry: { attempts: 3, baseDelayMs: 400 } });
    let lockedOnce = false;
    h.llm.respond(() => {
      if (!lockedOnce) {
        lockedOnce = true;
        other = holdWriteLock(h.target.path);
        setTimeout(() => other?.exec("ROLLBACK"), 300);
      }
      return { dist: { "1": 0.95 } };
    });
    await h.message({ ts: "1700009102.000100", text: "charged twice" });
    await h.settle();
    // The answer could not be stored: the next round stored that same answer without asking the LLM
    // again, and a database error never became a classifier verdict. The post was made once.
    expect(h.llmCalls).toEqual(["charged twice"]);
    expect(routePosts()).toHaveLength(1);
    expect(await h.statuses()).toEqual(["done"]);
    const [c] = await h.table("classifications");
    expect(c).toMatchObject({ decision: "route", topCategory: "billing", reason: null, error: null });
    expect(h.logs.some((l) => /message 1: failed \(.*database is locked/.test(l))).toBe(true);
  });
});

describe("database full", () => {
  it("refuses the event with a 5xx and a clear log line; once there is room the retry is triaged once", async () => {
    h = await startHarness();
    const { client } = h.bot.store as SqliteStore;
    const pages = client.pragma("page_count", { simple: true }) as number;
    client.pragma(`max_page_count = ${pages}`);
    const ts = "1700009201.000100";
    // Longer than a page, so it needs pages the file may not grow.
    const text = `charged twice ${"and again ".repeat(2_000)}`;
    const first = await h.message({ ts, text });
    expect(first.status).toBeGreaterThanOrEqual(500);
    expect(
      h.logs.some((l) =>
        /ERROR .*could not store message C0SUPPORT1\/1700009201\.000100: database or disk is full; answered with an error/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(await h.table("messages")).toHaveLength(0);

    client.pragma(`max_page_count = ${pages + 10_000}`);
    expect((await h.message({ ts, text }, { retryNum: 1 })).status).toBe(200);
    await h.settle();
    expect(h.llmCalls).toHaveLength(1);
    expect(routePosts()).toHaveLength(1);
    expect(await h.statuses()).toEqual(["done"]);
  });
});
