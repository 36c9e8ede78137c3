/**
 * When a review is stale (pure). Without business hours, stale = waited `after_minutes` of wall-clock time.
 * With them, only business time counts (a card posted at 16:50 with a two-hour limit is stale at 10:50 the
 * next working day, not overnight), and a reminder is only sent while the team is at work.
 */
import type { FileConfig } from "../config.js";

export type ReviewNudge = NonNullable<FileConfig["review_nudge"]>;
export type BusinessHours = NonNullable<ReviewNudge["business_hours"]>;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far back business time is counted; a card older than this is long stale anyway. */
const MAX_DAYS = 370;

const local = (at: number, h: BusinessHours) => at + h.utc_offset_minutes * MINUTE;

export function inBusinessHours(at: number, h: BusinessHours): boolean {
  const t = new Date(local(at, h));
  const minute = t.getUTCHours() * 60 + t.getUTCMinutes();
  return h.days.includes(t.getUTCDay()) && minute >= h.start_hour * 60 && minute < h.end_hour * 60;
}

/** Milliseconds of business time in [from, to). */
export function businessTimeBetween(from: number, to: number, h: BusinessHours): number {
  if (to <= from) return 0;
  const start = Math.max(local(from, h), local(to, h) - MAX_DAYS * DAY);
  const end = local(to, h);
  let total = 0;
  for (let day = Math.floor(start / DAY) * DAY; day < end; day += DAY) {
    if (!h.days.includes(new Date(day).getUTCDay())) continue;
    const open = Math.max(start, day + h.start_hour * 60 * MINUTE);
    const close = Math.min(end, day + h.end_hour * 60 * MINUTE);
    if (close > open) total += close - open;
  }
  return total;
}

/** A card shown at `since` is due a reminder at `now`. */
export function nudgeDue(since: number, now: number, nudge: ReviewNudge): boolean {
  const limit = nudge.after_minutes * MINUTE;
  const h = nudge.business_hours;
  if (!h) return now - since >= limit;
  return inBusinessHours(now, h) && businessTimeBetween(since, now, h) >= limit;
}
