/**
 * `triage backfill` as a new team runs it: the real CLI in a child process, the loopback fake Slack serving
 * real-shaped history pages (joins, bots, our own posts, thread replies among the questions; a 429 on one
 * page), the fake LLM answering by keyword, and the real database (SQLite, or Postgres in that project).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import {
  answerByKeyword,
  HOSTILE_TEXTS,
  type SeededHistory,
  seedHistory,
} from "../../dev/fakes/slack-history.js";
import type { DatabaseTarget } from "../../src/config.js";
import { parseCsv } from "../../src/data/csv.js";
import { openStore, type Store } from "../../src/store/store.js";
import { exampleConfig } from "../support/config-fixture.js";
import { runTriage, spawnTriage } from "../support/run-cli.js";
import { tableRows, targetEnv, testTarget } from "../support/test-db.js";
import { until } from "../support/until.js";

const SUPPORT = "C0SUPPORT1";
const DAYS = 30;

let slack: FakeSlack;
let llm: FakeOpenAI;
let cwd: string;
let target: DatabaseTarget;
let store: Store;
let history: SeededHistory;

const env = () => ({
  SLACK_BOT_TOKEN: "xoxb-test",
  SLACK_API_URL: slack.url,
  OPENAI_BASE_URL: llm.url,
  OPENAI_API_KEY: "sk-test",
  TRIAGE_CONFIG: join(cwd, "triage.yml"),
  ...targetEnv(target),
});
const backfill = (channel: string, out: string, ...more: string[]) =>
  runTriage(["backfill", "--channel", channel, "--days", String(DAYS), "--out", out, ...more], env(), cwd);
const seed = (channel: string, count: number) =>
  seedHistory(slack, channel, {
    count,
    nowMs: Date.now(),
    days: DAYS,
    botUserId: String(slack.authTest.user_id),
    botId: String(slack.authTest.bot_id),
  });
const messagesOf = async (channel: string) =>
  (await tableRows(store, "messages")).filter((m) => m.channelId === channel);

beforeAll(async () => {
  slack = await startFakeSlack();
  llm = await startFakeOpenAI();
  answerByKeyword(llm);
  cwd = mkdtempSync(join(tmpdir(), "triage-backfill-"));
  writeFileSync(
    join(cwd, "triage.yml"),
    // auto_route: always, so that some history is classified as the config's thresholds would route it.
    JSON.stringify(exampleConfig({ auto_route: "always", llm: { timeout_ms: 5_000, max_retries: 0 } })),
  );
  target = await testTarget(cwd);
  store = await openStore(target);
  history = seed(SUPPORT, 300);
});
afterAll(async () => {
  await store.close();
  await slack.close();
  await llm.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe("triage backfill", () => {
  it("reads every page (waiting out a 429), classifies each question once, stores it as backfill, posts nothing and writes the CSV", async () => {
    const started = Date.now();
    void slack
      .waitFor("conversations.history", (c) => c.at >= started)
      .then(() => slack.failNext("conversations.history", { status: 429, retryAfter: 1 }));
    const r = await backfill(SUPPORT, "history.csv");
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);

    const pages = slack.callsTo("conversations.history");
    expect(new Set(pages.map((c) => c.args.cursor ?? "")).size).toBeGreaterThanOrEqual(3);
    const refused = pages.find((c) => c.response === undefined);
    const retried = pages.find(
      (c) => c !== refused && (c.args.cursor ?? "") === (refused?.args.cursor ?? ""),
    );
    expect(retried && refused && retried.at - refused.at).toBeGreaterThanOrEqual(1_000);
    expect(new Set(slack.calls.map((c) => c.method))).toEqual(
      new Set(["auth.test", "conversations.history"]),
    );

    expect(llm.requests.map((q) => q.message).sort()).toEqual(history.questions.map((q) => q.text).sort());
    const stored = await messagesOf(SUPPORT);
    expect(stored).toHaveLength(300);
    for (const m of stored) {
      expect(m).toMatchObject({
        origin: "backfill",
        status: "done",
        teamId: "T0G9PQBBK",
        routedCategory: null,
      });
      expect(m.permalink).toBe(
        `https://subarachnoid.slack.com/archives/${SUPPORT}/p${m.ts.replace(".", "")}`,
      );
      expect(m.receivedAt).toBe(Math.round(Number(m.ts) * 1000));
    }
    expect(
      (await tableRows(store, "classifications")).filter((c) => c.decision === "route"),
    ).not.toHaveLength(0);
    expect(await tableRows(store, "slackPosts")).toHaveLength(0);

    const [header, ...rows] = parseCsv(readFileSync(join(cwd, "history.csv"), "utf8"));
    expect(header?.fields).toEqual(["id", "permalink", "text", "top", "top_p", "other", "label"]);
    expect(rows.map((row) => row.fields[2])).toEqual(
      history.questions.map((q) => (q.text.startsWith("=") ? `'${q.text}` : q.text)),
    );
    const byId = new Map(stored.map((m) => [String(m.id), m]));
    for (const { fields } of rows) {
      expect(byId.get(fields[0] as string)?.permalink).toBe(fields[1]);
      expect(fields[6]).toBe("");
    }
    const charged = rows.find((row) => row.fields[2]?.startsWith("We were charged twice"));
    expect(charged?.fields.slice(3, 6)).toEqual(["billing", "0.950", "0.030"]);
    for (const hostile of HOSTILE_TEXTS.filter((t) => !t.startsWith("="))) {
      expect(rows.map((row) => row.fields[2])).toContain(hostile);
    }

    expect(r.stdout).toContain(`${SUPPORT}, last 30 days: ${history.listed} messages read`);
    expect(r.stdout).toContain(`300 classified now · 0 done by an earlier run · ${history.noise} skipped`);
    expect(r.stdout).toContain("Wrote 300 rows to history.csv. Nothing was posted in Slack.");
    expect(r.stdout).toContain("then: npx triage labels import history.csv");
    expect(r.stderr).toMatch(/reading history: \d+ messages \(\d+ pages?\)/);
    expect(r.stderr).toContain("0/300 classified");
    expect(r.stderr).toContain("300/300 classified");
  });

  it("a second run asks the LLM nothing for what is done, and writes the whole file again (only over it with --force)", async () => {
    const asked = llm.requests.length;
    const refused = await backfill(SUPPORT, "history.csv");
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      "error: history.csv exists (labels in it would be lost): pick another --out, or add --force to replace it",
    );
    const r = await backfill(SUPPORT, "history.csv", "--force");
    expect(r.code).toBe(0);
    expect(llm.requests).toHaveLength(asked);
    expect(r.stdout).toContain(`0 classified now · 300 done by an earlier run · ${history.noise} skipped`);
    expect(parseCsv(readFileSync(join(cwd, "history.csv"), "utf8"))).toHaveLength(301);
  });

  it("after a crash, the next run classifies only what was not stored; a failed call is left out and retried then", async () => {
    const channel = "C0SUPPORT2";
    const seeded = seed(channel, 80);
    const base = llm.requests.length;
    // Slow answers, so that the kill after 20 stored lands with most of the 80 still to do (the rest
    // take 1.5 s at concurrency 4), however slowly this process notices the 20.
    answerByKeyword(llm, { delayMs: 100 });
    const child = spawnTriage(
      ["backfill", "--channel", channel, "--days", String(DAYS), "--out", "crash.csv"],
      env(),
      cwd,
    );
    await until(async () => (await messagesOf(channel)).length >= 20, 20_000);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));
    const done = new Set((await messagesOf(channel)).map((m) => m.ts));
    const kept = done.size;
    expect(kept).toBeLessThan(80);
    expect(existsSync(join(cwd, "crash.csv"))).toBe(false);

    const broken = seeded.questions.find((q) => !done.has(q.ts))?.text;
    answerByKeyword(llm, { fail: (text) => text === broken });
    const before = llm.requests.length;
    const first = await backfill(channel, "crash.csv");
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`${79 - kept} classified now · ${kept} done by an earlier run`);
    expect(first.stdout).toContain("note: C0SUPPORT2 is not one of support_channels");
    expect(first.stdout).toContain("1 failed and left out (run the same command again to retry them)");
    expect(llm.requests.length - before).toBe(80 - kept);

    answerByKeyword(llm);
    const second = await backfill(channel, "crash.csv", "--force");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("1 classified now · 79 done by an earlier run");
    const stored = await messagesOf(channel);
    expect(stored.map((m) => m.ts).sort()).toEqual(seeded.questions.map((q) => q.ts).sort());
    // Asked again at most for the calls in flight when it was killed (concurrency 4).
    expect(llm.requests.length - base).toBeLessThanOrEqual(80 + 1 + 4);
  });

  it("a channel the bot cannot read gets one line saying what to do, exit code 1, and nothing changes", async () => {
    const rows = (await tableRows(store, "messages")).length;
    const asked = llm.requests.length;
    slack.failNext("conversations.history", { error: "not_in_channel" });
    const notIn = await backfill("C0PRIVATE1", "private.csv");
    expect(notIn.code).toBe(1);
    expect(notIn.stderr.trim()).toBe(
      "error: the bot is not a member of C0PRIVATE1, so it cannot read its history: invite it there (/invite @your-bot in the channel), then run this again",
    );
    slack.failNext("conversations.history", { error: "missing_scope" });
    const scope = await backfill("C0PRIVATE1", "private.csv");
    expect(scope.code).toBe(1);
    expect(scope.stderr.trim().split("\n")).toHaveLength(1);
    expect(scope.stderr).toContain(
      "add channels:history (public channels) and groups:history (private channels)",
    );
    expect(existsSync(join(cwd, "private.csv"))).toBe(false);
    expect(await tableRows(store, "messages")).toHaveLength(rows);
    expect(llm.requests).toHaveLength(asked);
  });
});
