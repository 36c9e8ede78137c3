/**
 * Messages waiting for a person in the review channel, oldest first: their latest classification said
 * review and nobody has decided them yet. With the review card and the reminder (nudge), if any. One query.
 */

import type { Db } from "../open.js";
import { alias, and, asc, eq, isNull, sql } from "../orm.js";
import { classifications, messages, slackPosts } from "../schema.js";
import { isLatestClassification } from "./latest-classification.js";

export type ReviewReason = "other" | "low_confidence" | "classifier_error";

export interface ReviewItem {
  messageId: number;
  channelId: string;
  ts: string;
  text: string;
  permalink: string | null;
  receivedAt: number;
  reason: ReviewReason;
  other: number;
  topCategory: string | null;
  topProb: number;
  /** The review card, once posted (`cardAt` = when it was completed). */
  card: { channelId: string; ts: string; at: number } | null;
  nudged: boolean;
}

export const nudgeKey = (messageId: number) => `nudge:${messageId}`;

const card = alias(slackPosts, "card");
const nudge = alias(slackPosts, "nudge");

export function reviewQueue(
  db: Db,
  opts: { limit?: number; onlyUnnudgedCards?: boolean } = {},
): { total: number; items: ReviewItem[] } {
  const conditions = [
    eq(classifications.decision, "review"),
    isNull(messages.resolvedAt),
    isLatestClassification(db),
  ];
  if (opts.onlyUnnudgedCards) conditions.push(eq(card.status, "done"), isNull(nudge.id));
  const rows = db
    .select({
      messageId: messages.id,
      channelId: messages.channelId,
      ts: messages.ts,
      text: messages.text,
      permalink: messages.permalink,
      receivedAt: messages.receivedAt,
      reason: classifications.reason,
      other: classifications.other,
      topCategory: classifications.topCategory,
      topProb: classifications.topProb,
      cardChannel: card.channelId,
      cardTs: card.ts,
      cardStatus: card.status,
      cardAt: card.updatedAt,
      nudgeId: nudge.id,
      total: sql<number>`count(*) over ()`,
    })
    .from(messages)
    .innerJoin(classifications, eq(classifications.messageId, messages.id))
    .leftJoin(card, eq(card.effectKey, sql`'card:' || ${messages.id}`))
    .leftJoin(nudge, eq(nudge.effectKey, sql`'nudge:' || ${messages.id}`))
    .where(and(...conditions))
    .orderBy(asc(messages.receivedAt), asc(messages.id))
    .limit(opts.limit ?? -1)
    .all();
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      messageId: r.messageId,
      channelId: r.channelId,
      ts: r.ts,
      text: r.text,
      permalink: r.permalink,
      receivedAt: r.receivedAt,
      reason: r.reason ?? "low_confidence",
      other: r.other,
      topCategory: r.topCategory,
      topProb: r.topProb,
      card:
        r.cardStatus === "done" && r.cardChannel && r.cardTs && r.cardAt !== null
          ? { channelId: r.cardChannel, ts: r.cardTs, at: r.cardAt }
          : null,
      nudged: r.nudgeId !== null,
    })),
  };
}
