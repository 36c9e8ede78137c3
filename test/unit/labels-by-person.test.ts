import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { forgetLabels, labelsOf, labelTally } from "../../src/services/feedback/labels-by-person.js";
import { recordLabel, retractLabel } from "../../src/store/queries/labels.js";
import type { Store } from "../../src/store/store.js";
import { seedMessage } from "../support/seed.js";
import { type TestDb, testDb } from "../support/test-db.js";

let tdb: TestDb;
let store: Store;

beforeEach(async () => {
  tdb = await testDb();
  store = tdb.store;
});
afterEach(() => tdb.cleanup());

const scores = { probs: { billing: 0.9, api: 0.05 }, other: 0.05 };

describe("labelTally", () => {
  it("counts each person's current label on each message once, per source and per person, top 5", async () => {
    // U1 changed their mind on the first message: one label, from its latest source.
    const first = await seedMessage(store, { ts: "1.1", text: "a", ...scores, labels: [["U1", "billing"]] });
    await recordLabel(store, {
      ...first,
      userId: "U1",
      label: "api",
      source: "reaction",
      reaction: "three",
      reactionItem: "C:1.1",
      at: Date.now() + 1000,
    });
    await recordLabel(store, { ...first, userId: "U2", label: "billing", source: "audit" });
    await seedMessage(store, {
      ts: "1.2",
      text: "b",
      ...scores,
      labels: [
        ["U1", "billing"],
        ["U3", "api"],
      ],
    });
    // Six more people, one label each; a label under another prompt and a taken-back one do not count.
    await seedMessage(store, {
      ts: "1.3",
      text: "c",
      ...scores,
      labels: [
        ["U4", "api"],
        ["U5", "api"],
        ["U6", "api"],
        ["U7", "api"],
        ["U8", "api"],
      ],
    });
    await seedMessage(store, {
      ts: "1.4",
      text: "d",
      ...scores,
      fingerprint: "fp2",
      labels: [["U9", "api"]],
    });
    const taken = await seedMessage(store, { ts: "1.5", text: "e", ...scores });
    await recordLabel(store, {
      ...taken,
      userId: "U9",
      label: "api",
      source: "reaction",
      reaction: "three",
      reactionItem: "C:1.5",
    });
    await retractLabel(store, {
      messageId: taken.messageId,
      userId: "U9",
      reaction: "three",
      reactionItem: "C:1.5",
    });

    expect(await labelTally(store, "fp1")).toEqual({
      total: 9,
      people: 8,
      bySource: { reaction: 1, audit: 1, review: 7 },
      top: [
        { userId: "U1", labels: 2 },
        { userId: "U2", labels: 1 },
        { userId: "U3", labels: 1 },
        { userId: "U4", labels: 1 },
        { userId: "U5", labels: 1 },
      ],
    });
    expect(await labelTally(store, "nothing here")).toEqual({ total: 0, people: 0, bySource: {}, top: [] });
  });
});

describe("labelsOf / forgetLabels", () => {
  it("counts one person's labels, then takes every one back (rows kept); others are untouched", async () => {
    const a = await seedMessage(store, {
      ts: "2.1",
      text: "a",
      ...scores,
      labels: [
        ["U1", "billing"],
        ["U2", "api"],
      ],
    });
    await recordLabel(store, {
      ...a,
      userId: "U1",
      label: "api",
      source: "reaction",
      reaction: "three",
      reactionItem: "C:2.1",
    });
    await seedMessage(store, {
      ts: "2.2",
      text: "b",
      ...scores,
      fingerprint: "fp2",
      labels: [["U1", "api"]],
    });

    expect(await labelsOf(store, "U1")).toEqual({
      labels: 3,
      messages: 2,
      bySource: { review: 2, reaction: 1 },
    });
    expect(await labelsOf(store, "U0NOBODY")).toEqual({ labels: 0, messages: 0, bySource: {} });

    expect(await forgetLabels(store, "U1", 1234)).toBe(3);
    expect(await forgetLabels(store, "U1", 5678)).toBe(0);
    expect(await labelsOf(store, "U1")).toEqual({ labels: 0, messages: 0, bySource: {} });
    const rows = await store.query(({ db, t }) =>
      db
        .select({ userId: t.feedback.userId, retractedAt: t.feedback.retractedAt })
        .from(t.feedback)
        .orderBy(t.feedback.id),
    );
    expect(rows).toEqual([
      { userId: "U1", retractedAt: 1234 },
      { userId: "U2", retractedAt: null },
      { userId: "U1", retractedAt: 1234 },
      { userId: "U1", retractedAt: 1234 },
    ]);
  });
});
