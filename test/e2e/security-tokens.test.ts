/**
 * Tokens never logged: the real app process runs with recognisable fake credentials at LOG_LEVEL=debug
 * (the SDKs' own debug output included) through a whole journey with errors — a routed message, a review,
 * an LLM that rejects the key and echoes it back, Slack 429s, 500s and errors, forged requests, a
 * command, a click, a reaction, a stop — and not one line of its output, and nothing it posted to Slack,
 * holds any of them — in both log formats.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, type FakeReply, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import {
  blockAction,
  eventCallback,
  messageEvent,
  reactionEvent,
  slashCommand,
} from "../../dev/fakes/slack-requests.js";
import { AGENT, exampleConfig, PERSON, REVIEW, SUPPORT } from "../support/bot-harness.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";
import { targetEnv, tempDir, testTarget } from "../support/test-db.js";
import { until } from "../support/until.js";

const SECRETS = {
  SLACK_BOT_TOKEN: "xoxb-1234567890-LEAKCHECKbot-Zq9Xw8Vu7",
  SLACK_SIGNING_SECRET: "LEAKCHECKsigning0a1b2c3d4e5f6a7b8c9d",
  OPENAI_API_KEY: "LEAKCHECKllmkey-5f4e3d2c1b0a9f8e7d6c",
};

let slack: FakeSlack | undefined;
let llm: FakeOpenAI | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill("SIGKILL");
  await slack?.close();
  await llm?.close();
});

describe("tokens never logged", () => {
  it.each(["text", "json"])(
    "a whole journey with errors at debug level, LOG_FORMAT=%s: no secret in any output line or Slack post",
    async (format) => {
      slack = await startFakeSlack();
      llm = await startFakeOpenAI();
      llm.respond((req): FakeReply => {
        if (req.message.includes("key trouble")) {
          // A server that echoes the key it was given, as some do in their 401 message.
          const key = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
          return {
            status: 401,
            body: { error: { message: `Incorrect API key provided: ${key}`, code: "invalid_api_key" } },
          };
        }
        if (req.message.includes("charged")) return { dist: { "1": 0.95 } };
        return { dist: { "3": 0.6, "4": 0.3 } };
      });
      const dir = tempDir("triage-tokens-");
      const target = await testTarget(dir);
      bot = await startBotProcess({
        dir,
        config: exampleConfig({ admins: ["U0ADMIN001"] }),
        slack,
        llm,
        env: { ...SECRETS, LOG_LEVEL: "debug", LOG_FORMAT: format, ...targetEnv(target) },
      });
      const send = bot.sender;
      const msg = (ts: string, text: string) =>
        send.json(eventCallback(messageEvent({ channel: SUPPORT, ts, text }), { eventId: `Ev-${ts}` }));

      slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
      slack.failNext("chat.getPermalink", { error: "invalid_auth" });
      slack.failNext("chat.postMessage", { status: 500 }, 2);
      await msg("1700009801.000100", "We were charged twice");
      // The refused permalink goes to this (routed) message, as it would one at a time: with Postgres the
      // worker's steps run concurrently, and a review card refused it would wait out a 30 s retry.
      await slack.waitFor("chat.getPermalink");
      await msg("1700009801.000200", "Our webhook is acting weird");
      await msg("1700009801.000300", "key trouble: charged twice");
      // Forged and stale requests.
      const forged = eventCallback(messageEvent({ channel: SUPPORT, ts: "1700009801.000500", text: "x" }));
      expect((await send.json(forged, { secret: "guess" })).status).toBe(401);
      expect((await send.json(forged, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
      await until(() => (slack?.stored.filter((m) => m.channel === REVIEW).length ?? 0) >= 2, 15_000);

      await send.form(slashCommand({ text: "stats", userId: PERSON, responseUrl: slack.responseUrl() }));
      await send.form(
        slashCommand({ text: "retune apply", userId: PERSON, responseUrl: slack.responseUrl() }),
      );
      await send.form(
        blockAction({
          userId: AGENT,
          actionId: "review_pick:api",
          value: "2|api",
          responseUrl: slack.responseUrl(),
        }),
      );
      await send.json(
        eventCallback(
          reactionEvent({ user: AGENT, reaction: "x", channel: SUPPORT, ts: "1700009801.000100" }),
        ),
      );
      await until(() => (slack?.stored.filter((m) => m.channel === "C0API00001").length ?? 0) >= 1, 10_000);
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);

      const output = bot.output();
      // The journey happened and was logged in detail, errors included.
      expect(output).toMatch(format === "json" ? /"level":"debug"/ : /DEBUG/);
      if (format === "json") {
        for (const line of output.split("\n").filter((l) => l.startsWith("{")))
          expect(() => JSON.parse(line)).not.toThrow();
      }
      expect(output).toMatch(/rejected the API key \(401: Incorrect API key provided: \[redacted\]\)/);
      expect(output).toMatch(/rate limit/i);
      expect(output).toMatch(/invalid_auth/);
      expect(output).toMatch(/Failed to parse and verify the request data|verify/i);
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect([name, output.includes(secret)]).toEqual([name, false]);
        // Not even a recognisable piece of it.
        expect([name, output.includes(secret.slice(-12))]).toEqual([name, false]);
      }
      // On Postgres, neither is the database password.
      const dbPassword = target.url ? new URL(target.url).password : "";
      if (dbPassword) expect(output.includes(`:${dbPassword}@`)).toBe(false);
      // What the bot wrote to Slack (cards carry classifier errors) holds none of them either (the bot
      // token goes in each call's Authorization header, never in what is posted).
      const posted = JSON.stringify([slack.calls.map((c) => c.args), slack.responses]);
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect([name, posted.includes(secret)]).toEqual([name, false]);
        expect([name, posted.includes(secret.slice(-12))]).toEqual([name, false]);
      }
      expect(posted).toContain("Incorrect API key provided: [redacted]");
    },
  );
});
