/**
 * Every post the bot makes carries its effect key in Slack message metadata. When a claim is left in doubt
 * (the process died mid-call, or the call failed without an answer), this looks for a post with that key
 * in the channel — or in the thread, for thread notes — made since the claim, so recovery records the post
 * that exists instead of posting a second one.
 */
import type { webApi } from "@slack/bolt";

export const EFFECT_EVENT_TYPE = "triage_effect";

/** Slack's clock and ours may disagree a little; look this far before the claim. */
const CLOCK_SLACK_MS = 60_000;
const PAGE_SIZE = 200;
const MAX_PAGES = 5;

export function effectMetadata(effectKey: string) {
  return { event_type: EFFECT_EVENT_TYPE, event_payload: { effect_key: effectKey } };
}

interface SlackMessageLike {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export function carriesKey(m: SlackMessageLike, effectKey: string): boolean {
  return m.metadata?.event_type === EFFECT_EVENT_TYPE && m.metadata.event_payload?.effect_key === effectKey;
}

export interface PostSearch {
  channelId: string;
  /** Thread notes live in the original message's thread. */
  threadTs?: string;
  effectKey: string;
  /** When the claim was made (epoch ms): the post cannot be older. */
  claimedAt: number;
}

/** The ts of our post with this key, or null when Slack has none (then posting again is right). */
export async function findPostedEffect(client: webApi.WebClient, search: PostSearch): Promise<string | null> {
  const oldest = ((search.claimedAt - CLOCK_SLACK_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const common = {
      channel: search.channelId,
      oldest,
      limit: PAGE_SIZE,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    };
    const res = search.threadTs
      ? await client.conversations.replies({ ...common, ts: search.threadTs })
      : await client.conversations.history(common);
    const found = (res.messages as SlackMessageLike[] | undefined)?.find((m) =>
      carriesKey(m, search.effectKey),
    );
    if (found?.ts) return found.ts;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}
