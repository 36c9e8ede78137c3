/** Loads what App Home shows for one person (a fixed set of queries) and publishes it. */
import type { webApi } from "@slack/bolt";
import type { FileConfig } from "../config.js";
import type { Db } from "../db/open.js";
import { adminSummary } from "../db/queries/admin-summary.js";
import { volumeSince } from "../db/queries/day-volume.js";
import { reviewQueue } from "../db/queries/review-queue.js";
import { HOME_QUEUE_LIMIT, type HomeData, homeView, startOfDay } from "../slack/home-view.js";

export interface HomeDeps {
  db: Db;
  file: FileConfig;
  promptFingerprint: string;
}

export function loadHome(deps: HomeDeps, userId: string, now: number): HomeData {
  const { db, file } = deps;
  const day = startOfDay(now, file.review_nudge?.business_hours?.time_zone ?? "UTC");
  return {
    now,
    dayLabel: day.label,
    volume: volumeSince(db, day.since),
    queue: reviewQueue(db, { limit: HOME_QUEUE_LIMIT }),
    reviewChannel: file.review_channel,
    categories: file.categories,
    admin: file.admins.includes(userId) ? adminSummary(db, file.thresholds, deps.promptFingerprint) : null,
  };
}

export async function publishHome(
  client: webApi.WebClient,
  deps: HomeDeps,
  userId: string,
  now: number,
): Promise<void> {
  await client.views.publish({ user_id: userId, view: homeView(loadHome(deps, userId, now)) });
}
