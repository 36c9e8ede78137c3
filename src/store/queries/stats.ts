/**
 * Live traffic in a time window, counted in SQL (indexes on the time columns): what `/triage stats` and
 * App Home show. Only the labels of the window's labelled messages are read, for the vote
 * (decide/label-vote.ts) that says which label each message carries.
 */
import type { SQL } from "drizzle-orm";
import { and, count, eq, exists, gte, isNull, sql } from "../orm.js";
import type { Session, Store } from "../store.js";
import { type LabelRow, labelColumns } from "./labels.js";

export interface TrafficCounts {
  received: number;
  classified: number;
  routed: number;
  other: number;
  lowConfidence: number;
  uncertified: number;
  classifierError: number;
  audited: number;
  decidedByPeople: number;
  labelled: number;
  failed: number;
  retrying: number;
}

export interface Traffic {
  totals: TrafficCounts;
  /** Per top category: messages, routed, labelled. */
  perTop: { category: string | null; top: number; routed: number; labelled: number }[];
  /** Labels not taken back on the window's messages, with the message's top category. */
  labels: (LabelRow & { messageId: number; top: string | null })[];
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

export function trafficSince(s: Store, since: number): Promise<Traffic> {
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
        uncertified: total(sql`${c.reason} = 'uncertified'`),
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
      .select({ ...labelColumns(f), messageId: f.messageId, top: c.topCategory })
      .from(f)
      .innerJoin(m, eq(m.id, f.messageId))
      .innerJoin(c, eq(c.messageId, m.id))
      .where(and(inWindow, isNull(f.retractedAt)));

    const zero: TrafficCounts = {
      received: 0,
      classified: 0,
      routed: 0,
      other: 0,
      lowConfidence: 0,
      uncertified: 0,
      classifierError: 0,
      audited: 0,
      decidedByPeople: 0,
      labelled: 0,
      failed: 0,
      retrying: 0,
    };
    return { totals: totals ?? zero, perTop, labels };
  });
}

export interface Volume {
  received: number;
  routed: number;
  review: number;
  /** Not classified yet (in the worker's hands). */
  waiting: number;
}

export function volumeSince(s: Store, since: number): Promise<Volume> {
  return s.query(async ({ db, t }) => {
    const { messages: m, classifications: c } = t;
    const [row] = await db
      .select({
        received: sql<number>`count(*)`.mapWith(Number),
        routed: total(sql`${c.decision} = 'route'`),
        review: total(sql`${c.decision} = 'review'`),
        waiting: total(sql`${c.id} is null`),
      })
      .from(m)
      .leftJoin(c, eq(c.messageId, m.id))
      .where(and(gte(m.receivedAt, since), eq(m.origin, "live")));
    return row ?? { received: 0, routed: 0, review: 0, waiting: 0 };
  });
}
