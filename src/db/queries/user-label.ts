/** One person's current label for one message (their latest that is not taken back). */

import type { Db } from "../open.js";
import { and, desc, eq, isNull } from "../orm.js";
import { feedback } from "../schema.js";

export function userLabel(db: Db, messageId: number, userId: string): string | null {
  const row = db
    .select({ label: feedback.label })
    .from(feedback)
    .where(and(eq(feedback.messageId, messageId), eq(feedback.userId, userId), isNull(feedback.retractedAt)))
    .orderBy(desc(feedback.createdAt), desc(feedback.id))
    .limit(1)
    .get();
  return row?.label ?? null;
}
