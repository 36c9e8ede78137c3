/**
 * Human labels. A person's label for a message is their latest row that is not retracted; when several
 * people disagree, the majority wins and a tie goes to the most recent label.
 */

import type { LabelledScore } from "../../decide/tune-types.js";
import { and, eq, isNull } from "../orm.js";
import type { Store, Tables } from "../store.js";

export type LabelSource = "reaction" | "review" | "audit" | "import" | "cli";

export interface LabelInput {
  messageId: number;
  classificationId: number;
  userId: string;
  /** A category id, or "other". */
  label: string;
  source: LabelSource;
  reaction?: string | null;
  /** channel:ts of the message or our post the reaction is on. */
  reactionItem?: string | null;
  at?: number;
}

export function recordLabel(s: Store, input: LabelInput): Promise<number> {
  return s.query(async ({ db, t }) => {
    const [row] = await db
      .insert(t.feedback)
      .values({
        messageId: input.messageId,
        classificationId: input.classificationId,
        userId: input.userId,
        label: input.label,
        source: input.source,
        reaction: input.reaction ?? null,
        reactionItem: input.reactionItem ?? null,
        createdAt: input.at ?? Date.now(),
      })
      .returning({ id: t.feedback.id });
    if (!row) throw new Error("the label was not stored");
    return row.id;
  });
}

/**
 * Takes back the label a person gave with one emoji on one item (the message, or one of our posts about it):
 * removing ✅ from the route post leaves their ✅ on the original. Returns how many rows it retracted.
 */
export function retractLabel(
  s: Store,
  input: { messageId: number; userId: string; reaction: string; reactionItem: string; at?: number },
): Promise<number> {
  return s.query(async ({ db, t }) => {
    const f = t.feedback;
    const rows = await db
      .update(f)
      .set({ retractedAt: input.at ?? Date.now() })
      .where(
        and(
          eq(f.messageId, input.messageId),
          eq(f.userId, input.userId),
          eq(f.reaction, input.reaction),
          eq(f.reactionItem, input.reactionItem),
          isNull(f.retractedAt),
        ),
      )
      .returning({ id: f.id });
    return rows.length;
  });
}

export interface EffectiveLabel {
  label: string;
  userId: string;
  source: LabelSource;
  at: number;
}

interface LabelRow {
  id: number;
  userId: string;
  label: string;
  source: LabelSource;
  createdAt: number;
}

/** Latest row per person, then majority across people (ties → most recent). */
export function effectiveLabel(rows: LabelRow[]): EffectiveLabel | null {
  const perUser = new Map<string, LabelRow>();
  for (const r of rows) {
    const prev = perUser.get(r.userId);
    if (!prev || r.createdAt > prev.createdAt || (r.createdAt === prev.createdAt && r.id > prev.id)) {
      perUser.set(r.userId, r);
    }
  }
  const tally = new Map<string, { votes: number; latest: LabelRow }>();
  for (const r of perUser.values()) {
    const t = tally.get(r.label);
    if (!t) tally.set(r.label, { votes: 1, latest: r });
    else {
      t.votes += 1;
      if (r.createdAt > t.latest.createdAt || (r.createdAt === t.latest.createdAt && r.id > t.latest.id)) {
        t.latest = r;
      }
    }
  }
  let best: { votes: number; latest: LabelRow } | null = null;
  for (const t of tally.values()) {
    if (
      !best ||
      t.votes > best.votes ||
      (t.votes === best.votes &&
        (t.latest.createdAt > best.latest.createdAt ||
          (t.latest.createdAt === best.latest.createdAt && t.latest.id > best.latest.id)))
    ) {
      best = t;
    }
  }
  return best
    ? {
        label: best.latest.label,
        userId: best.latest.userId,
        source: best.latest.source,
        at: best.latest.createdAt,
      }
    : null;
}

const labelColumns = (f: Tables["feedback"]) => ({
  id: f.id,
  userId: f.userId,
  label: f.label,
  source: f.source,
  createdAt: f.createdAt,
});

/** The label a message carries now, or null when nobody has labelled it (or every label was taken back). */
export function messageLabel(s: Store, messageId: number): Promise<EffectiveLabel | null> {
  return s.query(async ({ db, t }) => {
    const f = t.feedback;
    const rows = await db
      .select(labelColumns(f))
      .from(f)
      .where(and(eq(f.messageId, messageId), isNull(f.retractedAt)));
    return effectiveLabel(rows);
  });
}

export interface LabelledClassification extends LabelledScore {
  classificationId: number;
  messageId: number | null;
  audit: boolean;
}

/**
 * Every classification made under `promptFingerprint` that carries a label, with its full score vector.
 * One query; grouping happens here.
 */
export async function labelledScores(s: Store, promptFingerprint: string): Promise<LabelledClassification[]> {
  const rows = await s.query(({ db, t }) => {
    const { classifications: c, feedback: f } = t;
    return db
      .select({
        ...labelColumns(f),
        classificationId: c.id,
        messageId: c.messageId,
        probs: c.probs,
        other: c.other,
        audit: c.audit,
      })
      .from(f)
      .innerJoin(c, eq(f.classificationId, c.id))
      .where(and(eq(c.promptFingerprint, promptFingerprint), isNull(f.retractedAt)))
      .orderBy(f.id);
  });
  const byClassification = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byClassification.get(r.classificationId);
    if (list) list.push(r);
    else byClassification.set(r.classificationId, [r]);
  }
  const out: LabelledClassification[] = [];
  for (const [classificationId, list] of byClassification) {
    const eff = effectiveLabel(list);
    const first = list[0];
    if (!eff || !first) continue;
    out.push({
      classificationId,
      messageId: first.messageId,
      probs: first.probs,
      other: first.other,
      audit: first.audit,
      label: eff.label,
      source: first.audit ? "audit" : eff.source,
    });
  }
  return out;
}
