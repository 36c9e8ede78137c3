/**
 * Backfill throughput: the built CLI (`node dist/cli/bin.js backfill`, what `npx triage backfill` runs) reads
 * a channel's history from the fake Slack (real-shaped pages with joins, bots and our own posts among the
 * questions) and classifies each question against the fake LLM answering after a fixed latency, into a
 * fresh SQLite file. Reported: messages per second over the whole run (start-up, reading, classifying,
 * writing the CSV) and over the classifying phase alone (the CLI's own last progress line).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { answerByKeyword, seedHistory } from "../../dev/fakes/slack-history.js";
import { benchConfig, ROOT } from "./bot-process.js";

async function run(opts: { count: number; concurrency: number; llmMs: number }) {
  const slack = await startFakeSlack();
  const llm = await startFakeOpenAI();
  answerByKeyword(llm, { delayMs: opts.llmMs });
  const dir = mkdtempSync(join(tmpdir(), "triage-bench-backfill-"));
  const history = seedHistory(slack, "C0SUPPORT1", {
    count: opts.count,
    nowMs: Date.now(),
    days: 30,
    botUserId: String(slack.authTest.user_id),
    botId: String(slack.authTest.bot_id),
  });
  writeFileSync(join(dir, "triage.yml"), JSON.stringify(benchConfig()));
  const args = ["backfill", "--channel", "C0SUPPORT1", "--days", "30", "--out", "history.csv"];
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, "dist/cli/bin.js"), ...args, "--concurrency", String(opts.concurrency)],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        SLACK_BOT_TOKEN: "xoxb-bench",
        SLACK_API_URL: slack.url,
        OPENAI_BASE_URL: llm.url,
        TRIAGE_CONFIG: join(dir, "triage.yml"),
        TRIAGE_DB_PATH: join(dir, "triage.db"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const seconds = (performance.now() - started) / 1000;
  try {
    if (code !== 0) throw new Error(`backfill exited with ${code}: ${stderr.trim()}`);
    const last = [...stderr.matchAll(/(\d+)\/(\d+) classified · ([\d.]+)\/s/g)].at(-1);
    return {
      seconds,
      perSecond: opts.count / seconds,
      classifyingPerSecond: Number(last?.[3] ?? Number.NaN),
      pages: slack.callsTo("conversations.history").length,
      listed: history.listed,
      llmCalls: llm.requests.length,
    };
  } finally {
    await slack.close();
    await llm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBackfill(count = 300): Promise<void> {
  console.log(`Backfill (the built CLI against the fakes; ${count} questions, SQLite):`);
  const llmMs = 200;
  const concurrency = 4;
  const r = await run({ count, concurrency, llmMs });
  const ceiling = (concurrency * 1000) / llmMs;
  console.log(
    `  concurrency ${concurrency}, LLM ${llmMs} ms: ${r.classifyingPerSecond.toFixed(1)} messages/s while classifying ` +
      `(${((r.classifyingPerSecond / ceiling) * 100).toFixed(0)}% of the ${ceiling} /s that ${concurrency} calls of ${llmMs} ms allow); ` +
      `${r.perSecond.toFixed(1)} messages/s over the whole run (${r.seconds.toFixed(1)} s: start-up, ${r.listed} messages in ${r.pages} pages read, ` +
      `${r.llmCalls} LLM calls, CSV written)`,
  );
}
