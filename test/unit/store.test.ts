/**
 * The store's promises, on the real database of the test project (SQLite file or Postgres): transactions
 * that await are atomic and isolated (drizzle's own better-sqlite3 transaction would commit at the first
 * await), inbox claims never hand one row to two replicas, exclusive jobs run on one replica at a time,
 * and a message keeps one classification.
 */
import { afterEach, describe, expect, it } from "vitest";
import { saveClassification } from "../../src/store/queries/classifications.js";
import { getMessage, insertInboxMessage, markDone } from "../../src/store/queries/inbox.js";
import type { Store } from "../../src/store/store.js";
import { type TestDb, tableRows, testDb } from "../support/test-db.js";

let t: TestDb;
afterEach(async () => t?.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function addMessages(store: Store, n: number, from = 0): Promise<number[]> {
  const ids: number[] = [];
  for (let i = from; i < from + n; i++) {
    const id = await insertInboxMessage(store, {
      teamId: "T1",
      channelId: "C1",
      ts: `1700000000.${String(i).padStart(6, "0")}`,
      userId: "U1",
      text: `message ${i}`,
      eventId: `Ev${i}`,
    });
    if (id === null) throw new Error("not inserted");
    ids.push(id);
  }
  return ids;
}

describe("transactions", () => {
  it("an async callback commits only at its end, and a throw after an await rolls back everything", async () => {
    t = await testDb();
    const { store } = t;
    const seen: number[] = [];
    await expect(
      store.tx(async (s) => {
        await addMessages(s, 2);
        await sleep(30);
        // Outside the transaction nothing is visible yet (read through a second connection).
        const other = await t.reopen();
        seen.push((await tableRows(other, "messages")).length);
        await addMessages(s, 1, 2);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(seen).toEqual([0]);
    expect(await tableRows(store, "messages")).toEqual([]);
  });

  it("work outside a transaction never joins it while it awaits, and is kept when it rolls back", async () => {
    t = await testDb();
    const { store } = t;
    let opened: () => void = () => {};
    const isOpen = new Promise<void>((r) => {
      opened = r;
    });
    let rollBack: () => void = () => {};
    const told = new Promise<void>((r) => {
      rollBack = r;
    });
    const inside = store.tx(async (s) => {
      await addMessages(s, 1);
      opened();
      await told;
      throw new Error("roll back");
    });
    // Started once the transaction has written and while it is open and awaiting.
    await isOpen;
    const outside = addMessages(store, 1, 100);
    // Give the outside insert time to run (or to queue) before the transaction ends.
    await sleep(50);
    rollBack();
    await expect(inside).rejects.toThrow("roll back");
    await outside;
    const texts = (await tableRows(store, "messages")).map((m) => m.text);
    expect(texts).toEqual(["message 100"]);
  });

  it("a transaction's callback sees its own writes and commits them together", async () => {
    t = await testDb();
    const ids = await t.store.tx(async (s) => {
      const made = await addMessages(s, 3);
      expect((await tableRows(s, "messages")).length).toBe(3);
      return made;
    });
    expect((await tableRows(t.store, "messages")).map((m) => m.id)).toEqual(ids);
  });
});

describe("inbox claims", () => {
  it("two replicas claiming at once never get the same row, and every due row goes to one of them", async () => {
    t = await testDb();
    const a = t.store;
    const b = await t.reopen();
    const ids = await addMessages(a, 60);
    const now = Date.now();
    const rounds = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? a : b).claimDue(i % 2 === 0 ? "a" : "b", { limit: 7, leaseMs: 60_000, now }),
      ),
    );
    const claimed = rounds.flat();
    expect(new Set(claimed).size).toBe(claimed.length);
    expect([...claimed].sort((x, y) => x - y)).toEqual(ids);
    const owners = (await tableRows(a, "messages")).map((m) => m.leaseOwner);
    expect(new Set(owners)).toEqual(new Set(["a", "b"]));
  });

  it("a lease that ran out goes to the next replica; a live one does not; a done row to nobody", async () => {
    t = await testDb();
    const [first, second] = await addMessages(t.store, 2);
    const now = Date.now();
    expect(await t.store.claimDue("a", { limit: 10, leaseMs: 1_000, now })).toEqual([first, second]);
    expect(await t.store.claimDue("b", { limit: 10, leaseMs: 1_000, now: now + 500 })).toEqual([]);
    const row = await getMessage(t.store, second as number);
    await markDone(t.store, second as number, row?.revision ?? 0);
    expect(await t.store.claimDue("b", { limit: 10, leaseMs: 1_000, now: now + 1_001 })).toEqual([first]);
  });
});

describe("exclusive jobs", () => {
  it("runs a job on one replica at a time, and again once it is over", async () => {
    t = await testDb();
    const b = await t.reopen();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let started: () => void = () => {};
    const running = new Promise<void>((r) => {
      started = r;
    });
    const first = t.store.exclusive("reminders", 60_000, async () => {
      started();
      await held;
      return "a";
    });
    // The first replica holds the job (its callback is running) before the second tries.
    await running;
    expect(await b.exclusive("reminders", 60_000, async () => "b")).toBeNull();
    release();
    expect(await first).toBe("a");
    expect(await b.exclusive("reminders", 60_000, async () => "b")).toBe("b");
  });
});

describe("one classification per message", () => {
  it("a second save for the same message keeps the first and returns its id", async () => {
    t = await testDb();
    const [id] = await addMessages(t.store, 1);
    const row = {
      messageId: id as number,
      model: "m",
      promptFingerprint: "fp",
      probs: { billing: 0.9 },
      other: 0.1,
      decision: "route" as const,
      topCategory: "billing",
      topProb: 0.9,
    };
    const firstId = await saveClassification(t.store, row);
    const secondId = await saveClassification(await t.reopen(), {
      ...row,
      topCategory: "api",
      probs: { api: 1 },
    });
    expect(secondId).toBe(firstId);
    const rows = await tableRows(t.store, "classifications");
    expect(rows.map((r) => r.topCategory)).toEqual(["billing"]);
  });
});
