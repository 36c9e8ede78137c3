/**
 * `src/main.ts` as a real child process (node + tsx, as `npm start` runs the built code), in HTTP mode on
 * port 0, with only the environment given — so a test can kill it with SIGKILL, restart it on the same
 * database, and read everything it wrote to stdout and stderr.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stringify } from "yaml";
import type { FakeOpenAI } from "../../dev/fakes/fake-openai.js";
import type { FakeSlack } from "../../dev/fakes/fake-slack.js";
import { type SignedSender, signedSender } from "../../dev/fakes/slack-requests.js";
import type { TriageConfig } from "../../src/config.js";
import { SECRET } from "./bot-harness.js";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const TSX = pathToFileURL(
  fileURLToPath(new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url)),
).href;

export interface BotProcess {
  child: ChildProcess;
  port: number;
  sender: SignedSender;
  /** Everything written so far (stdout and stderr interleaved in arrival order). */
  output(): string;
  /** Resolves when the output contains `text`; rejects if the process exits first. */
  logged(text: string | RegExp): Promise<void>;
  exited: Promise<number | null>;
}

export interface BotProcessOptions {
  dir: string;
  config: TriageConfig;
  slack: FakeSlack;
  llm: FakeOpenAI;
  env?: Record<string, string>;
}

/** The environment the process runs with: fakes, a temp database and config, and `env` on top. */
export function processEnv(opts: BotProcessOptions): Record<string, string> {
  const configPath = join(opts.dir, "triage.yml");
  writeFileSync(configPath, stringify(opts.config));
  return {
    PATH: process.env.PATH ?? "",
    HOME: opts.dir,
    TRIAGE_CONFIG: configPath,
    TRIAGE_DB_PATH: join(opts.dir, "triage.db"),
    SLACK_MODE: "http",
    PORT: "0",
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: opts.slack.url,
    OPENAI_BASE_URL: opts.llm.url,
    LOG_LEVEL: "info",
    ...opts.env,
  };
}

export async function startBotProcess(opts: BotProcessOptions): Promise<BotProcess> {
  const env = processEnv(opts);
  const child = spawn(process.execPath, ["--import", TSX, MAIN], {
    cwd: opts.dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    output += d.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const logged = (text: string | RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (typeof text === "string" ? output.includes(text) : text.test(output)) {
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
      exited.then(() => {
        listeners.delete(check);
        reject(new Error(`exited before logging ${text}:\n${output}`));
      });
      check();
    });
  await logged("triage bot up");
  const port = Number(/HTTP on port (\d+)/.exec(output)?.[1]);
  const secret = env.SLACK_SIGNING_SECRET ?? SECRET;
  return {
    child,
    port,
    sender: signedSender(`http://127.0.0.1:${port}/slack/events`, secret),
    output: () => output,
    logged,
    exited,
  };
}
