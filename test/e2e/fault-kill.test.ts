/**
 * `kill -9` of the real app process (src/main.ts) while classifications and posts are in flight, then a
 * restart on the same database: every message Slack was told it received is routed or reviewed, and none
 * twice. The fake Slack makes each post at once but answers 100 ms later, so the kill always lands between
 * a post and its record for the calls in flight — the case where recovery must find the post (by the effect
 * key in its metadata) instead of making it again.
 *
 * SQLite only (not in the postgres test project): the restart on the same file is the case under test;
 * two processes on one database, Postgres included, are replicas.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, type FakeReply, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { eventCallback, messageEvent } from "../../dev/fakes/slack-requests.js";
import type { DatabaseTarget } from "../../src/config.js";
import { openStore, type Store } from "../../src/store/store.js";
import { exampleConfig, REVIEW, SUPPORT } from "../support/bot-harness.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";
import { tableRows, targetEnv, tempDir, testTarget } from "../support/test-db.js";
import { until } from "../support/until.js";

const MESSAGES = 16;
const TEXTS = ["We were charged twice", "SSO login loop", "Our webhook is acting weird", "Lunch anyone?"];

let slack: FakeSlack | undefined;
let llm: FakeOpenAI | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill("SIGKILL");
  await slack?.close();
  await llm?.close();
});

interface Counts {
  inbox: number;
  done: number;
  inDoubt: number;
}

/** Reads the database the bot process uses, as another process would (read-only). */
async function read<T>(target: DatabaseTarget, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(target, { readOnly: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function counts(target: DatabaseTarget): Promise<Counts> {
  return read(target, async (store) => {
    const messages = await tableRows(store, "messages");
    const posts = await tableRows(store, "slackPosts");
    return {
      inbox: messages.length,
      done: messages.filter((m) => m.status === "done").length,
      inDoubt: posts.filter((p) => p.status === "pending").length,
    };
  });
}

async function crashAndRecover(killAfterPosts: number) {
  slack = await startFakeSlack();
  slack.delay("chat.postMessage", 100);
  llm = await startFakeOpenAI();
  let n = 0;
  // 20–120 ms per answer; keyword rules as in the other tests.
  llm.respond((req): FakeReply => {
    const delayMs = 20 + ((n++ * 37) % 100);
    if (/charged/.test(req.message)) return { dist: { "1": 0.95 }, delayMs };
    if (/SSO/.test(req.message)) return { dist: { "2": 0.93 }, delayMs };
    if (/webhook/.test(req.message)) return { dist: { "3": 0.6, "4": 0.3 }, delayMs };
    return { dist: { "0": 0.85 }, delayMs };
  });
  const dir = tempDir("triage-kill-");
  const target = await testTarget(dir);
  const opts = { dir, config: exampleConfig({ concurrency: 4 }), slack, llm, env: targetEnv(target) };
  bot = await startBotProcess(opts);
  const s = slack;
  const running = bot;
  // Killed the moment the post arrives: Slack has it, the bot has not heard back.
  const killed = s
    .waitFor("chat.postMessage", () => s.callsTo("chat.postMessage").length >= killAfterPosts)
    .then(() => running.child.kill("SIGKILL"));
  const events = Array.from({ length: MESSAGES }, (_, i) => {
    const ts = `1700009500.${String(i + 1).padStart(6, "0")}`;
    const text = `${TEXTS[i % TEXTS.length]} (#${i + 1})`;
    return eventCallback(messageEvent({ channel: SUPPORT, ts, text }), { eventId: `Ev-kill-${i + 1}` });
  });
  // Slack's side: an event the bot did not answer 200 is delivered again later.
  const unanswered: typeof events = [];
  let acked = 0;
  for (const event of events) {
    const res = await bot.sender.json(event).catch(() => null);
    if (res?.status === 200) acked += 1;
    else unanswered.push(event);
  }
  await killed;
  await bot.exited;
  const atKill = await counts(target);
  const llmCallsAtKill = llm.requests.length;

  bot = await startBotProcess(opts);
  for (const event of unanswered) {
    expect((await bot.sender.json(event, { retryNum: 1 })).status).toBe(200);
  }
  await until(async () => (await counts(target)).done === MESSAGES, 15_000);
  bot.child.kill("SIGTERM");
  expect(await bot.exited).toBe(0);
  const inbox = await read(target, async (store) =>
    (await tableRows(store, "messages")).map(({ id, text }) => ({ id, text })),
  );
  return {
    acked,
    atKill,
    llmCallsAtKill,
    after: await counts(target),
    restartLog: bot.output(),
    inbox,
  };
}

/** Every post Slack holds, by the effect key it carries. */
function postsByKey(): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const m of slack?.stored ?? []) {
    const key = String(m.metadata?.event_payload.effect_key ?? "");
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  return byKey;
}

describe("kill -9 mid-flight, then restart", () => {
  it.each([3, 12])(
    "killed at the %i-th post: every message routed or reviewed once, no duplicate",
    async (killAfterPosts) => {
      const { acked, atKill, llmCallsAtKill, after, restartLog, inbox } =
        await crashAndRecover(killAfterPosts);
      // Every event answered 200 was in the inbox before the kill (the rest Slack delivered again).
      expect(atKill.inbox).toBeGreaterThanOrEqual(acked);
      expect(atKill.done).toBeLessThan(MESSAGES);
      // The kill left posts in doubt (made in Slack, never recorded): the case under test.
      expect(atKill.inDoubt).toBeGreaterThan(0);
      expect(after).toEqual({ inbox: MESSAGES, done: MESSAGES, inDoubt: 0 });

      const byKey = postsByKey();
      const duplicates = [...byKey.values()].reduce((sum, k) => sum + k - 1, 0);
      if (duplicates)
        console.log(
          [...byKey].filter(([, n]) => n > 1),
          restartLog,
          JSON.stringify(slack?.stored.slice(0, 8), null, 1),
        );
      expect(duplicates).toBe(0);
      for (const { id, text } of inbox) {
        const expected = text.startsWith("We were")
          ? [`note:${id}:billing`, `route:${id}:billing`]
          : text.startsWith("SSO")
            ? [`note:${id}:account_access`, `route:${id}:account_access`]
            : [`card:${id}`];
        const mine = [...byKey.keys()].filter((k) => new RegExp(`^[a-z_]+:${id}(:|$)`).test(k)).sort();
        expect([text, mine]).toEqual([text, expected]);
      }
      expect(slack?.stored.filter((m) => m.channel === REVIEW)).toHaveLength(MESSAGES / 2);
      expect(restartLog).toMatch(/in doubt was posted \(ts [\d.]+\); recorded it/);
      // Only messages whose LLM call was in flight (at most `concurrency` = 4) are asked again.
      expect(llmCallsAtKill).toBeGreaterThan(0);
      expect(llm?.requests.length).toBeGreaterThanOrEqual(MESSAGES);
      expect(llm?.requests.length).toBeLessThanOrEqual(MESSAGES + 4);
    },
  );
});
