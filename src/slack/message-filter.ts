/**
 * Which Slack message events become inbox rows (docs/how-it-works.md, "Which messages"): top-level messages by
 * people in the watched channels. An allowlist of subtypes, because Slack keeps adding new ones.
 */
import type { TriageConfig } from "../config.js";

const ALLOWED_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);
const CHANNEL_TYPES = new Set([undefined, "channel", "group"]);

/** The fields of a message event we look at (Slack sends many more). */
export interface MessageEventLike {
  type?: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  hidden?: boolean;
  files?: { name?: string; title?: string }[];
}

export interface FilterContext {
  /** Empty = every channel the bot is in. */
  supportChannels: readonly string[];
  /** Channels we post into (review and route channels): never triaged, even when support_channels is empty. */
  ownChannels: ReadonlySet<string>;
  botUserId: string | undefined;
}

/** Review and route channels: the bot writes there, so it never triages them. */
export function ownChannels(config: Pick<TriageConfig, "review_channel" | "categories">): Set<string> {
  return new Set([config.review_channel, ...config.categories.map((c) => c.route_channel)]);
}

export interface InboundMessage {
  channelId: string;
  ts: string;
  userId: string;
  text: string;
}

export type FilterResult = { accept: true; message: InboundMessage } | { accept: false; reason: string };

function reject(reason: string): FilterResult {
  return { accept: false, reason };
}

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;

export function filterMessage(event: MessageEventLike, ctx: FilterContext): FilterResult {
  if (typeof event !== "object" || event === null) return reject("not an event");
  if (event.type !== "message") return reject("not a message");
  if (!ALLOWED_SUBTYPES.has(event.subtype)) return reject(`subtype ${event.subtype}`);
  if (event.hidden) return reject("hidden");
  if (event.bot_id) return reject("bot post");
  // A body that is signed but not shaped like Slack's is refused, never guessed at.
  if (!isText(event.user)) return reject("no user");
  if (ctx.botUserId && event.user === ctx.botUserId) return reject("our own post");
  if (!isText(event.channel) || !isText(event.ts)) return reject("no channel or ts");
  if (event.text !== undefined && typeof event.text !== "string") return reject("text is not a string");
  if (event.files !== undefined && !Array.isArray(event.files)) return reject("files is not a list");
  if (!CHANNEL_TYPES.has(event.channel_type)) return reject(`channel type ${event.channel_type}`);
  if (ctx.ownChannels.has(event.channel)) return reject("one of our output channels");
  if (ctx.supportChannels.length > 0 && !ctx.supportChannels.includes(event.channel)) {
    return reject("not a watched channel");
  }
  const isReply = event.thread_ts !== undefined && event.thread_ts !== event.ts;
  if (isReply && event.subtype !== "thread_broadcast") return reject("thread reply");
  const fileNames = (event.files ?? [])
    .map((f) => (typeof f === "object" && f !== null ? f.title || f.name : undefined))
    .filter(isText);
  const text = [event.text?.trim() ?? "", ...fileNames.map((n) => `[file: ${n}]`)].filter(Boolean).join("\n");
  if (!text) return reject("empty");
  return { accept: true, message: { channelId: event.channel, ts: event.ts, userId: event.user, text } };
}
