/** The review card in the review channel, and the form it takes once a person has decided (pure). */
import type { types } from "@slack/bolt";
import type { Category } from "../../config.js";
import { ACTIONS, encodePick, type MessageRef, mrkdwn, nameOf, origin, type PostContent } from "./blocks.js";
import { channelLink, escapeMrkdwn, excerpt, pct, quote, slackDate, truncate, userLink } from "./format.js";

export interface ScoreView {
  probs: Record<string, number>;
  other: number;
  topCategory: string | null;
  topProb: number;
}

export type CardReason = "other" | "low_confidence" | "uncertified" | "classifier_error" | "audit";

/** Categories worth a button: the most probable ones, at least three, at most four. */
export function likelyCategories(probs: Record<string, number>, categories: readonly Category[]): Category[] {
  const ranked = [...categories].sort((a, b) => (probs[b.id] ?? 0) - (probs[a.id] ?? 0));
  return ranked.filter((c, i) => i < 3 || (i < 4 && (probs[c.id] ?? 0) >= 0.02)).slice(0, 4);
}

function topLine(scores: ScoreView, categories: readonly Category[]): string {
  const ranked = Object.entries(scores.probs)
    .filter(([, p]) => p > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([id, p]) => `${escapeMrkdwn(nameOf(categories, id))} ${pct(p)}`);
  return [...ranked, `other ${pct(scores.other)}`].join(" · ");
}

function reasonLine(
  reason: CardReason,
  scores: ScoreView,
  categories: readonly Category[],
  error?: string | null,
) {
  const top = `*${escapeMrkdwn(nameOf(categories, scores.topCategory))}* ${pct(scores.topProb)}`;
  switch (reason) {
    case "other":
      return `:grey_question: *Needs a human:* mostly none of our areas (other ${pct(scores.other)})`;
    case "low_confidence":
      return `:grey_question: *Needs a human:* not confident enough (best guess ${top})`;
    case "uncertified":
      return `:grey_question: *Needs a human:* nothing is auto-routed until a retune certifies thresholds (best guess ${top}); one click labels it`;
    case "classifier_error":
      return `:warning: *Needs a human:* the classifier failed (${escapeMrkdwn(truncate(error ?? "unknown error", 200))})`;
    case "audit":
      return `:mag: *Random check:* routed to ${top}. Is that right?`;
  }
}

export function reviewCard(args: {
  message: MessageRef;
  scores: ScoreView;
  reason: CardReason;
  error?: string | null;
  categories: readonly Category[];
}): PostContent {
  const { message, scores, reason, categories } = args;
  const head = reasonLine(reason, scores, categories, args.error);
  const likely = likelyCategories(scores.probs, categories);
  const rest = categories.filter((c) => !likely.includes(c));
  const button = (c: Category, i: number) => ({
    type: "button" as const,
    action_id: `${ACTIONS.reviewPickPrefix}${c.id}`,
    text: {
      type: "plain_text" as const,
      text: truncate(reason === "audit" && i === 0 ? `✓ ${c.name}` : c.name, 70),
    },
    value: encodePick(message.id, c.id),
    ...(reason === "audit" && i === 0 ? { style: "primary" as const } : {}),
  });
  const elements: types.ActionsBlockElement[] = likely.map(button);
  elements.push({
    type: "button",
    action_id: `${ACTIONS.reviewPickPrefix}other`,
    text: { type: "plain_text", text: "None of these" },
    value: encodePick(message.id, "other"),
  });
  if (rest.length > 0) {
    elements.push({
      type: "static_select",
      action_id: ACTIONS.reviewSelect,
      placeholder: { type: "plain_text", text: "Another area…" },
      options: rest.map((c) => ({
        text: { type: "plain_text", text: truncate(c.name, 70) },
        value: encodePick(message.id, c.id),
      })),
    });
  }
  return {
    text: `Needs review: ${excerpt(message.text)}`,
    blocks: [
      { type: "section", text: mrkdwn(`${head}\n${quote(message.text)}`) },
      { type: "context", elements: [mrkdwn(`${origin(message)} · ${topLine(scores, categories)}`)] },
      { type: "actions", block_id: `review:${message.id}`, elements },
    ],
  };
}

export function decidedCard(args: {
  message: MessageRef;
  scores: ScoreView;
  reason: CardReason;
  error?: string | null;
  categories: readonly Category[];
  label: string;
  by: string;
  at: number;
}): PostContent {
  const { message, scores, reason, categories, label, by, at } = args;
  const category = categories.find((c) => c.id === label);
  const outcome = category
    ? `:white_check_mark: ${userLink(by)} chose *${escapeMrkdwn(category.name)}* → ${channelLink(category.route_channel)}`
    : `:white_check_mark: ${userLink(by)} marked it *none of these*`;
  return {
    text: `Decided by a person: ${category?.name ?? "none of these"}`,
    blocks: [
      {
        type: "section",
        text: mrkdwn(`${reasonLine(reason, scores, categories, args.error)}\n${quote(message.text)}`),
      },
      { type: "context", elements: [mrkdwn(`${origin(message)} · ${topLine(scores, categories)}`)] },
      { type: "context", elements: [mrkdwn(`${outcome} · ${slackDate(at)}`)] },
    ],
  };
}
