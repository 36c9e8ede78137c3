/** Backfilled messages classified under a prompt: how many, which carry a label, which still wait for one. */
import { and, eq, isNull } from "../orm.js";
import type { Store } from "../store.js";

export function backfillLabelling(
  s: Store,
  promptFingerprint: string,
): Promise<{ total: number; unlabelled: number[] }> {
  return s.query(async ({ db, t }) => {
    const { messages: m, classifications: c, feedback: f } = t;
    const rows = await db
      .selectDistinct({ id: m.id, labelled: f.id })
      .from(m)
      .innerJoin(c, eq(c.messageId, m.id))
      .leftJoin(f, and(eq(f.messageId, m.id), isNull(f.retractedAt)))
      .where(and(eq(m.origin, "backfill"), eq(c.promptFingerprint, promptFingerprint)));
    const ids = new Set(rows.map((r) => r.id));
    const labelled = new Set(rows.filter((r) => r.labelled !== null).map((r) => r.id));
    return { total: ids.size, unlabelled: [...ids].filter((id) => !labelled.has(id)).sort((a, b) => a - b) };
  });
}
