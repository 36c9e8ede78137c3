/** Loads what App Home shows for one person (a fixed set of queries) and publishes it. */
import type { webApi } from "@slack/bolt";
import type { TriageConfig } from "../config.js";
import { HOME_QUEUE_LIMIT, type HomeData, homeView, startOfDay } from "../slack/views/home.js";
import { reviewQueue } from "../store/queries/review-queue.js";
import { volumeSince } from "../store/queries/stats.js";
import type { Store } from "../store/store.js";
import { nextToLabel } from "./backfill/labelling.js";
import type { MayLabel } from "./feedback/on-reaction.js";
import { adminSummary } from "./retune/admin-summary.js";
import { labelNeedsNow } from "./retune/retune.js";

export interface HomeDeps {
  store: Store;
  config: TriageConfig;
  promptFingerprint: string;
  /** Who may label (labellers): they get the Labelling section. */
  mayLabel?: MayLabel;
}

export interface HomeOptions {
  /** The backfilled message the person just skipped: Labelling shows the one after it. */
  labellingAfter?: number;
}

async function labelling(deps: HomeDeps, userId: string, opts: HomeOptions): Promise<HomeData["labelling"]> {
  const may = deps.mayLabel ? (await deps.mayLabel(userId, { userId: null })) === null : false;
  if (!may) return null;
  const state = await nextToLabel(deps.store, deps.promptFingerprint, opts.labellingAfter);
  if (state.total === 0) return null;
  const needs = await labelNeedsNow(deps);
  const toCertify = needs.length > 0 ? Math.min(...needs.map((n) => n.more)) : null;
  return { state, toCertify };
}

export async function loadHome(
  deps: HomeDeps,
  userId: string,
  now: number,
  opts: HomeOptions = {},
): Promise<HomeData> {
  const { store, config } = deps;
  const day = startOfDay(now, config.review_nudge?.business_hours?.time_zone ?? "UTC");
  return {
    now,
    dayLabel: day.label,
    volume: await volumeSince(store, day.since),
    queue: await reviewQueue(store, { limit: HOME_QUEUE_LIMIT }),
    reviewChannel: config.review_channel,
    categories: config.categories,
    admin: config.admins.includes(userId) ? await adminSummary(store, config, deps.promptFingerprint) : null,
    labelling: await labelling(deps, userId, opts),
  };
}

export async function publishHome(
  client: webApi.WebClient,
  deps: HomeDeps,
  userId: string,
  now: number,
  opts: HomeOptions = {},
): Promise<void> {
  await client.views.publish({ user_id: userId, view: homeView(await loadHome(deps, userId, now, opts)) });
}
