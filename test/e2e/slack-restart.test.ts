/**
 * Crash safety: whatever a previous run left unfinished is finished once at start — never classified
 * twice, never posted twice — and a stop mid-classification leaves the message resumable. A post left in
 * doubt (claimed, never recorded) is looked for in Slack by its metadata key: recorded if there, else made.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { saveClassification } from "../../src/store/queries/classifications.js";
import { claimEffect, completeEffect } from "../../src/store/queries/effects.js";
import { insertInboxMessage } from "../../src/store/queries/inbox.js";
import { openStore } from "../../src/store/store.js";
import { type Harness, SUPPORT, startHarness } from "../support/bot-harness.js";
import { tableRows, tempDir, testTarget } from "../support/test-db.js";

let h: Harness;
afterEach(async () => h?.stop());

const routePosts = () => h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1");

describe("restart", () => {
  it("a stop mid-classification leaves the messages pending; the next start finishes each once", async () => {
    let hang = true;
    h = await startHarness({
      stopGraceMs: 50,
      answer: () => (hang ? { hang: true } : { dist: { "1": 0.95 } }),
    });
    await h.message({ ts: "1700000701.000100", text: "charged twice (1)" });
    await h.message({ ts: "1700000701.000200", text: "charged twice (2)" });
    await h.message({ ts: "1700000701.000300", text: "charged twice (3)" });
    await h.bot.stop();
    // The stopped bot's database connection is closed.
    await expect(h.bot.store.ping()).rejects.toThrow();
    const db = await openStore(h.target, { readOnly: true });
    expect((await tableRows(db, "messages")).map((m) => m.status)).toEqual(["pending", "pending", "pending"]);
    await db.close();
    expect(routePosts()).toHaveLength(0);

    hang = false;
    const asked = h.llmCalls.length;
    await h.restart();
    await h.settle();
    expect(h.llmCalls.slice(asked).sort()).toEqual([
      "charged twice (1)",
      "charged twice (2)",
      "charged twice (3)",
    ]);
    expect(routePosts()).toHaveLength(3);
    expect(h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === SUPPORT)).toHaveLength(3);
    expect(await h.statuses()).toEqual(["done", "done", "done"]);
  });

  it("rows left between steps resume where they stopped: no second LLM call, no second post", async () => {
    const dir = tempDir("triage-restart-");
    const target = await testTarget(dir);
    const db = await openStore(target);
    const seed = async (ts: string, text: string) =>
      (await insertInboxMessage(db, {
        teamId: "T0TEAM0001",
        channelId: SUPPORT,
        ts,
        userId: "U0PERSON01",
        text,
        eventId: `Ev-${ts}`,
      })) ?? 0;
    const classify = (messageId: number) =>
      saveClassification(db, {
        messageId,
        model: "stub",
        promptFingerprint: "fp-stub",
        probs: { billing: 0.95 },
        other: 0.05,
        topCategory: "billing",
        topProb: 0.95,
        decision: "route",
      });
    await seed("1700000702.000100", "never classified: charged twice");
    const classified = await seed("1700000702.000200", "classified, nothing posted");
    await classify(classified);
    const halfway = await seed("1700000702.000300", "routed, thread note missing");
    await classify(halfway);
    await claimEffect(db, {
      messageId: halfway,
      kind: "route",
      effectKey: `route:${halfway}:billing`,
      channelId: "C0BILLING1",
    });
    await completeEffect(db, `route:${halfway}:billing`, "1700000000.999999");
    const crashed = await seed("1700000702.000400", "crashed during the route post, which Slack has");
    await classify(crashed);
    await claimEffect(db, {
      messageId: crashed,
      kind: "route",
      effectKey: `route:${crashed}:billing`,
      channelId: "C0BILLING1",
    });
    const lost = await seed("1700000702.000500", "crashed before the route post reached Slack");
    await classify(lost);
    await claimEffect(db, {
      messageId: lost,
      kind: "route",
      effectKey: `route:${lost}:billing`,
      channelId: "C0BILLING1",
    });
    await db.close();

    const slack = await startFakeSlack();
    const postedTs = `${Math.floor(Date.now() / 1000)}.000777`;
    slack.addMessage({
      channel: "C0BILLING1",
      ts: postedTs,
      bot_id: "B0FAKE",
      metadata: { event_type: "triage_effect", event_payload: { effect_key: `route:${crashed}:billing` } },
    });
    h = await startHarness({ dir, target, slack });
    await h.settle();
    expect(h.llmCalls).toEqual(["never classified: charged twice"]);
    // Three route posts: two never made, and the one in doubt that Slack does not have. The finished one
    // and the one in doubt that Slack has are not repeated.
    expect(routePosts()).toHaveLength(3);
    expect(routePosts().map((c) => c.args.metadata.event_payload.effect_key)).not.toContain(
      `route:${crashed}:billing`,
    );
    expect(h.slack.callsTo("conversations.history").map((c) => c.args.include_all_metadata)).toEqual([
      "true",
      "true",
    ]);
    const notes = h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === SUPPORT);
    expect(notes.map((n) => n.args.thread_ts).sort()).toEqual([
      "1700000702.000100",
      "1700000702.000200",
      "1700000702.000300",
      "1700000702.000400",
      "1700000702.000500",
    ]);
    expect((await h.statuses()).every((s) => s === "done")).toBe(true);
    const posts = await h.table("slackPosts");
    expect(posts.every((p) => p.status === "done" && p.ts)).toBe(true);
    expect(posts.find((p) => p.effectKey === `route:${crashed}:billing`)?.ts).toBe(postedTs);
    expect(h.logs.some((l) => l.includes(`route in doubt was posted (ts ${postedTs}); recorded it`))).toBe(
      true,
    );
    await slack.close();
  });
});
