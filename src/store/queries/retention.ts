/**
 * Retention: message text and Slack permalinks older than a cut-off are deleted; everything retune and
 * stats read (probabilities, decisions, labels, posts) stays. A message still in the worker's hands keeps
 * its text until it is done.
 */
import { and, isNotNull, lt, ne, or } from "../orm.js";
import type { Store } from "../store.js";

/** Deletes the text and permalink of messages received before `before` (epoch ms); how many it cleared. */
export function purgeTextBefore(s: Store, before: number): Promise<number> {
  return s.query(async ({ db, t }) => {
    const m = t.messages;
    const rows = await db
      .update(m)
      .set({ text: "", permalink: null })
      .where(
        and(lt(m.receivedAt, before), ne(m.status, "pending"), or(ne(m.text, ""), isNotNull(m.permalink))),
      )
      .returning({ id: m.id });
    return rows.length;
  });
}
