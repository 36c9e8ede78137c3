/**
 * The inbox: Slack messages written before Slack is answered. A row stays `pending` until the worker has
 * classified it and caused every Slack effect it needs; human changes reopen it (and bump `revision`).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../open.js";
import { messages } from "../schema.js";

export type MessageRow = typeof messages.$inferSelect;

export interface NewInboxMessage {
  teamId: string;
  channelId: string;
  ts: string;
  userId: string;
  text: string;
  eventId: string | null;
}

/** Inserts unless (team, channel, ts) or the event id is already known. Returns the row id when new. */
export function insertInboxMessage(db: Db, input: NewInboxMessage): number | null {
  const row = db
    .insert(messages)
    .values({ ...input, receivedAt: Date.now(), updatedAt: Date.now() })
    .onConflictDoNothing()
    .returning({ id: messages.id })
    .get();
  return row?.id ?? null;
}

export function getMessage(db: Db, id: number): MessageRow | null {
  return db.select().from(messages).where(eq(messages.id, id)).get() ?? null;
}

export function findMessageByTs(db: Db, channelId: string, ts: string): MessageRow | null {
  return (
    db
      .select()
      .from(messages)
      .where(and(eq(messages.channelId, channelId), eq(messages.ts, ts)))
      .get() ?? null
  );
}

/** Oldest first, so a restart finishes work in the order it arrived. */
export function pendingMessageIds(db: Db): number[] {
  return db
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.status, "pending"))
    .orderBy(asc(messages.id))
    .all()
    .map((r) => r.id);
}

/** Marks the row done unless someone changed it since `revision` was read; false = go round again. */
export function markDone(db: Db, id: number, revision: number): boolean {
  return (
    db
      .update(messages)
      .set({ status: "done", lastError: null, updatedAt: Date.now() })
      .where(and(eq(messages.id, id), eq(messages.revision, revision)))
      .run().changes === 1
  );
}

export function markFailed(db: Db, id: number, error: string): void {
  db.update(messages)
    .set({ status: "failed", lastError: error, updatedAt: Date.now() })
    .where(eq(messages.id, id))
    .run();
}

export function recordAttempt(db: Db, id: number, error: string | null): void {
  db.update(messages)
    .set({ attempts: sql`${messages.attempts} + 1`, lastError: error, updatedAt: Date.now() })
    .where(eq(messages.id, id))
    .run();
}

export function savePermalink(db: Db, id: number, permalink: string): void {
  db.update(messages).set({ permalink }).where(eq(messages.id, id)).run();
}

export interface HumanDecision {
  /** The category it should now be routed to; undefined leaves the routing as it is. */
  routedCategory?: string;
  resolvedBy?: string;
  resolvedAt?: number;
}

/** Applies a human change and hands the row back to the worker, which causes whatever effects follow. */
export function reopenWithDecision(db: Db, id: number, decision: HumanDecision): void {
  db.update(messages)
    .set({
      ...decision,
      status: "pending",
      revision: sql`${messages.revision} + 1`,
      updatedAt: Date.now(),
    })
    .where(eq(messages.id, id))
    .run();
}
