/**
 * The LLM endpoint failing, over the wire (real classifier → loopback OpenAI-compatible server): 429, 500
 * and timeouts are retried with growing waits; when they persist the message goes to review with reason
 * `classifier_error` — a card in the review channel, never silently dropped. A failure that cannot pass
 * (a rejected key) is not retried.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FakeReply } from "../../dev/fakes/fake-openai.js";
import { exampleConfig, type Harness, REVIEW, startHarness } from "../support/bot-harness.js";

let h: Harness;
afterEach(async () => h?.stop());

const BACKOFF_MS = 40;

async function harnessAnswering(reply: (attempt: number) => FakeReply) {
  h = await startHarness({
    classifyRetry: { attempts: 3, baseDelayMs: BACKOFF_MS },
    config: exampleConfig({ llm: { timeout_ms: 200, max_retries: 0 } }),
  });
  const arrivals: number[] = [];
  h.llm.respond(() => {
    arrivals.push(performance.now());
    return reply(arrivals.length);
  });
  return arrivals;
}

describe("LLM trouble", () => {
  it.each<[string, FakeReply, RegExp]>([
    ["429 with Retry-After", { status: 429, headers: { "retry-after": "0" } }, /is rate limiting model/],
    ["500", { status: 500 }, /failed with 500 for model/],
    ["a timeout", { hang: true }, /did not answer within 200 ms/],
  ])("%s: retried with backoff, then sent to review as a classifier error", async (_what, reply, error) => {
    const arrivals = await harnessAnswering(() => reply);
    await h.message({ ts: "1700009301.000100", text: "charged twice" });
    await h.settle();

    expect(arrivals).toHaveLength(3);
    // Waits of 40 ms then 160 ms between the attempts (at least; a timeout adds its own 200 ms).
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(BACKOFF_MS - 1);
    expect((arrivals[2] ?? 0) - (arrivals[1] ?? 0)).toBeGreaterThanOrEqual(4 * BACKOFF_MS - 1);
    const [c] = await h.table("classifications");
    expect(c).toMatchObject({ decision: "review", reason: "classifier_error", topCategory: null, other: 1 });
    expect(c?.error).toMatch(error);
    const cards = h.slack.callsTo("chat.postMessage").filter((p) => p.args.channel === REVIEW);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]?.args.blocks)).toContain("the classifier failed");
    expect(await h.table("messages")).toMatchObject([{ status: "done", attempts: 3 }]);
    expect(h.logs.filter((l) => /message 1: classifier failed .*; retry \d in \d+ ms/.test(l))).toHaveLength(
      2,
    );
    expect(h.logs.some((l) => /ERROR .*message 1: sent to review, classifier failed/.test(l))).toBe(true);
  });

  it("a rejected API key is not retried: one call, then review", async () => {
    const arrivals = await harnessAnswering(() => ({ status: 401 }));
    await h.message({ ts: "1700009302.000100", text: "charged twice" });
    await h.settle();
    expect(arrivals).toHaveLength(1);
    expect(await h.table("classifications")).toMatchObject([
      { decision: "review", reason: "classifier_error" },
    ]);
  });

  it("trouble that clears within the attempts: the message is classified and routed as usual", async () => {
    const arrivals = await harnessAnswering((n) => (n <= 2 ? { status: 503 } : { dist: { "1": 0.95 } }));
    await h.message({ ts: "1700009303.000100", text: "charged twice" });
    await h.settle();
    expect(arrivals).toHaveLength(3);
    expect(await h.table("classifications")).toMatchObject([
      { decision: "route", topCategory: "billing", reason: null },
    ]);
    expect(h.slack.callsTo("chat.postMessage").filter((p) => p.args.channel === "C0BILLING1")).toHaveLength(
      1,
    );
    expect(h.slack.callsTo("chat.postMessage").filter((p) => p.args.channel === REVIEW)).toHaveLength(0);
  });
});
