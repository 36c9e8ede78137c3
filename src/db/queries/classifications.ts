/** One row per LLM call's outcome for a message, with the decision taken under the thresholds in force. */

import type { Db } from "../open.js";
import { desc, eq, sql } from "../orm.js";
import { classifications, messages } from "../schema.js";
import { param, prepared } from "./prepared.js";
import { inTransaction } from "./transaction.js";

export type ClassificationRow = typeof classifications.$inferSelect;
export type NewClassification = Omit<typeof classifications.$inferInsert, "id" | "createdAt">;

/** Stores the classification and, when it routes, the category on the message — in one transaction. */
export function saveClassification(db: Db, row: NewClassification): number {
  const insert = prepared(db, "insertClassification", () =>
    db
      .insert(classifications)
      .values({
        messageId: sql.placeholder("messageId"),
        model: sql.placeholder("model"),
        promptFingerprint: sql.placeholder("promptFingerprint"),
        probs: sql.placeholder("probs"),
        other: sql.placeholder("other"),
        strayTokens: sql.placeholder("strayTokens"),
        topCategory: sql.placeholder("topCategory"),
        topProb: sql.placeholder("topProb"),
        decision: sql.placeholder("decision"),
        reason: sql.placeholder("reason"),
        audit: sql.placeholder("audit"),
        thresholdSetId: sql.placeholder("thresholdSetId"),
        latencyMs: sql.placeholder("latencyMs"),
        error: sql.placeholder("error"),
        createdAt: sql.placeholder("createdAt"),
      })
      .returning({ id: classifications.id })
      .prepare(),
  );
  const route = prepared(db, "routeMessage", () =>
    db
      .update(messages)
      .set({ routedCategory: param("category") })
      .where(eq(messages.id, sql.placeholder("id")))
      .prepare(),
  );
  const values = {
    messageId: row.messageId ?? null,
    model: row.model,
    promptFingerprint: row.promptFingerprint,
    probs: row.probs,
    other: row.other,
    strayTokens: row.strayTokens ?? [],
    topCategory: row.topCategory ?? null,
    topProb: row.topProb ?? 0,
    decision: row.decision,
    reason: row.reason ?? null,
    audit: row.audit ?? false,
    thresholdSetId: row.thresholdSetId ?? null,
    latencyMs: row.latencyMs ?? null,
    error: row.error ?? null,
    createdAt: Date.now(),
  };
  return inTransaction(db, () => {
    const id = (insert.get(values) as { id: number }).id;
    if (row.decision === "route" && row.topCategory && row.messageId != null) {
      route.run({ id: row.messageId, category: row.topCategory });
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
