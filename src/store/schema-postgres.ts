/**
 * The same tables as schema.ts, declared for Postgres (test/unit/store-schema.test.ts keeps the two in
 * step). Epoch-millisecond times are bigints read as numbers; JSON columns are jsonb. The one table
 * SQLite has and Postgres does not is `leases`: on Postgres an advisory lock does that job.
 */
import type { Thresholds } from "../config.js";
import { sql } from "./orm.js";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  uniqueIndex,
} from "./orm-postgres.js";

const now = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;
const epochMs = (name: string) => bigint(name, { mode: "number" });

export const messages = pgTable(
  "messages",
  {
    id: serial("id").primaryKey(),
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
    revision: integer("revision").notNull().default(0),
    lastError: text("last_error"),
    failures: integer("failures").notNull().default(0),
    retryAt: epochMs("retry_at"),
    routedCategory: text("routed_category"),
    resolvedAt: epochMs("resolved_at"),
    resolvedBy: text("resolved_by"),
    origin: text("origin", { enum: ["live", "backfill"] })
      .notNull()
      .default("live"),
    leaseOwner: text("lease_owner"),
    leaseUntil: epochMs("lease_until"),
    receivedAt: epochMs("received_at").notNull().default(now),
    updatedAt: epochMs("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("messages_team_channel_ts").on(t.teamId, t.channelId, t.ts),
    uniqueIndex("messages_event_id").on(t.eventId),
    index("messages_status").on(t.status),
    index("messages_received_at").on(t.receivedAt),
  ],
);

export const thresholdSets = pgTable("threshold_sets", {
  id: serial("id").primaryKey(),
  createdBy: text("created_by").notNull(),
  targetPrecision: doublePrecision("target_precision").notNull(),
  confidence: doublePrecision("confidence").notNull(),
  promptFingerprint: text("prompt_fingerprint"),
  labelCount: integer("label_count").notNull().default(0),
  thresholds: jsonb("thresholds").$type<Thresholds>().notNull(),
  report: jsonb("report").$type<unknown>(),
  createdAt: epochMs("created_at").notNull().default(now),
});

export const classifications = pgTable(
  "classifications",
  {
    id: serial("id").primaryKey(),
    messageId: integer("message_id").references(() => messages.id),
    model: text("model").notNull(),
    promptFingerprint: text("prompt_fingerprint").notNull(),
    probs: jsonb("probs").$type<Record<string, number>>().notNull(),
    other: doublePrecision("other").notNull(),
    strayTokens: jsonb("stray_tokens")
      .$type<{ token: string; p: number }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    topCategory: text("top_category"),
    topProb: doublePrecision("top_prob").notNull().default(0),
    decision: text("decision", { enum: ["route", "review"] }).notNull(),
    reason: text("reason", { enum: ["other", "low_confidence", "uncertified", "classifier_error"] }),
    audit: boolean("audit").notNull().default(false),
    auditRate: doublePrecision("audit_rate"),
    thresholdSetId: integer("threshold_set_id").references(() => thresholdSets.id),
    latencyMs: integer("latency_ms"),
    error: text("error"),
    createdAt: epochMs("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("classifications_message_unique").on(t.messageId),
    index("classifications_fp").on(t.promptFingerprint),
    index("classifications_created_at").on(t.createdAt),
  ],
);

export const feedback = pgTable(
  "feedback",
  {
    id: serial("id").primaryKey(),
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id),
    classificationId: integer("classification_id")
      .notNull()
      .references(() => classifications.id),
    userId: text("user_id").notNull(),
    label: text("label").notNull(),
    source: text("source", { enum: ["reaction", "review", "audit", "import", "cli"] }).notNull(),
    reaction: text("reaction"),
    reactionItem: text("reaction_item"),
    createdAt: epochMs("created_at").notNull().default(now),
    retractedAt: epochMs("retracted_at"),
  },
  (t) => [index("feedback_message_user").on(t.messageId, t.userId)],
);

export const thresholdActivations = pgTable("threshold_activations", {
  id: serial("id").primaryKey(),
  thresholdSetId: integer("threshold_set_id")
    .notNull()
    .references(() => thresholdSets.id),
  action: text("action", { enum: ["apply", "rollback"] }).notNull(),
  activatedBy: text("activated_by").notNull(),
  activatedAt: epochMs("activated_at").notNull().default(now),
});

export const slackPosts = pgTable(
  "slack_posts",
  {
    id: serial("id").primaryKey(),
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
    createdAt: epochMs("created_at").notNull().default(now),
    updatedAt: epochMs("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("slack_posts_effect_key").on(t.effectKey),
    index("slack_posts_channel_ts").on(t.channelId, t.ts),
    index("slack_posts_message").on(t.messageId),
  ],
);

export const notices = pgTable("notices", {
  key: text("key").primaryKey(),
  at: epochMs("at").notNull().default(now),
});

export const events = pgTable(
  "events",
  {
    id: serial("id").primaryKey(),
    eventId: text("event_id").notNull(),
    kind: text("kind", { enum: ["reaction_added", "reaction_removed", "review_pick"] }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["pending", "done", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    retryAt: epochMs("retry_at"),
    receivedAt: epochMs("received_at").notNull().default(now),
    updatedAt: epochMs("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("events_event_id").on(t.eventId), index("events_status").on(t.status)],
);
