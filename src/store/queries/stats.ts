/**
 * What `/triage stats` shows for a time window: volume, how much was routed vs reviewed, how often the
 * bot's top category matched the label people gave, per category, and what could not be posted. Counted
 * in SQL (indexes on the time columns); only the labels of the window's labelled messages are read, for
 * the vote that decides each message's label.
 */
import type { SQL } from "drizzle-orm";
import { and, count, eq, exists, gte, isNull, sql } from "../orm.js";
import type { Session, Store } from "../store.js";
import { effectiveLabel } from "./labels.js";

export interface CategoryStats {
  category: string;
  /** Messages whose top category was this one. */
  top: number;
  routed: number;
  labelled: number;
  correct: number;
}

export interface Stats {
  since: number;
  received: number;
  classified: number;
  routed: number;
  review: { other: number; low_confidence: number; classifier_error: number };
  audited: number;
  decidedByPeople: number;
  labelled: number;
  /** Messages whose Slack posts could not be made: given up on (`failed`), or waiting for another try. */
  unfinished: { failed: number; retrying: number };
  categories: CategoryStats[];
}

const total = (condition: SQL) =>
  sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`.mapWith(Number);

function hasLabel({ db, t }: Session): SQL {
  const { feedback: f, messages: m } = t;
  return exists(
    db
      .select({ one: sql`1` })
      .from(f)
      .where(and(eq(f.messageId, m.id), isNull(f.retractedAt))),
  );
}

export function statsSince(s: Store, since: number, categoryIds: readonly string[]): Promise<Stats> {
  return s.query(async (q) => {
    const { db, t } = q;
    const { messages: m, classifications: c, feedback: f } = t;
    // Live traffic only: history read by a backfill was never triaged.
    const inWindow = and(gte(m.receivedAt, since), eq(m.origin, "live"));
    const [totals] = await db
      .select({
        received: count(),
        classified: total(sql`${c.id} is not null`),
        routed: total(sql`${c.decision} = 'route'`),
        other: total(sql`${c.reason} = 'other'`),
        lowConfidence: total(sql`${c.reason} = 'low_confidence'`),
        classifierError: total(sql`${c.reason} = 'classifier_error'`),
        audited: total(sql`${c.audit}`),
        decidedByPeople: total(sql`${m.resolvedAt} is not null`),
        labelled: total(hasLabel(q)),
        failed: total(sql`${m.status} = 'failed'`),
        retrying: total(sql`${m.status} = 'pending' and ${m.failures} > 0`),
      })
      .from(m)
      .leftJoin(c, eq(c.messageId, m.id))
      .where(inWindow);
    const perTop = await db
      .select({
        category: c.topCategory,
        top: count(),
        routed: total(sql`${c.decision} = 'route'`),
        labelled: total(hasLabel(q)),
      })
      .from(m)
      .innerJoin(c, eq(c.messageId, m.id))
      .where(inWindow)
      .groupBy(c.topCategory);
    const labels = await db
      .select({
        id: f.id,
        messageId: f.messageId,
        userId: f.userId,
        label: f.label,
        source: f.source,
        createdAt: f.createdAt,
        top: c.topCategory,
      })
      .from(f)
      .innerJoin(m, eq(m.id, f.messageId))
      .innerJoin(c, eq(c.messageId, m.id))
      .where(and(inWindow, isNull(f.retractedAt)));

    const byMessage = new Map<number, typeof labels>();
    for (const l of labels) byMessage.set(l.messageId, [...(byMessage.get(l.messageId) ?? []), l]);
    const correct = new Map<string, number>();
    for (const rows of byMessage.values()) {
      const top = rows[0]?.top;
      if (top && effectiveLabel(rows)?.label === top) correct.set(top, (correct.get(top) ?? 0) + 1);
    }
    const categories = categoryIds.map((id) => {
      const row = perTop.find((r) => r.category === id);
      return {
        category: id,
        top: row?.top ?? 0,
        routed: row?.routed ?? 0,
        labelled: row?.labelled ?? 0,
        correct: correct.get(id) ?? 0,
      };
    });
    return {
      since,
      received: totals?.received ?? 0,
      classified: totals?.classified ?? 0,
      routed: totals?.routed ?? 0,
      review: {
        other: totals?.other ?? 0,
        low_confidence: totals?.lowConfidence ?? 0,
        classifier_error: totals?.classifierError ?? 0,
      },
      audited: totals?.audited ?? 0,
      decidedByPeople: totals?.decidedByPeople ?? 0,
      labelled: totals?.labelled ?? 0,
      unfinished: { failed: totals?.failed ?? 0, retrying: totals?.retrying ?? 0 },
      categories,
    };
  });
}
