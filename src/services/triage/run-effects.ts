/**
 * Causes the Slack effects a message still needs, one at a time: claim the key, call Slack (the post carries
 * the key in its metadata), record the posted ts. A claim whose call failed with a Slack error is released
 * (nothing was posted). One whose call never returned stays claimed and is in doubt: the next round looks
 * for the post in Slack first and records it if it is there, else posts again — so a message is never left
 * without its post, and a crash between a post and its record does not duplicate it either.
 */
import { webApi } from "@slack/bolt";
import type { TriageConfig } from "../../config.js";
import type { Logger } from "../../logger.js";
import type { ChannelPacer } from "../../slack/channel-pacer.js";
import { effectMetadata } from "../../slack/find-post.js";
import { type MessageRef, type PostContent, routePost, threadNote } from "../../slack/views/blocks.js";
import { type CardReason, decidedCard, reviewCard } from "../../slack/views/review-card.js";
import type { ClassificationRow } from "../../store/queries/classifications.js";
import {
  claimEffect,
  completeEffect,
  effectsFor,
  reclaimEffect,
  releaseEffect,
} from "../../store/queries/effects.js";
import { type MessageRow, savePermalink } from "../../store/queries/inbox.js";
import type { Store } from "../../store/store.js";
import { labelNow } from "../feedback/apply-label.js";
import { type PlannedEffect, planEffects } from "./plan-effects.js";
import { recovered } from "./recover-effect.js";
import { type CallTimes, timed } from "./timings.js";

export interface EffectDeps {
  store: Store;
  client: webApi.WebClient;
  config: TriageConfig;
  logger: Logger;
  /** Spaces posts per channel to Slack's ~1/s; absent = post at once (tests). */
  pacer?: ChannelPacer;
}

/** Plans are made from what the database says; a second plan finds nothing left unless a post failed. */
const MAX_PASSES = 3;

type Classification = ClassificationRow;

/**
 * Causes every effect the message (as read at the start of this round) still needs. `beforeEach` runs
 * before every Slack call (the worker checks it still holds the message's lease). A person's change meanwhile
 * is caught by the worker's revision check, which sends the message round again.
 */
export async function runEffects(
  deps: EffectDeps,
  message: MessageRow,
  classification: Classification,
  times?: CallTimes,
  beforeEach?: () => Promise<void>,
): Promise<void> {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const plan = planEffects({
      message,
      classification,
      posts: await effectsFor(deps.store, message.id),
      categories: deps.config.categories,
      acknowledge: deps.config.acknowledge,
    });
    if (plan.length === 0) return;
    for (const effect of plan) {
      await beforeEach?.();
      await perform(deps, effect, message, classification, times);
    }
  }
  throw new Error(`effects for message ${message.id} did not settle after ${MAX_PASSES} passes`);
}

async function permalinkOf(
  deps: EffectDeps,
  message: MessageRow,
  times: CallTimes | undefined,
): Promise<string | null> {
  if (message.permalink) return message.permalink;
  const res = await timed(times, "slackMs", () =>
    deps.client.chat.getPermalink({ channel: message.channelId, message_ts: message.ts }),
  );
  if (!res.permalink) return null;
  await savePermalink(deps.store, message.id, res.permalink);
  message.permalink = res.permalink;
  return res.permalink;
}

function cardReason(c: Classification): CardReason {
  if (c.reason === "classifier_error") return "classifier_error";
  if (c.decision === "route") return "audit";
  if (c.reason === "other" || c.reason === "uncertified") return c.reason;
  return "low_confidence";
}

async function perform(
  deps: EffectDeps,
  effect: PlannedEffect,
  message: MessageRow,
  c: Classification,
  times: CallTimes | undefined,
): Promise<void> {
  const { store, client, config } = deps;
  const ref = async (): Promise<MessageRef> => ({
    id: message.id,
    channelId: message.channelId,
    userId: message.userId,
    text: message.text,
    permalink: await permalinkOf(deps, message, times),
  });
  const scores = { probs: c.probs, other: c.other, topCategory: c.topCategory, topProb: c.topProb };
  const byHuman = message.resolvedBy;

  let channel: string;
  let call: () => Promise<string | null>;
  const post = (ch: string, content: PostContent | { text: string }, threadTs?: string) => async () => {
    const res = await client.chat.postMessage({
      channel: ch,
      ...content,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      metadata: effectMetadata(effect.key),
      unfurl_links: false,
      unfurl_media: false,
    });
    return res.ts ?? null;
  };

  switch (effect.kind) {
    case "route":
    case "reroute": {
      channel = effect.category.route_channel;
      const botRouted = !byHuman && c.topCategory === effect.category.id && c.decision === "route";
      const content = routePost({
        message: await ref(),
        category: effect.category,
        prob: botRouted ? c.topProb : (c.probs[effect.category.id] ?? null),
        correctedBy: botRouted ? null : byHuman,
      });
      call = post(channel, content);
      break;
    }
    case "thread_note": {
      channel = message.channelId;
      const botRouted = !byHuman && c.decision === "route";
      const text = threadNote({
        category: effect.category,
        prob: botRouted ? c.topProb : null,
        categories: config.categories,
        by: botRouted ? null : byHuman,
        rerouted: effect.rerouted,
      });
      call = post(channel, { text }, message.ts);
      break;
    }
    case "ack_reaction": {
      channel = message.channelId;
      const name = effect.category.emoji ?? "inbox_tray";
      call = async () => {
        try {
          await client.reactions.add({ channel: message.channelId, timestamp: message.ts, name });
        } catch (err) {
          // Made before a crash, or by hand: the reaction is there, which is all this effect wants.
          if ((err as { data?: { error?: string } }).data?.error !== "already_reacted") throw err;
        }
        return null;
      };
      break;
    }
    case "review_card": {
      channel = config.review_channel;
      const content = reviewCard({
        message: await ref(),
        scores,
        reason: cardReason(c),
        error: c.error,
        categories: config.categories,
      });
      call = post(channel, content);
      break;
    }
    case "card_update": {
      channel = effect.channelId;
      const label = (await labelNow(store, message.id))?.label ?? message.routedCategory ?? "other";
      const content = decidedCard({
        message: await ref(),
        scores,
        reason: cardReason(c),
        error: c.error,
        categories: config.categories,
        label,
        by: byHuman ?? "unknown",
        at: message.resolvedAt ?? Date.now(),
      });
      call = async () => {
        await client.chat.update({ channel: effect.channelId, ts: effect.ts, ...content });
        return effect.ts;
      };
      break;
    }
  }

  const category = "category" in effect ? effect.category.id : null;
  const pacer = deps.pacer;
  // Posts are paced per channel; an update or a reaction is not a post and is not held to that limit.
  const posts = effect.kind !== "card_update" && effect.kind !== "ack_reaction";
  if (pacer && posts) await timed(times, "slackMs", () => pacer.wait(channel));
  if (effect.inDoubt) {
    // A reaction needs no look-up: adding it again is harmless (already_reacted).
    if (effect.kind !== "ack_reaction" && (await recovered(deps, effect, channel, message, times))) return;
    await reclaimEffect(store, effect.key);
  } else if (
    !(await claimEffect(store, {
      messageId: message.id,
      kind: effect.kind,
      effectKey: effect.key,
      channelId: channel,
      category,
    }))
  ) {
    return;
  }
  try {
    const ts = await timed(times, "slackMs", call);
    await completeEffect(store, effect.key, ts);
  } catch (err) {
    if ((err as { code?: string }).code === webApi.ErrorCode.PlatformError) {
      await releaseEffect(store, effect.key);
    }
    throw err;
  }
}
