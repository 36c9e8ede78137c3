/**
 * Who taught what: the label rows a tally counts (services/feedback/labels-by-person.ts), and every label
 * of one person counted and taken back (`/triage labels forget`). Taking back sets `retracted_at`; the rows stay.
 */
import { and, count, countDistinct, eq, isNull } from "../orm.js";
import type { Store } from "../store.js";

/** One label row on a classification made under `promptFingerprint` (not taken back): a retune reads these. */
export interface TallyRow {
  id: number;
  userId: string;
  source: string;
  classificationId: number;
  createdAt: number;
}

export function labelRowsUnder(s: Store, promptFingerprint: string): Promise<TallyRow[]> {
  return s.query(({ db, t }) => {
    const { feedback: f, classifications: c } = t;
    return db
      .select({
        id: f.id,
        userId: f.userId,
        source: f.source,
        classificationId: f.classificationId,
        createdAt: f.createdAt,
      })
      .from(f)
      .innerJoin(c, eq(f.classificationId, c.id))
      .where(and(eq(c.promptFingerprint, promptFingerprint), isNull(f.retractedAt)));
  });
}

export interface PersonLabels {
  /** Label rows not taken back, under any prompt. */
  labels: number;
  messages: number;
  bySource: Record<string, number>;
}

export async function labelsBy(s: Store, userId: string): Promise<PersonLabels> {
  const rows = await s.query(({ db, t }) => {
    const f = t.feedback;
    return db
      .select({ source: f.source, labels: count() })
      .from(f)
      .where(and(eq(f.userId, userId), isNull(f.retractedAt)))
      .groupBy(f.source);
  });
  const bySource: Record<string, number> = {};
  for (const r of rows) bySource[r.source] = Number(r.labels);
  const messages = await s.query(async ({ db, t }) => {
    const f = t.feedback;
    const [row] = await db
      .select({ n: countDistinct(f.messageId) })
      .from(f)
      .where(and(eq(f.userId, userId), isNull(f.retractedAt)));
    return Number(row?.n ?? 0);
  });
  return { labels: Object.values(bySource).reduce((a, b) => a + b, 0), messages, bySource };
}

/** Takes back every label `userId` gave that is not taken back yet; returns how many. */
export function forgetLabelsBy(s: Store, userId: string, at = Date.now()): Promise<number> {
  return s.query(async ({ db, t }) => {
    const f = t.feedback;
    const rows = await db
      .update(f)
      .set({ retractedAt: at })
      .where(and(eq(f.userId, userId), isNull(f.retractedAt)))
      .returning({ id: f.id });
    return rows.length;
  });
}
