/**
 * The whole bot started the way `npm start` starts it (startBot), in HTTP mode on port 0, against the
 * loopback fake Slack and a real database (a SQLite file, or Postgres in the `postgres` test project);
 * helpers send signed events, reactions, commands and clicks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { webApi } from "@slack/bolt";
import { type FakeOpenAI, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { type FakeSlack, startFakeSlack, type Wire } from "../../dev/fakes/fake-slack.js";
import {
  blockAction,
  eventCallback,
  messageEvent,
  reactionEvent,
  type SignedSender,
  signedSender,
  slashCommand,
} from "../../dev/fakes/slack-requests.js";
import { type BotOptions, type RunningBot, startBot } from "../../src/bot.js";
import { type DatabaseTarget, parseTriageConfig, readEnv, type TriageConfig } from "../../src/config.js";
import { memoryLogger } from "../../src/logger.js";
import type { Session } from "../../src/store/store.js";
import { type RowOf, type TableName, tableRows, targetEnv, tempDir, testTarget } from "./test-db.js";
import { until } from "./until.js";

export const SECRET = "test-signing-secret";
export const SUPPORT = "C0SUPPORT1";
export const REVIEW = "C0REVIEW01";
export const ADMIN = "U0ADMIN001";
/** Who writes the support messages by default: their own reactions on them are not labels. */
export const PERSON = "U0PERSON01";
/** A support agent: a workspace member who labels other people's messages. */
export const AGENT = "U0AGENT001";

export function exampleConfig(overrides: Partial<TriageConfig> = {}): TriageConfig {
  const config = parseTriageConfig(readFileSync("config/triage.yml", "utf8"), "config/triage.yml");
  // The worker retries transient LLM failures itself; the SDK's own retries would only slow tests down.
  // Routing with the config's thresholds (auto_route: always) unless a test asks for `certified`.
  return {
    ...config,
    auto_route: "always",
    audit_rate: 0,
    concurrency: 2,
    llm: { timeout_ms: 5_000, max_retries: 0 },
    ...overrides,
  };
}

/** The fake LLM's answer for a message: first-token option label ("1"…"7", "0" = none) → probability. */
export type Reply = { dist: Record<string, number> } | { status: number } | { hang: true };
export type Answer = (message: string) => Reply;

/** Keyword rules standing in for a model: confident, uncertain and "none of these" messages. */
export const defaultAnswer: Answer = (text): Reply => {
  if (/invoice|charged|refund/i.test(text)) return { dist: { "1": 0.95, "3": 0.02 } };
  if (/log ?in|password|sso/i.test(text)) return { dist: { "2": 0.93, "4": 0.03 } };
  if (/webhook/i.test(text)) return { dist: { "3": 0.62, "4": 0.2, "1": 0.1 } };
  return { dist: { "0": 0.8, "4": 0.05, "7": 0.05 } };
};

export interface Harness {
  /** Texts the LLM was asked about, one entry per call. */
  llmCalls: string[];
  llm: FakeOpenAI;
  setAnswer(answer: Answer): void;
  bot: RunningBot;
  slack: FakeSlack;
  config: TriageConfig;
  dir: string;
  /** The database the bot uses (hand it to a second bot or a CLI to share it). */
  target: DatabaseTarget;
  logs: string[];
  sender: SignedSender;
  message(
    fields: { ts: string; text: string; channel?: string; user?: string } & Record<string, unknown>,
    opts?: { retryNum?: number; eventId?: string },
  ): Promise<Response>;
  react(
    fields: { user: string; reaction: string; channel: string; ts: string; removed?: boolean },
    opts?: { eventId?: string },
  ): Promise<Response>;
  command(text: string, userId: string): Promise<Wire>;
  click(fields: { userId: string; actionId: string; value: string; select?: boolean }): Promise<Response>;
  settle(): Promise<void>;
  /** Reads (or writes) the bot's database directly. */
  query<T>(fn: (q: Session) => Promise<T>): Promise<T>;
  /** Every row of a table, in insertion order. */
  table<K extends TableName>(name: K): Promise<RowOf<K>[]>;
  /** Every inbox row's status, in arrival order. */
  statuses(): Promise<string[]>;
  restart(more?: Partial<BotOptions>): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(
  opts: Partial<Omit<BotOptions, "env">> & {
    /** Raw variables on top of the test defaults, read through readEnv like the real environment. */
    env?: Record<string, string>;
    config?: TriageConfig;
    slack?: FakeSlack;
    dir?: string;
    /** The database to use; a fresh one by default. */
    target?: DatabaseTarget;
    answer?: Answer;
  } = {},
): Promise<Harness> {
  const slack = opts.slack ?? (await startFakeSlack());
  let answer = opts.answer ?? defaultAnswer;
  const llm = await startFakeOpenAI();
  llm.respond((req) => answer(req.message));
  const dir = opts.dir ?? tempDir("triage-e2e-");
  const target = opts.target ?? (await testTarget(dir));
  const config = opts.config ?? exampleConfig();
  const logger = memoryLogger("debug");
  const env = readEnv(
    {
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_MODE: "http",
      PORT: "0",
      SLACK_API_URL: slack.url,
      OPENAI_API_KEY: "test-key",
      OPENAI_BASE_URL: llm.url,
      ...targetEnv(target),
      LOG_LEVEL: "debug",
      ...(opts.env ?? {}),
    } as NodeJS.ProcessEnv,
    join(dir, "no.env"),
  );
  const { slack: _s, dir: _d, config: _f, answer: _a, env: _e, target: _t, ...botOpts } = opts;
  const start = (more: Partial<BotOptions> = {}) =>
    startBot({
      env,
      config,
      logger,
      slackRetry: webApi.retryPolicies.rapidRetryPolicy,
      classifyRetry: { attempts: 2, baseDelayMs: 5 },
      roundRetry: { attempts: 3, baseDelayMs: 10 },
      eventRetryBaseMs: 10,
      // Many bots in one test process: prom-client's process metrics would pile up their observers.
      processMetrics: false,
      // Tests post many messages to one channel at once; pacing is tested on its own.
      postPacing: null,
      ...botOpts,
      ...more,
    });
  let bot = await start();
  let stopped: Promise<void> | null = null;
  let sender = signedSender(`http://127.0.0.1:${bot.port ?? 0}/slack/events`, SECRET);
  const h: Harness = {
    get llmCalls() {
      return llm.requests.map((r) => r.message);
    },
    llm,
    setAnswer(a) {
      answer = a;
    },
    get bot() {
      return bot;
    },
    slack,
    config,
    dir,
    target,
    logs: logger.lines,
    get sender() {
      return sender;
    },
    message(fields, o = {}) {
      const event = messageEvent({ channel: SUPPORT, ...fields });
      return sender.json(eventCallback(event, { eventId: o.eventId ?? `Ev-${fields.ts}` }), {
        retryNum: o.retryNum,
      });
    },
    react(fields, o = {}) {
      return sender.json(eventCallback(reactionEvent(fields), o.eventId ? { eventId: o.eventId } : {}));
    },
    async command(text, userId) {
      const responseUrl = slack.responseUrl();
      const res = await sender.form(slashCommand({ text, userId, responseUrl }));
      const raw = await res.text();
      const ack = raw ? JSON.parse(raw) : null;
      // A slow answer (retune, thresholds) is acknowledged at once and comes through the response_url.
      if (!String(ack?.text ?? "").startsWith("Working out")) return ack;
      const path = new URL(responseUrl).pathname;
      await until(() => slack.responses.some((r) => r.path === path), 10_000);
      return slack.responses.find((r) => r.path === path)?.body ?? null;
    },
    click(fields) {
      return sender.form(blockAction({ ...fields, responseUrl: slack.responseUrl() }));
    },
    async settle() {
      await bot.events.idle();
      await bot.worker.idle();
    },
    query: (fn) => bot.store.query(fn),
    table: (name) => tableRows(bot.store, name),
    statuses: () =>
      bot.store.query(async ({ db, t }) =>
        (await db.select({ status: t.messages.status }).from(t.messages).orderBy(t.messages.id)).map(
          (m) => m.status,
        ),
      ),
    async restart(more = {}) {
      await bot.stop();
      bot = await start(more);
      sender = signedSender(`http://127.0.0.1:${bot.port ?? 0}/slack/events`, SECRET);
    },
    stop() {
      // Idempotent: an afterEach may stop a harness the previous test already stopped.
      stopped ??= (async () => {
        await bot.stop();
        await llm.close();
        if (!opts.slack) await slack.close();
      })();
      return stopped;
    },
  };
  return h;
}
