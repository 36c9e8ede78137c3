/** One row per message: the LLM call's outcome, with the decision taken under the thresholds in force. */
import { and, eq } from "../orm.js";
import type { classifications } from "../schema.js";
import { first, type Store } from "../store.js";

export type ClassificationRow = typeof classifications.$inferSelect;
export type NewClassification = Omit<typeof classifications.$inferInsert, "id" | "createdAt">;

/**
 * Stores the classification and, when it routes, the category on the message — in one transaction. A
 * message has at most one: when another replica stored one first, that one stands and its id is returned.
 * A backfilled message is never routed: its decision is information only.
 */
export function saveClassification(s: Store, row: NewClassification): Promise<number> {
  return s.tx(async (q) => {
    const { db, t } = q;
    const inserted = await db
      .insert(t.classifications)
      .values({ ...row, createdAt: Date.now() })
      .onConflictDoNothing()
      .returning({ id: t.classifications.id });
    const id = first(inserted)?.id;
    if (id === undefined) {
      const existing = row.messageId == null ? null : await classificationOf(q, row.messageId);
      if (!existing) throw new Error("the classification was neither stored nor found");
      return existing.id;
    }
    if (row.decision === "route" && row.topCategory && row.messageId != null) {
      await db
        .update(t.messages)
        .set({ routedCategory: row.topCategory })
        .where(and(eq(t.messages.id, row.messageId), eq(t.messages.origin, "live")));
    }
    return id;
  });
}

/** The message's classification (one per message), or null before the LLM has answered. */
export function classificationOf(s: Store, messageId: number): Promise<ClassificationRow | null> {
  return s.query(async ({ db, t }) =>
    first(
      await db.select().from(t.classifications).where(eq(t.classifications.messageId, messageId)).limit(1),
    ),
  );
}
