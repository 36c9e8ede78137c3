/**
 * The Slack journey as a new user would try it, end to end and over the wire:
 *
 *   npx tsx scripts/demo-slack.ts
 *
 * It starts a loopback fake of Slack's Web API and a loopback OpenAI-compatible server, runs the built
 * bot with `npm start` (HTTP mode) as a child process, and then plays Slack: signed message events,
 * review-card clicks, reactions, retried deliveries and `/triage` commands. A hundred reviewed messages
 * and `/triage retune apply` later, the same kinds of messages are routed instead of queued for review —
 * and nothing was ever posted twice, not even across a restart.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { stringify } from "yaml";
import { parseFileConfig } from "../src/config.js";
import { startFakeOpenAI } from "../test/support/fake-openai.js";
import { type SlackCall, startFakeSlack, type Wire } from "../test/support/fake-slack.js";
import {
  blockAction,
  eventCallback,
  messageEvent,
  reactionEvent,
  signedSender,
  slashCommand,
} from "../test/support/sign.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "demo-signing-secret";
const SUPPORT = "C0SUPPORT1";
const REVIEW = "C0REVIEW01";
const ADMIN = "U0ADMIN001";
const AGENTS = ["U0AGENT001", "U0AGENT002", "U0AGENT003"];
const CUSTOMER = "U0CUSTOM01";

// ---- the pretend model and the truth behind each message ------------------------------------------

type Kind = "billing" | "api" | "access" | "chat";
const TEXT: Record<Kind, (n: number) => string> = {
  billing: (n) => `We were charged twice for invoice INV-${1000 + n}, please refund one`,
  api: (n) => `Webhook deliveries to our endpoint fail since we rotated API key #${n}`,
  access: (n) => `User ${n} is stuck in an SSO login loop after the Okta change`,
  chat: (n) => `Does anyone know a good lunch place near office ${n}?`,
};

/** A reproducible spread in [0, 1) per message number. */
const jitter = (n: number) => (n * 0.6180339887) % 1;

function kindOf(text: string): Kind {
  if (text.includes("invoice")) return "billing";
  if (text.includes("Webhook")) return "api";
  if (text.includes("SSO")) return "access";
  return "chat";
}
const numberOf = (text: string) => Number(/(\d+)/.exec(text.replace(/INV-1/, "INV-"))?.[1] ?? 0);

/** First-token distribution the fake LLM answers with (option 1 billing, 2 account access, 3 api, 4 bug). */
function modelAnswer(text: string): Record<string, number> {
  const n = numberOf(text);
  switch (kindOf(text)) {
    case "billing":
      return { "1": 0.93 + 0.04 * jitter(n), "3": 0.01 };
    case "api": {
      const p = 0.5 + 0.3 * jitter(n);
      return { "3": p, "4": 0.9 - p, "1": 0.03 };
    }
    case "access": {
      const p = 0.55 + 0.25 * jitter(n);
      return { "2": p, "4": 0.88 - p, "3": 0.04 };
    }
    case "chat":
      return { "0": 0.82, "7": 0.06 };
  }
}

/** What a person would say it is: the model's top pick, except low-confidence "API" ones that are bugs. */
function truth(text: string): string {
  const n = numberOf(text);
  switch (kindOf(text)) {
    case "billing":
      return "billing";
    case "api":
      return 0.5 + 0.3 * jitter(n) < 0.58 ? "bug" : "api";
    case "access":
      return "account_access";
    case "chat":
      return "other";
  }
}

// ---- plumbing --------------------------------------------------------------------------------------

const say = (line = "") => process.stdout.write(`${line}\n`);
const pct = (x: number) => `${Math.round(x * 100)}%`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main() {
  const slack = await startFakeSlack();
  const llm = await startFakeOpenAI();
  llm.respond((req) => ({ dist: modelAnswer(req.message) }));

  const dir = mkdtempSync(join(tmpdir(), "triage-demo-"));
  const base = parseFileConfig(readFileSync(join(REPO, "config/triage.yml"), "utf8"), "config/triage.yml");
  const configPath = join(dir, "triage.yml");
  writeFileSync(configPath, stringify({ ...base, audit_rate: 0.05, admins: [ADMIN] }));
  const dbPath = join(dir, "triage.db");
  const port = await freePort();
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
    TRIAGE_DB_PATH: dbPath,
    LOG_LEVEL: "info",
  };
  const logPath = join(dir, "bot.log");
  const events = `http://127.0.0.1:${port}/slack/events`;
  const send = signedSender(events, SECRET);

  say("== triage-bot Slack demo ==");
  say(`fake Slack Web API  ${slack.url}`);
  say(`fake LLM endpoint   ${llm.url}`);
  say(`bot log, config, db ${dir}`);

  let child: ChildProcess;
  const start = async () => {
    const log = openSync(logPath, "a");
    child = spawn("npm", ["start", "--silent"], { cwd: REPO, env, stdio: ["ignore", log, log] });
    await waitFor("the bot to answer /healthz", async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}; see ${logPath}`);
      return fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    });
    const up = readFileSync(logPath, "utf8")
      .split("\n")
      .filter((l) => l.includes("triage bot up"))
      .at(-1);
    say(`  ${up?.replace(/^.*\] /, "") ?? "(started)"}`);
  };
  const stop = async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    return exited;
  };

  const db = () => new Database(dbPath, { readonly: true, fileMustExist: true });
  const pending = () => {
    const d = db();
    try {
      return (d.prepare("select count(*) as n from messages where status = 'pending'").get() as { n: number })
        .n;
    } finally {
      d.close();
    }
  };
  const settle = () => waitFor("the inbox to empty", () => pending() === 0);

  let seq = 0;
  const posted: { ts: string; text: string }[] = [];
  async function post(kind: Kind, opts: { retry?: boolean } = {}) {
    seq += 1;
    const ts = `1700100000.${String(seq).padStart(6, "0")}`;
    const text = TEXT[kind](seq);
    posted.push({ ts, text });
    const body = eventCallback(messageEvent({ channel: SUPPORT, ts, text, user: CUSTOMER }), {
      eventId: `EvDemo${seq}`,
    });
    const res = await send.json(body);
    if (res.status !== 200) throw new Error(`Slack event answered ${res.status}`);
    if (opts.retry) await send.json(body, { retryNum: 1 }); // Slack's redelivery of the same event
    return { ts, text };
  }

  const routeChannels = new Map(base.categories.map((c) => [c.route_channel, c.id]));
  const chatPosts = () => slack.callsTo("chat.postMessage");
  const outcomeOf = (ts: string) => {
    const link = `p${ts.replace(".", "")}`;
    const routed = chatPosts().filter(
      (c) => routeChannels.has(c.args.channel) && JSON.stringify(c.args.blocks).includes(link),
    );
    const card = chatPosts().find(
      (c) => c.args.channel === REVIEW && JSON.stringify(c.args.blocks).includes(link),
    );
    return { routed: routed.map((c) => routeChannels.get(c.args.channel)), card };
  };

  async function round(label: string, kinds: Kind[]) {
    const sent = [];
    for (const kind of kinds) sent.push(await post(kind));
    await settle();
    const rows = sent.map((m) => ({ ...m, ...outcomeOf(m.ts) }));
    const routed = rows.filter((r) => r.routed.length > 0);
    say(
      `${label}: ${rows.length} messages → ${routed.length} routed, ${rows.length - routed.length} to review`,
    );
    for (const r of rows) {
      const p = modelAnswer(r.text);
      const top = Object.entries(p).sort((a, b) => b[1] - a[1])[0];
      say(
        `  ${r.routed.length > 0 ? `routed → ${r.routed.join(",")}`.padEnd(26) : "review card".padEnd(26)} top option ${top?.[0]} p=${top?.[1].toFixed(2)}  "${r.text.slice(0, 58)}"`,
      );
    }
    return routed.length;
  }

  const mix: Kind[] = [
    "billing",
    "api",
    "access",
    "api",
    "chat",
    "access",
    "api",
    "billing",
    "access",
    "api",
    "access",
    "api",
  ];

  say("\n-- 1. npm start (HTTP mode) --");
  await start();

  say("\n-- 2. before any retune: config thresholds (default 0.80, other < 0.30) --");
  const before = await round("round A", mix);

  say("\n-- 3. a hundred messages reviewed by the support team --");
  const reviewKinds: Kind[] = Array.from(
    { length: 100 },
    (_, i) => (["api", "access", "api", "access", "chat"] as Kind[])[i % 5] as Kind,
  );
  let retried = 0;
  for (const [i, kind] of reviewKinds.entries()) {
    await post(kind, { retry: i % 10 === 0 });
    if (i % 10 === 0) retried += 1;
  }
  await settle();
  let clicks = 0;
  let doubleClicks = 0;
  const cards = chatPosts().filter((c) => c.args.channel === REVIEW);
  for (const card of cards) {
    const link = /p(\d{16})/.exec(JSON.stringify(card.args.blocks))?.[1];
    const original = posted.find((m) => `p${m.ts.replace(".", "")}` === `p${link}`);
    if (!original) continue;
    const label = truth(original.text);
    const actions = (card.args.blocks as Wire[]).find((b) => b.type === "actions")?.elements ?? [];
    const button = actions.find((e: Wire) => e.type === "button" && String(e.value).endsWith(`|${label}`));
    const select = actions.find((e: Wire) => e.type === "static_select");
    const option = select?.options?.find((o: Wire) => String(o.value).endsWith(`|${label}`));
    const value = button?.value ?? option?.value;
    if (!value) continue;
    const agent = AGENTS[clicks % AGENTS.length] as string;
    const fields = {
      userId: agent,
      actionId: button ? button.action_id : select.action_id,
      value,
      select: !button,
    };
    await send.form(blockAction({ ...fields, responseUrl: slack.responseUrl() }));
    clicks += 1;
    if (clicks % 25 === 0) {
      await send.form(blockAction({ ...fields, responseUrl: slack.responseUrl() }));
      doubleClicks += 1;
    }
  }
  await settle();
  say(
    `  ${cards.length} review cards, ${clicks} decided by ${AGENTS.length} agents (${doubleClicks} double clicks)`,
  );
  say(`  ${retried} of the events were delivered twice (x-slack-retry-num: 1)`);
  say(`  ${slack.callsTo("chat.update").length} cards updated to show who decided`);

  say("\n-- 4. a correction by reaction --");
  const wrong = await post("billing");
  await settle();
  await send.json(
    eventCallback(
      reactionEvent({ user: AGENTS[0] as string, reaction: "three", channel: SUPPORT, ts: wrong.ts }),
    ),
  );
  await settle();
  const note = chatPosts()
    .filter((c) => c.args.channel === SUPPORT && c.args.thread_ts === wrong.ts)
    .at(-1);
  say(`  :three: on "${wrong.text.slice(0, 40)}…" → ${outcomeOf(wrong.ts).routed.join(" then ")}`);
  say(`  thread: ${note?.args.text}`);

  say("\n-- 5. /triage --");
  const command = async (text: string, user: string) => {
    const res = await send.form(slashCommand({ text, userId: user, responseUrl: slack.responseUrl() }));
    return (await res.json()) as { text: string; blocks?: Wire[] };
  };
  say(`  /triage retune by ${AGENTS[1]}: ${(await command("retune", AGENTS[1] as string)).text}`);
  const applied = await command("retune apply", ADMIN);
  const table = (applied.blocks ?? [])
    .map((b: Wire) => b.text?.text ?? b.elements?.map((e: Wire) => e.text).join(" ") ?? "")
    .join("\n");
  say(`  /triage retune apply by ${ADMIN}:`);
  for (const line of table.split("\n")) say(`    ${line}`);
  const thresholds = await command("thresholds", AGENTS[2] as string);
  say("  /triage thresholds:");
  for (const line of JSON.stringify(thresholds.blocks?.[1]?.text?.text ?? "")
    .slice(1, -1)
    .split("\\n"))
    say(`    ${line}`);

  say("\n-- 6. after the retune: the same kinds of message --");
  const after = await round("round B", mix);

  say("\n-- 7. nothing posted twice --");
  const key = (c: SlackCall) =>
    `${c.args.channel}|${c.args.thread_ts ?? ""}|${JSON.stringify(c.args.blocks ?? c.args.text)}`;
  const seen = new Map<string, number>();
  for (const c of chatPosts()) seen.set(key(c), (seen.get(key(c)) ?? 0) + 1);
  const dupes = [...seen.values()].filter((n) => n > 1).length;
  const d = db();
  const messages = (d.prepare("select count(*) as n from messages").get() as { n: number }).n;
  const calls = (d.prepare("select count(*) as n from classifications").get() as { n: number }).n;
  const labels = (
    d.prepare("select count(*) as n from feedback where retracted_at is null").get() as { n: number }
  ).n;
  d.close();
  say(
    `  ${seq} messages sent (${retried} twice) → ${messages} inbox rows, ${llm.requests.length} LLM calls, ${calls} classifications`,
  );
  say(`  ${chatPosts().length} chat.postMessage calls, ${dupes} identical posts; ${labels} labels stored`);

  say("\n-- 8. SIGTERM, then npm start again --");
  const postsBefore = slack.calls.length;
  say(`  exit code ${await stop()}`);
  await start();
  await settle();
  const newCalls = slack.calls.slice(postsBefore).filter((c) => c.method !== "auth.test");
  say(`  after restart: ${newCalls.length} new Slack calls, ${llm.requests.length - calls} extra LLM calls`);
  say(`  exit code ${await stop()}`);

  say(
    `\nrouted before retune: ${before}/${mix.length}; after: ${after}/${mix.length} (${pct(after / mix.length)})`,
  );
  await slack.close();
  await llm.close();
  if (dupes > 0 || after <= before || newCalls.length > 0) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${(err as Error).message}\n`);
  process.exit(1);
});
