/** Slack event ids already handled, for events without a natural key (reactions). */
import type { Store } from "../store.js";

/** True the first time an event id is seen; false for a retry or a duplicate delivery. */
export function markEventSeen(s: Store, eventId: string): Promise<boolean> {
  return s.query(async ({ db, t }) => {
    const rows = await db
      .insert(t.seenEvents)
      .values({ eventId, receivedAt: Date.now() })
      .onConflictDoNothing()
      .returning({ eventId: t.seenEvents.eventId });
    return rows.length === 1;
  });
}
