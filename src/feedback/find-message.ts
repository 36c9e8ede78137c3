/**
 * Which inbox message a Slack (channel, ts) is about: the original itself, one of our posts about it, or a
 * reply in either's thread. The DB answers most; only an unknown ts costs one `conversations.replies` call.
 */
import type { webApi } from "@slack/bolt";
import { findPostByTs } from "../db/queries/effects.js";
import { findMessageByTs } from "../db/queries/inbox.js";
import type { Store } from "../db/store.js";
import type { Logger } from "../logger.js";

async function lookup(store: Store, channelId: string, ts: string): Promise<number | null> {
  return (
    (await findMessageByTs(store, channelId, ts))?.id ??
    (await findPostByTs(store, channelId, ts))?.messageId ??
    null
  );
}

export async function findMessageFor(
  deps: { store: Store; client: webApi.WebClient; logger: Logger },
  channelId: string,
  ts: string,
): Promise<number | null> {
  const direct = await lookup(deps.store, channelId, ts);
  if (direct !== null) return direct;
  try {
    const res = await deps.client.conversations.replies({ channel: channelId, ts, limit: 1 });
    const parent = res.messages?.find((m) => m.ts === ts)?.thread_ts ?? res.messages?.[0]?.thread_ts;
    if (!parent || parent === ts) return null;
    return lookup(deps.store, channelId, parent);
  } catch (err) {
    deps.logger.debug(`conversations.replies ${channelId} ${ts}: ${(err as Error).message}`);
    return null;
  }
}
