/**
 * Recovery of a post left in doubt (claimed, never recorded): look for it in Slack by the effect key its
 * metadata carries, and record it if it is there.
 */

import { findPostedEffect } from "../../slack/find-post.js";
import { completeEffect, findEffect } from "../../store/queries/effects.js";
import type { MessageRow } from "../../store/queries/inbox.js";
import type { PlannedEffect } from "./plan-effects.js";
import type { EffectDeps } from "./run-effects.js";
import { type CallTimes, timed } from "./timings.js";

/**
 * An in-doubt claim: if Slack has the post (found by its metadata key), record it and report true. A card
 * update is simply made again (chat.update is idempotent). A failed search means posting again: a possible
 * duplicate is better than a missing post.
 */
export async function recovered(
  deps: EffectDeps,
  effect: PlannedEffect,
  channel: string,
  message: MessageRow,
  times: CallTimes | undefined,
): Promise<boolean> {
  if (effect.kind === "card_update") return false;
  const claim = await findEffect(deps.store, effect.key);
  if (!claim) return false;
  try {
    const ts = await timed(times, "slackMs", () =>
      findPostedEffect(deps.client, {
        channelId: channel,
        ...(effect.kind === "thread_note" ? { threadTs: message.ts } : {}),
        effectKey: effect.key,
        claimedAt: claim.updatedAt,
      }),
    );
    if (ts) {
      await completeEffect(deps.store, effect.key, ts);
      deps.logger.info(`message ${message.id}: ${effect.kind} in doubt was posted (ts ${ts}); recorded it`);
      return true;
    }
    deps.logger.warn(`message ${message.id}: ${effect.kind} in doubt is not in ${channel}; posting it again`);
  } catch (err) {
    deps.logger.warn(
      `message ${message.id}: could not look for the ${effect.kind} in doubt (${(err as Error).message}); posting it again`,
    );
  }
  return false;
}
