/**
 * Throughput: a burst of message events, then the time until the worker has finished every one (classified
 * and posted), at concurrency 1, 4 and 16 with a 1 s LLM; once more with an instant LLM (what the bot
 * itself can do); and once with Slack's per-channel post limit enforced by the fake and the bot's own
 * pacing on (as configured by default), counting 429s and checking every post still lands exactly once.
 */
import { startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { benchConfig, startBenchBot, until } from "./bot-process.js";
import { answerWithLatency, messageBody } from "./traffic.js";

async function run(opts: { concurrency: number; count: number; llmMs: number; slackLimit?: boolean }) {
  const slack = await startFakeSlack();
  if (opts.slackLimit) slack.limitPostsPerChannel(1, 3);
  const llm = await startFakeOpenAI();
  answerWithLatency(llm, opts.llmMs);
  // Without Slack's limit, the bot's own pacing is off too: these runs measure the bot.
  const pacing = opts.slackLimit ? { per_second: 1, burst: 3 } : { per_second: 0, burst: 3 };
  const config = benchConfig({ concurrency: opts.concurrency, post_pacing: pacing });
  const bot = await startBenchBot({ config, slack, llm });
  try {
    const tag = `c${opts.concurrency}l${opts.llmMs}${opts.slackLimit ? "s" : ""}`;
    const started = performance.now();
    for (let i = 0; i < opts.count; i++) await (await bot.sender.json(messageBody(i, tag))).arrayBuffer();
    await until(() => bot.timings().length >= opts.count, 300_000, `${opts.count} finished messages`);
    const seconds = (performance.now() - started) / 1000;
    const keys = slack.stored.map((m) => String(m.metadata?.event_payload.effect_key ?? ""));
    const duplicates = keys.length - new Set(keys).size;
    return { perSecond: opts.count / seconds, seconds, rateLimited: slack.rateLimited, duplicates };
  } finally {
    await bot.stop();
    await slack.close();
    await llm.close();
  }
}

export async function benchThroughput(): Promise<void> {
  console.log("Throughput (a burst of events, until every message is classified and posted; pacing off):");
  for (const concurrency of [1, 4, 16]) {
    const count = 10 * concurrency;
    const r = await run({ concurrency, count, llmMs: 1_000 });
    console.log(
      `  concurrency ${String(concurrency).padStart(2)}, LLM 1 s: ${r.perSecond.toFixed(1)} messages/s (${count} in ${r.seconds.toFixed(1)} s)`,
    );
  }
  const instant = await run({ concurrency: 16, count: 400, llmMs: 0 });
  console.log(
    `  concurrency 16, instant LLM and Slack: ${instant.perSecond.toFixed(0)} messages/s (400 in ${instant.seconds.toFixed(1)} s) — the bot's own ceiling`,
  );
  const limited = await run({ concurrency: 16, count: 80, llmMs: 1_000, slackLimit: true });
  console.log(
    `  concurrency 16, LLM 1 s, the fake Slack limiting posts to 1/s per channel (burst 3), the bot pacing its posts the same way: ${limited.perSecond.toFixed(1)} messages/s; ` +
      `${limited.rateLimited} posts refused with 429 and retried, ${limited.duplicates} duplicates`,
  );
  console.log(
    "    (every routed message's thread note goes to the one support channel and every card to the review channel, so Slack's ~1 post/s per channel bounds a single support channel at about 1–2 messages/s)",
  );
}
