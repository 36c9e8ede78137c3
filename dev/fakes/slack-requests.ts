/**
 * Signed requests into the bot's HTTP receiver, built the way Slack builds them: `x-slack-signature` is
 * `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`). Bodies start from the real
 * fixtures in /work/shared/fixtures/slack/http.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Wire } from "./fake-slack.js";

const HTTP_FIXTURES = fileURLToPath(new URL("../../test/fixtures/slack/http", import.meta.url));

export function fixture<T = Wire>(name: string): T {
  return JSON.parse(readFileSync(`${HTTP_FIXTURES}/${name}`, "utf8")) as T;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SendOptions {
  retryNum?: number;
  /** Sign with this secret instead (a wrong one is refused). */
  secret?: string;
  timestamp?: number;
}

export interface SignedSender {
  /** POST a JSON body (Events API). */
  json(body: unknown, opts?: SendOptions): Promise<Response>;
  /** POST a form body (slash commands, interactivity). */
  form(fields: Record<string, string>, opts?: SendOptions): Promise<Response>;
  /** POST any body, correctly signed (for bodies Slack would never send). */
  raw(body: string, contentType: string, opts?: SendOptions): Promise<Response>;
}

export function signedSender(url: string, secret: string): SignedSender {
  async function post(body: string, contentType: string, opts: SendOptions = {}): Promise<Response> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature(opts.secret ?? secret, timestamp, body),
    };
    if (opts.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = "http_timeout";
    }
    return fetch(url, { method: "POST", headers, body });
  }
  return {
    json: (body, opts) => post(JSON.stringify(body), "application/json", opts),
    form: (fields, opts) =>
      post(new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded", opts),
    raw: (body, contentType, opts) => post(body, contentType, opts),
  };
}

let eventSeq = 0;

/** An Events API envelope around `event`, shaped like the message.channels fixture. */
export function eventCallback(
  event: Record<string, unknown>,
  opts: { teamId?: string; eventId?: string } = {},
) {
  const base = fixture("event_callback.message.channels.json");
  return {
    ...base,
    team_id: opts.teamId ?? "T0TEAM0001",
    event,
    event_id: opts.eventId ?? `Ev${Date.now()}${++eventSeq}`,
    event_time: Math.floor(Date.now() / 1000),
  };
}

/** A `message` event from a person in a channel, built on the rich_text fixture's real shape. */
export function messageEvent(
  fields: { channel: string; ts: string; text: string; user?: string } & Record<string, unknown>,
) {
  const base = fixture("event_callback.message.rich_text.json").event;
  const { blocks: _blocks, ...rest } = base;
  return {
    ...rest,
    client_msg_id: `m-${fields.ts}`,
    user: "U0PERSON01",
    team: "T0TEAM0001",
    channel_type: "channel",
    event_ts: fields.ts,
    ...fields,
  };
}

export function reactionEvent(fields: {
  user: string;
  reaction: string;
  channel: string;
  ts: string;
  removed?: boolean;
}) {
  const base = fixture("event_callback.reaction_added.json").event;
  return {
    ...base,
    type: fields.removed ? "reaction_removed" : "reaction_added",
    user: fields.user,
    reaction: fields.reaction,
    item: { ...base.item, channel: fields.channel, ts: fields.ts },
    event_ts: `${Math.floor(Date.now() / 1000)}.${String(++eventSeq).padStart(6, "0")}`,
  };
}

/** The slash command fixture as form fields, with our command, text, user and response_url. */
export function slashCommand(fields: {
  text: string;
  userId: string;
  responseUrl: string;
  channelId?: string;
}) {
  const base = Object.fromEntries(
    new URLSearchParams(readFileSync(`${HTTP_FIXTURES}/slash_command.form-urlencoded.txt`, "utf8")),
  );
  return {
    ...base,
    command: "/triage",
    text: fields.text,
    user_id: fields.userId,
    channel_id: fields.channelId ?? base.channel_id ?? "C0SUPPORT1",
    team_id: "T0TEAM0001",
    response_url: fields.responseUrl,
  };
}

/** A block_actions payload (the fixture's shape) for one clicked button or chosen menu option. */
let clicks = 0;
/** Each click has its own action_ts, as Slack gives it (a redelivered click would repeat one). */
export function actionTs(): string {
  clicks += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(clicks).padStart(6, "0")}`;
}

export function blockAction(fields: {
  userId: string;
  actionId: string;
  value: string;
  responseUrl: string;
  channelId?: string;
  messageTs?: string;
  select?: boolean;
}) {
  const base = fixture("block_actions.payload.json");
  const action = fields.select
    ? {
        type: "static_select",
        action_id: fields.actionId,
        block_id: "b",
        selected_option: { text: { type: "plain_text", text: "x" }, value: fields.value },
        action_ts: actionTs(),
      }
    : {
        ...base.actions[0],
        action_id: fields.actionId,
        block_id: "b",
        value: fields.value,
        action_ts: actionTs(),
      };
  const payload = {
    ...base,
    user: { ...base.user, id: fields.userId, team_id: "T0TEAM0001" },
    team: { id: "T0TEAM0001", domain: "fake" },
    container: {
      ...base.container,
      channel_id: fields.channelId ?? "C0REVIEW01",
      message_ts: fields.messageTs ?? "1.1",
      is_ephemeral: false,
    },
    channel: { id: fields.channelId ?? "C0REVIEW01", name: "review" },
    response_url: fields.responseUrl,
    actions: [action],
  };
  return { payload: JSON.stringify(payload) };
}
