/** Start-up time: process start → the HTTP receiver listening ("triage bot up"), over several starts. */
import { startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { benchConfig, startBenchBot } from "./bot-process.js";
import { aim, ms, percentile } from "./percentiles.js";

export async function benchStartup(runs: number): Promise<void> {
  const slack = await startFakeSlack();
  const llm = await startFakeOpenAI();
  const times: number[] = [];
  const rss: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const bot = await startBenchBot({ config: benchConfig(), slack, llm });
      times.push(bot.startupMs);
      rss.push(bot.peakRssMb());
      await bot.stop();
    }
  } finally {
    await slack.close();
    await llm.close();
  }
  const p50 = percentile(times, 0.5);
  console.log(
    `Start-up (node dist/main.js → listening), ${runs} starts: median ${ms(p50, 0)}, slowest ${ms(Math.max(...times), 0)} (aim < 1.5 s: ${aim(p50 < 1500)}); RSS when up ${percentile(rss, 0.5).toFixed(0)} MB`,
  );
}
