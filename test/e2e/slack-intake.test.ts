/**
 * Intake over the wire: signed Events API requests into the real HTTP receiver, the fake Slack Web API,
 * a real SQLite file. Confident → routed; other-heavy / uncertain → review; everything that is not a
 * person's top-level message in a watched channel → nothing; retries never classify or post twice.
 */
import { afterEach, describe, expect, it } from "vitest";
import { eventCallback, fixture, messageEvent } from "../../dev/fakes/slack-requests.js";
import { exampleConfig, type Harness, REVIEW, SUPPORT, startHarness } from "../support/bot-harness.js";
import { failInserts } from "../support/db-faults.js";

let h: Harness;
afterEach(async () => h?.stop());

/** Each recorded Slack effect as [kind, status], in the order they were recorded. */
const postStates = async () => (await h.table("slackPosts")).map((p) => [p.kind, p.status]);
const posts = (channel: string) =>
  h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);

describe("routing", () => {
  it("a confident message is routed with permalink, category and probability, plus a thread note", async () => {
    h = await startHarness();
    const ts = "1700000101.000100";
    const res = await h.message({ ts, text: "We were charged twice for the October invoice" });
    expect(res.status).toBe(200);
    // The inbox row exists by the time Slack has its answer.
    expect(await h.table("messages")).toHaveLength(1);
    await h.settle();

    expect(h.llmCalls).toEqual(["We were charged twice for the October invoice"]);
    expect(h.llm.requests[0]?.body).toMatchObject({ max_tokens: 1, logprobs: true, top_logprobs: 20 });
    const [route] = posts("C0BILLING1");
    const routeText = JSON.stringify(route?.args.blocks);
    expect(routeText).toContain("*Billing* · 95% confident");
    expect(routeText).toContain(`https://fake.slack.test/archives/${SUPPORT}/p1700000101000100`);
    expect(route?.args.text).toContain("Billing (95%)");
    const [note] = posts(SUPPORT);
    expect(note?.args.thread_ts).toBe(ts);
    expect(note?.args.text).toContain("<#C0BILLING1>");
    expect(note?.args.text).toContain(":one: Billing");
    expect(posts(REVIEW)).toHaveLength(0);

    const [c] = await h.table("classifications");
    expect(c).toMatchObject({
      decision: "route",
      topCategory: "billing",
      reason: null,
      thresholdSetId: null,
    });
    expect(c?.probs.billing).toBeCloseTo(0.95);
    expect(Object.keys(c?.probs ?? {})).toHaveLength(7);
    expect(c?.model).toBeTruthy();
    expect(c?.promptFingerprint).toBeTruthy();
    expect(c?.latencyMs).toBeGreaterThanOrEqual(0);
    const [m] = await h.table("messages");
    expect(m).toMatchObject({
      status: "done",
      routedCategory: "billing",
      permalink: expect.stringContaining("p1700000101"),
    });
    expect(await postStates()).toEqual([
      ["route", "done"],
      ["thread_note", "done"],
    ]);
  });

  it("other-heavy and uncertain messages get a review card with the reason and a button per likely area", async () => {
    h = await startHarness();
    await h.message({ ts: "1700000102.000100", text: "What is the weather like in Lisbon?" });
    await h.message({ ts: "1700000102.000200", text: "Our webhook is acting weird" });
    await h.settle();
    const cards = posts(REVIEW);
    expect(cards).toHaveLength(2);
    // Two at a time (concurrency 2): the cards may come in either order.
    const cardFor = (text: string) => cards.find((c) => String(c.args.text).includes(text));
    const other = JSON.stringify(cardFor("Lisbon")?.args.blocks);
    const uncertain = JSON.stringify(cardFor("Our webhook is acting weird")?.args.blocks);
    expect(other).toContain("mostly none of our areas (other 90%)");
    expect(uncertain).toContain("not confident enough (best guess *API and integrations* 62%)");
    expect(uncertain).toContain('"action_id":"review_pick:api"');
    expect(uncertain).toContain('"action_id":"review_pick:other"');
    expect(uncertain).toContain("None of these");
    expect(h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel !== REVIEW)).toHaveLength(0);
    const reasons = (await h.table("classifications"))
      .sort((a, b) => (a.messageId ?? 0) - (b.messageId ?? 0))
      .map((c) => [c.decision, c.reason]);
    expect(reasons).toEqual([
      ["review", "other"],
      ["review", "low_confidence"],
    ]);
  });

  it("audit_rate also sends a share of routed messages to review, by an injectable random source", async () => {
    const draws = [0.01, 0.99];
    h = await startHarness({
      config: exampleConfig({ audit_rate: 0.05, concurrency: 1 }),
      random: () => draws.shift() ?? 1,
    });
    await h.message({ ts: "1700000103.000100", text: "Please refund the duplicate invoice" });
    await h.settle();
    await h.message({ ts: "1700000103.000200", text: "I was charged twice" });
    await h.settle();
    expect(posts("C0BILLING1")).toHaveLength(2);
    const cards = posts(REVIEW);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]?.args.blocks)).toContain("Random check:* routed to *Billing* 95%");
    expect((await h.table("classifications")).map((c) => c.audit)).toEqual([true, false]);
  });
});

describe("what is never triaged", () => {
  it("retries, duplicate deliveries, bots, edits, joins, thread replies and other channels change nothing", async () => {
    h = await startHarness();
    const ts = "1700000201.000100";
    await h.message({ ts, text: "We were charged twice" });
    await h.settle();
    expect(h.llmCalls).toHaveLength(1);
    const before = h.slack.calls.length;

    const responses = [
      await h.message({ ts, text: "We were charged twice" }, { retryNum: 1 }),
      await h.message({ ts, text: "We were charged twice" }, { retryNum: 2 }),
      await h.message({ ts, text: "We were charged twice" }, { eventId: "Ev-other-delivery" }),
      await h.message({
        ts: "1700000201.000200",
        text: "invoice bot",
        bot_id: "B0OTHER01",
        subtype: "bot_message",
      }),
      await h.message({ ts: "1700000201.000300", text: "invoice from a bot user", bot_id: "B0OTHER01" }),
      await h.message({ ts: "1700000201.000400", text: "invoice", user: String(h.slack.authTest.user_id) }),
      await h.message({
        ts: "1700000201.000500",
        subtype: "message_changed",
        text: "invoice",
        hidden: true,
        message: { text: "charged" },
      }),
      await h.message({
        ts: "1700000201.000600",
        subtype: "channel_join",
        text: "<@U0NEW> has joined the channel",
      }),
      await h.message({ ts: "1700000201.000700", text: "invoice reply", thread_ts: ts }),
      await h.message({ ts: "1700000201.000800", text: "invoice elsewhere", channel: "C0RANDOM01" }),
      await h.message({ ts: "1700000201.000900", text: "invoice in review", channel: REVIEW }),
    ];
    await h.settle();
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(h.llmCalls).toHaveLength(1);
    expect(h.slack.calls.slice(before)).toEqual([]);
    expect(await h.table("messages")).toHaveLength(1);
  });

  it("a thread_broadcast and a file share are triaged", async () => {
    h = await startHarness();
    await h.message({
      ts: "1700000202.000100",
      text: "also: we were charged twice",
      subtype: "thread_broadcast",
      thread_ts: "1700000100.000001",
    });
    await h.message({
      ts: "1700000202.000200",
      text: "",
      subtype: "file_share",
      files: [{ name: "refund-request.pdf" }],
    });
    await h.settle();
    // Two at a time (concurrency 2): in either order.
    expect([...h.llmCalls].sort()).toEqual(["[file: refund-request.pdf]", "also: we were charged twice"]);
  });
});

describe("the HTTP receiver", () => {
  it("refuses a bad signature or a stale timestamp and stores nothing", async () => {
    h = await startHarness();
    const body = eventCallback(messageEvent({ channel: SUPPORT, ts: "1700000301.000100", text: "invoice" }));
    expect((await h.sender.json(body, { secret: "wrong-secret" })).status).toBe(401);
    expect((await h.sender.json(body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    await h.settle();
    expect(await h.table("messages")).toHaveLength(0);
    expect(h.llmCalls).toHaveLength(0);
  });

  it("answers Slack's url_verification challenge, and /healthz", async () => {
    h = await startHarness();
    const challenge = fixture("url_verification.json");
    const res = await h.sender.json(challenge);
    expect(await res.json()).toEqual({ challenge: challenge.challenge });
    const health = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok"]);
  });

  it("when the inbox cannot be written Slack gets an error (and redelivers); the retry is then triaged once", async () => {
    h = await startHarness();
    const repair = await failInserts(h.bot.store, "messages");
    const ts = "1700000302.000100";
    expect((await h.message({ ts, text: "charged twice" })).status).toBe(500);
    await repair();
    expect((await h.message({ ts, text: "charged twice" }, { retryNum: 1 })).status).toBe(200);
    await h.settle();
    expect(h.llmCalls).toHaveLength(1);
    expect(posts("C0BILLING1")).toHaveLength(1);
  });
});

describe("Slack and LLM trouble", () => {
  it("honours a 429 Retry-After and still posts exactly once", async () => {
    h = await startHarness();
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const started = Date.now();
    await h.message({ ts: "1700000401.000100", text: "charged twice" });
    await h.settle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const routeCalls = posts("C0BILLING1");
    expect(routeCalls).toHaveLength(2); // the refused call and its retry
    expect(h.slack.stored.filter((m) => m.channel === "C0BILLING1")).toHaveLength(1);
    expect((await h.table("slackPosts")).filter((p) => p.kind === "route")).toHaveLength(1);
    expect(posts(SUPPORT)).toHaveLength(1);
  });

  it("a 5xx from Slack is retried by the client and the post lands once", async () => {
    h = await startHarness();
    h.slack.failNext("chat.postMessage", { status: 503 });
    await h.message({ ts: "1700000401.000200", text: "charged twice" });
    await h.settle();
    expect(posts("C0BILLING1")).toHaveLength(2);
    expect(h.slack.stored.filter((m) => m.channel === "C0BILLING1")).toHaveLength(1);
    expect(await postStates()).toEqual([
      ["route", "done"],
      ["thread_note", "done"],
    ]);
  });

  it("a Slack error frees the effect and the message is tried again with backoff: posted once", async () => {
    h = await startHarness();
    h.slack.failNext("chat.postMessage", { error: "not_in_channel" });
    await h.message({ ts: "1700000402.000100", text: "charged twice" });
    await h.settle();
    const [m] = await h.table("messages");
    expect(m).toMatchObject({ status: "done", failures: 0, retryAt: null });
    expect(posts("C0BILLING1")).toHaveLength(2); // refused, then posted on the next round
    expect(h.slack.stored.filter((m) => m.channel === "C0BILLING1")).toHaveLength(1);
    expect(posts(SUPPORT)).toHaveLength(1);
    expect(
      h.logs.some((l) => /message 1: failed \(.*not_in_channel.*\); attempt 2 of 3 in 10 ms/.test(l)),
    ).toBe(true);
  });

  it("a Slack error that persists leaves the message failed after the last attempt, with a log line", async () => {
    h = await startHarness();
    h.slack.failNext("chat.postMessage", { error: "not_in_channel" }, 3);
    await h.message({ ts: "1700000402.000200", text: "charged twice" });
    await h.settle();
    const [m] = await h.table("messages");
    expect(m).toMatchObject({
      status: "failed",
      failures: 3,
      lastError: expect.stringContaining("not_in_channel"),
    });
    expect(await h.table("slackPosts")).toEqual([]);
    expect(posts(SUPPORT)).toHaveLength(0);
    expect(h.logs.some((l) => l.includes("ERROR") && l.includes("gave up after 3 attempt(s)"))).toBe(true);
  });

  it("transient classifier failures are retried; persistent ones go to review as classifier errors", async () => {
    let failures = 1;
    h = await startHarness({
      answer: (text) =>
        (text.includes("flaky") && failures-- > 0) || text.includes("down")
          ? { status: 503 }
          : { dist: { "1": 0.95 } },
    });
    await h.message({ ts: "1700000403.000100", text: "flaky: charged twice" });
    await h.message({ ts: "1700000403.000200", text: "down: charged twice" });
    await h.settle();
    expect(h.llmCalls.filter((t) => t.startsWith("flaky"))).toHaveLength(2);
    expect(h.llmCalls.filter((t) => t.startsWith("down"))).toHaveLength(2);
    expect(posts("C0BILLING1")).toHaveLength(1);
    const cards = posts(REVIEW);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]?.args.blocks)).toContain("the classifier failed");
    const rows = (await h.table("classifications")).sort((a, b) => (a.messageId ?? 0) - (b.messageId ?? 0));
    expect(rows.map((c) => [c.decision, c.reason])).toEqual([
      ["route", null],
      ["review", "classifier_error"],
    ]);
    expect((await h.table("messages")).map((m) => [m.status, m.attempts])).toEqual([
      ["done", 2],
      ["done", 2],
    ]);
  });
});
