import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { activateSet } from "../../src/admin/retune.js";
import type { FileConfig } from "../../src/config.js";
import { type Db, openDb } from "../../src/db/open.js";
import { labelledScores, messageLabel, recordLabel, retractLabel } from "../../src/db/queries/labels.js";
import {
  activateThresholdSet,
  activationHistory,
  activeThresholdSet,
  saveThresholdSet,
} from "../../src/db/queries/threshold-sets.js";
import { classifications, messages } from "../../src/db/schema.js";

let dir: string;
let db: Db;

function seedMessage(ts: string, fingerprint = "fp1"): { messageId: number; classificationId: number } {
  const m = db
    .insert(messages)
    .values({ teamId: "T1", channelId: "C1", ts, text: "hello" })
    .returning({ id: messages.id })
    .get();
  const c = db
    .insert(classifications)
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
    .returning({ id: classifications.id })
    .get();
  return { messageId: m.id, classificationId: c.id };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "triage-labels-"));
  db = openDb(join(dir, "t.db"));
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("labels", () => {
  it("keeps the latest label per person and falls back when it is retracted", () => {
    const ids = seedMessage("1.1");
    recordLabel(db, { ...ids, userId: "U1", label: "billing", source: "reaction", reaction: "one", at: 1 });
    recordLabel(db, { ...ids, userId: "U1", label: "api", source: "reaction", reaction: "two", at: 2 });
    expect(messageLabel(db, ids.messageId)?.label).toBe("api");
    expect(retractLabel(db, { messageId: ids.messageId, userId: "U1", reaction: "two", at: 3 })).toBe(1);
    expect(messageLabel(db, ids.messageId)?.label).toBe("billing");
    retractLabel(db, { messageId: ids.messageId, userId: "U1", reaction: "one", at: 4 });
    expect(messageLabel(db, ids.messageId)).toBeNull();
  });

  it("takes the majority across people, ties to the most recent", () => {
    const ids = seedMessage("1.2");
    recordLabel(db, { ...ids, userId: "U1", label: "api", source: "review", at: 1 });
    recordLabel(db, { ...ids, userId: "U2", label: "billing", source: "reaction", at: 2 });
    expect(messageLabel(db, ids.messageId)?.label).toBe("billing");
    recordLabel(db, { ...ids, userId: "U3", label: "api", source: "reaction", at: 3 });
    recordLabel(db, { ...ids, userId: "U4", label: "billing", source: "reaction", at: 0 });
    // 2–2: the most recent label (U3's api, at 3) wins the tie
    expect(messageLabel(db, ids.messageId)?.label).toBe("api");
  });

  it("returns only labelled classifications under the given prompt fingerprint", () => {
    const a = seedMessage("2.1", "fp1");
    const b = seedMessage("2.2", "fp2");
    seedMessage("2.3", "fp1");
    recordLabel(db, { ...a, userId: "U1", label: "billing", source: "review" });
    recordLabel(db, { ...b, userId: "U1", label: "api", source: "review" });
    const rows = labelledScores(db, "fp1");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ classificationId: a.classificationId, label: "billing", other: 0.05 });
    expect(rows[0]?.probs).toEqual({ billing: 0.9, api: 0.05 });
  });
});

describe("threshold sets", () => {
  it("the latest activation wins, and a rollback re-activates an older set", () => {
    expect(activeThresholdSet(db)).toBeNull();
    const base = {
      createdBy: "U0",
      targetPrecision: 0.95,
      confidence: 0.9,
      promptFingerprint: "fp",
      labelCount: 10,
    };
    const first = saveThresholdSet(db, { ...base, thresholds: { default: 0.7, other: 0.3, categories: {} } });
    const second = saveThresholdSet(db, {
      ...base,
      thresholds: { default: 0.9, other: 0.3, categories: {} },
    });
    activateThresholdSet(db, { id: first, by: "U0", action: "apply", at: 1 });
    activateThresholdSet(db, { id: second, by: "U0", action: "apply", at: 2 });
    expect(activeThresholdSet(db)?.set.thresholds.default).toBe(0.9);
    activateThresholdSet(db, { id: first, by: "U9", action: "rollback", at: 3 });
    const active = activeThresholdSet(db);
    expect(active?.set.id).toBe(first);
    expect(active?.action).toBe("rollback");
    expect(activationHistory(db).map((h) => [h.thresholdSetId, h.action])).toEqual([
      [first, "rollback"],
      [second, "apply"],
      [first, "apply"],
    ]);
  });

  it("activateSet: apply puts a certifying set in force; rollback only returns to a set once in force", () => {
    const file = { thresholds: { default: 0.8, other: 0.3, categories: {} } } as unknown as FileConfig;
    const base = {
      createdBy: "U0",
      targetPrecision: 0.95,
      confidence: 0.9,
      promptFingerprint: "fp",
      labelCount: 9,
    };
    const certifying = saveThresholdSet(db, {
      ...base,
      thresholds: { default: 0.7, other: 0.3, categories: {} },
    });
    const preview = saveThresholdSet(db, {
      ...base,
      thresholds: { default: 0.9, other: 0.3, categories: {} },
    });
    const empty = saveThresholdSet(db, {
      ...base,
      thresholds: { default: null, other: 0.3, categories: { a: null } },
    });
    const run = (setId: number, action: "apply" | "rollback") =>
      activateSet(db, file, { setId, by: "U1", action }).status;
    expect(run(99, "apply")).toBe("unknown");
    expect(run(empty, "apply")).toBe("certifies_nothing");
    expect(run(certifying, "rollback")).toBe("never_applied");
    expect(run(preview, "rollback")).toBe("never_applied");
    expect(run(empty, "rollback")).toBe("never_applied");
    expect(activeThresholdSet(db)).toBeNull();
    expect(run(certifying, "apply")).toBe("activated");
    expect(run(certifying, "apply")).toBe("already");
    expect(run(preview, "apply")).toBe("activated");
    expect(run(certifying, "rollback")).toBe("activated");
    expect(activeThresholdSet(db)).toMatchObject({ set: { id: certifying }, action: "rollback" });
  });
});
