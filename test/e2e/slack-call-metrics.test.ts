/**
 * Slack's 429s and the Web API client's retries are counted for a client built from the instrumented
 * options, over the wire against the loopback fake Slack.
 */
import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { memoryLogger } from "../../src/logger.js";
import { createMetrics } from "../../src/ops/metrics.js";
import { slackClientOptions } from "../../src/slack/client-options.js";
import { countSlackCalls } from "../../src/slack/count-calls.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";

let slack: FakeSlack | undefined;
afterEach(async () => {
  await slack?.close();
});

describe("Slack call metrics", () => {
  it("count each 429 by method and each retry, not the calls that went through or gave up for good", async () => {
    slack = await startFakeSlack();
    const metrics = createMetrics({ processMetrics: false });
    const options = slackClientOptions(
      { apiUrl: slack.url },
      memoryLogger(),
      webApi.retryPolicies.rapidRetryPolicy,
    );
    const client = new webApi.WebClient("xoxb-test", countSlackCalls(options, metrics));

    slack.failNext("chat.postMessage", { status: 429, retryAfter: 0 });
    await client.chat.postMessage({ channel: "C0SUPPORT1", text: "hello" });
    slack.failNext("users.info", { status: 500 }, 2);
    await client.users.info({ user: "U0PERSON01" });
    // A Slack error is an answer, not a failure to retry.
    slack.failNext("chat.getPermalink", { error: "channel_not_found" });
    await expect(client.chat.getPermalink({ channel: "C0NONE0001", message_ts: "1.2" })).rejects.toThrow(
      /channel_not_found/,
    );
    await client.auth.test();

    const families = parsePrometheusText(await metrics.text());
    expect(families.get("triage_slack_rate_limited_total")?.samples).toEqual([
      { name: "triage_slack_rate_limited_total", labels: { method: "chat.postMessage" }, value: 1 },
    ]);
    expect(sampleValue(families, "triage_slack_retries_total")).toBe(3);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("count no retry after the last attempt, and keep the policy's own hook", async () => {
    slack = await startFakeSlack();
    const metrics = createMetrics({ processMetrics: false });
    const seen: number[] = [];
    const policy = {
      retries: 2,
      minTimeout: 0,
      maxTimeout: 1,
      onFailedAttempt: (error: { attemptNumber: number }) => seen.push(error.attemptNumber),
    };
    const options = slackClientOptions({ apiUrl: slack.url }, memoryLogger(), policy);
    const client = new webApi.WebClient("xoxb-test", countSlackCalls(options, metrics));
    slack.failNext("users.info", { status: 503 }, 5);
    await expect(client.users.info({ user: "U0PERSON01" })).rejects.toThrow();
    expect(slack.callsTo("users.info")).toHaveLength(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(sampleValue(parsePrometheusText(await metrics.text()), "triage_slack_retries_total")).toBe(2);
  });
});
