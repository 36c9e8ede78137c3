/** Human labels: stored, taken back, read. Which one a message carries is decided by decide/label-vote.ts. */
import { and, desc, eq, isNull } from "../orm.js";
import { first, type Store, type Tables } from "../store.js";

export type LabelSource = "reaction" | "review" | "audit" | "import" | "cli";

/** One label as stored. */
export interface LabelRow {
  id: number;
  userId: string;
  label: string;
  source: LabelSource;
  createdAt: number;
}

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

/** The columns of a label row (LabelRow), for every query that reads labels. */
export const labelColumns = (f: Tables["feedback"]) => ({
  id: f.id,
  userId: f.userId,
  label: f.label,
  source: f.source,
  createdAt: f.createdAt,
});

/** The labels a message carries (not taken back), oldest first: what the vote (decide/label-vote.ts) reads. */
export function labelRowsOf(s: Store, messageId: number): Promise<LabelRow[]> {
  return s.query(({ db, t }) => {
    const f = t.feedback;
    return db
      .select(labelColumns(f))
      .from(f)
      .where(and(eq(f.messageId, messageId), isNull(f.retractedAt)))
      .orderBy(f.id);
  });
}

/** One person's current label for one message (their latest that is not taken back). */
export function userLabel(s: Store, messageId: number, userId: string): Promise<string | null> {
  return s.query(async ({ db, t }) => {
    const f = t.feedback;
    const row = first(
      await db
        .select({ label: f.label })
        .from(f)
        .where(and(eq(f.messageId, messageId), eq(f.userId, userId), isNull(f.retractedAt)))
        .orderBy(desc(f.createdAt), desc(f.id))
        .limit(1),
    );
    return row?.label ?? null;
  });
}
