/**
 * What the "other" catalog is built from: the classification of every live message classified since a
 * time, with its text and link, and the labels people gave those messages. Two queries, whatever the count.
 */
import { and, eq, gte, isNull, or } from "../orm.js";
import type { Store } from "../store.js";
import { type LabelRow, labelColumns } from "./labels.js";

export interface CatalogSource {
  classifications: {
    messageId: number | null;
    text: string | null;
    permalink: string | null;
    strayTokens: { token: string; p: number }[];
    other: number;
    decision: "route" | "review";
    reason: "other" | "low_confidence" | "uncertified" | "classifier_error" | null;
    at: number;
  }[];
  labels: (LabelRow & { messageId: number })[];
}

export function catalogSource(s: Store, since: number): Promise<CatalogSource> {
  return s.query(async ({ db, t }) => {
    const { messages: m, classifications: c, feedback: f } = t;
    const rows = await db
      .select({
        messageId: c.messageId,
        text: m.text,
        permalink: m.permalink,
        strayTokens: c.strayTokens,
        other: c.other,
        decision: c.decision,
        reason: c.reason,
        at: c.createdAt,
      })
      .from(c)
      .leftJoin(m, eq(m.id, c.messageId))
      // Live traffic only: a backfill classifies a month of history at once, and none of it went to review.
      .where(and(gte(c.createdAt, since), or(isNull(m.id), eq(m.origin, "live"))));
    const labels = await db
      .select({ ...labelColumns(f), messageId: f.messageId })
      .from(f)
      .innerJoin(c, eq(c.messageId, f.messageId))
      .innerJoin(m, eq(m.id, f.messageId))
      .where(and(isNull(f.retractedAt), gte(c.createdAt, since), eq(m.origin, "live")));
    return { classifications: rows, labels };
  });
}
