/**
 * A loopback fake of Slack's Web API (node:http, port 0) for SLACK_API_URL. It records every call with its
 * parsed arguments (form bodies, with `blocks`/`view` JSON-decoded), answers like Slack (`ok`, `ts`,
 * `channel`, `permalink`, `auth.test` from the real fixture), remembers posted messages so
 * `conversations.replies` and `conversations.history` (with `metadata`, `oldest` and cursors) can answer,
 * serves `response_url`s, and can be told to fail a method with a 429 (Retry-After), a 5xx or a Slack error,
 * or to answer it late (the call has its effect at once; only the answer waits — a post whose answer a crash
 * can lose). It also answers `apps.connections.open` with a given ws:// URL, and serves `files.uploadV2`'s
 * three steps: `files.getUploadURLExternal` hands out an upload URL on this server, the file's bytes are
 * POSTed there (multipart, as the WebClient sends them) and kept in `uploads`, and
 * `files.completeUploadExternal` shares them (recorded like any call). `users.info` answers a member of
 * the bot's workspace unless told otherwise (`setUser`: a guest, a Slack Connect stranger, a bot), and
 * `usergroups.users.list` answers the groups given to `setUserGroup` (others: `no_such_subteam`).
 */
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/slack/web_api", import.meta.url));
/** Whatever JSON Slack or the bot put on the wire; tests read fields from it directly. */
// biome-ignore lint/suspicious/noExplicitAny: wire payloads are arbitrary JSON, checked by the assertions
export type Wire = any;

const JSON_ARGS = new Set(["blocks", "attachments", "view", "metadata", "files"]);

export interface SlackCall {
  method: string;
  args: Record<string, Wire>;
  token: string | undefined;
  at: number;
  /** What the fake answered (absent while failing the call on purpose). */
  response?: Wire;
}

/** A file the bot uploaded: what getUploadURLExternal was told, and the bytes POSTed to the upload URL. */
export interface UploadedFile {
  fileId: string;
  filename: string;
  /** The length announced in files.getUploadURLExternal. */
  length: number;
  /** null until the bytes arrive at the upload URL. */
  bytes: Buffer | null;
}

export interface ResponsePost {
  path: string;
  body: Wire;
}

export type Failure = { status: 429; retryAfter: number } | { status: number } | { error: string };

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Whatever else a real message carries (edited, files, reply_count, bot_profile…), served as it is. */
  [field: string]: unknown;
}

export interface FakeSlack {
  /** Base URL for SLACK_API_URL, ending in /api/. */
  url: string;
  calls: SlackCall[];
  responses: ResponsePost[];
  /** Files announced with files.getUploadURLExternal, with their bytes once uploaded. */
  uploads: UploadedFile[];
  callsTo(method: string): SlackCall[];
  /** Make the next `times` calls to `method` fail this way (after recording them). */
  failNext(method: string, failure: Failure, times?: number): void;
  /** Answer `method` only after `ms` (0 = at once); the call takes effect when it arrives. */
  delay(method: string, ms: number): void;
  /**
   * Enforce Slack's chat.postMessage limit: about one post per second per channel, with a short burst
   * allowed; beyond it the call is refused with 429 and Retry-After: 1. `rateLimited` counts refusals.
   */
  limitPostsPerChannel(perSecond: number, burst: number): void;
  rateLimited: number;
  /** Messages the fake holds (our posts and added ones), oldest first. */
  stored: StoredMessage[];
  /** Answer `method` with a custom body from now on. */
  on(method: string, handler: (args: Record<string, Wire>) => unknown): void;
  /** A response_url on this server; what is POSTed there lands in `responses`. */
  responseUrl(id?: string): string;
  /** A message Slack knows of (e.g. a person's reply in a thread), for conversations.replies. */
  addMessage(m: StoredMessage): void;
  setBotUsers(ids: string[]): void;
  /**
   * What users.info says about a user, on top of the default (a member of the bot's workspace), with
   * Slack's field names: `is_stranger`, `team_id`, `is_restricted`, `is_ultra_restricted`, `is_bot`…;
   * null = Slack does not know them (`user_not_found`).
   */
  setUser(id: string, fields: Record<string, unknown> | null): void;
  /** The members usergroups.users.list returns for a user group. */
  setUserGroup(id: string, members: string[]): void;
  setSocketUrl(url: string): void;
  authTest: Record<string, unknown>;
  /** Resolves with the first call (past or future) that matches. */
  waitFor(method: string, match?: (c: SlackCall) => boolean): Promise<SlackCall>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The file part of a multipart upload (or the raw body when it was sent as is). */
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith("multipart/form-data")) return raw;
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, Wire> {
  if (contentType?.startsWith("application/json")) return raw ? JSON.parse(raw) : {};
  const args: Record<string, Wire> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = JSON_ARGS.has(k) ? JSON.parse(v) : v;
  }
  return args;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const authTest = JSON.parse(readFileSync(`${FIXTURES}/auth.test.bot.json`, "utf8")) as Record<
    string,
    unknown
  >;
  const connectionsOpen = JSON.parse(readFileSync(`${FIXTURES}/apps.connections.open.json`, "utf8")) as {
    ok: boolean;
    url: string;
  };
  const events = new EventEmitter();
  const calls: SlackCall[] = [];
  const responses: ResponsePost[] = [];
  const uploads: UploadedFile[] = [];
  const failures = new Map<string, Failure[]>();
  const handlers = new Map<string, (args: Record<string, Wire>) => unknown>();
  const stored: StoredMessage[] = [];
  /** Reactions the bot added, as channel:ts:name. */
  const reactions = new Set<string>();
  let botUsers = new Set<string>();
  const users = new Map<string, Record<string, unknown> | null>();
  const userGroups = new Map<string, string[]>();
  let socketUrl: string | null = null;
  const delays = new Map<string, number>();
  let postLimit: { perSecond: number; burst: number } | null = null;
  const buckets = new Map<string, { tokens: number; at: number }>();
  /** A token bucket per channel: `burst` posts at once, refilled at `perSecond`. */
  const takeToken = (channel: string): boolean => {
    if (!postLimit) return true;
    const now = Date.now();
    const b = buckets.get(channel) ?? { tokens: postLimit.burst, at: now };
    b.tokens = Math.min(postLimit.burst, b.tokens + ((now - b.at) / 1000) * postLimit.perSecond);
    b.at = now;
    buckets.set(channel, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  let seq = 0;
  // Like Slack's: the current time in seconds, and a unique, increasing suffix.
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, "0")}`;
  /** A message as history and replies list it: no `channel` field (it is the conversation's). */
  const withMetadata = (m: StoredMessage, include: unknown) => {
    const { metadata, channel, ...rest } = m;
    return include === true || include === "true"
      ? { type: "message", ...rest, metadata }
      : { type: "message", ...rest };
  };
  /**
   * Newest first, between `oldest` and `latest` (each included with `inclusive`), `limit` per page, the
   * cursor being an offset.
   */
  const page = (list: StoredMessage[], args: Record<string, Wire>) => {
    const oldest = Number(args.oldest ?? 0);
    const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
    const inclusive = args.inclusive === true || args.inclusive === "true";
    const within = (ts: number) =>
      (ts > oldest && ts < latest) || (inclusive && (ts === oldest || ts === latest));
    const sorted = list.filter((m) => within(Number(m.ts))).sort((a, b) => Number(b.ts) - Number(a.ts));
    const from = Number(args.cursor ?? 0);
    const limit = Number(args.limit ?? 100);
    const slice = sorted.slice(from, from + limit).map((m) => withMetadata(m, args.include_all_metadata));
    const more = from + limit < sorted.length;
    return {
      ok: true,
      messages: slice,
      has_more: more,
      pin_count: 0,
      response_metadata: { next_cursor: more ? String(from + limit) : "" },
    };
  };

  function answer(method: string, args: Record<string, Wire>): unknown {
    const custom = handlers.get(method);
    if (custom) return custom(args);
    switch (method) {
      case "auth.test":
        return authTest;
      case "apps.connections.open":
        return { ...connectionsOpen, url: socketUrl ?? connectionsOpen.url };
      case "chat.postMessage": {
        const ts = nextTs();
        const m: StoredMessage = {
          channel: args.channel,
          ts,
          text: args.text,
          bot_id: String(authTest.bot_id),
        };
        if (args.thread_ts) m.thread_ts = args.thread_ts;
        if (args.metadata) m.metadata = args.metadata;
        stored.push(m);
        return { ok: true, channel: args.channel, ts, message: { ...m, type: "message" } };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case "reactions.add": {
        const key = `${args.channel}:${args.timestamp}:${args.name}`;
        if (reactions.has(key)) return { ok: false, error: "already_reacted" };
        reactions.add(key);
        return { ok: true };
      }
      case "chat.getPermalink":
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://fake.slack.test/archives/${args.channel}/p${String(args.message_ts).replace(".", "")}`,
        };
      case "conversations.replies": {
        const m = stored.find((s) => s.channel === args.channel && s.ts === args.ts);
        const replies = stored.filter(
          (s) => s.channel === args.channel && s.thread_ts === args.ts && s !== m,
        );
        // A person's message the fake never saw posted can still have our replies in its thread.
        if (!m && replies.length > 0) return page(replies, args);
        if (!m) return { ok: false, error: "thread_not_found" };
        if (replies.length === 0)
          return { ok: true, messages: [withMetadata(m, args.include_all_metadata)], has_more: false };
        const thread = page(replies, args);
        return { ...thread, messages: [withMetadata(m, args.include_all_metadata), ...thread.messages] };
      }
      case "conversations.history":
        // Like Slack's: top-level messages, and replies also sent to the channel; other replies only in threads.
        return page(
          stored.filter(
            (s) =>
              s.channel === args.channel &&
              (!s.thread_ts || s.thread_ts === s.ts || s.subtype === "thread_broadcast"),
          ),
          args,
        );
      case "users.info":
        if (users.get(args.user) === null) return { ok: false, error: "user_not_found" };
        // The shape of Slack's user object (docs.slack.dev/reference/objects/user-object), trimmed.
        return {
          ok: true,
          user: {
            id: args.user,
            team_id: authTest.team_id,
            name: args.user,
            deleted: false,
            is_admin: false,
            is_owner: false,
            is_restricted: false,
            is_ultra_restricted: false,
            is_bot: botUsers.has(args.user),
            is_app_user: false,
            ...users.get(args.user),
          },
        };
      case "usergroups.users.list": {
        const members = userGroups.get(args.usergroup);
        return members ? { ok: true, users: members } : { ok: false, error: "no_such_subteam" };
      }
      case "views.publish":
        return { ok: true, view: { id: "V0FAKE", ...args.view } };
      case "views.open":
        return { ok: true, view: { id: `V0MODAL${++seq}`, ...args.view } };
      case "conversations.open":
        return { ok: true, channel: { id: `D0${String(args.users).replace(/^U0?/, "")}`.slice(0, 11) } };
      case "views.update":
        return { ok: true, view: { id: args.view_id, ...args.view } };
      case "files.getUploadURLExternal": {
        const fileId = `F0FAKE${String(++seq).padStart(4, "0")}`;
        uploads.push({ fileId, filename: args.filename, length: Number(args.length), bytes: null });
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const files = (args.files as { id: string; title?: string }[]).map((f) => {
          const up = uploads.find((u) => u.fileId === f.id);
          if (!up?.bytes) return null;
          return { id: f.id, title: f.title, name: up.filename, size: up.bytes.length };
        });
        if (files.some((f) => f === null)) return { ok: false, error: "file_not_found" };
        return { ok: true, files };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path.startsWith("/upload/")) {
      const up = uploads.find((u) => u.fileId === path.slice("/upload/".length));
      if (!up) return send(res, 404, { ok: false, error: "unknown upload" });
      up.bytes = await uploadedBytes(body, req.headers["content-type"]);
      events.emit("upload");
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end(`OK - ${up.bytes.length}`);
    }
    const raw = body.toString("utf8");
    if (path.startsWith("/response/")) {
      responses.push({ path, body: raw ? JSON.parse(raw) : null });
      events.emit("response");
      return send(res, 200, { ok: true });
    }
    const method = path.replace(/^\/api\//, "");
    const args = parseArgs(raw, req.headers["content-type"]);
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? args.token;
    const call: SlackCall = { method, args, token, at: Date.now() };
    calls.push(call);
    events.emit("call", call);
    if (method === "chat.postMessage" && postLimit && !takeToken(String(args.channel))) {
      fake.rateLimited += 1;
      return send(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": "1" });
    }
    const failure = failures.get(method)?.shift();
    if (failure) {
      if ("error" in failure) return send(res, 200, { ok: false, error: failure.error });
      if (failure.status === 429 && "retryAfter" in failure) {
        return send(
          res,
          429,
          { ok: false, error: "ratelimited" },
          { "retry-after": String(failure.retryAfter) },
        );
      }
      return send(res, failure.status, { ok: false, error: "fatal_error" });
    }
    call.response = answer(method, args);
    const wait = delays.get(method) ?? 0;
    if (wait > 0) setTimeout(() => !res.destroyed && send(res, 200, call.response), wait);
    else send(res, 200, call.response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlack = {
    url: `${base}/api/`,
    calls,
    responses,
    uploads,
    authTest,
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(method, failure, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(failure);
      failures.set(method, list);
    },
    delay: (method, ms) => void delays.set(method, ms),
    limitPostsPerChannel(perSecond, burst) {
      postLimit = { perSecond, burst };
    },
    rateLimited: 0,
    stored,
    on: (method, handler) => void handlers.set(method, handler),
    responseUrl: (id = String(++seq)) => `${base}/response/${id}`,
    addMessage: (m) => void stored.push(m),
    setBotUsers: (ids) => {
      botUsers = new Set(ids);
    },
    setUser: (id, fields) => void users.set(id, fields),
    setUserGroup: (id, members) => void userGroups.set(id, members),
    setSocketUrl: (url) => {
      socketUrl = url;
    },
    waitFor(method, match = () => true) {
      const found = calls.find((c) => c.method === method && match(c));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => {
        const listener = (c: SlackCall) => {
          if (c.method === method && match(c)) {
            events.off("call", listener);
            resolve(c);
          }
        };
        events.on("call", listener);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
