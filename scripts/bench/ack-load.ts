/**
 * Ack latency under load: signed message events into the running bot's HTTP receiver at a fixed rate while
 * every LLM answer takes a second, measured from send to Slack's answer (the inbox row is written before it).
 * Then the bot's own time per message, from its log: with that 1 s LLM, and with an instant LLM and Slack.
 */
import { startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { benchConfig, startBenchBot, until } from "./bot-process.js";
import { aim, ms, percentile } from "./percentiles.js";
import { answerWithLatency, messageBody } from "./traffic.js";

async function sendAtRate(
  send: (i: number) => Promise<Response>,
  count: number,
  perSecond: number,
): Promise<{ latencies: number[]; failed: number }> {
  const interval = 1000 / perSecond;
  const start = performance.now();
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    inFlight.push(
      send(i).then(
        async (res) => {
          await res.arrayBuffer();
          latencies.push(performance.now() - sent);
          if (res.status !== 200) failed += 1;
        },
        () => {
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, failed };
}

export interface AckResult {
  rssMb: number;
}

export async function benchAckLatency(perSecond: number, seconds: number): Promise<AckResult> {
  const slack = await startFakeSlack();
  const llm = await startFakeOpenAI();
  answerWithLatency(llm, 1_000);
  const bot = await startBenchBot({ config: benchConfig(), slack, llm });
  try {
    const count = perSecond * seconds;
    const { latencies, failed } = await sendAtRate(
      (i) => bot.sender.json(messageBody(i, "ack")),
      count,
      perSecond,
    );
    const p50 = percentile(latencies, 0.5);
    const p99 = percentile(latencies, 0.99);
    console.log(
      `Ack latency, ${count} message events at ${perSecond}/s, LLM answering after 1 s (default config: concurrency 4, posts paced):`,
    );
    console.log(
      `  p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...latencies))}; non-200: ${failed} (aim p99 < 50 ms: ${aim(p99 < 50)})`,
    );
    // Let the worker get through a few more, so the per-message figures have a sample.
    await until(() => bot.timings().length >= 30, 60_000, "30 finished messages");
    const t = bot.timings();
    const own = t.map((x) => x.ownMs);
    console.log(
      `  meanwhile ${t.length} messages finished: total p50 ${ms(
        percentile(
          t.map((x) => x.totalMs),
          0.5,
        ),
      )}, ` +
        `of which LLM p50 ${ms(
          percentile(
            t.map((x) => x.llmMs),
            0.5,
          ),
        )}, Slack p50 ${ms(
          percentile(
            t.map((x) => x.slackMs),
            0.5,
          ),
        )}`,
    );
    console.log(
      `  the bot's own time per message (outside the LLM and Slack calls): p50 ${ms(percentile(own, 0.5), 2)}, p99 ${ms(percentile(own, 0.99), 2)} (aim p50 < 2 ms: ${aim(percentile(own, 0.5) < 2)})`,
    );
    const rssMb = bot.peakRssMb();
    console.log(`  peak RSS of the bot process: ${rssMb.toFixed(0)} MB (aim < 200 MB: ${aim(rssMb < 200)})`);
    return { rssMb };
  } finally {
    await bot.stop();
    await slack.close();
    await llm.close();
  }
}

/** The bot's own time with an instant LLM and Slack: nothing but its own work between the calls. */
export async function benchOverhead(count: number): Promise<void> {
  const slack = await startFakeSlack();
  const llm = await startFakeOpenAI();
  answerWithLatency(llm, 0);
  // Pacing off: its waits would count as Slack time anyway, and one-at-a-time posting would take minutes.
  const config = benchConfig({ concurrency: 1, post_pacing: { per_second: 0, burst: 3 } });
  const bot = await startBenchBot({ config, slack, llm });
  try {
    // One at a time, each finished before the next arrives, so nothing else runs in between.
    for (let i = 0; i < count; i++) {
      const res = await bot.sender.json(messageBody(i, "own"));
      await res.arrayBuffer();
      await until(() => bot.timings().length > i, 10_000, `message ${i + 1} finished`);
    }
    const t = bot.timings();
    const own = t.map((x) => x.ownMs);
    console.log(
      `Own time per message with an instant LLM and Slack (${count} messages, one at a time): p50 ${ms(percentile(own, 0.5), 2)}, p99 ${ms(percentile(own, 0.99), 2)}; ` +
        `whole message p50 ${ms(
          percentile(
            t.map((x) => x.totalMs),
            0.5,
          ),
          2,
        )} (LLM call p50 ${ms(
          percentile(
            t.map((x) => x.llmMs),
            0.5,
          ),
          2,
        )}, Slack calls p50 ${ms(
          percentile(
            t.map((x) => x.slackMs),
            0.5,
          ),
          2,
        )})`,
    );
  } finally {
    await bot.stop();
    await slack.close();
    await llm.close();
  }
}
