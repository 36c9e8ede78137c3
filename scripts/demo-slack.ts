/**
 * The Slack journey as a new user would try it, end to end and over the wire:
 *
 *   npx tsx scripts/demo-slack.ts
 *
 * It builds the bot (`npm run build`), starts a loopback fake of Slack's Web API and a loopback OpenAI-compatible server, runs the built
 * bot with `npm start` (HTTP mode) as a child process, and then plays Slack: signed message events,
 * review-card clicks, reactions, retried deliveries and `/triage` commands. The bot is installed as
 * config/triage.yml installs it, with `auto_route: certified`: nothing is routed until a retune certifies
 * thresholds, so every message goes to review with the bot's best guess on its card. The team answers
 * the cards (a click, or a ✅ on the card); those answers are a census of the traffic, which is what the
 * retune certifies on (docs/retune-method.md). After `/triage retune apply`, the same kinds of messages
 * are routed on their own instead of queued for review — and nothing is ever posted twice, not even
 * across a restart. Exit code 1 if any of that fails.
 * With DEMO_DATABASE_URL=postgres://… it runs on that (empty) Postgres database instead of a SQLite file.
 */

import type { Wire } from "../dev/fakes/fake-slack.js";
import {
  blockAction,
  eventCallback,
  messageEvent,
  reactionEvent,
  slashCommand,
} from "../dev/fakes/slack-requests.js";
import { count, isNull } from "../src/store/orm.js";
import { pendingCount } from "../src/store/queries/inbox.js";
import { say, startDemo, waitFor } from "./demo/bot-under-fakes.js";

const SUPPORT = "C0SUPPORT1";
const REVIEW = "C0REVIEW01";
const ADMIN = "U0ADMIN001";
const AGENTS = ["U0AGENT001", "U0AGENT002", "U0AGENT003"];
const BILLING_AGENT = "U0BILLING1";
const CUSTOMER = "U0CUSTOM01";

// ---- the pretend model, and what a person would say each message is --------------------------------

type Kind = "billing" | "api" | "access" | "chat";
const TEXT: Record<Kind, (n: number) => string> = {
  billing: (n) => `We were charged twice for invoice INV-${1000 + n}, please refund one`,
  api: (n) => `Webhook deliveries to our endpoint fail since we rotated API key #${n}`,
  access: (n) => `User ${n} is stuck in an SSO login loop after the Okta change`,
  chat: (n) => `Does anyone know a good lunch place near office ${n}?`,
};

const kindOf = (text: string): Kind =>
  text.includes("invoice")
    ? "billing"
    : text.includes("Webhook")
      ? "api"
      : text.includes("SSO")
        ? "access"
        : "chat";
const numberOf = (text: string) => Number(/(?:INV-1|#|User |office )(\d+)/.exec(text)?.[1] ?? 0);
/** A reproducible spread in [0, 1) per message number. */
const jitter = (n: number) => (n * 0.6180339887) % 1;
const apiProb = (n: number) => 0.5 + 0.3 * jitter(n);

/** First-token distribution the fake LLM answers with (options: 1 billing, 2 account access, 3 api, 4 bug). */
function modelAnswer(text: string): Record<string, number> {
  const n = numberOf(text);
  switch (kindOf(text)) {
    case "billing":
      return { "1": 0.93 + 0.04 * jitter(n), "3": 0.01 };
    case "api":
      return { "3": apiProb(n), "4": 0.9 - apiProb(n), "1": 0.03 };
    case "access": {
      const p = 0.55 + 0.25 * jitter(n);
      return { "2": p, "4": 0.88 - p, "3": 0.04 };
    }
    case "chat":
      return { "0": 0.82, "7": 0.06 };
  }
}

/**
 * What the team says each message is: the model's top pick is nearly always right — it is under-confident,
 * not wrong — except for the least confident "API" messages (under 0.53), which are really bug reports.
 */
function truth(text: string): string {
  const kind = kindOf(text);
  if (kind === "api") return apiProb(numberOf(text)) < 0.53 ? "bug" : "api";
  return { billing: "billing", access: "account_access", chat: "other" }[kind];
}

// ---- plumbing --------------------------------------------------------------------------------------

const pct = (x: number) => `${Math.round(x * 100)}%`;
const linkOf = (ts: string) => `p${ts.replace(".", "")}`;

async function main() {
  // A new install as config/triage.yml makes it: nothing routes until a retune certifies thresholds.
  const demo = await startDemo({
    name: "triage-demo",
    config: { audit_rate: 0.05, admins: [ADMIN] },
  });
  const { slack, llm, send } = demo;
  llm.respond((req) => ({ dist: modelAnswer(req.message) }));
  const base = demo.config;

  say("== triage-bot: the Slack journey ==");
  say(`fake Slack Web API ${slack.url} · fake LLM ${llm.url}`);
  say(`config, database and bot log in ${demo.dir}`);
  const start = async () => say(`  npm start → ${await demo.start()}`);

  const settle = () => waitFor("the inbox to empty", async () => (await demo.read(pendingCount)) === 0);

  // ---- playing Slack ----
  let seq = 0;
  const sentMessages: { ts: string; text: string }[] = [];
  async function post(kind: Kind, opts: { retry?: boolean } = {}) {
    seq += 1;
    const ts = `1700100000.${String(seq).padStart(6, "0")}`;
    const text = TEXT[kind](seq);
    sentMessages.push({ ts, text });
    const body = eventCallback(messageEvent({ channel: SUPPORT, ts, text, user: CUSTOMER }), {
      eventId: `EvDemo${seq}`,
    });
    const res = await send.json(body);
    if (res.status !== 200) throw new Error(`Slack's event was answered ${res.status}`);
    if (opts.retry) await send.json(body, { retryNum: 1 }); // Slack's redelivery of the same event
    return { ts, text };
  }
  const react = (user: string, reaction: string, channel: string, ts: string) =>
    send.json(eventCallback(reactionEvent({ user, reaction, channel, ts })));
  /**
   * A /triage command as Slack sends it. Quick answers come in the HTTP ack; a retune (and the thresholds)
   * is acknowledged at once ("Working out …") and answered later through the command's response_url,
   * which the fake Slack serves: then the answer is what was POSTed there.
   */
  const command = async (text: string, user: string) => {
    const responseUrl = slack.responseUrl();
    const res = await send.form(slashCommand({ text, userId: user, responseUrl }));
    const raw = await res.text();
    const ack = (raw ? JSON.parse(raw) : {}) as { text?: string; blocks?: Wire[] };
    if (!String(ack.text ?? "").startsWith("Working out")) return ack as { text: string; blocks?: Wire[] };
    const path = new URL(responseUrl).pathname;
    await waitFor(`the answer to /triage ${text}`, () => slack.responses.some((r) => r.path === path));
    return slack.responses.find((r) => r.path === path)?.body as { text: string; blocks?: Wire[] };
  };

  const routeChannels = new Map(base.categories.map((c) => [c.route_channel, c.id]));
  const chatPosts = () => slack.callsTo("chat.postMessage");
  const mentions = (ts: string) =>
    chatPosts().filter((c) => JSON.stringify(c.args.blocks ?? "").includes(linkOf(ts)));
  const routedTo = (ts: string) =>
    mentions(ts)
      .filter((c) => routeChannels.has(c.args.channel))
      .map((c) => routeChannels.get(c.args.channel));
  const reviewCards = () => chatPosts().filter((c) => c.args.channel === REVIEW);
  /** The support message a review card is about. */
  const originalOf = (card: Wire) =>
    sentMessages.find((m) => JSON.stringify(card.args.blocks).includes(linkOf(m.ts)));
  /** A /triage answer as a person reads it: each block's text, line by line. */
  const printAnswer = (answer: { text: string; blocks?: Wire[] }, indent = "    ") => {
    if (!answer.blocks) return say(`${indent}${answer.text}`);
    for (const block of answer.blocks) {
      const text: string = block.text?.text ?? block.elements?.map((e: Wire) => e.text).join(" ") ?? "";
      for (const line of text.split("\n")) say(`${indent}${line}`);
    }
  };
  /** Messages with a label in force, and those labels by how they were collected. */
  const labelsStored = () =>
    demo.read((store) =>
      store.query(({ db, t }) =>
        db
          .select({ messageId: t.feedback.messageId, source: t.feedback.source })
          .from(t.feedback)
          .where(isNull(t.feedback.retractedAt)),
      ),
    );

  async function round(label: string, kinds: Kind[]): Promise<number> {
    const sent = [];
    for (const kind of kinds) sent.push(await post(kind));
    await settle();
    let routed = 0;
    say(`${label}:`);
    for (const m of sent) {
      const to = routedTo(m.ts);
      if (to.length > 0) routed += 1;
      const [option, p] = Object.entries(modelAnswer(m.text)).sort((a, b) => b[1] - a[1])[0] ?? ["?", 0];
      const outcome = to.length > 0 ? `routed → ${to.join(", ")}` : "review card";
      say(`  ${outcome.padEnd(25)} option ${option} p=${p.toFixed(2)}  "${m.text.slice(0, 52)}…"`);
    }
    say(`  = ${routed} of ${kinds.length} routed, ${kinds.length - routed} sent to review`);
    return routed;
  }

  /** What a support agent does with a review card: click the right area (button or menu). */
  async function decide(card: Wire, agent: string, twice = false) {
    const original = originalOf(card);
    if (!original) return false;
    const label = truth(original.text);
    const elements: Wire[] = (card.args.blocks as Wire[]).find((b) => b.type === "actions")?.elements ?? [];
    const button = elements.find((e) => e.type === "button" && String(e.value).endsWith(`|${label}`));
    const menu = elements.find((e) => e.type === "static_select");
    const value =
      button?.value ?? menu?.options?.find((o: Wire) => String(o.value).endsWith(`|${label}`))?.value;
    if (!value) return false;
    const click = blockAction({
      userId: agent,
      actionId: button ? button.action_id : menu.action_id,
      value,
      select: !button,
      responseUrl: slack.responseUrl(),
    });
    await send.form(click);
    if (twice) await send.form(click);
    return true;
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

  say("\n-- 1. start the bot (auto_route: certified, as config/triage.yml installs it) --");
  await start();

  say("\n-- 2. before any retune: nothing is certified, so every message goes to review --");
  const before = await round("round A", mix);
  const firstCard = reviewCards().find((c) =>
    JSON.stringify(c.args.blocks).includes(linkOf(sentMessages[0]?.ts ?? "")),
  );
  say(`  e.g. its review card: ${JSON.stringify(firstCard?.args.blocks?.[0]?.text?.text)}`);
  say(`  /triage thresholds (by ${AGENTS[0]}):`);
  printAnswer(await command("thresholds", AGENTS[0] as string));

  say(
    "\n-- 3. the team answers the review cards: a click, or a ✅ on the card when the best guess is right --",
  );
  let retried = 0;
  const reviewed: Kind[] = ["api", "access", "api", "access", "chat"];
  for (let i = 0; i < 100; i++) {
    await post(reviewed[i % reviewed.length] as Kind, { retry: i % 10 === 0 });
    if (i % 10 === 0) retried += 1;
  }
  for (let i = 0; i < 40; i++) await post("billing");
  await settle();
  let clicked = 0;
  let confirmed = 0;
  const cards = reviewCards();
  for (const card of cards) {
    const original = originalOf(card);
    // The billing lead answers billing cards with ✅ ("the best guess is right"), the agents click.
    if (original && kindOf(original.text) === "billing") {
      await react(BILLING_AGENT, "white_check_mark", REVIEW, card.response?.ts);
      confirmed += 1;
      continue;
    }
    const agent = AGENTS[clicked % AGENTS.length] as string;
    if (await decide(card, agent, clicked % 25 === 0)) clicked += 1;
  }
  // Slack has its answer before the bot stores a click or a reaction: wait until every answer is a label.
  await waitFor(
    "every answered card to be labelled",
    async () => new Set((await labelsStored()).map((f) => f.messageId)).size >= clicked + confirmed,
  );
  await settle();
  say(
    `  ${cards.length} review cards: ${clicked} decided by a click from ${AGENTS.length} agents (every 25th clicked twice), ${confirmed} billing cards by a ✅ from ${BILLING_AGENT}`,
  );
  say(`  ${retried} message events were delivered twice by "Slack" (x-slack-retry-num: 1)`);
  say(`  ${slack.callsTo("chat.update").length} cards updated to say who decided`);
  const given = await labelsStored();
  const labels = given.length;
  const labelled = new Set(given.map((f) => f.messageId)).size;
  const bySource = new Map<string, number>();
  for (const f of given) bySource.set(f.source, (bySource.get(f.source) ?? 0) + 1);
  say(
    `  ${labels} labels stored, on ${labelled} messages (by how they were collected: ${[...bySource].map(([k, n]) => `${k} ${n}`).join(", ")})`,
  );

  say("\n-- 4. /triage --");
  say(
    `  /triage retune (by ${AGENTS[1]}, not an admin): ${(await command("retune", AGENTS[1] as string)).text}`,
  );
  const applied = await command("retune apply", ADMIN);
  say(`  /triage retune apply (by ${ADMIN}, an admin; answered through the command's response_url):`);
  printAnswer(applied);
  const setApplied = /Set #\d+ applied by/.test(JSON.stringify(applied));
  const history = await command("history", AGENTS[2] as string);
  const historyLine = String(history.blocks?.[0]?.text?.text?.split("\n")[1] ?? history.text);
  say(`  /triage history: ${JSON.stringify(historyLine)}`);
  say(`  /triage thresholds (by ${AGENTS[0]}):`);
  printAnswer(await command("thresholds", AGENTS[0] as string));

  say("\n-- 5. after the retune, the same kinds of message (no restart) --");
  const roundB = sentMessages.length;
  const after = await round("round B", mix);
  const billingPost = sentMessages
    .slice(roundB)
    .flatMap((m) => mentions(m.ts).filter((c) => c.args.channel === "C0BILLING1"))[0];
  say(`  e.g. in #billing: ${JSON.stringify(billingPost?.args.blocks?.[0]?.text?.text)}`);
  const note = chatPosts().find(
    (c) => c.args.thread_ts === sentMessages[roundB]?.ts && c.args.channel === SUPPORT,
  );
  say(`  and in the original's thread: ${JSON.stringify(note?.args.text)}`);

  say("\n-- 6. a correction by reaction on a routed message --");
  const wrong = await post("billing");
  await settle();
  await react(AGENTS[0] as string, "three", SUPPORT, wrong.ts);
  // The reaction is applied after Slack has its answer: wait for the move (or time out and fail).
  await waitFor("the correction to move the message", () => routedTo(wrong.ts).length > 1, 15_000);
  await settle();
  const correction = chatPosts()
    .filter((c) => c.args.thread_ts === wrong.ts)
    .at(-1);
  say(
    `  :three: on "${wrong.text.slice(0, 44)}…" → posted to ${routedTo(wrong.ts).join(", then ") || "nowhere"}`,
  );
  say(`  thread reply: ${JSON.stringify(correction?.args.text)}`);

  say("\n-- 7. nothing posted twice --");
  let duplicates = 0;
  for (const m of sentMessages) {
    const perChannel = new Map<string, number>();
    for (const c of mentions(m.ts)) perChannel.set(c.args.channel, (perChannel.get(c.args.channel) ?? 0) + 1);
    const notes = new Map<string, number>();
    for (const c of chatPosts().filter((c) => c.args.thread_ts === m.ts))
      notes.set(c.args.text, (notes.get(c.args.text) ?? 0) + 1);
    duplicates += [...perChannel.values(), ...notes.values()].filter((n) => n > 1).length;
  }
  const { inbox, classified } = await demo.read((store) =>
    store.query(async ({ db, t }) => ({
      inbox: (await db.select({ n: count() }).from(t.messages))[0]?.n ?? 0,
      classified: (await db.select({ n: count() }).from(t.classifications))[0]?.n ?? 0,
    })),
  );
  say(
    `  ${seq} messages sent (${retried} of them twice) → ${inbox} inbox rows, ${llm.requests.length} LLM calls, ${classified} classifications`,
  );
  say(
    `  ${chatPosts().length} posts, ${slack.callsTo("chat.update").length} card updates; messages with a repeated post: ${duplicates}`,
  );

  say("\n-- 8. SIGTERM, then start again --");
  say(`  ${await demo.stop()}`);
  const callsBefore = slack.calls.length;
  const llmBefore = llm.requests.length;
  await start();
  await settle();
  const newCalls = slack.calls.slice(callsBefore).filter((c) => c.method !== "auth.test");
  say(`  after the restart: ${newCalls.length} Slack calls, ${llm.requests.length - llmBefore} LLM calls`);
  say(`  ${await demo.stop()}`);

  say(
    `\nrouted before the retune: ${before}/${mix.length}; after: ${after}/${mix.length} (${pct(after / mix.length)})`,
  );
  await demo.close();
  const ok =
    setApplied &&
    duplicates === 0 &&
    after > before &&
    newCalls.length === 0 &&
    inbox === seq &&
    classified === seq;
  say(ok ? "OK" : "FAILED");
  if (!ok) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${(err as Error).message}\n`);
  process.exit(1);
});
