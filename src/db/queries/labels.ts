/**
 * Human labels. A person's label for a message is their latest row that is not retracted; when several
 * people disagree, the majority wins and a tie goes to the most recent label.
 */

import type { LabelledScore } from "../../decide/tune-types.js";
import type { Db } from "../open.js";
import { and, eq, isNull } from "../orm.js";
import { classifications, feedback } from "../schema.js";

export type LabelSource = "reaction" | "review" | "audit" | "cli";

export interface LabelInput {
  messageId: number;
  classificationId: number;
  userId: string;
  /** A category id, or "other". */
  label: string;
  source: LabelSource;
  reaction?: string | null;
  at?: number;
}

export function recordLabel(db: Db, input: LabelInput): number {
  const row = db
    .insert(feedback)
    .values({
      messageId: input.messageId,
      classificationId: input.classificationId,
      userId: input.userId,
      label: input.label,
      source: input.source,
      reaction: input.reaction ?? null,
      createdAt: input.at ?? Date.now(),
    })
    .returning({ id: feedback.id })
    .get();
  return row.id;
}

/** Takes back the label a person gave with one emoji on one message. Returns how many rows it retracted. */
export function retractLabel(
  db: Db,
  input: { messageId: number; userId: string; reaction: string; at?: number },
): number {
  const result = db
    .update(feedback)
    .set({ retractedAt: input.at ?? Date.now() })
    .where(
      and(
        eq(feedback.messageId, input.messageId),
        eq(feedback.userId, input.userId),
        eq(feedback.reaction, input.reaction),
        isNull(feedback.retractedAt),
      ),
    )
    .run();
  return result.changes;
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

const labelColumns = {
  id: feedback.id,
  userId: feedback.userId,
  label: feedback.label,
  source: feedback.source,
  createdAt: feedback.createdAt,
};

/** The label a message carries now, or null when nobody has labelled it (or every label was taken back). */
export function messageLabel(db: Db, messageId: number): EffectiveLabel | null {
  const rows = db
    .select(labelColumns)
    .from(feedback)
    .where(and(eq(feedback.messageId, messageId), isNull(feedback.retractedAt)))
    .all();
  return effectiveLabel(rows);
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
export function labelledScores(db: Db, promptFingerprint: string): LabelledClassification[] {
  const rows = db
    .select({
      ...labelColumns,
      classificationId: classifications.id,
      messageId: classifications.messageId,
      probs: classifications.probs,
      other: classifications.other,
      audit: classifications.audit,
    })
    .from(feedback)
    .innerJoin(classifications, eq(feedback.classificationId, classifications.id))
    .where(and(eq(classifications.promptFingerprint, promptFingerprint), isNull(feedback.retractedAt)))
    .all();
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
