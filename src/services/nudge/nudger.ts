/**
 * Stale-review reminders. On each tick, review cards that have waited longer than `review_nudge.after_minutes`
 * (counting business time only when `business_hours` is set) get one reminder in the review channel — one
 * post per tick listing them. Each message's reminder is claimed in slack_posts (kind `nudge`) before the
 * post, so no message is ever reminded twice, across ticks, restarts and replicas.
 */
import { webApi } from "@slack/bolt";
import type { TriageConfig } from "../../config.js";
import type { Logger } from "../../logger.js";
import { nudgePost } from "../../slack/views/nudge.js";
import { claimEffect, completeEffect, releaseEffect } from "../../store/queries/effects.js";
import { nudgeKey, type ReviewItem, reviewQueue } from "../../store/queries/review-queue.js";
import type { Store } from "../../store/store.js";
import { nudgeDue, type ReviewNudge } from "./business-hours.js";

/** At most this many messages per reminder post; the rest wait for the next tick. */
export const NUDGE_BATCH = 10;
/** How long a replica that died mid-round keeps the others from reminding (SQLite; Postgres frees it at once). */
const REMINDER_HOLD_MS = 5 * 60_000;

export interface NudgerDeps {
  store: Store;
  client: webApi.WebClient;
  config: TriageConfig;
  logger: Logger;
  now: () => number;
}

export interface Nudger {
  /** One pass: returns how many messages were reminded about. */
  tick(): Promise<number>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

async function cardLink(client: webApi.WebClient, item: ReviewItem): Promise<string | null> {
  if (!item.card) return null;
  try {
    const res = await client.chat.getPermalink({ channel: item.card.channelId, message_ts: item.card.ts });
    return res.permalink ?? null;
  } catch {
    return item.permalink;
  }
}

async function remind(deps: NudgerDeps, cfg: ReviewNudge): Promise<number> {
  const { store, client, config } = deps;
  const now = deps.now();
  const due = (await reviewQueue(store, { onlyUnnudgedCards: true })).items
    .filter((i) => i.card && nudgeDue(i.card.at, now, cfg))
    .slice(0, NUDGE_BATCH);
  const claimed: ReviewItem[] = [];
  for (const item of due) {
    const mine = await claimEffect(store, {
      messageId: item.messageId,
      kind: "nudge",
      effectKey: nudgeKey(item.messageId),
      channelId: config.review_channel,
    });
    if (mine) claimed.push(item);
  }
  if (claimed.length === 0) return 0;
  try {
    const items = await Promise.all(
      claimed.map(async (item) => ({ item, cardLink: await cardLink(client, item) })),
    );
    const content = nudgePost({
      items,
      afterMinutes: cfg.after_minutes,
      businessHours: cfg.business_hours !== undefined,
      now,
      categories: config.categories,
    });
    const res = await client.chat.postMessage({
      channel: config.review_channel,
      ...content,
      unfurl_links: false,
      unfurl_media: false,
    });
    for (const item of claimed) await completeEffect(store, nudgeKey(item.messageId), res.ts ?? null);
  } catch (err) {
    // Slack said no: nothing was posted, so the reminders may be tried again. Anything else (a timeout)
    // may have posted: keep the claims, so nobody is reminded twice.
    if ((err as { code?: string }).code === webApi.ErrorCode.PlatformError) {
      for (const item of claimed) await releaseEffect(store, nudgeKey(item.messageId));
    }
    throw err;
  }
  deps.logger.info(`reminded ${config.review_channel} of ${claimed.length} waiting review(s)`);
  return claimed.length;
}

export function createNudger(deps: NudgerDeps): Nudger | null {
  const cfg = deps.config.review_nudge;
  if (!cfg) return null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  // One replica at a time reminds; the claims in slack_posts would stop a double reminder anyway.
  const tick = () => {
    running ??= deps.store
      .exclusive("review-reminders", REMINDER_HOLD_MS, () => remind(deps, cfg))
      .then((n) => n ?? 0)
      .finally(() => {
        running = null;
      });
    return running;
  };
  return {
    tick,
    start(intervalMs) {
      timer ??= setInterval(() => {
        tick().catch((err: Error) => deps.logger.warn(`review reminders: ${err.message}`));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
