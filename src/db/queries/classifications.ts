/** One row per LLM call's outcome for a message, with the decision taken under the thresholds in force. */
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../open.js";
import { classifications, messages } from "../schema.js";
import { prepared } from "./prepared.js";

export type ClassificationRow = typeof classifications.$inferSelect;
export type NewClassification = Omit<typeof classifications.$inferInsert, "id" | "createdAt">;

/** Stores the classification and, when it routes, the category on the message — in one transaction. */
export function saveClassification(db: Db, row: NewClassification): number {
  return db.transaction((tx) => {
    const id = tx
      .insert(classifications)
      .values({ ...row, createdAt: Date.now() })
      .returning({ id: classifications.id })
      .get().id;
    if (row.decision === "route" && row.topCategory && row.messageId != null) {
      tx.update(messages)
        .set({ routedCategory: row.topCategory })
        .where(eq(messages.id, row.messageId))
        .run();
    }
    return id;
  });
}

export function latestClassification(db: Db, messageId: number): ClassificationRow | null {
  const query = prepared(db, "latestClassification", () =>
    db
      .select()
      .from(classifications)
      .where(eq(classifications.messageId, sql.placeholder("messageId")))
      .orderBy(desc(classifications.id))
      .limit(1)
      .prepare(),
  );
  return query.get({ messageId }) ?? null;
}
