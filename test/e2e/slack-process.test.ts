/**
 * `src/main.ts` as a real process: missing credentials give one message naming each variable and exit 1;
 * a running bot stops on SIGTERM with exit 0 and a closed, consistent database.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type FakeOpenAI, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { eventCallback, messageEvent, signedSender } from "../../dev/fakes/slack-requests.js";
import type { DatabaseTarget } from "../../src/config.js";
import { openStore } from "../../src/store/store.js";
import { exampleConfig, SECRET, SUPPORT } from "../support/bot-harness.js";
import { tableRows, targetEnv, tempDir, testTarget } from "../support/test-db.js";
import { until } from "../support/until.js";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const TSX = pathToFileURL(
  fileURLToPath(new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url)),
).href;

function startMain(env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, ["--import", TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", () => {});
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const logged = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (stderr.includes(text) ? resolve() : undefined);
      child.stderr.on("data", check);
      child.on("close", () => reject(new Error(`exited before logging "${text}":\n${stderr}`)));
      check();
    });
  return { child, exited, logged, stderr: () => stderr };
}

/**
 * The example config in a fresh directory with a database of its own (a file there, or a fresh Postgres
 * database), and `src/main.ts` started there with the environment given.
 */
async function startInDir(envFor: (target: DatabaseTarget) => Record<string, string>) {
  const dir = tempDir("triage-main-");
  const target = await testTarget(dir);
  const configPath = join(dir, "triage.yml");
  writeFileSync(configPath, stringify(exampleConfig()));
  return { dir, target, run: startMain({ TRIAGE_CONFIG: configPath, ...envFor(target) }, dir) };
}

/** An HTTP-mode bot with every credential and its database, against the given Slack and LLM. */
const httpBot = (slackApiUrl: string, llmUrl: string) => (target: DatabaseTarget) => ({
  ...targetEnv(target),
  SLACK_MODE: "http",
  PORT: "0",
  SLACK_BOT_TOKEN: "xoxb-test",
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slackApiUrl,
  OPENAI_BASE_URL: llmUrl,
});

let slack: FakeSlack | undefined;
let llm: FakeOpenAI | undefined;
afterEach(async () => {
  await slack?.close();
  await llm?.close();
});

describe("npm start (src/main.ts)", () => {
  it("without credentials prints one message naming each missing variable and exits 1", async () => {
    const { run } = await startInDir(() => ({ SLACK_MODE: "http" }));
    expect(await run.exited).toBe(1);
    const lines = run.stderr().trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^error: Cannot start in http mode: missing 3 variable\(s\).*docs\/slack-setup\.md/,
    );
    expect(lines.slice(1).map((l) => l.trim().split(" ")[1])).toEqual([
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET",
      "OPENAI_API_KEY",
    ]);
    expect(run.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    [
      "unreachable",
      "closed-port",
      /^error: Cannot reach Slack's Web API at http:\/\/127\.0\.0\.1:\d+\/api\/ \(auth\.test: ECONNREFUSED\); check the network and SLACK_API_URL\.$/,
    ],
    [
      "answering 503",
      { status: 503 },
      /^error: Slack's Web API at http:\/\/127\.0\.0\.1:\d+\/api\/ answered auth\.test with HTTP 503; try again later, or check SLACK_API_URL\.$/,
    ],
    [
      "refusing the token",
      { error: "invalid_auth" },
      /^error: Slack did not accept SLACK_BOT_TOKEN \(auth\.test: invalid_auth\)\. See docs\/slack-setup\.md\.$/,
    ],
  ] as const)("with Slack %s it says so in one line and exits 1 within seconds", async (_, failure, line) => {
    let apiUrl: string;
    if (failure === "closed-port") {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
      apiUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/api/`;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    } else {
      slack = await startFakeSlack();
      slack.failNext("auth.test", failure, 10);
      apiUrl = slack.url;
    }
    const started = Date.now();
    const { run } = await startInDir(httpBot(apiUrl, "http://127.0.0.1:9/v1"));
    expect(await run.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.stderr().trimEnd()).toMatch(line);
  });

  it("stops on SIGTERM with exit 0 after finishing in-flight work", async () => {
    slack = await startFakeSlack();
    llm = await startFakeOpenAI();
    llm.respond(() => ({ dist: { "1": 0.95 }, delayMs: 300 }));
    const { target, run } = await startInDir(httpBot(slack.url, llm.url));
    await run.logged("triage bot up");
    const port = /HTTP on port (\d+)/.exec(run.stderr())?.[1];
    const send = signedSender(`http://127.0.0.1:${port}/slack/events`, SECRET);
    await send.json(
      eventCallback(messageEvent({ channel: SUPPORT, ts: "1700000901.000100", text: "charged twice" })),
    );
    // The LLM answers after 300 ms; SIGTERM arrives while the call is in flight.
    await until(() => (llm?.requests.length ?? 0) > 0);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain("SIGTERM: finishing in-flight messages");
    const db = await openStore(target, { readOnly: true });
    expect((await tableRows(db, "messages")).map((m) => m.status)).toEqual(["done"]);
    await db.close();
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1")).toHaveLength(1);
  });
});
