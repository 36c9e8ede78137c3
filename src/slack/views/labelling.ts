/**
 * App Home's Labelling section (pure): the next backfilled message with the bot's best guess, a button per
 * area plus None of these and Skip, how many are labelled, and how many more labels would certify.
 */
import type { types } from "@slack/bolt";
import type { Category } from "../../config.js";
import type { LabellingState } from "../../services/backfill/labelling.js";
import { type Block, context, encodePick, header, mrkdwn, nameOf, section } from "./blocks.js";
import { escapeMrkdwn, pct, quote, truncate } from "./format.js";

export const LABELLING_ACTIONS = {
  pickPrefix: "home_label:",
  skip: "home_label_skip",
} as const;

export function labellingBlocks(
  state: LabellingState,
  categories: readonly Category[],
  /** Fewest more labels that would certify something (from the label needs), if any would. */
  toCertify: number | null,
): Block[] {
  if (state.total === 0) return [];
  const progress = `${state.labelled} of ${state.total} backfilled message${state.total === 1 ? "" : "s"} labelled`;
  const certify =
    toCertify === null ? "" : ` · about ${toCertify} more label${toCertify === 1 ? "" : "s"} to certify`;
  const blocks: Block[] = [{ type: "divider" }, header("Labelling"), context(`${progress}${certify}`)];
  const item = state.next;
  if (!item) {
    blocks.push(
      section("Every backfilled message has a label. Run `/triage retune` to see what they certify."),
    );
    return blocks;
  }
  const guess = item.topCategory
    ? `best guess *${escapeMrkdwn(nameOf(categories, item.topCategory))}* ${pct(item.topProb)} · other ${pct(item.other)}`
    : `no area stood out · other ${pct(item.other)}`;
  const link = item.permalink ? ` · <${item.permalink}|Open it>` : "";
  const button = (id: string, text: string): types.Button => ({
    type: "button",
    action_id: `${LABELLING_ACTIONS.pickPrefix}${id}`,
    text: { type: "plain_text", text: truncate(text, 70) },
    value: encodePick(item.messageId, id),
    ...(id === item.topCategory ? { style: "primary" as const } : {}),
  });
  blocks.push(
    section(quote(item.text)),
    context(`${guess}${link}`),
    {
      type: "actions",
      block_id: `label:${item.messageId}`,
      elements: [
        ...categories.map((c) => button(c.id, c.name)),
        button("other", "None of these"),
        {
          type: "button",
          action_id: LABELLING_ACTIONS.skip,
          text: { type: "plain_text", text: "Skip" },
          value: String(item.messageId),
        },
      ],
    },
    {
      type: "context",
      elements: [mrkdwn("Your pick is stored as a label (nothing is posted); the next one follows.")],
    },
  );
  return blocks;
}
