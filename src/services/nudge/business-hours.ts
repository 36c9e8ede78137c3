/**
 * When a review is stale (pure). Without business hours, stale = waited `after_minutes` of wall-clock time.
 * With them, only business time counts (a card posted at 16:50 with a two-hour limit is stale at 10:50 the
 * next working day, not overnight), and a reminder is only sent while the team is at work. Hours are read
 * on the team's wall clock in its IANA time zone, so they follow daylight-saving changes.
 */
import type { TriageConfig } from "../../config.js";
import { instantAt, wallClock } from "../../time-zone.js";

export type ReviewNudge = NonNullable<TriageConfig["review_nudge"]>;
export type BusinessHours = NonNullable<ReviewNudge["business_hours"]>;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** How far back business time is counted; a card older than this is long stale anyway. */
const MAX_DAYS = 370;

export function inBusinessHours(at: number, h: BusinessHours): boolean {
  const local = new Date(wallClock(at, h.time_zone));
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return h.days.includes(local.getUTCDay()) && minute >= h.start_hour * 60 && minute < h.end_hour * 60;
}

/**
 * Milliseconds of business time in [from, to), counted back from `to`; counting stops once it reaches
 * `enough` (so a long-waiting card costs a few days of clock reading, not a year of them).
 */
export function businessTimeBetween(
  from: number,
  to: number,
  h: BusinessHours,
  enough = Number.POSITIVE_INFINITY,
): number {
  if (to <= from) return 0;
  const start = Math.max(from, to - MAX_DAYS * DAY);
  const firstWall = wallClock(start, h.time_zone);
  let total = 0;
  for (let day = Math.floor(wallClock(to, h.time_zone) / DAY) * DAY; day + DAY > firstWall; day -= DAY) {
    if (!h.days.includes(new Date(day).getUTCDay())) continue;
    const open = Math.max(start, instantAt(day + h.start_hour * HOUR, h.time_zone));
    const close = Math.min(to, instantAt(day + h.end_hour * HOUR, h.time_zone));
    if (close > open) total += close - open;
    if (total >= enough) break;
  }
  return total;
}

/** A card shown at `since` is due a reminder at `now`. */
export function nudgeDue(since: number, now: number, nudge: ReviewNudge): boolean {
  const limit = nudge.after_minutes * MINUTE;
  const h = nudge.business_hours;
  if (!h) return now - since >= limit;
  return inBusinessHours(now, h) && businessTimeBetween(since, now, h, limit) >= limit;
}
