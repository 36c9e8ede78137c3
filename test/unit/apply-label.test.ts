/** What a person's label does to a message: record it, and re-route / mark decided when it should. */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyHumanLabel, labelNow } from "../../src/services/feedback/apply-label.js";
import { applyReaction } from "../../src/services/feedback/on-reaction.js";
import { storeBackfilled } from "../../src/store/queries/backfill.js";
import { saveClassification } from "../../src/store/queries/classifications.js";
import { insertEvent } from "../../src/store/queries/events.js";
import { insertInboxMessage, markDone } from "../../src/store/queries/inbox.js";
import { exampleConfig } from "../support/config-fixture.js";
import { type TestDb, tableRows, testDb } from "../support/test-db.js";

let d: TestDb;
beforeEach(async () => {
  d = await testDb();
});
afterEach(() => d.cleanup());

async function seed(
  decision: "route" | "review",
  opts: { audit?: boolean; top?: string | null } = {},
): Promise<number> {
  const id = await insertInboxMessage(d.store, {
    teamId: "T1",
    channelId: "C1",
    ts: `${Math.random()}`,
    userId: "U1",
    text: "hello",
    eventId: null,
  });
  if (id === null) throw new Error("not inserted");
  const top = opts.top === undefined ? "billing" : opts.top;
  await saveClassification(d.store, {
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
  await markDone(d.store, id, 0);
  return id;
}
const row = (id: number) =>
  d.store.query(
    async ({ db, t }) => (await db.select().from(t.messages).where(eq(t.messages.id, id)).limit(1))[0],
  );

describe("applyHumanLabel", () => {
  it("a different category on a routed message re-routes it and reopens it for the worker", async () => {
    const id = await seed("route");
    const out = await applyHumanLabel(d.store, {
      messageId: id,
      userId: "U2",
      label: "api",
      source: "reaction",
      reaction: "three",
      at: 5,
    });
    // An emoji on a message the bot routed on its own (no audit): a person's own choice to speak up.
    expect(out).toEqual({ status: "recorded", label: "api", effect: "rerouted", source: "reaction" });
    expect(await row(id)).toMatchObject({
      routedCategory: "api",
      resolvedBy: "U2",
      resolvedAt: 5,
      status: "pending",
      revision: 1,
    });
  });

  it("confirming the routed category records a label and changes nothing else", async () => {
    const id = await seed("route");
    expect(
      await applyHumanLabel(d.store, { messageId: id, userId: "U2", label: "confirm", source: "reaction" }),
    ).toEqual({
      status: "recorded",
      label: "billing",
      effect: "none",
      source: "reaction",
    });
    expect(await row(id)).toMatchObject({ status: "done", revision: 0, resolvedAt: null });
  });

  it("an emoji answers a review or audit request like a click: its label counts as review or audit", async () => {
    const reviewed = await seed("review");
    expect(
      await applyHumanLabel(d.store, { messageId: reviewed, userId: "U2", label: "api", source: "reaction" }),
    ).toMatchObject({ source: "review" });
    const audited = await seed("route", { audit: true });
    expect(
      await applyHumanLabel(d.store, { messageId: audited, userId: "U2", label: "api", source: "reaction" }),
    ).toMatchObject({ source: "audit" });
    expect((await tableRows(d.store, "feedback")).map((l) => l.source)).toEqual(["review", "audit"]);
  });

  it("a review message is routed by a category, or decided as none of these", async () => {
    const a = await seed("review");
    expect(
      await applyHumanLabel(d.store, { messageId: a, userId: "U2", label: "api", source: "review" }),
    ).toMatchObject({ effect: "routed" });
    const b = await seed("review");
    expect(
      await applyHumanLabel(d.store, { messageId: b, userId: "U2", label: "other", source: "review", at: 9 }),
    ).toMatchObject({
      effect: "decided",
    });
    expect(await row(b)).toMatchObject({
      routedCategory: null,
      resolvedBy: "U2",
      resolvedAt: 9,
      status: "pending",
    });
  });

  it("confirming an audited message marks its card decided", async () => {
    const id = await seed("route", { audit: true });
    expect(
      await applyHumanLabel(d.store, { messageId: id, userId: "U3", label: "billing", source: "audit" }),
    ).toMatchObject({
      effect: "decided",
    });
  });

  it("a repeated click by the same person is not stored twice; other people's labels are", async () => {
    const id = await seed("review");
    await applyHumanLabel(d.store, { messageId: id, userId: "U2", label: "api", source: "review" });
    await applyHumanLabel(d.store, { messageId: id, userId: "U2", label: "api", source: "review" });
    await applyHumanLabel(d.store, { messageId: id, userId: "U3", label: "api", source: "review" });
    expect(await tableRows(d.store, "feedback")).toHaveLength(2);
    expect((await labelNow(d.store, id))?.label).toBe("api");
  });

  it("ignores a message that has no classification yet, and a confirm without a top category", async () => {
    const fresh = await insertInboxMessage(d.store, {
      teamId: "T1",
      channelId: "C1",
      ts: "9.9",
      userId: "U1",
      text: "x",
      eventId: null,
    });
    expect(
      (
        await applyHumanLabel(d.store, {
          messageId: fresh ?? 0,
          userId: "U2",
          label: "api",
          source: "reaction",
        })
      ).status,
    ).toBe("ignored");
    const failed = await seed("review", { top: null });
    expect(
      (
        await applyHumanLabel(d.store, {
          messageId: failed,
          userId: "U2",
          label: "confirm",
          source: "reaction",
        })
      ).status,
    ).toBe("ignored");
  });

  it("a backfilled message takes a label and stays done: history is never routed or posted about", async () => {
    const id = await storeBackfilled(
      d.store,
      { teamId: "T1", channelId: "C1", ts: "1700000000.000100", userId: "U1", text: "old", permalink: null },
      {
        model: "m",
        promptFingerprint: "fp",
        probs: { billing: 0.95 },
        other: 0.05,
        topCategory: "billing",
        topProb: 0.95,
        decision: "route",
        audit: false,
      },
    );
    if (id === null) throw new Error("not stored");
    expect(await row(id)).toMatchObject({ origin: "backfill", status: "done", routedCategory: null });
    expect(
      await applyHumanLabel(d.store, { messageId: id, userId: "U2", label: "api", source: "import" }),
    ).toEqual({ status: "recorded", label: "api", effect: "none", source: "import" });
    expect(await row(id)).toMatchObject({
      status: "done",
      revision: 0,
      routedCategory: null,
      resolvedAt: null,
    });

    // Nobody was shown a guess for it: a ✅ there means "resolved", not a label.
    const eventRow = await insertEvent(d.store, { eventId: "Ev1", kind: "reaction_added", payload: {} });
    const out = await applyReaction(
      { store: d.store, config: exampleConfig(), mayLabel: async () => null },
      eventRow ?? 0,
      "added",
      { userId: "U3", reaction: "white_check_mark", channelId: "C1", ts: "1700000000.000100" },
    );
    expect(out.status).toBe("ignored");
    expect(await tableRows(d.store, "feedback")).toHaveLength(1);
  });
});
