/**
 * The insight surfaces as a new user would try them, end to end and over the wire:
 *
 *   npx tsx scripts/demo-insights.ts [--out DIR]
 *
 * It builds the bot, starts a loopback fake of Slack's Web API and a loopback OpenAI-compatible server,
 * runs the built bot with `npm start` (HTTP mode) as a child process and plays Slack: 180 support
 * messages labelled by reaction and 3 left for review, then `/triage insights`, App Home for a person and for an admin,
 * `/triage retune` (answered through the command's response_url; its two charts arrive through
 * files.uploadV2 and are saved to DIR), the Home tab's retune preview (a modal opened at once and filled in
 * with views.update when the report is ready) and Apply, and `npx triage insights` on the bot's database.
 * The bot runs as config/triage.yml installs it, with `auto_route: certified`: every message goes to review
 * until a certified set is applied, so the reactions answer review cards — labels the retune certifies on
 * (docs/retune-method.md). Exit code 1 if anything fails.
 * (Review reminders need wall-clock minutes; the tests drive them with a fake clock.) With
 * DEMO_DATABASE_URL=postgres://… it runs on that (empty) Postgres database instead of a SQLite file.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Wire } from "../dev/fakes/fake-slack.js";
import { appHomeOpened, homeButton, viewSubmission } from "../dev/fakes/home-requests.js";
import { eventCallback, messageEvent, reactionEvent, slashCommand } from "../dev/fakes/slack-requests.js";
import { countInk, decodePng } from "../dev/png.js";
import { REPO, say, startDemo, waitFor } from "./demo/bot-under-fakes.js";

const SUPPORT = "C0SUPPORT1";
const OPS = "C0OPS00001";
const ADMIN = "U0ADMIN001";
const PERSON = "U0AGENT001";

type Kind = "billing" | "api" | "parcel" | "gdpr" | "chat";
const jitter = (n: number) => (n * 0.6180339887) % 1;
const TEXT: Record<Kind, (n: number) => string> = {
  billing: (n) => `We were charged twice for invoice INV-${1000 + n}`,
  api: (n) => `Webhook deliveries fail since we rotated API key #${n}`,
  parcel: (n) => `Where is my parcel? Order ${n} was due last week`,
  gdpr: (n) => `Please delete all personal data of user ${n} under GDPR`,
  chat: (n) => `Anyone up for lunch at ${n % 3 ? "noon" : "one"}?`,
};
/** First-token distributions of the pretend model: options 1 billing, 3 api, 4 bug, 0 none of these. */
function modelAnswer(kind: Kind, n: number): Record<string, number> {
  switch (kind) {
    case "billing":
      return { "1": 0.93 + 0.04 * jitter(n), "3": 0.01 };
    case "api":
      return { "3": 0.5 + 0.3 * jitter(n), "4": 0.35 - 0.3 * jitter(n), "1": 0.03 };
    case "parcel":
      return { "0": 0.42, Shipping: 0.22 + 0.1 * jitter(n), "4": 0.05 };
    case "gdpr":
      return { "0": 0.4, GDPR: 0.3, "2": 0.1 };
    case "chat":
      return { "0": 0.82, "7": 0.06 };
  }
}
const REACTION: Record<Kind, string> = { billing: "one", api: "three", parcel: "x", gdpr: "x", chat: "x" };

/** Block Kit as a person would read it, roughly. */
function render(blocks: Wire[] | undefined, indent = "    "): string {
  const lines: string[] = [];
  for (const b of blocks ?? []) {
    if (b.type === "header") lines.push(`# ${b.text.text}`);
    if (b.type === "section") lines.push(b.text.text);
    if (b.type === "context") lines.push(b.elements.map((e: Wire) => e.text).join(" "));
    if (b.type === "actions") lines.push(b.elements.map((e: Wire) => `[${e.text.text}]`).join(" "));
    if (b.type === "divider") lines.push("—".repeat(20));
  }
  return lines
    .join("\n")
    .split("\n")
    .map((l) => `${indent}${l}`)
    .join("\n");
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  // A new install as config/triage.yml makes it: nothing routes until a certified set is applied, so every
  // message waits on a review card and each reaction below answers one.
  const demo = await startDemo({
    name: "triage-insights-demo",
    config: { audit_rate: 0, admins: [ADMIN] },
  });
  const { slack, llm, send } = demo;
  const kinds = new Map<string, { kind: Kind; n: number }>();
  llm.respond((req) => {
    const k = kinds.get(req.message);
    return { dist: k ? modelAnswer(k.kind, k.n) : { "0": 0.9 } };
  });
  const out = resolve(values.out ?? demo.dir);
  mkdirSync(out, { recursive: true });
  say("== triage-bot: the insight surfaces ==");
  say(`config, database, bot log in ${demo.dir}; charts go to ${out}`);
  await demo.start();
  let failed = false;
  const check = (ok: boolean, what: string) => {
    say(`  ${ok ? "✓" : "✗"} ${what}`);
    if (!ok) failed = true;
  };

  try {
    say(
      "\n-- 1. 180 support messages, each labelled by a reaction on the original (nothing is certified yet, so each waits on a review card) --",
    );
    const plan: Kind[] = [];
    for (let i = 0; i < 180; i++) {
      const r = i % 18;
      plan.push(r < 7 ? "billing" : r < 14 ? "api" : r < 16 ? "parcel" : r < 17 ? "gdpr" : "chat");
    }
    const sent: { ts: string; kind: Kind }[] = [];
    for (const [i, kind] of plan.entries()) {
      const ts = `1700200000.${String(i + 1).padStart(6, "0")}`;
      const text = TEXT[kind](i + 1);
      kinds.set(text, { kind, n: i + 1 });
      sent.push({ ts, kind });
      await send.json(eventCallback(messageEvent({ channel: SUPPORT, ts, text, user: "U0CUSTOM01" })));
    }
    await waitFor("every message classified", () => llm.requests.length >= sent.length);
    for (const m of sent) {
      await send.json(
        eventCallback(
          reactionEvent({ user: PERSON, reaction: REACTION[m.kind], channel: SUPPORT, ts: m.ts }),
        ),
      );
    }
    // Three more that nobody has looked at yet: they wait in the review queue.
    for (const [i, kind] of (["api", "parcel", "chat"] as const).entries()) {
      const text = TEXT[kind](200 + i);
      kinds.set(text, { kind, n: 200 + i });
      const ts = `1700200001.${String(i + 1).padStart(6, "0")}`;
      await send.json(eventCallback(messageEvent({ channel: SUPPORT, ts, text, user: "U0CUSTOM01" })));
    }
    await waitFor("every message classified", () => llm.requests.length >= sent.length + 3);
    await new Promise((r) => setTimeout(r, 1500));
    say(
      `  ${llm.requests.length} LLM calls, ${slack.callsTo("chat.postMessage").length} posts so far (${slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0REVIEW01").length} of them review cards, ${slack.callsTo("chat.update").length} cards updated to say who decided); 3 more messages wait for review`,
    );

    /**
     * A /triage command as Slack sends it. Quick answers come in the HTTP ack; a retune is acknowledged at
     * once ("Working out …") and answered through the command's response_url, which the fake Slack serves.
     */
    const command = async (text: string, user: string, channelId = SUPPORT) => {
      const responseUrl = slack.responseUrl();
      const res = await send.form(slashCommand({ text, userId: user, responseUrl, channelId }));
      const raw = await res.text();
      const ack = (raw ? JSON.parse(raw) : {}) as { text: string; blocks?: Wire[] };
      if (!String(ack.text ?? "").startsWith("Working out")) return ack;
      say(`  (acknowledged at once: ${JSON.stringify(ack.text)}; the answer comes through the response_url)`);
      const path = new URL(responseUrl).pathname;
      await waitFor(`the answer to /triage ${text}`, () => slack.responses.some((r) => r.path === path));
      return slack.responses.find((r) => r.path === path)?.body as { text: string; blocks?: Wire[] };
    };
    const openHome = async (user: string) => {
      const before = slack.callsTo("views.publish").length;
      await send.json(appHomeOpened(user));
      await waitFor("views.publish", () => slack.callsTo("views.publish").length > before);
      return slack.callsTo("views.publish").at(-1)?.args.view as Wire;
    };

    say("\n-- 2. /triage insights (anyone) --");
    const insights = await command("insights", PERSON);
    say(render(insights.blocks));
    check(
      JSON.stringify(insights.blocks).includes("“Shipping”"),
      "the catalog names what the model tried to say",
    );

    say("\n-- 3. App Home, opened by an agent --");
    const personHome = await openHome(PERSON);
    say(render(personHome.blocks));
    check(JSON.stringify(personHome.blocks).includes("3 waiting in"), "the review queue lists what waits");
    check(
      !JSON.stringify(personHome.blocks).includes("home_retune_preview"),
      "no admin buttons for an agent",
    );

    say(`\n-- 4. /triage retune by an admin in ${OPS} --`);
    const retune = await command("retune", ADMIN, OPS);
    say(render(retune.blocks?.slice(0, 1)));
    await waitFor("the chart upload", () => slack.callsTo("files.completeUploadExternal").length > 0);
    const complete = slack.callsTo("files.completeUploadExternal")[0];
    const steps = slack.calls.map((c) => c.method).filter((m) => m.startsWith("files."));
    say(`  Web API calls: ${steps.join(" → ")} (bytes POSTed to the upload URL in between)`);
    say(`  shared in ${complete?.args.channel_id}: ${JSON.stringify(complete?.args.initial_comment)}`);
    for (const up of slack.uploads) {
      const path = join(out, up.filename);
      writeFileSync(path, up.bytes ?? Buffer.alloc(0));
      const png = decodePng(up.bytes ?? Buffer.alloc(0));
      say(
        `  ${path}: PNG ${png.width}×${png.height}, ${countInk(png).toLocaleString("en-US")} non-white pixels`,
      );
    }
    check(
      slack.uploads.length === 2 && complete?.args.channel_id === OPS,
      "two charts posted where retune ran",
    );

    say("\n-- 5. App Home, opened by the admin; Retune preview → Apply in the modal --");
    const adminHome = await openHome(ADMIN);
    say(render(adminHome.blocks.slice(-6)));
    await send.form(homeButton({ userId: ADMIN, actionId: "home_retune_preview", value: "preview" }));
    // Slack's trigger_id lasts 3 s: the modal opens at once and is filled in (views.update) when the
    // report is ready.
    const opened = await slack.waitFor("views.open");
    const loading = opened.args.view as Wire;
    say(`  modal "${loading.title.text}" opens at once: ${JSON.stringify(loading.blocks?.[0]?.text?.text)}`);
    const viewId = opened.response?.view?.id;
    const update = await slack.waitFor("views.update", (c) => c.args.view_id === viewId);
    const modal = update.args.view as Wire;
    say(
      `  then views.update fills it in: "${modal.title.text}" with [${modal.submit?.text}] and [${modal.close?.text}]`,
    );
    say(render(modal.blocks?.slice(0, 2)));
    check(modal.submit !== undefined, "the retune preview offers Apply");
    const ack = (await (
      await send.form(
        viewSubmission({
          userId: ADMIN,
          callbackId: modal.callback_id,
          privateMetadata: modal.private_metadata,
        }),
      )
    ).json()) as Wire;
    say(`  after Apply the modal says: ${ack.view.blocks[0].text.text}`);
    const refreshed = await openHome(ADMIN);
    const inForce = JSON.stringify(refreshed.blocks).match(/\*Set #\d+ in force\*[^"]*/)?.[0] ?? "";
    say(`  Home now: ${inForce.split("\\n")[0]}`);
    say(render(refreshed.blocks.filter((b: Wire) => String(b.text?.text).startsWith("```"))));
    check(inForce.includes(`Set #${modal.private_metadata} in force`), "the applied set is in force on Home");

    say("\n-- 6. npx triage insights on the bot's database --");
    const cli = spawnSync(process.execPath, ["dist/cli/bin.js", "insights", "--days", "7"], {
      cwd: REPO,
      env: { PATH: process.env.PATH, ...demo.databaseEnv },
      encoding: "utf8",
    });
    say(cli.stdout.replace(/^/gm, "    ").trimEnd());
    check(cli.status === 0 && cli.stdout.includes("“Shipping”"), "the CLI shows the same catalog");
  } finally {
    await demo.close();
  }
  say(failed ? "\nFAILED" : "\nOK");
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${(err as Error).message}\n`);
  process.exit(1);
});
