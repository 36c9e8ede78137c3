/** Slack event ids already handled, for events without a natural key (reactions). */
import type { Db } from "../open.js";
import { seenEvents } from "../schema.js";

/** True the first time an event id is seen; false for a retry or a duplicate delivery. */
export function markEventSeen(db: Db, eventId: string): boolean {
  const row = db
    .insert(seenEvents)
    .values({ eventId, receivedAt: Date.now() })
    .onConflictDoNothing()
    .returning({ eventId: seenEvents.eventId })
    .get();
  return row !== undefined;
}
