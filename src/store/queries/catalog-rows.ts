/**
 * The rows the "other" catalog is built from: the classification of every message classified since a
 * time, with its text, link and the label people gave. Two queries in all, whatever the count.
 */
import type { CatalogRow } from "../../services/insights.js";
import { and, eq, gte, isNull, or } from "../orm.js";
import type { Store } from "../store.js";
import { effectiveLabel } from "./labels.js";

export function catalogRows(s: Store, since: number): Promise<CatalogRow[]> {
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
      .select({
        id: f.id,
        messageId: f.messageId,
        userId: f.userId,
        label: f.label,
        source: f.source,
        createdAt: f.createdAt,
      })
      .from(f)
      .innerJoin(c, eq(c.messageId, f.messageId))
      .innerJoin(m, eq(m.id, f.messageId))
      .where(and(isNull(f.retractedAt), gte(c.createdAt, since), eq(m.origin, "live")));
    const byMessage = new Map<number, typeof labels>();
    for (const l of labels) byMessage.set(l.messageId, [...(byMessage.get(l.messageId) ?? []), l]);
    return rows.map((r) => ({
      ...r,
      label: r.messageId === null ? null : (effectiveLabel(byMessage.get(r.messageId) ?? [])?.label ?? null),
    }));
  });
}
