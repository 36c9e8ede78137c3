/**
 * Who taught what: labels counted per source and per person (the retune report), and every label of one
 * person counted and taken back (`/triage labels forget`). Taking back sets `retracted_at`; the rows stay.
 */
import { and, count, countDistinct, eq, isNull } from "../orm.js";
import type { Store } from "../store.js";

export interface LabelTally {
  /** One person's current label on one message counts once (their latest that is not taken back). */
  total: number;
  people: number;
  bySource: Record<string, number>;
  /** The people with the most labels, most first (ties: by user ID). */
  top: { userId: string; labels: number }[];
}

/** Labels on classifications made under `promptFingerprint`, the ones a retune reads. */
export async function labelTally(s: Store, promptFingerprint: string, topN = 5): Promise<LabelTally> {
  const rows = await s.query(({ db, t }) => {
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
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.classificationId}:${r.userId}`;
    const prev = latest.get(key);
    if (!prev || r.createdAt > prev.createdAt || (r.createdAt === prev.createdAt && r.id > prev.id)) {
      latest.set(key, r);
    }
  }
  const bySource: Record<string, number> = {};
  const perPerson = new Map<string, number>();
  for (const r of latest.values()) {
    bySource[r.source] = (bySource[r.source] ?? 0) + 1;
    perPerson.set(r.userId, (perPerson.get(r.userId) ?? 0) + 1);
  }
  const ranked = [...perPerson]
    .map(([userId, labels]) => ({ userId, labels }))
    .sort((a, b) => b.labels - a.labels || (a.userId < b.userId ? -1 : 1));
  return { total: latest.size, people: perPerson.size, bySource, top: ranked.slice(0, topN) };
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
