/**
 * The App Home tab (pure). Everyone: today's volume, routed vs review, and the review queue oldest first
 * with links. Admins also: the thresholds in force per area with label counts and certified precision,
 * the last retune, and buttons for a retune preview and a rollback.
 */
import type { types } from "@slack/bolt";
import type { Category } from "../../config.js";
import { thresholdFor } from "../../decide/decision.js";
import type { LabellingState } from "../../services/backfill/labelling.js";
import type { AdminSummary } from "../../services/retune/admin-summary.js";
import type { ReviewItem } from "../../store/queries/review-queue.js";
import type { Volume } from "../../store/queries/stats.js";
import { startOfLocalDay } from "../../time-zone.js";
import { type Block, context, header, mrkdwn, nameOf, section } from "./blocks.js";
import { needsLines } from "./commands.js";
import { defuse } from "./defuse.js";
import {
  channelLink,
  col,
  escapeMrkdwn,
  num,
  pct,
  slackDate,
  threshold,
  truncate,
  userLink,
} from "./format.js";
import { labellingBlocks } from "./labelling.js";

export const HOME_ACTIONS = {
  retunePreview: "home_retune_preview",
  rollback: "home_rollback",
} as const;

/** Review items listed on the tab; the rest are counted. */
export const HOME_QUEUE_LIMIT = 20;

export interface HomeData {
  now: number;
  /** e.g. "since 00:00 UTC". */
  dayLabel: string;
  volume: Volume;
  queue: { total: number; items: ReviewItem[] };
  reviewChannel: string;
  categories: readonly Category[];
  /** Present only for admins. */
  admin: AdminSummary | null;
  /** Present for people who may label, when there is backfilled history to label. */
  labelling?: { state: LabellingState; toCertify: number | null } | null;
}

/** "4 min", "3 h 20 min", "2 days". */
export function waited(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** Message text as the label of one of our links: defused, one line, no "|" that Slack could split on. */
export function linkLabel(text: string, max = 80): string {
  return truncate(defuse(text, "plain").replace(/\|/g, "").replace(/\s+/g, " ").trim() || "(no text)", max);
}

export function reasonText(item: ReviewItem, categories: readonly Category[]): string {
  switch (item.reason) {
    case "other":
      return `mostly none of our areas (other ${pct(item.other)})`;
    case "classifier_error":
      return "the classifier failed";
    default:
      return `best guess ${escapeMrkdwn(nameOf(categories, item.topCategory))} ${pct(item.topProb)}`;
  }
}

export function queueLine(item: ReviewItem, now: number, categories: readonly Category[]): string {
  const label = `“${linkLabel(item.text)}”`;
  const link = item.permalink ? `<${item.permalink}|${label}>` : label;
  return `• ${link} — waiting ${waited(now - item.receivedAt)} · ${reasonText(item, categories)}`;
}

/** Lines packed into as few sections as Slack's 3,000-character limit allows. */
export function packLines(lines: readonly string[], max = 3000): Block[] {
  const blocks: Block[] = [];
  let current = "";
  for (const line of lines) {
    const next = current === "" ? line : `${current}\n${line}`;
    if (next.length > max && current !== "") {
      blocks.push(section(current));
      current = line.slice(0, max);
    } else current = next.slice(0, max);
  }
  if (current !== "") blocks.push(section(current));
  return blocks;
}

function volumeBlocks(d: HomeData): Block[] {
  const v = d.volume;
  const share = (n: number) => (v.received === 0 ? "" : ` (${pct(n / v.received)})`);
  const line =
    v.received === 0
      ? `No messages yet today (${d.dayLabel}).`
      : `*${v.received}* message${v.received === 1 ? "" : "s"} today (${d.dayLabel}) · ` +
        `*${v.routed}* routed${share(v.routed)} · *${v.review}* sent to review${share(v.review)}` +
        (v.waiting > 0 ? ` · ${v.waiting} being classified` : "");
  return [section(line), context(`Updated ${slackDate(d.now)}. Open the tab again to refresh.`)];
}

function queueBlocks(d: HomeData): Block[] {
  const { total, items } = d.queue;
  if (total === 0) {
    return [
      section(`*Review queue* — empty: nothing in ${channelLink(d.reviewChannel)} waits for a person.`),
    ];
  }
  const blocks = [
    section(`*Review queue* — ${total} waiting in ${channelLink(d.reviewChannel)}, oldest first`),
    ...packLines(items.map((i) => queueLine(i, d.now, d.categories))),
  ];
  if (total > items.length) {
    blocks.push(context(`… and ${total - items.length} more in ${channelLink(d.reviewChannel)}.`));
  }
  return blocks;
}

function thresholdTable(a: AdminSummary, categories: readonly Category[]): string {
  const rows = categories.map((c) => {
    const cert = a.certified[c.id];
    const bound = !cert
      ? "–"
      : cert.lowerBound === null
        ? "?"
        : `${pct(cert.lowerBound)}${cert.pooled ? "*" : ""}`;
    return `${col(c.id, 18)} ${num(threshold(thresholdFor(a.thresholds, c.id)), 11)} ${num(a.labels[c.id] ?? 0, 6)} ${num(bound, 11)}`;
  });
  return [
    "```",
    `${col("category", 18)} ${num("threshold", 11)} ${num("labels", 6)} ${num("certified ≥", 11)}`,
    ...rows,
    `${col("none of these", 18)} ${num(`< ${a.thresholds.other.toFixed(2)}`, 11)} ${num(a.labels.other ?? 0, 6)}`,
    "```",
  ].join("\n");
}

function adminBlocks(a: AdminSummary, categories: readonly Category[]): Block[] {
  const source = a.inForce
    ? `*Set #${a.inForce.setId} in force* — ${a.inForce.action === "rollback" ? "rolled back to" : "applied"} by ${userLink(a.inForce.by)} ${slackDate(a.inForce.at)}`
    : a.waitingForCertificate
      ? "*Nothing is auto-routed yet* — every message goes to review until a certified set is applied"
      : "*The config file's thresholds are in force* — no certified set decides yet";
  const last = a.lastRetune
    ? `*Last retune:* set #${a.lastRetune.setId} by ${userLink(a.lastRetune.by)} ${slackDate(a.lastRetune.at)} from ${a.lastRetune.labelCount} labels — ${a.inForce?.setId === a.lastRetune.setId ? "in force" : "not applied"}`
    : "*Last retune:* none yet.";
  const elements: types.ActionsBlockElement[] = [
    {
      type: "button",
      action_id: HOME_ACTIONS.retunePreview,
      style: "primary",
      text: { type: "plain_text", text: "Retune preview" },
      value: "preview",
    },
  ];
  if (a.rollbackTo) {
    elements.push({
      type: "button",
      action_id: HOME_ACTIONS.rollback,
      style: "danger",
      text: { type: "plain_text", text: `Roll back to set #${a.rollbackTo.setId}` },
      value: String(a.rollbackTo.setId),
      confirm: {
        title: { type: "plain_text", text: "Roll back thresholds?" },
        text: mrkdwn(`Set #${a.rollbackTo.setId} decides from the next message on.`),
        confirm: { type: "plain_text", text: "Roll back" },
        deny: { type: "plain_text", text: "Cancel" },
      },
    });
  }
  return [
    { type: "divider" },
    header("Thresholds (admins)"),
    section(`${source}\n${last}${needsLines(a.needs)}`),
    context(a.deciding),
    section(thresholdTable(a, categories)),
    context(
      `A message is routed when its top area reaches its threshold and "none of these" is below ${a.thresholds.other.toFixed(2)}. ` +
        `labels = messages people labelled with that area under the current prompt (${a.labelTotal} in all); ` +
        "certified ≥ = the lower bound on precision the retune proved for it (* = shared with the pooled areas).",
    ),
    { type: "actions", block_id: "home_admin", elements },
  ];
}

export function homeView(d: HomeData): { type: "home"; blocks: Block[] } {
  const blocks: Block[] = [
    header("Triage today"),
    ...volumeBlocks(d),
    { type: "divider" },
    ...queueBlocks(d),
    ...(d.labelling ? labellingBlocks(d.labelling.state, d.categories, d.labelling.toCertify) : []),
    ...(d.admin ? adminBlocks(d.admin, d.categories) : []),
  ];
  return { type: "home", blocks: blocks.slice(0, 100) };
}

/** Midnight in the team's time zone, and how to say it. */
export function startOfDay(now: number, timeZone: string): { since: number; label: string } {
  return { since: startOfLocalDay(now, timeZone), label: `since 00:00 ${timeZone}` };
}
