/**
 * The backfill service as the Slack command calls it: a real WebClient against the fake Slack, a stub
 * classifier, the real database. What the CLI does not show: decisions under the thresholds in force,
 * messages the live bot triaged already, stopping on a signal, the order of progress reports.
 */
import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { seedHistory } from "../../dev/fakes/slack-history.js";
import type { Classification, Classifier } from "../../src/classify/types.js";
import { createLogger } from "../../src/logger.js";
import {
  type BackfillProgress,
  backfillChannel,
  NotASupportChannelError,
} from "../../src/services/backfill/backfill-channel.js";
import { slackClientOptions } from "../../src/slack/client-options.js";
import { activateThresholdSet, saveThresholdSet } from "../../src/store/queries/threshold-sets.js";
import { exampleConfig } from "../support/config-fixture.js";
import { seedMessage } from "../support/seed.js";
import { type TestDb, tableRows, testDb } from "../support/test-db.js";

const CHANNEL = "C0SUPPORT1";
let d: TestDb;
let slack: FakeSlack;

beforeEach(async () => {
  d = await testDb();
  slack = await startFakeSlack();
});
afterEach(async () => {
  await slack.close();
  await d.cleanup();
});

function stubClassifier(wait?: () => Promise<void>): Classifier & { asked: string[] } {
  const asked: string[] = [];
  return {
    model: "m",
    promptFingerprint: "fp",
    asked,
    async classify(text): Promise<Classification> {
      asked.push(text);
      await wait?.();
      const billing = /charged/.test(text) ? 0.9 : 0.3;
      return {
        probs: { billing },
        other: 1 - billing,
        model: "m",
        promptFingerprint: "fp",
        strayTokens: [],
        latencyMs: 3,
      };
    },
  };
}

function deps(classifier: Classifier) {
  return {
    store: d.store,
    client: new webApi.WebClient(
      "xoxb-test",
      slackClientOptions(
        { apiUrl: slack.url },
        createLogger("error", () => {}),
      ),
    ),
    classifier,
    config: exampleConfig(),
    workspace: { teamId: "T0G9PQBBK", url: "https://acme.slack.com/", botUserId: "W23456789" },
  };
}

const seed = (count: number) =>
  seedHistory(slack, CHANNEL, {
    count,
    nowMs: Date.now(),
    days: 30,
    botUserId: "W23456789",
    botId: "BZYBOTHED",
  });

describe("backfillChannel", () => {
  it("decides under the thresholds in force, as information only, and leaves what the live bot triaged alone", async () => {
    const history = seed(12);
    const live = history.questions[3] as { ts: string };
    await seedMessage(d.store, {
      ts: live.ts,
      channelId: CHANNEL,
      text: "live",
      probs: { billing: 0.9 },
      other: 0.1,
    });
    const set = await saveThresholdSet(d.store, {
      createdBy: "U0ADMIN001",
      targetPrecision: 0.95,
      confidence: 0.9,
      promptFingerprint: "fp",
      labelCount: 100,
      thresholds: { default: 0.95, other: 0.3, categories: {} },
    });
    await activateThresholdSet(d.store, { id: set, by: "U0ADMIN001", action: "apply" });
    const progress: BackfillProgress[] = [];
    const c = stubClassifier();
    const summary = await backfillChannel(deps(c), {
      channel: CHANNEL,
      days: 30,
      concurrency: 3,
      onProgress: (p) => progress.push(p),
    });
    expect(summary).toMatchObject({
      read: history.listed,
      skipped: { filtered: history.noise, alreadyDone: 0, live: 1 },
      classified: 11,
      failed: 0,
      lastError: null,
      complete: true,
    });
    expect(c.asked).toHaveLength(11);
    const backfilled = (await tableRows(d.store, "messages")).filter((m) => m.origin === "backfill");
    expect(backfilled.every((m) => m.routedCategory === null && m.status === "done")).toBe(true);
    const classifications = (await tableRows(d.store, "classifications")).filter(
      (c) => c.promptFingerprint === "fp",
    );
    expect(classifications).toHaveLength(11);
    expect(classifications.every((c) => c.thresholdSetId === set && !c.audit && c.auditRate === null)).toBe(
      true,
    );
    // The config's 0.8 would route the 0.9 ones; the set in force (0.95) does not.
    expect(classifications.filter((c) => c.topProb === 0.9)).not.toHaveLength(0);
    expect(classifications.every((c) => c.decision === "review")).toBe(true);
    expect(progress[0]?.phase).toBe("reading");
    expect(progress.at(-1)).toMatchObject({ phase: "classifying", done: 11, total: 11, failed: 0 });
  });

  it("refuses the review channel and route channels without reading anything", async () => {
    for (const channel of ["C0REVIEW01", "C0BILLING1"]) {
      await expect(
        backfillChannel(deps(stubClassifier()), { channel, days: 30, concurrency: 1 }),
      ).rejects.toThrow(NotASupportChannelError);
    }
    expect(slack.callsTo("conversations.history")).toHaveLength(0);
  });

  it("stops when its signal is aborted: what was stored stays, and the summary says it is not complete", async () => {
    seed(40);
    const stop = new AbortController();
    let answered = 0;
    const c = stubClassifier(async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (++answered === 10) stop.abort();
    });
    const summary = await backfillChannel(deps(c), {
      channel: CHANNEL,
      days: 30,
      concurrency: 2,
      signal: stop.signal,
    });
    expect(summary.complete).toBe(false);
    expect(summary.classified).toBeLessThan(40);
    expect(await tableRows(d.store, "messages")).toHaveLength(summary.classified);
  });
});
