/**
 * A channel's history since a time, through conversations.history page by page (newest first, by cursor).
 * A 429 is waited out by the WebClient (its retry config honours Retry-After; `rejectRateLimitedCalls` must
 * stay off, as slackClientOptions leaves it); `onRateLimited` says how long, so a caller can show it.
 */
import { webApi } from "@slack/bolt";
import { TriageError } from "../../errors.js";
import type { MessageEventLike } from "../../slack/message-filter.js";

/** Slack's recommended page size; apps that Slack limits to fewer simply get fewer per page. */
const PAGE_SIZE = 200;

const UNREADABLE = ["not_in_channel", "missing_scope", "channel_not_found"] as const;
export type UnreadableReason = (typeof UNREADABLE)[number];

/** The bot cannot read the channel's history; the message says what to do about it, in one line. */
export class ChannelUnreadableError extends TriageError {
  override name = "ChannelUnreadableError";
  constructor(
    readonly channel: string,
    readonly reason: UnreadableReason,
    needed?: string,
  ) {
    super(unreadableMessage(channel, reason, needed));
  }
}

function unreadableMessage(channel: string, reason: UnreadableReason, needed: string | undefined): string {
  switch (reason) {
    case "not_in_channel":
      return `the bot is not a member of ${channel}, so it cannot read its history: invite it there (/invite @your-bot in the channel), then run this again`;
    case "missing_scope":
      return (
        `the bot token may not read ${channel}'s history (missing scope${needed ? ` ${needed}` : ""}): add channels:history ` +
        "(public channels) and groups:history (private channels) under OAuth & Permissions → Bot Token Scopes, reinstall the app, then run this again"
      );
    case "channel_not_found":
      return `Slack knows no channel ${channel} that the bot can see: check the ID (the C… at the bottom of the channel's details, not its #name); a private channel needs the bot invited first`;
  }
}

export interface HistoryOptions {
  channel: string;
  /** Slack ts (seconds with microseconds, as a string): only messages after it… */
  oldest: string;
  /** …and before this one. */
  latest: string;
  /** After each page: messages read so far and pages. */
  onPage?: (read: number, pages: number) => void;
  /** Slack asked to wait this many seconds before the next page (the client waits, then asks again). */
  onRateLimited?: (seconds: number) => void;
}

/** Every message between `oldest` and `latest`, newest first, as Slack lists them (without a `channel` field). */
export async function readHistory(
  client: webApi.WebClient,
  opts: HistoryOptions,
): Promise<MessageEventLike[]> {
  const rateLimited = (seconds: number, request: { url?: string }) => {
    if (request.url?.endsWith("conversations.history")) opts.onRateLimited?.(seconds);
  };
  client.on(webApi.WebClientEvent.RATE_LIMITED, rateLimited);
  const messages: MessageEventLike[] = [];
  let cursor: string | undefined;
  let pages = 0;
  try {
    do {
      const page = await client.conversations.history({
        channel: opts.channel,
        oldest: opts.oldest,
        latest: opts.latest,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      messages.push(...((page.messages ?? []) as MessageEventLike[]));
      pages++;
      opts.onPage?.(messages.length, pages);
      cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
    } while (cursor);
  } catch (err) {
    throw unreadable(err, opts.channel) ?? err;
  } finally {
    client.off(webApi.WebClientEvent.RATE_LIMITED, rateLimited);
  }
  return messages;
}

function unreadable(err: unknown, channel: string): ChannelUnreadableError | null {
  const e = err as { code?: string; data?: { error?: string; needed?: string } };
  if (e.code !== webApi.ErrorCode.PlatformError) return null;
  const reason = UNREADABLE.find((r) => r === e.data?.error);
  return reason ? new ChannelUnreadableError(channel, reason, e.data?.needed) : null;
}
