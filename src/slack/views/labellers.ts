/**
 * Who taught the bot, in Slack (pure): the block the retune report ends with (labels per source and the
 * people who gave most), and `/triage labels forget`'s confirmation and outcome.
 */
import type { LabelTally, PersonLabels } from "../../services/feedback/labels-by-person.js";
import { type Block, context, type PostContent, section } from "./blocks.js";
import { userLink } from "./format.js";

export const FORGET_ACTIONS = { confirm: "labels_forget", cancel: "labels_forget_cancel" } as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const SOURCE_WORDS: Record<string, [string, string]> = {
  reaction: ["reaction", "reactions"],
  review: ["review click", "review clicks"],
  audit: ["random-check click", "random-check clicks"],
  import: ["imported", "imported"],
  cli: ["from the CLI", "from the CLI"],
};

function bySourceText(bySource: Record<string, number>): string {
  return Object.entries(bySource)
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => plural(n, ...(SOURCE_WORDS[s] ?? [s, s])))
    .join(", ");
}

/** Appended to the retune report: who gave the labels it read. */
export function labellerTallyBlocks(tally: LabelTally): Block[] {
  if (tally.total === 0) return [context("*Who taught it:* nobody yet, under this prompt.")];
  const top = tally.top.map((p) => `${userLink(p.userId)} ${p.labels}`).join(" · ");
  const rest = tally.people - tally.top.length;
  const others = rest > 0 ? ` · ${plural(rest, "other person", "other people")}` : "";
  return [
    section(
      `*Who taught it* (under this prompt): ${plural(tally.total, "label", "labels")} from ${plural(tally.people, "person", "people")} — ${bySourceText(tally.bySource)}\n${top}${others}`,
    ),
    context(
      "One person's label on one message counts once here. `/triage labels forget @user` takes back everything someone labelled (admins).",
    ),
  ];
}

/** The report's text fallback, one sentence. */
export function labellerTallyText(tally: LabelTally): string {
  const top = tally.top.map((p) => `${userLink(p.userId)} ${p.labels}`).join(", ");
  return ` Labels from ${plural(tally.people, "person", "people")}${top ? ` (most: ${top})` : ""}.`;
}

const WHAT_STAYS =
  "Messages already routed on their labels stay where they are (nothing is re-posted or moved back); the labels stop counting for `/triage retune` and stats, and the rows are kept, marked taken back.";

export function forgetConfirmView(args: {
  userId: string;
  userName: string | null;
  labels: PersonLabels;
}): PostContent {
  const { userId, labels } = args;
  if (labels.labels === 0) {
    return { text: `${userLink(userId)} has no labels to forget.`, blocks: [] };
  }
  const who = args.userName ? `@${args.userName}` : userId;
  const n = plural(labels.labels, "label", "labels");
  return {
    text: `Forget ${n} by ${userLink(userId)}?`,
    blocks: [
      section(
        `*Forget ${n} by ${userLink(userId)}?* On ${plural(labels.messages, "message", "messages")}: ${bySourceText(labels.bySource)}.\n${WHAT_STAYS} To keep their future reactions from counting, leave them out of \`labellers\` in the config.`,
      ),
      {
        type: "actions",
        block_id: `labels_forget:${userId}`,
        elements: [
          {
            type: "button",
            action_id: FORGET_ACTIONS.confirm,
            style: "danger",
            text: { type: "plain_text", text: `Forget ${n} by ${who}`.slice(0, 75) },
            value: userId,
          },
          {
            type: "button",
            action_id: FORGET_ACTIONS.cancel,
            text: { type: "plain_text", text: "Cancel" },
            value: userId,
          },
        ],
      },
    ],
  };
}

export function forgottenView(args: { userId: string; count: number; by: string }): PostContent {
  const text = `:wastebasket: ${userLink(args.by)} took back ${plural(args.count, "label", "labels")} by ${userLink(args.userId)}.`;
  return {
    text,
    blocks: [section(text), context(`${WHAT_STAYS} The next \`/triage retune\` is computed without them.`)],
  };
}
