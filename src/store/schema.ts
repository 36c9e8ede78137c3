/**
 * The database: an inbox of Slack messages, every classification with its full probability vector,
 * human labels, versioned threshold sets and every Slack effect we caused. Times are epoch milliseconds.
 *
 * This is the SQLite schema; `schema-postgres.ts` declares the same tables for Postgres, and a test keeps
 * the two in step. Query code is written once against these types (see store.ts). Change both files, then
 * run `npm run db:generate`: drizzle-kit writes the next migration of each dialect into migrations/.
 */
import type { Thresholds } from "../config.js";
import { index, integer, real, sql, sqliteTable, text, uniqueIndex } from "./orm.js";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** The inbox: written before Slack is answered; the worker finishes every `pending` row. */
export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: text("team_id").notNull(),
    channelId: text("channel_id").notNull(),
    ts: text("ts").notNull(),
    userId: text("user_id"),
    text: text("text").notNull(),
    eventId: text("event_id"),
    permalink: text("permalink"),
    status: text("status", { enum: ["pending", "done", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Bumped by every human change (label, decision); the worker marks a row done only if it did not move. */
    revision: integer("revision").notNull().default(0),
    lastError: text("last_error"),
    /** Rounds that failed (a Slack call, the database…); the row is retried with backoff until a bound. */
    failures: integer("failures").notNull().default(0),
    /** A pending row that failed waits until this time (epoch ms) before the worker tries it again. */
    retryAt: integer("retry_at"),
    /** The category the message ended up routed to (by the bot or a human), if any. */
    routedCategory: text("routed_category"),
    /** Set when a human has decided a message that went to review. */
    resolvedAt: integer("resolved_at"),
    resolvedBy: text("resolved_by"),
    /**
     * `live`: arrived through Slack's events and was triaged. `backfill`: read from the channel's history
     * (`triage backfill`) to be labelled by hand — classified, never decided or posted.
     */
    origin: text("origin", { enum: ["live", "backfill"] })
      .notNull()
      .default("live"),
    /** The replica working on this row and until when (epoch ms); another may take it over after that. */
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    receivedAt: integer("received_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("messages_team_channel_ts").on(t.teamId, t.channelId, t.ts),
    uniqueIndex("messages_event_id").on(t.eventId),
    index("messages_status").on(t.status),
    // /triage stats and App Home count by time window.
    index("messages_received_at").on(t.receivedAt),
  ],
);

/** One LLM call's outcome. `probs` holds every category (id → p); `other` is the residual mass. */
export const classifications = sqliteTable(
  "classifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageId: integer("message_id").references(() => messages.id),
    model: text("model").notNull(),
    promptFingerprint: text("prompt_fingerprint").notNull(),
    probs: text("probs", { mode: "json" }).$type<Record<string, number>>().notNull(),
    other: real("other").notNull(),
    /** Tokens outside the options that took probability mass: the raw material of the "other" catalog. */
    strayTokens: text("stray_tokens", { mode: "json" })
      .$type<{ token: string; p: number }[]>()
      .notNull()
      .default(sql`'[]'`),
    topCategory: text("top_category"),
    topProb: real("top_prob").notNull().default(0),
    decision: text("decision", { enum: ["route", "review"] }).notNull(),
    /** Why it went to review; `uncertified` = auto_route: certified and no certified set applied yet. */
    reason: text("reason", { enum: ["other", "low_confidence", "uncertified", "classifier_error"] }),
    /** Routed, but also sent to review as part of the random audit (unbiased labels). */
    audit: integer("audit", { mode: "boolean" }).notNull().default(false),
    /** The audit_rate in force when it was decided: every routed message's chance of an audit. */
    auditRate: real("audit_rate"),
    /** The threshold set in force; null = the config file's thresholds. */
    thresholdSetId: integer("threshold_set_id").references(() => thresholdSets.id),
    latencyMs: integer("latency_ms"),
    error: text("error"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    // One classification per message: two replicas that both asked the LLM store only the first answer.
    uniqueIndex("classifications_message_unique").on(t.messageId),
    index("classifications_fp").on(t.promptFingerprint),
    index("classifications_created_at").on(t.createdAt),
  ],
);

/**
 * Human labels. A person's label for a message is their latest row that is not retracted, so a
 * removed reaction falls back to what they said before.
 */
export const feedback = sqliteTable(
  "feedback",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id),
    classificationId: integer("classification_id")
      .notNull()
      .references(() => classifications.id),
    userId: text("user_id").notNull(),
    /** A category id, or "other" for none of these. */
    label: text("label").notNull(),
    /** reaction · review (card click) · audit (audit card click) · import (a hand label on backfilled history) · cli */
    source: text("source", { enum: ["reaction", "review", "audit", "import", "cli"] }).notNull(),
    /** The emoji that gave the label, so that `reaction_removed` retracts exactly it. */
    reaction: text("reaction"),
    /** Where the reaction was (channel:ts of the message or our post), so removing it retracts only it. */
    reactionItem: text("reaction_item"),
    createdAt: integer("created_at").notNull().default(now),
    retractedAt: integer("retracted_at"),
  },
  (t) => [index("feedback_message_user").on(t.messageId, t.userId)],
);

/** A computed set of thresholds, with the report that justified it. Activation is a separate log. */
export const thresholdSets = sqliteTable("threshold_sets", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  createdBy: text("created_by").notNull(),
  targetPrecision: real("target_precision").notNull(),
  confidence: real("confidence").notNull(),
  promptFingerprint: text("prompt_fingerprint"),
  labelCount: integer("label_count").notNull().default(0),
  thresholds: text("thresholds", { mode: "json" }).$type<Thresholds>().notNull(),
  report: text("report", { mode: "json" }).$type<unknown>(),
  createdAt: integer("created_at").notNull().default(now),
});

/** Which threshold set is in force: the latest activation wins; rollback is just another activation. */
export const thresholdActivations = sqliteTable("threshold_activations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  thresholdSetId: integer("threshold_set_id")
    .notNull()
    .references(() => thresholdSets.id),
  action: text("action", { enum: ["apply", "rollback"] }).notNull(),
  activatedBy: text("activated_by").notNull(),
  activatedAt: integer("activated_at").notNull().default(now),
});

/**
 * Every Slack effect we cause, keyed so that a restart never repeats one: a row is claimed
 * (`pending`) before the API call and completed with the posted `ts` after it.
 */
export const slackPosts = sqliteTable(
  "slack_posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id),
    kind: text("kind", {
      enum: ["route", "thread_note", "ack_reaction", "review_card", "reroute", "nudge", "card_update"],
    }).notNull(),
    effectKey: text("effect_key").notNull(),
    channelId: text("channel_id").notNull(),
    ts: text("ts"),
    category: text("category"),
    status: text("status", { enum: ["pending", "done"] })
      .notNull()
      .default("pending"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("slack_posts_effect_key").on(t.effectKey),
    index("slack_posts_channel_ts").on(t.channelId, t.ts),
    // The worker reads a message's effects several times per message: without this, a scan of every post.
    index("slack_posts_message").on(t.messageId),
  ],
);

/**
 * People's events that change state — reactions and review-card clicks — written before Slack is answered,
 * like messages, and worked afterwards (who reacted, on what, what it means). `eventId` is Slack's (for a
 * click, made from its action time and user), so a redelivery is stored once.
 */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: text("event_id").notNull(),
    kind: text("kind", { enum: ["reaction_added", "reaction_removed", "review_pick"] }).notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["pending", "done", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    retryAt: integer("retry_at"),
    receivedAt: integer("received_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("events_event_id").on(t.eventId), index("events_status").on(t.status)],
);

/** Things said once (the first-certificate message to admins): the key, and when it was said. */
export const notices = sqliteTable("notices", {
  key: text("key").primaryKey(),
  at: integer("at").notNull().default(now),
});

/** Periodic work that one replica at a time may do (review reminders): who holds it, until when. */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  owner: text("owner").notNull(),
  until: integer("until").notNull(),
});
