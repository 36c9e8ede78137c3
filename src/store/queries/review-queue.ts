/**
 * Messages waiting for a person in the review channel, oldest first: their classification said review and
 * nobody has decided them yet. With the review card and the reminder (nudge), if any. One query.
 */
import { and, asc, eq, isNull, sql } from "../orm.js";
import type { Store } from "../store.js";

export type ReviewReason = "other" | "low_confidence" | "uncertified" | "classifier_error";

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

export function reviewQueue(
  s: Store,
  opts: { limit?: number; onlyUnnudgedCards?: boolean } = {},
): Promise<{ total: number; items: ReviewItem[] }> {
  return s.query(async ({ db, t, alias }) => {
    const { messages: m, classifications: c } = t;
    const card = alias(t.slackPosts, "card");
    const nudge = alias(t.slackPosts, "nudge");
    const conditions = [eq(c.decision, "review"), isNull(m.resolvedAt), eq(m.origin, "live")];
    if (opts.onlyUnnudgedCards) conditions.push(eq(card.status, "done"), isNull(nudge.id));
    const query = db
      .select({
        messageId: m.id,
        channelId: m.channelId,
        ts: m.ts,
        text: m.text,
        permalink: m.permalink,
        receivedAt: m.receivedAt,
        reason: c.reason,
        other: c.other,
        topCategory: c.topCategory,
        topProb: c.topProb,
        cardChannel: card.channelId,
        cardTs: card.ts,
        cardStatus: card.status,
        cardAt: card.updatedAt,
        nudgeId: nudge.id,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(m)
      .innerJoin(c, eq(c.messageId, m.id))
      .leftJoin(card, eq(card.effectKey, sql`'card:' || ${m.id}`))
      .leftJoin(nudge, eq(nudge.effectKey, sql`'nudge:' || ${m.id}`))
      .where(and(...conditions))
      .orderBy(asc(m.receivedAt), asc(m.id));
    const rows = await (opts.limit === undefined ? query : query.limit(opts.limit));
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
  });
}
