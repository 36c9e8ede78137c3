/** Loads what App Home shows for one person (a fixed set of queries) and publishes it. */
import type { webApi } from "@slack/bolt";
import { adminSummary } from "../admin/admin-summary.js";
import type { FileConfig } from "../config.js";
import { volumeSince } from "../db/queries/day-volume.js";
import { reviewQueue } from "../db/queries/review-queue.js";
import type { Store } from "../db/store.js";
import { HOME_QUEUE_LIMIT, type HomeData, homeView, startOfDay } from "../slack/home-view.js";

export interface HomeDeps {
  store: Store;
  file: FileConfig;
  promptFingerprint: string;
}

export async function loadHome(deps: HomeDeps, userId: string, now: number): Promise<HomeData> {
  const { store, file } = deps;
  const day = startOfDay(now, file.review_nudge?.business_hours?.time_zone ?? "UTC");
  return {
    now,
    dayLabel: day.label,
    volume: await volumeSince(store, day.since),
    queue: await reviewQueue(store, { limit: HOME_QUEUE_LIMIT }),
    reviewChannel: file.review_channel,
    categories: file.categories,
    admin: file.admins.includes(userId) ? await adminSummary(store, file, deps.promptFingerprint) : null,
  };
}

export async function publishHome(
  client: webApi.WebClient,
  deps: HomeDeps,
  userId: string,
  now: number,
): Promise<void> {
  await client.views.publish({ user_id: userId, view: homeView(await loadHome(deps, userId, now)) });
}
