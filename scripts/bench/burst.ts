/**
 * A burst, as during an incident: 300 messages at 50/s into one support channel, an LLM that answers in
 * 200 ms (concurrency 4), and a fake Slack that enforces ~1 post/s per channel (burst 3) with the bot pacing
 * its posts the same way. How long until every message is decided, until every team post is made, and
 * until the support channel has been told about each (thread notes at that channel's pace, or — with
 * `acknowledge: reaction` — reactions, which are not held to the per-channel post limit).
 */

import { startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { openStore } from "../../src/store/store.js";
import { benchConfig, startBenchBot, until } from "./bot-process.js";
import { answerWithLatency, messageBody } from "./traffic.js";

const COUNT = 300;
const RATE = 50;

async function run(acknowledge: "thread_note" | "reaction") {
  const slack = await startFakeSlack();
  slack.limitPostsPerChannel(1, 3);
  const llm = await startFakeOpenAI();
  answerWithLatency(llm, 200);
  const config = benchConfig({ concurrency: 4, acknowledge, post_pacing: { per_second: 1, burst: 3 } });
  const bot = await startBenchBot({ config, slack, llm });
  const store = await openStore({ url: undefined, path: bot.dbPath }, { readOnly: true });
  const at: { decided?: number; teamPosts?: number; acknowledged?: number; done?: number } = {};
  try {
    const started = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < COUNT; i++) {
      sends.push(bot.sender.json(messageBody(i, `burst${acknowledge[0]}`)).then((r) => r.arrayBuffer()));
      await new Promise((r) => setTimeout(r, 1000 / RATE));
    }
    await Promise.all(sends);
    const lastSent = performance.now();
    const lastSentAt = Date.now();
    const seconds = () => (performance.now() - lastSent) / 1000;
    const routed = () => slack.stored.filter((m) => /^C0(BILLING|ACCESS)/.test(m.channel)).length;
    const expectedRoutes = Math.round(COUNT / 2);
    const acked = () =>
      acknowledge === "reaction"
        ? slack.callsTo("reactions.add").length
        : slack.stored.filter((m) => m.channel === "C0SUPPORT1" && m.thread_ts).length;
    await until(
      () => {
        if (at.teamPosts === undefined && routed() >= expectedRoutes) at.teamPosts = seconds();
        if (at.acknowledged === undefined && acked() >= expectedRoutes) at.acknowledged = seconds();
        return bot.timings().length >= COUNT;
      },
      1_200_000,
      "every message finished",
    );
    at.done = seconds();
    // Decided = classified: read from the bot's database after the fact, by classification time.
    const rows = await store.query(({ db, t }) =>
      db.select({ at: t.classifications.createdAt }).from(t.classifications),
    );
    const lastDecided = Math.max(...rows.map((r) => r.at));
    at.decided = (lastDecided - lastSentAt) / 1000;
    return { at, sendSeconds: (lastSent - started) / 1000, rateLimited: slack.rateLimited };
  } finally {
    await store.close();
    await bot.stop();
    await slack.close();
    await llm.close();
  }
}

export async function benchBurst(): Promise<void> {
  console.log(
    `A burst: ${COUNT} messages at ${RATE}/s into one support channel, LLM 200 ms at concurrency 4, Slack limiting posts to 1/s per channel (burst 3), the bot pacing likewise. Seconds after the last message arrived:`,
  );
  for (const acknowledge of ["thread_note", "reaction"] as const) {
    const { at, rateLimited } = await run(acknowledge);
    const s = (v: number | undefined) => (v === undefined ? "–" : `${v.toFixed(1)} s`);
    console.log(
      `  acknowledge: ${acknowledge.padEnd(11)} every message decided ${s(at.decided)}; every team post made ${s(at.teamPosts)}; support channel told of every routed one ${s(at.acknowledged)}; all done ${s(at.done)} (${rateLimited} posts refused with 429)`,
    );
  }
  console.log(
    "    (half the messages are routed to two team channels, a quarter go to review and a quarter are other-heavy: the review channel, like the support channel, takes them at about 1 post/s)",
  );
}
