/**
 * People's events (reactions, review-card clicks): stored before Slack is answered, worked after. An event
 * is applied once: the transaction that applies it first marks it done (`takeEvent`), so a second replica
 * or a second look at the same event changes nothing.
 */
import { and, asc, eq, isNull, lte, or, sql } from "../orm.js";
import type { events } from "../schema.js";
import { first, type Store } from "../store.js";

export type EventRow = typeof events.$inferSelect;
export type EventKind = EventRow["kind"];

/** Stores an event unless its id is known (a redelivery). Returns the row id when new. */
export function insertEvent(
  s: Store,
  input: { eventId: string; kind: EventKind; payload: Record<string, unknown> },
): Promise<number | null> {
  return s.query(async ({ db, t }) => {
    const now = Date.now();
    const rows = await db
      .insert(t.events)
      .values({ ...input, receivedAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: t.events.id });
    return first(rows)?.id ?? null;
  });
}

export function getEvent(s: Store, id: number): Promise<EventRow | null> {
  return s.query(async ({ db, t }) =>
    first(await db.select().from(t.events).where(eq(t.events.id, id)).limit(1)),
  );
}

/** Marks a pending event done; true when this call did (inside the transaction that applies it). */
export function takeEvent(s: Store, id: number): Promise<boolean> {
  return s.query(async ({ db, t }) => {
    const rows = await db
      .update(t.events)
      .set({ status: "done", lastError: null, retryAt: null, updatedAt: Date.now() })
      .where(and(eq(t.events.id, id), eq(t.events.status, "pending")))
      .returning({ id: t.events.id });
    return rows.length === 1;
  });
}

/** Working the event failed: try again at `retryAt`, or give up (`failed`) when `retryAt` is null. */
export function eventFailed(s: Store, id: number, error: string, retryAt: number | null): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.events)
      .set({
        status: retryAt === null ? "failed" : "pending",
        attempts: sql`${t.events.attempts} + 1`,
        lastError: error,
        retryAt,
        updatedAt: Date.now(),
      })
      .where(and(eq(t.events.id, id), eq(t.events.status, "pending")));
  });
}

/** Pending events due by `now` that arrived before `arrivedBefore` (the receiving replica had its turn). */
export function dueEvents(s: Store, now: number, arrivedBefore: number, limit: number): Promise<number[]> {
  return s.query(async ({ db, t }) => {
    const e = t.events;
    const rows = await db
      .select({ id: e.id })
      .from(e)
      .where(
        and(
          eq(e.status, "pending"),
          or(isNull(e.retryAt), lte(e.retryAt, now)),
          lte(e.receivedAt, arrivedBefore),
        ),
      )
      .orderBy(asc(e.id))
      .limit(limit);
    return rows.map((r) => r.id);
  });
}

/** Events still to work (due or waiting to retry). */
export function pendingEventCount(s: Store): Promise<number> {
  return s.query(async ({ db, t }) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(t.events)
      .where(eq(t.events.status, "pending"));
    return row?.n ?? 0;
  });
}
