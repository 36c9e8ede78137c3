/**
 * Which inbox message a reacted-on item is about: the original message itself, or one of our posts about
 * it (route post, thread note, review card). A person's reply in a thread is about nothing: a ✅ on "done,
 * fixed" is not a label. The database answers; no Slack call.
 */
import { findPostByTs } from "../../store/queries/effects.js";
import { findMessageByTs } from "../../store/queries/inbox.js";
import type { Store } from "../../store/store.js";

export async function findMessageFor(store: Store, channelId: string, ts: string): Promise<number | null> {
  const original = await findMessageByTs(store, channelId, ts);
  // History read by a backfill was never triaged: an emoji on it now is not an answer to anything.
  if (original) return original.origin === "live" ? original.id : null;
  return (await findPostByTs(store, channelId, ts))?.messageId ?? null;
}
