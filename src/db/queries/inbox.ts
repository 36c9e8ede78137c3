/**
 * The inbox: Slack messages written before Slack is answered. A row stays `pending` until the worker has
 * classified it and caused every Slack effect it needs; human changes reopen it (and bump `revision`).
 */

import type { Db } from "../open.js";
import { and, asc, eq, gt, isNull, lte, min, or, sql } from "../orm.js";
import { messages } from "../schema.js";
import { param, prepared } from "./prepared.js";

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
  const query = prepared(db, "insertInboxMessage", () =>
    db
      .insert(messages)
      .values({
        teamId: sql.placeholder("teamId"),
        channelId: sql.placeholder("channelId"),
        ts: sql.placeholder("ts"),
        userId: sql.placeholder("userId"),
        text: sql.placeholder("text"),
        eventId: sql.placeholder("eventId"),
        receivedAt: sql.placeholder("now"),
        updatedAt: sql.placeholder("now"),
      })
      .onConflictDoNothing()
      .returning({ id: messages.id })
      .prepare(),
  );
  return query.get({ ...input, now: Date.now() })?.id ?? null;
}

export function getMessage(db: Db, id: number): MessageRow | null {
  const query = prepared(db, "getMessage", () =>
    db
      .select()
      .from(messages)
      .where(eq(messages.id, sql.placeholder("id")))
      .prepare(),
  );
  return query.get({ id }) ?? null;
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

/** Pending rows that are due now (not waiting out a retry backoff), oldest first, so work finishes in arrival order. */
export function pendingMessageIds(db: Db, now = Date.now()): number[] {
  const query = prepared(db, "pendingMessageIds", () =>
    db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.status, "pending"),
          or(isNull(messages.retryAt), lte(messages.retryAt, sql.placeholder("now"))),
        ),
      )
      .orderBy(asc(messages.id))
      .prepare(),
  );
  return query.all({ now }).map((r) => r.id);
}

/** When the earliest pending row that is waiting out a backoff becomes due; null when none waits. */
export function nextRetryAt(db: Db, now = Date.now()): number | null {
  const query = prepared(db, "nextRetryAt", () =>
    db
      .select({ at: min(messages.retryAt) })
      .from(messages)
      .where(and(eq(messages.status, "pending"), gt(messages.retryAt, sql.placeholder("now"))))
      .prepare(),
  );
  return query.get({ now })?.at ?? null;
}

/** Marks the row done unless someone changed it since `revision` was read; false = go round again. */
export function markDone(db: Db, id: number, revision: number): boolean {
  const query = prepared(db, "markDone", () =>
    db
      .update(messages)
      .set({ status: "done", lastError: null, failures: 0, retryAt: null, updatedAt: param("now") })
      .where(and(eq(messages.id, sql.placeholder("id")), eq(messages.revision, sql.placeholder("revision"))))
      .prepare(),
  );
  return query.run({ id, revision, now: Date.now() }).changes === 1;
}

/** A round failed: the row stays pending and is tried again at `retryAt`. */
export function scheduleRetry(db: Db, id: number, error: string, retryAt: number): void {
  db.update(messages)
    .set({
      status: "pending",
      failures: sql`${messages.failures} + 1`,
      lastError: error,
      retryAt,
      updatedAt: Date.now(),
    })
    .where(eq(messages.id, id))
    .run();
}

/** Gave up after the last allowed round: the row stays `failed` (counted in /triage stats) until a person acts on it. */
export function markFailed(db: Db, id: number, error: string): void {
  db.update(messages)
    .set({
      status: "failed",
      failures: sql`${messages.failures} + 1`,
      lastError: error,
      retryAt: null,
      updatedAt: Date.now(),
    })
    .where(eq(messages.id, id))
    .run();
}

export function recordAttempt(db: Db, id: number, error: string | null): void {
  const query = prepared(db, "recordAttempt", () =>
    db
      .update(messages)
      .set({
        attempts: sql`${messages.attempts} + 1`,
        lastError: param("error"),
        updatedAt: param("now"),
      })
      .where(eq(messages.id, sql.placeholder("id")))
      .prepare(),
  );
  query.run({ id, error, now: Date.now() });
}

export function savePermalink(db: Db, id: number, permalink: string): void {
  const query = prepared(db, "savePermalink", () =>
    db
      .update(messages)
      .set({ permalink: param("permalink") })
      .where(eq(messages.id, sql.placeholder("id")))
      .prepare(),
  );
  query.run({ id, permalink });
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
      failures: 0,
      retryAt: null,
      revision: sql`${messages.revision} + 1`,
      updatedAt: Date.now(),
    })
    .where(eq(messages.id, id))
    .run();
}
