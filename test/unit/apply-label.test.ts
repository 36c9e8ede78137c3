/** What a person's label does to a message: record it, and re-route / mark decided when it should. */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClassification } from "../../src/db/queries/classifications.js";
import { insertInboxMessage, markDone } from "../../src/db/queries/inbox.js";
import { messageLabel } from "../../src/db/queries/labels.js";
import { messages } from "../../src/db/schema.js";
import { applyHumanLabel } from "../../src/feedback/apply-label.js";
import { type TestDb, testDb } from "../support/test-db.js";

let t: TestDb;
beforeEach(() => {
  t = testDb();
});
afterEach(() => t.cleanup());

function seed(decision: "route" | "review", opts: { audit?: boolean; top?: string | null } = {}): number {
  const id = insertInboxMessage(t.db, {
    teamId: "T1",
    channelId: "C1",
    ts: `${Math.random()}`,
    userId: "U1",
    text: "hello",
    eventId: null,
  });
  if (id === null) throw new Error("not inserted");
  const top = opts.top === undefined ? "billing" : opts.top;
  saveClassification(t.db, {
    messageId: id,
    model: "m",
    promptFingerprint: "fp",
    probs: top ? { [top]: 0.9 } : {},
    other: 0.1,
    topCategory: top,
    topProb: top ? 0.9 : 0,
    decision,
    audit: opts.audit ?? false,
  });
  markDone(t.db, id, 0);
  return id;
}
const row = (id: number) => t.db.select().from(messages).where(eq(messages.id, id)).get();

describe("applyHumanLabel", () => {
  it("a different category on a routed message re-routes it and reopens it for the worker", () => {
    const id = seed("route");
    const out = applyHumanLabel(t.db, {
      messageId: id,
      userId: "U2",
      label: "api",
      source: "reaction",
      reaction: "three",
      at: 5,
    });
    expect(out).toEqual({ status: "recorded", label: "api", effect: "rerouted" });
    expect(row(id)).toMatchObject({
      routedCategory: "api",
      resolvedBy: "U2",
      resolvedAt: 5,
      status: "pending",
      revision: 1,
    });
  });

  it("confirming the routed category records a label and changes nothing else", () => {
    const id = seed("route");
    expect(
      applyHumanLabel(t.db, { messageId: id, userId: "U2", label: "confirm", source: "reaction" }),
    ).toEqual({
      status: "recorded",
      label: "billing",
      effect: "none",
    });
    expect(row(id)).toMatchObject({ status: "done", revision: 0, resolvedAt: null });
  });

  it("a review message is routed by a category, or decided as none of these", () => {
    const a = seed("review");
    expect(
      applyHumanLabel(t.db, { messageId: a, userId: "U2", label: "api", source: "review" }),
    ).toMatchObject({ effect: "routed" });
    const b = seed("review");
    expect(
      applyHumanLabel(t.db, { messageId: b, userId: "U2", label: "other", source: "review", at: 9 }),
    ).toMatchObject({
      effect: "decided",
    });
    expect(row(b)).toMatchObject({
      routedCategory: null,
      resolvedBy: "U2",
      resolvedAt: 9,
      status: "pending",
    });
  });

  it("confirming an audited message marks its card decided", () => {
    const id = seed("route", { audit: true });
    expect(
      applyHumanLabel(t.db, { messageId: id, userId: "U3", label: "billing", source: "audit" }),
    ).toMatchObject({
      effect: "decided",
    });
  });

  it("a repeated click by the same person is not stored twice; other people's labels are", () => {
    const id = seed("review");
    applyHumanLabel(t.db, { messageId: id, userId: "U2", label: "api", source: "review" });
    applyHumanLabel(t.db, { messageId: id, userId: "U2", label: "api", source: "review" });
    applyHumanLabel(t.db, { messageId: id, userId: "U3", label: "api", source: "review" });
    expect(t.db.$client.prepare("select count(*) as n from feedback").get()).toEqual({ n: 2 });
    expect(messageLabel(t.db, id)?.label).toBe("api");
  });

  it("ignores a message that has no classification yet, and a confirm without a top category", () => {
    const fresh = insertInboxMessage(t.db, {
      teamId: "T1",
      channelId: "C1",
      ts: "9.9",
      userId: "U1",
      text: "x",
      eventId: null,
    });
    expect(
      applyHumanLabel(t.db, { messageId: fresh ?? 0, userId: "U2", label: "api", source: "reaction" }).status,
    ).toBe("ignored");
    const failed = seed("review", { top: null });
    expect(
      applyHumanLabel(t.db, { messageId: failed, userId: "U2", label: "confirm", source: "reaction" }).status,
    ).toBe("ignored");
  });
});
