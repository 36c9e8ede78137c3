/**
 * Slack's Web API failing, over the wire (the loopback fake Slack): a 429 with Retry-After holds the calls
 * and retries them; 5xx are retried by the client, and when they outlast its retries the message is tried
 * again later (also after a restart) and the post lands exactly once. `stored` is what Slack ended up with.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, SUPPORT, startHarness } from "../support/bot-harness.js";
import { until } from "../support/until.js";

let h: Harness;
afterEach(async () => h?.stop());

/** Posts Slack actually holds in a channel (refused calls store nothing). */
const stored = (channel: string) => h.slack.stored.filter((m) => m.channel === channel);

describe("Slack trouble", () => {
  it("a 429 with Retry-After in a burst: every call waits and is retried; each post lands once", async () => {
    h = await startHarness();
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 }, 2);
    const started = performance.now();
    for (let i = 1; i <= 5; i++)
      await h.message({ ts: `1700009401.00010${i}`, text: `charged twice (${i})` });
    await h.settle();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(stored("C0BILLING1")).toHaveLength(5);
    expect(
      stored(SUPPORT)
        .map((m) => m.thread_ts)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5].map((i) => `1700009401.00010${i}`));
    expect(h.slack.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(12);
    expect((await h.statuses()).every((s) => s === "done")).toBe(true);
  });

  it("5xx beyond the client's retries: the message is tried again with backoff and posted once", async () => {
    h = await startHarness();
    // The test client retries 10 times; 12 failures outlast the first round.
    h.slack.failNext("chat.postMessage", { status: 503 }, 12);
    await h.message({ ts: "1700009402.000100", text: "charged twice" });
    await h.settle();
    expect(stored("C0BILLING1")).toHaveLength(1);
    expect(stored(SUPPORT)).toHaveLength(1);
    // The claim was in doubt: the next round looked for the post before making it.
    expect(h.slack.callsTo("conversations.history")).toHaveLength(1);
    expect(h.logs.some((l) => /message 1: failed \(.*503.*\); attempt 2 of 3/.test(l))).toBe(true);
    expect(h.logs.some((l) => l.includes("route in doubt is not in C0BILLING1; posting it again"))).toBe(
      true,
    );
    expect(await h.table("messages")).toMatchObject([{ status: "done", failures: 0 }]);
  });

  it("a message waiting to retry when the bot stops is retried after the restart", async () => {
    h = await startHarness({ roundRetry: { attempts: 3, baseDelayMs: 300 } });
    h.slack.failNext("chat.postMessage", { status: 503 }, 11);
    await h.message({ ts: "1700009403.000100", text: "charged twice" });
    const waiting = async () => (await h.table("messages"))[0];
    await until(async () => Boolean((await waiting())?.retryAt));
    expect(await waiting()).toMatchObject({ status: "pending", failures: 1 });
    await h.restart();
    await h.settle();
    expect(stored("C0BILLING1")).toHaveLength(1);
    expect(await h.table("messages")).toMatchObject([{ status: "done" }]);
  });

  it("/triage stats counts messages that could not be posted", async () => {
    h = await startHarness();
    h.slack.failNext("chat.postMessage", { error: "channel_not_found" }, 3);
    await h.message({ ts: "1700009404.000100", text: "charged twice" });
    await h.settle();
    const stats = await h.command("stats", "U0PERSON01");
    expect(JSON.stringify(stats.blocks)).toContain(
      "not posted yet: 0 waiting to retry, 1 failed after every retry (the bot's log says why)",
    );
  });
});
