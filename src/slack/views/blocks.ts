/**
 * Block Kit for what the bot posts about a message: the routed post and the thread note on the original
 * (the review card is in review-card.ts). Pure builders; the action_ids live here too.
 */
import type { types } from "@slack/bolt";
import type { Category } from "../../config.js";
import { keycapFor } from "../reactions.js";
import { channelLink, escapeMrkdwn, excerpt, pct, quote, userLink } from "./format.js";

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

export const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });
export const section = (text: string): Block => ({ type: "section", text: mrkdwn(text) });
export const context = (text: string): Block => ({ type: "context", elements: [mrkdwn(text)] });
export const header = (text: string): Block => ({ type: "header", text: { type: "plain_text", text } });

export function origin(m: MessageRef): string {
  const who = m.userId ? `from ${userLink(m.userId)} ` : "";
  const link = m.permalink ? `<${m.permalink}|Open the original>` : "original link unavailable";
  return `${who}in ${channelLink(m.channelId)} · ${link}`;
}

export function nameOf(categories: readonly Category[], id: string | null): string {
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
    text: `${category.name} (${prob !== null && !correctedBy ? pct(prob) : "by a person"}): ${excerpt(message.text)}`,
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
