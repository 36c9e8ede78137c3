/** Small text helpers for Slack mrkdwn, pure. */
import { defuse } from "./defuse.js";

/** 0.914 → "91%"; small values keep one decimal so 0.4% does not read as 0%. */
export function pct(p: number): string {
  const v = p * 100;
  if (v > 0 && v < 1) return `${v.toFixed(1)}%`;
  return `${Math.round(v)}%`;
}

/** Escapes text that did not come from Slack (category names, error messages) for mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts at a word boundary near `max` and says so. Slack text is already escaped, so it is kept as is. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  // Never split a surrogate pair (an emoji) in two.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  let cut = text.slice(0, end);
  // Half an entity (`<https://…`, `&am`) would show as markup debris.
  const open = cut.lastIndexOf("<");
  if (open > cut.lastIndexOf(">")) cut = cut.slice(0, open);
  cut = cut.replace(/&[a-z]*$/, "");
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

/** A short, defused excerpt of a customer's message for a notification `text`. */
export function excerpt(text: string, max = 120): string {
  return truncate(defuse(text), max);
}

/** Quotes (already Slack-formatted) message text as a mrkdwn block quote, defused. */
export function quote(text: string, max = 600): string {
  return truncate(defuse(text), max)
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

export function channelLink(channelId: string): string {
  return `<#${channelId}>`;
}

export function userLink(userId: string): string {
  return `<@${userId}>`;
}

/** A Slack date token: renders in the reader's time zone, with a plain fallback. */
export function slackDate(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;
}

export function threshold(value: number | null): string {
  return value === null ? "review only" : value.toFixed(2);
}

/** Monospace table cells: text cut and padded to `w` on the left, numbers padded on the right. */
export const col = (s: string | number, w: number) => String(s).slice(0, w).padEnd(w);
export const num = (s: string | number, w: number) => String(s).padStart(w);
