import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { labelNow } from "../../src/services/feedback/apply-label.js";
import { activateSet } from "../../src/services/retune/retune.js";
import { loadTuneRecords } from "../../src/services/retune/tune-records.js";
import { recordLabel, retractLabel } from "../../src/store/queries/labels.js";
import {
  activateThresholdSet,
  activationHistory,
  activeThresholdSet,
  saveThresholdSet,
} from "../../src/store/queries/threshold-sets.js";
import type { Store } from "../../src/store/store.js";
import { type TestDb, testDb } from "../support/test-db.js";

let tdb: TestDb;
let store: Store;

async function seedMessage(
  ts: string,
  fingerprint = "fp1",
): Promise<{ messageId: number; classificationId: number }> {
  return store.tx(async ({ db, t }) => {
    const [m] = await db
      .insert(t.messages)
      .values({ teamId: "T1", channelId: "C1", ts, text: "hello" })
      .returning({ id: t.messages.id });
    if (!m) throw new Error("seed: message not stored");
    const [c] = await db
      .insert(t.classifications)
      .values({
        messageId: m.id,
        model: "m",
        promptFingerprint: fingerprint,
        probs: { billing: 0.9, api: 0.05 },
        other: 0.05,
        topCategory: "billing",
        topProb: 0.9,
        decision: "route",
      })
      .returning({ id: t.classifications.id });
    if (!c) throw new Error("seed: classification not stored");
    return { messageId: m.id, classificationId: c.id };
  });
}

beforeEach(async () => {
  tdb = await testDb();
  store = tdb.store;
});
afterEach(() => tdb.cleanup());

describe("labels", () => {
  it("keeps the latest label per person and falls back when it is retracted", async () => {
    const ids = await seedMessage("1.1");
    await recordLabel(store, {
      ...ids,
      userId: "U1",
      label: "billing",
      source: "reaction",
      reaction: "one",
      reactionItem: "C1:1.1",
      at: 1,
    });
    await recordLabel(store, {
      ...ids,
      userId: "U1",
      label: "api",
      source: "reaction",
      reaction: "two",
      reactionItem: "C1:1.1",
      at: 2,
    });
    expect((await labelNow(store, ids.messageId))?.label).toBe("api");
    expect(
      await retractLabel(store, {
        messageId: ids.messageId,
        userId: "U1",
        reaction: "two",
        reactionItem: "C1:1.1",
        at: 3,
      }),
    ).toBe(1);
    expect((await labelNow(store, ids.messageId))?.label).toBe("billing");
    // The same emoji on another item (one of our posts) is another label: removing it there keeps this one.
    expect(
      await retractLabel(store, {
        messageId: ids.messageId,
        userId: "U1",
        reaction: "one",
        reactionItem: "C0BILLING:9.9",
        at: 4,
      }),
    ).toBe(0);
    await retractLabel(store, {
      messageId: ids.messageId,
      userId: "U1",
      reaction: "one",
      reactionItem: "C1:1.1",
      at: 4,
    });
    expect(await labelNow(store, ids.messageId)).toBeNull();
  });

  it("takes the majority across people, ties to the most recent", async () => {
    const ids = await seedMessage("1.2");
    await recordLabel(store, { ...ids, userId: "U1", label: "api", source: "review", at: 1 });
    await recordLabel(store, { ...ids, userId: "U2", label: "billing", source: "reaction", at: 2 });
    expect((await labelNow(store, ids.messageId))?.label).toBe("billing");
    await recordLabel(store, { ...ids, userId: "U3", label: "api", source: "reaction", at: 3 });
    await recordLabel(store, { ...ids, userId: "U4", label: "billing", source: "reaction", at: 0 });
    // 2–2: the most recent label (U3's api, at 3) wins the tie
    expect((await labelNow(store, ids.messageId))?.label).toBe("api");
  });

  it("the tuner reads only classifications under the given prompt fingerprint, each with its label or none", async () => {
    const a = await seedMessage("2.1", "fp1");
    const b = await seedMessage("2.2", "fp2");
    const c = await seedMessage("2.3", "fp1");
    await recordLabel(store, { ...a, userId: "U1", label: "billing", source: "review" });
    await recordLabel(store, { ...b, userId: "U1", label: "api", source: "review" });
    const records = await loadTuneRecords(store, "fp1", { audit_rate: 0.05 });
    expect(records.map((r) => r.id).sort()).toEqual([String(a.messageId), String(c.messageId)]);
    const labelled = records.find((r) => r.id === String(a.messageId));
    expect(labelled).toMatchObject({ label: "billing", labelSource: "review", other: 0.05 });
    expect(labelled?.probs).toEqual({ billing: 0.9, api: 0.05 });
    expect(records.find((r) => r.id === String(c.messageId))?.label).toBeNull();
  });
});

describe("threshold sets", () => {
  it("the latest activation wins, and a rollback re-activates an older set", async () => {
    expect(await activeThresholdSet(store)).toBeNull();
    const base = {
      createdBy: "U0",
      targetPrecision: 0.95,
      confidence: 0.9,
      promptFingerprint: "fp",
      labelCount: 10,
    };
    const first = await saveThresholdSet(store, {
      ...base,
      thresholds: { default: 0.7, other: 0.3, categories: {} },
    });
    const second = await saveThresholdSet(store, {
      ...base,
      thresholds: { default: 0.9, other: 0.3, categories: {} },
    });
    await activateThresholdSet(store, { id: first, by: "U0", action: "apply", at: 1 });
    await activateThresholdSet(store, { id: second, by: "U0", action: "apply", at: 2 });
    expect((await activeThresholdSet(store))?.set.thresholds.default).toBe(0.9);
    await activateThresholdSet(store, { id: first, by: "U9", action: "rollback", at: 3 });
    const active = await activeThresholdSet(store);
    expect(active?.set.id).toBe(first);
    expect(active?.action).toBe("rollback");
    expect((await activationHistory(store)).map((h) => [h.thresholdSetId, h.action])).toEqual([
      [first, "rollback"],
      [second, "apply"],
      [first, "apply"],
    ]);
  });

  it("activateSet: apply puts a certifying set in force; rollback only returns to a set once in force; another prompt's set is refused", async () => {
    const base = {
      createdBy: "U0",
      targetPrecision: 0.95,
      confidence: 0.9,
      promptFingerprint: "fp",
      labelCount: 9,
    };
    const certifying = await saveThresholdSet(store, {
      ...base,
      thresholds: { default: 0.7, other: 0.3, categories: {} },
    });
    const preview = await saveThresholdSet(store, {
      ...base,
      thresholds: { default: 0.9, other: 0.3, categories: {} },
    });
    const empty = await saveThresholdSet(store, {
      ...base,
      thresholds: { default: null, other: 0.3, categories: { a: null } },
    });
    const otherPrompt = await saveThresholdSet(store, {
      ...base,
      promptFingerprint: "fp-before-the-model-changed",
      thresholds: { default: 0.6, other: 0.3, categories: {} },
    });
    const run = async (setId: number, action: "apply" | "rollback") =>
      (await activateSet(store, { setId, by: "U1", action, promptFingerprint: "fp" })).status;
    expect(await run(otherPrompt, "apply")).toBe("other_prompt");
    expect(await run(99, "apply")).toBe("unknown");
    expect(await run(empty, "apply")).toBe("certifies_nothing");
    expect(await run(certifying, "rollback")).toBe("never_applied");
    expect(await run(preview, "rollback")).toBe("never_applied");
    expect(await run(empty, "rollback")).toBe("never_applied");
    expect(await activeThresholdSet(store)).toBeNull();
    expect(await run(certifying, "apply")).toBe("activated");
    expect(await run(certifying, "apply")).toBe("already");
    expect(await run(preview, "apply")).toBe("activated");
    expect(await run(certifying, "rollback")).toBe("activated");
    expect(await activeThresholdSet(store)).toMatchObject({ set: { id: certifying }, action: "rollback" });
  });
});
