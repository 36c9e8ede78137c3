/**
 * Two bot processes on one database — Postgres, or one SQLite file as during a rolling restart — with
 * messages delivered across both, and one of them killed with SIGKILL mid-flight: every message is
 * classified once and routed or reviewed once, with no duplicate post. The survivor takes over the dead
 * replica's leased rows and the events Slack delivers again.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, type FakeReply, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { eventCallback, messageEvent } from "../../dev/fakes/slack-requests.js";
import { openStore } from "../../src/store/store.js";
import { exampleConfig, SUPPORT } from "../support/bot-harness.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";
import { tableRows, targetEnv, tempDir, testDialect, testTarget } from "../support/test-db.js";
import { until } from "../support/until.js";

const MESSAGES = 200;
const TEXTS = ["We were charged twice", "SSO login loop", "Our webhook is acting weird", "Lunch anyone?"];

let slack: FakeSlack | undefined;
let llm: FakeOpenAI | undefined;
const bots: BotProcess[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  await slack?.close();
  await llm?.close();
});

describe(`two replicas on one ${testDialect() === "postgres" ? "Postgres" : "SQLite file"}`, () => {
  it("one killed mid-flight: every message classified once, routed or reviewed once, no duplicate post", async () => {
    slack = await startFakeSlack();
    slack.delay("chat.postMessage", 30);
    llm = await startFakeOpenAI();
    let n = 0;
    llm.respond((req): FakeReply => {
      const delayMs = 20 + ((n++ * 37) % 60);
      if (/charged/.test(req.message)) return { dist: { "1": 0.95 }, delayMs };
      if (/SSO/.test(req.message)) return { dist: { "2": 0.93 }, delayMs };
      if (/webhook/.test(req.message)) return { dist: { "3": 0.6, "4": 0.3 }, delayMs };
      return { dist: { "0": 0.85 }, delayMs };
    });
    const target = await testTarget(tempDir("triage-replicas-"));
    // Unpaced, so that Slack's per-channel post limit does not set the pace of the test.
    const config = exampleConfig({ concurrency: 4, post_pacing: { per_second: 0, burst: 1 } });
    const start = () =>
      startBotProcess({
        dir: tempDir("triage-replica-"),
        config,
        slack: slack as FakeSlack,
        llm: llm as FakeOpenAI,
        env: targetEnv(target),
      });
    const [a, b] = await Promise.all([start(), start()]);
    if (!a || !b) throw new Error("replicas did not start");
    bots.push(a, b);

    const s = slack;
    const killed = s
      .waitFor("chat.postMessage", () => s.callsTo("chat.postMessage").length >= 60)
      .then(() => a.child.kill("SIGKILL"));
    const events = Array.from({ length: MESSAGES }, (_, i) => {
      const ts = `1700010000.${String(i + 1).padStart(6, "0")}`;
      const text = `${TEXTS[i % TEXTS.length]} (#${i + 1})`;
      return eventCallback(messageEvent({ channel: SUPPORT, ts, text }), { eventId: `Ev-rep-${i + 1}` });
    });
    // Slack's side: each event goes to one replica; one that is not answered 200 is delivered again.
    const unanswered: typeof events = [];
    await Promise.all(
      events.map(async (event, i) => {
        const res = await (i % 2 === 0 ? a : b).sender.json(event).catch(() => null);
        if (res?.status !== 200) unanswered.push(event);
      }),
    );
    await killed;
    await a.exited;
    for (const event of unanswered) {
      expect((await b.sender.json(event, { retryNum: 1 })).status).toBe(200);
    }

    const store = await openStore(target, { readOnly: true });
    try {
      await until(async () => {
        const rows = await tableRows(store, "messages");
        return rows.length === MESSAGES && rows.every((m) => m.status === "done");
      }, 60_000).catch(async (err) => {
        const rows = await tableRows(store, "messages");
        const summary = new Map<string, number>();
        for (const r of rows) {
          const k = `${r.status} ${r.leaseOwner ?? "-"} failures=${r.failures} ${r.lastError ?? ""}`;
          summary.set(k, (summary.get(k) ?? 0) + 1);
        }
        console.log(
          rows.length,
          [...summary],
          b
            .output()
            .split("\n")
            .filter((l) => /took back|WARN|ERROR/.test(l))
            .join("\n"),
        );
        throw err;
      });
      const inbox = await tableRows(store, "messages");
      const classified = await tableRows(store, "classifications");
      expect(classified.map((c) => c.messageId).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
        inbox.map((m) => m.id),
      );
      const byKey = new Map<string, number>();
      for (const m of s.stored) {
        const key = String(m.metadata?.event_payload.effect_key ?? "");
        byKey.set(key, (byKey.get(key) ?? 0) + 1);
      }
      expect([...byKey].filter(([, count]) => count > 1)).toEqual([]);
      for (const { id, text } of inbox) {
        const expected = /^(We were|SSO)/.test(text) ? 2 : 1;
        const mine = [...byKey.keys()].filter((k) => new RegExp(`^[a-z_]+:${id}(:|$)`).test(k));
        expect([text, mine.length]).toEqual([text, expected]);
      }
    } finally {
      await store.close();
    }
    // Both replicas worked, and the survivor took over what the killed one held.
    expect(a.output()).toMatch(/message \d+: (routed|sent to review)/);
    expect(b.output()).toMatch(/took back \d+ inbox message\(s\) left by a stopped process/);
    // Only messages whose LLM call was in flight in the killed replica (at most its concurrency) were asked twice.
    expect(llm.requests.length).toBeGreaterThanOrEqual(MESSAGES);
    expect(llm.requests.length).toBeLessThanOrEqual(MESSAGES + 4);
  }, 120_000);
});
