/** One person's current label for one message (their latest that is not taken back). */
import { and, desc, eq, isNull } from "../orm.js";
import { first, type Store } from "../store.js";

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
