/**
 * Block Kit for what the bot posts about a message: the routed post, the thread note on the original,
 * the review card and its decided form. Pure builders; the action_ids live here too.
 */
import type { types } from "@slack/bolt";
import type { Category } from "../config.js";
import { channelLink, escapeMrkdwn, pct, quote, slackDate, truncate, userLink } from "./format.js";
import { keycapFor } from "./reactions.js";

export type Block = types.KnownBlock;
export interface PostContent {
  text: string;
  blocks: Block[];
}

export const ACTIONS = {
  /** Review card buttons are `review_pick:<label>` (action_ids must be unique within a message). */
  reviewPickPrefix: "review_pick:",
  reviewSelect: "review_pick_select",
  retuneApply: "retune_apply",
  retuneCancel: "retune_cancel",
} as const;
export const REVIEW_ACTION = /^review_pick(:|_select$)/;

export interface MessageRef {
  id: number;
  channelId: string;
  userId: string | null;
  text: string;
  permalink: string | null;
}

export interface ScoreView {
  probs: Record<string, number>;
  other: number;
  topCategory: string | null;
  topProb: number;
}

export type CardReason = "other" | "low_confidence" | "classifier_error" | "audit";

const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });

function origin(m: MessageRef): string {
  const who = m.userId ? `from ${userLink(m.userId)} ` : "";
  const link = m.permalink ? `<${m.permalink}|Open the original>` : "original link unavailable";
  return `${who}in ${channelLink(m.channelId)} · ${link}`;
}

function nameOf(categories: readonly Category[], id: string | null): string {
  if (id === null || id === "other") return "none of these";
  return categories.find((c) => c.id === id)?.name ?? id;
}

export function encodePick(messageId: number, label: string): string {
  return `${messageId}|${label}`;
}

export function decodePick(value: string | undefined): { messageId: number; label: string } | null {
  const match = /^(\d+)\|([a-z0-9_-]+)$/.exec(value ?? "");
  return match?.[1] && match[2] ? { messageId: Number(match[1]), label: match[2] } : null;
}

export function routePost(args: {
  message: MessageRef;
  category: Category;
  prob: number | null;
  correctedBy?: string | null;
}): PostContent {
  const { message, category, prob, correctedBy } = args;
  const how = correctedBy
    ? `routed by ${userLink(correctedBy)}`
    : prob !== null
      ? `${pct(prob)} confident`
      : "routed by a person";
  const headline = `*${escapeMrkdwn(category.name)}* · ${how}`;
  return {
    text: `${category.name} (${prob !== null && !correctedBy ? pct(prob) : "by a person"}): ${truncate(message.text, 120)}`,
    blocks: [
      { type: "section", text: mrkdwn(`${headline}\n${quote(message.text)}`) },
      { type: "context", elements: [mrkdwn(origin(message))] },
    ],
  };
}

/** The emoji legend: option number → category, and how to say "none of these". */
export function emojiLegend(categories: readonly Category[]): string {
  const options = categories
    .slice(0, 10)
    .map((c, i) => `:${keycapFor(i + 1)}: ${escapeMrkdwn(c.name)}`)
    .join(" · ");
  return `${options} · :x: none of these`;
}

export function threadNote(args: {
  category: Category;
  prob: number | null;
  categories: readonly Category[];
  by?: string | null;
  rerouted?: boolean;
}): string {
  const where = `*${escapeMrkdwn(args.category.name)}* (${channelLink(args.category.route_channel)})`;
  if (args.rerouted && args.by) return `Moved to ${where} after ${userLink(args.by)}'s correction.`;
  if (args.by) return `Sent to ${where} by ${userLink(args.by)}.`;
  const conf = args.prob !== null ? `, ${pct(args.prob)} sure` : "";
  return `Sent to ${where}${conf}. Wrong area? React with the right one: ${emojiLegend(args.categories)}`;
}

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
    text: `Needs review: ${truncate(message.text, 120)}`,
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
