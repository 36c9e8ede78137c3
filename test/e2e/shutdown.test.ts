/**
 * SIGTERM as an orchestrator sends it, to the real process (src/main.ts): the bot stops taking events,
 * gives in-flight work until SHUTDOWN_TIMEOUT_S, then leaves the rest in the inbox and exits 0 — with an LLM
 * that takes 10 s, and with a Slack that takes 10 s to answer a post. The next start finishes that work
 * once. A second signal exits at once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { eventCallback, messageEvent } from "../../dev/fakes/slack-requests.js";
import { openStore } from "../../src/store/store.js";
import { exampleConfig, SUPPORT } from "../support/bot-harness.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";
import { tableRows, targetEnv, tempDir, testTarget } from "../support/test-db.js";
import { until } from "../support/until.js";

let slack: FakeSlack | undefined;
let llm: FakeOpenAI | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill("SIGKILL");
  await slack?.close();
  await llm?.close();
});

const event = (ts: string, text: string) =>
  eventCallback(messageEvent({ channel: SUPPORT, ts, text }), { eventId: `Ev-${ts}` });

async function setUp(llmDelayMs: number) {
  slack = await startFakeSlack();
  llm = await startFakeOpenAI();
  let calls = 0;
  llm.respond(() => ({ dist: { "1": 0.95 }, delayMs: calls++ === 0 ? llmDelayMs : 0 }));
  const target = await testTarget(tempDir("triage-shutdown-"));
  const opts = {
    dir: tempDir("triage-shutdown-bot-"),
    config: exampleConfig({ post_pacing: { per_second: 0, burst: 1 } }),
    slack,
    llm,
    env: { ...targetEnv(target), SHUTDOWN_TIMEOUT_S: "2" },
  };
  return { target, opts };
}

async function stopWithin(
  running: BotProcess,
  signals: number,
): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  running.child.kill("SIGTERM");
  if (signals > 1) {
    // Signals sent close together can arrive as one: the second goes once the first was taken.
    await running.logged("SIGTERM: finishing in-flight messages");
    running.child.kill("SIGTERM");
  }
  const code = await running.exited;
  return { code, ms: Date.now() - started };
}

describe("SIGTERM", () => {
  it("with a 10 s LLM: exits 0 within the deadline, and the next start triages the message once", async () => {
    const { target, opts } = await setUp(10_000);
    bot = await startBotProcess(opts);
    expect((await bot.sender.json(event("1700012001.000100", "charged twice"))).status).toBe(200);
    await until(() => (llm?.requests.length ?? 0) === 1);
    const { code, ms } = await stopWithin(bot, 1);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(4_000);
    expect(bot.output()).toMatch(/still in flight; left pending for the next start/);

    const store = await openStore(target, { readOnly: true });
    try {
      expect((await tableRows(store, "messages")).map((m) => [m.status, m.leaseOwner])).toEqual([
        ["pending", null],
      ]);
      bot = await startBotProcess(opts);
      await until(async () => (await tableRows(store, "messages"))[0]?.status === "done", 10_000);
      expect(slack?.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1")).toHaveLength(
        1,
      );
      expect(await tableRows(store, "classifications")).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("with a Slack that takes 10 s to answer a post: exits 0 within the deadline; the post is not made twice", async () => {
    const { target, opts } = await setUp(0);
    slack?.delay("chat.postMessage", 10_000);
    bot = await startBotProcess(opts);
    await bot.sender.json(event("1700012002.000100", "charged twice"));
    await slack?.waitFor("chat.postMessage");
    const { code, ms } = await stopWithin(bot, 1);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(4_000);

    slack?.delay("chat.postMessage", 0);
    const store = await openStore(target, { readOnly: true });
    try {
      bot = await startBotProcess(opts);
      await until(async () => (await tableRows(store, "messages"))[0]?.status === "done", 15_000);
    } finally {
      await store.close();
    }
    // The post Slack made while the first process was stopping is found by its key, not made again.
    const keys = (slack?.stored ?? []).map((m) => String(m.metadata?.event_payload.effect_key ?? ""));
    expect(keys.filter((k) => k.startsWith("route:"))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith("note:"))).toHaveLength(1);
  });

  it("a second signal exits at once", async () => {
    const { opts } = await setUp(10_000);
    bot = await startBotProcess({ ...opts, env: { ...opts.env, SHUTDOWN_TIMEOUT_S: "30" } });
    await bot.sender.json(event("1700012003.000100", "charged twice"));
    await until(() => (llm?.requests.length ?? 0) === 1);
    const { code, ms } = await stopWithin(bot, 2);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(2_000);
    expect(bot.output()).toMatch(/SIGTERM again: exiting now/);
  });
});
