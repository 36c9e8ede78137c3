/**
 * The built bot (`node dist/main.js`, what `npm start` runs) as a child process against the loopback fakes:
 * HTTP mode on port 0, a temp database (or the empty Postgres database at `databaseUrl`) and config. Its peak RSS comes from /proc (VmHWM), its per-message
 * timings from its own log lines ("message N: routed to … in X ms (LLM a ms, Slack b ms, own c ms)").
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import type { FakeOpenAI } from "../../dev/fakes/fake-openai.js";
import type { FakeSlack } from "../../dev/fakes/fake-slack.js";
import { type SignedSender, signedSender } from "../../dev/fakes/slack-requests.js";
import { parseTriageConfig, type TriageConfig } from "../../src/config.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SECRET = "bench-signing-secret";

export function benchConfig(overrides: Partial<TriageConfig> = {}): TriageConfig {
  const config = parseTriageConfig(
    readFileSync(join(ROOT, "config/triage.yml"), "utf8"),
    "config/triage.yml",
  );
  return { ...config, auto_route: "always", audit_rate: 0, ...overrides };
}

export interface Timing {
  totalMs: number;
  llmMs: number;
  slackMs: number;
  ownMs: number;
}

export interface BenchBot {
  child: ChildProcess;
  sender: SignedSender;
  /** Its SQLite file (unused on Postgres). */
  dbPath: string;
  /** Wall time from spawn to the "triage bot up" line (the HTTP server is listening). */
  startupMs: number;
  /** Messages finished so far, with where their time went. */
  timings(): Timing[];
  /** Peak resident set size so far, in MB (Linux /proc). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

const DONE =
  /message \d+: (?:routed to \S+|sent to review) in ([\d.]+) ms \(LLM ([\d.]+) ms, Slack ([\d.]+) ms, own ([\d.]+) ms\)/g;

export async function startBenchBot(opts: {
  config: TriageConfig;
  slack: FakeSlack;
  llm: FakeOpenAI;
  logLevel?: string;
  /** Postgres instead of a SQLite file in the temp directory: an empty database, postgres://… */
  databaseUrl?: string;
  /** Another bot's SQLite file, to run as a second replica on it. */
  sqlitePath?: string;
}): Promise<BenchBot> {
  const dir = mkdtempSync(join(tmpdir(), "triage-bench-"));
  const configPath = join(dir, "triage.yml");
  const dbPath = opts.sqlitePath ?? join(dir, "triage.db");
  writeFileSync(configPath, stringify(opts.config));
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "dist/main.js")], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      TRIAGE_CONFIG: configPath,
      TRIAGE_DB_PATH: dbPath,
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      SLACK_MODE: "http",
      PORT: "0",
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: opts.slack.url,
      OPENAI_BASE_URL: opts.llm.url,
      LOG_LEVEL: opts.logLevel ?? "info",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  let parsedUpTo = 0;
  const timings: Timing[] = [];
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const up = new Promise<number>((resolve, reject) => {
    child.stderr?.on("data", (d: Buffer) => {
      log += d.toString();
      const port = /triage bot up .*HTTP on port (\d+)/.exec(log)?.[1];
      if (port) resolve(Number(port));
    });
    exited.then(() => reject(new Error(`the bot exited before it was up:\n${log}`)));
  });
  const port = await up;
  const startupMs = performance.now() - started;
  return {
    child,
    sender: signedSender(`http://127.0.0.1:${port}/slack/events`, SECRET),
    dbPath,
    startupMs,
    timings() {
      const fresh = log.slice(parsedUpTo);
      const lastNewline = fresh.lastIndexOf("\n");
      if (lastNewline >= 0) {
        for (const m of fresh.slice(0, lastNewline).matchAll(DONE)) {
          timings.push({
            totalMs: Number(m[1]),
            llmMs: Number(m[2]),
            slackMs: Number(m[3]),
            ownMs: Number(m[4]),
          });
        }
        parsedUpTo += lastNewline + 1;
      }
      return timings;
    },
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Waits until `check` holds, looking every 2 ms. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
