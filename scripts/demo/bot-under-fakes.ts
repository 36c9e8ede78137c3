/**
 * What the demo scripts share: build the bot, start a loopback fake of Slack's Web API and a loopback
 * OpenAI-compatible server, write a config (the example taxonomy with the demo's changes) and run the
 * built bot with `npm start` (HTTP mode) as a child process whose output goes to a log file.
 *
 * The database is a SQLite file in the demo's directory; with `DEMO_DATABASE_URL=postgres://…` set, it is
 * that (empty) Postgres database instead. A developer's own DATABASE_URL is never used.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { type FakeOpenAI, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { type SignedSender, signedSender } from "../../dev/fakes/slack-requests.js";
import { type DatabaseTarget, parseTriageConfig, type TriageConfig } from "../../src/config.js";
import { openStore, type Store } from "../../src/store/store.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
const SECRET = "demo-signing-secret";

export const say = (line = "") => process.stdout.write(`${line}\n`);

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface DemoBot {
  slack: FakeSlack;
  llm: FakeOpenAI;
  /** The example config with the demo's changes: what the bot runs with. */
  config: TriageConfig;
  /** Holds the config, the database (SQLite) and the bot's log. */
  dir: string;
  /** The bot's database: the SQLite file in `dir`, or DEMO_DATABASE_URL's Postgres database. */
  target: DatabaseTarget;
  /** The same as variables, for another process (the CLI) reading that database. */
  databaseEnv: Record<string, string>;
  /** Reads the bot's database (read-only, as another process would) while the bot runs. */
  read<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  logPath: string;
  /** Signed requests into the bot's HTTP receiver, as Slack sends them. */
  send: SignedSender;
  /** `npm start`; resolves with the bot's "triage bot up …" line. */
  start(): Promise<string>;
  /** SIGTERM to the bot; resolves with what it said while stopping. */
  stop(): Promise<string>;
  /** Stops the bot if it runs and closes the fakes. */
  close(): Promise<void>;
}

export async function startDemo(opts: { name: string; config: Partial<TriageConfig> }): Promise<DemoBot> {
  const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: REPO, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const slack = await startFakeSlack();
  const llm = await startFakeOpenAI();
  const dir = mkdtempSync(join(tmpdir(), `${opts.name}-`));
  const example = parseTriageConfig(
    readFileSync(join(REPO, "config/triage.yml"), "utf8"),
    "config/triage.yml",
  );
  // The fake Slack has no rate limit, so the bot's post pacing (1/s per channel) would only slow the demo.
  // Otherwise the bot runs as config/triage.yml installs it (auto_route: certified).
  const config: TriageConfig = {
    ...example,
    post_pacing: { per_second: 0, burst: 3 },
    ...opts.config,
  };
  const configPath = join(dir, "triage.yml");
  writeFileSync(configPath, stringify(config));
  const target: DatabaseTarget = {
    url: process.env.DEMO_DATABASE_URL || undefined,
    path: join(dir, "triage.db"),
  };
  // An empty DATABASE_URL keeps a developer's own (from .env) out of the demo.
  const databaseEnv = { TRIAGE_DB_PATH: target.path, DATABASE_URL: target.url ?? "" };
  const logPath = join(dir, "bot.log");
  const port = await freePort();
  // Everything the bot reads, set explicitly (an empty value also keeps a developer's .env out of it).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SLACK_MODE: "http",
    PORT: String(port),
    SLACK_BOT_TOKEN: "xoxb-demo-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_APP_TOKEN: "",
    SLACK_API_URL: slack.url,
    OPENAI_API_KEY: "demo-key",
    OPENAI_BASE_URL: llm.url,
    TRIAGE_MODEL: "",
    TRIAGE_CONFIG: configPath,
    ...databaseEnv,
    LOG_LEVEL: "info",
  };
  const logText = () => (existsSync(logPath) ? readFileSync(logPath, "utf8") : "");
  /** The log lines written since `offset` (a length of logText()). */
  const linesSince = (offset: number) => logText().slice(offset).split("\n");
  let child: ChildProcess | undefined;

  async function start(): Promise<string> {
    const before = logText().length;
    const upLine = () => linesSince(before).find((l) => l.includes("triage bot up"));
    // Its own process group, so SIGTERM reaches the bot and not only npm.
    const log = openSync(logPath, "a");
    const proc = spawn("npm", ["start", "--silent"], {
      cwd: REPO,
      env,
      stdio: ["ignore", log, log],
      detached: true,
    });
    closeSync(log);
    child = proc;
    await waitFor("the bot to start", () => {
      if (proc.exitCode !== null) throw new Error(`npm start exited with ${proc.exitCode}; see ${logPath}`);
      return upLine() !== undefined;
    });
    return (upLine() ?? "").replace(/^.*\] /, "");
  }

  async function stop(): Promise<string> {
    const proc = child;
    child = undefined;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return "not running";
    const before = logText().length;
    const exited = new Promise<void>((resolve) => proc.once("close", () => resolve()));
    process.kill(-proc.pid, "SIGTERM");
    // npm may exit before the bot has finished: the bot's own last line says it has.
    const last = () => linesSince(before).some((l) => l.startsWith("stopped") || l.startsWith("error:"));
    await Promise.all([exited, waitFor("the bot to stop", last)]);
    return linesSince(before)
      .filter((l) => l.startsWith("SIGTERM") || l.startsWith("stopped"))
      .join(" → ");
  }

  return {
    slack,
    llm,
    config,
    dir,
    target,
    databaseEnv,
    async read(fn) {
      const store = await openStore(target, { readOnly: true });
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
    logPath,
    send: signedSender(`http://127.0.0.1:${port}/slack/events`, SECRET),
    start,
    stop,
    async close() {
      await stop();
      await slack.close();
      await llm.close();
    },
  };
}
