/**
 * Crash safety: whatever a previous run left unfinished is finished once at start — never classified
 * twice, never posted twice — and a stop mid-classification leaves the message resumable.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openDb } from "../../src/db/open.js";
import { saveClassification } from "../../src/db/queries/classifications.js";
import { claimEffect, completeEffect } from "../../src/db/queries/effects.js";
import { insertInboxMessage } from "../../src/db/queries/inbox.js";
import { messages, slackPosts } from "../../src/db/schema.js";
import { type Harness, SUPPORT, startHarness } from "../support/bot-harness.js";
import { startFakeSlack } from "../support/fake-slack.js";
import { tempDir } from "../support/test-db.js";

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
    expect(h.bot.db.$client.open).toBe(false);
    const db = openDb(`${h.dir}/triage.db`);
    expect(
      db
        .select()
        .from(messages)
        .all()
        .map((m) => m.status),
    ).toEqual(["pending", "pending", "pending"]);
    db.$client.close();
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
    expect(
      h.bot.db
        .select()
        .from(messages)
        .all()
        .map((m) => m.status),
    ).toEqual(["done", "done", "done"]);
  });

  it("rows left between steps resume where they stopped: no second LLM call, no second post", async () => {
    const dir = tempDir("triage-restart-");
    const db = openDb(`${dir}/triage.db`);
    const seed = (ts: string, text: string) =>
      insertInboxMessage(db, {
        teamId: "T0TEAM0001",
        channelId: SUPPORT,
        ts,
        userId: "U0PERSON01",
        text,
        eventId: `Ev-${ts}`,
      }) ?? 0;
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
    seed("1700000702.000100", "never classified: charged twice");
    const classified = seed("1700000702.000200", "classified, nothing posted");
    classify(classified);
    const halfway = seed("1700000702.000300", "routed, thread note missing");
    classify(halfway);
    claimEffect(db, {
      messageId: halfway,
      kind: "route",
      effectKey: `route:${halfway}:billing`,
      channelId: "C0BILLING1",
    });
    completeEffect(db, `route:${halfway}:billing`, "1700000000.999999");
    const crashed = seed("1700000702.000400", "crashed during the route post");
    classify(crashed);
    claimEffect(db, {
      messageId: crashed,
      kind: "route",
      effectKey: `route:${crashed}:billing`,
      channelId: "C0BILLING1",
    });
    db.$client.close();

    const slack = await startFakeSlack();
    h = await startHarness({ dir, slack });
    await h.settle();
    expect(h.llmCalls).toEqual(["never classified: charged twice"]);
    // Two fresh route posts; the finished one and the one in doubt are not repeated.
    expect(routePosts()).toHaveLength(2);
    const notes = h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === SUPPORT);
    expect(notes.map((n) => n.args.thread_ts).sort()).toEqual([
      "1700000702.000100",
      "1700000702.000200",
      "1700000702.000300",
      "1700000702.000400",
    ]);
    expect(
      h.bot.db
        .select()
        .from(messages)
        .all()
        .every((m) => m.status === "done"),
    ).toBe(true);
    const inDoubt = h.bot.db
      .select()
      .from(slackPosts)
      .all()
      .filter((p) => p.status === "pending");
    expect(inDoubt.map((p) => p.effectKey)).toEqual([`route:${crashed}:billing`]);
    await slack.close();
  });
});
