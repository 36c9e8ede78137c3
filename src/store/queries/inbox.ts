/**
 * The inbox: Slack messages written before Slack is answered. A row stays `pending` until the worker has
 * classified it and caused every Slack effect it needs; human changes reopen it (and bump `revision`).
 * A replica works on a row only while it holds the row's lease (see Store.claimDue).
 */
import { and, asc, eq, gt, isNotNull, isNull, lt, lte, min, ne, or, sql } from "../orm.js";
import type { messages } from "../schema.js";
import { first, type QueryDb, type Store, type Tables } from "../store.js";

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
export function insertInboxMessage(s: Store, input: NewInboxMessage): Promise<number | null> {
  return s.query(async ({ db, t }) => {
    const now = Date.now();
    const rows = await db
      .insert(t.messages)
      .values({ ...input, receivedAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: t.messages.id });
    return first(rows)?.id ?? null;
  });
}

export function getMessage(s: Store, id: number): Promise<MessageRow | null> {
  return s.query(async ({ db, t }) =>
    first(await db.select().from(t.messages).where(eq(t.messages.id, id)).limit(1)),
  );
}

export function findMessageByTs(s: Store, channelId: string, ts: string): Promise<MessageRow | null> {
  return s.query(async ({ db, t }) =>
    first(
      await db
        .select()
        .from(t.messages)
        .where(and(eq(t.messages.channelId, channelId), eq(t.messages.ts, ts)))
        .limit(1),
    ),
  );
}

/**
 * Pending rows that are due now (not waiting out a retry backoff) and not leased by a live replica (this
 * one included: what it holds, it is working on), oldest first. The stores build their claim on it.
 */
export function dueMessages(db: QueryDb, t: Tables, now: number) {
  const m = t.messages;
  return db
    .select({ id: m.id })
    .from(m)
    .where(
      and(
        eq(m.status, "pending"),
        or(isNull(m.retryAt), lte(m.retryAt, now)),
        or(isNull(m.leaseUntil), lt(m.leaseUntil, now)),
      ),
    )
    .orderBy(asc(m.id));
}

/** How many rows are pending (due or waiting to retry): the backlog. */
export function pendingCount(s: Store): Promise<number> {
  return s.query(async ({ db, t }) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(t.messages)
      .where(eq(t.messages.status, "pending"));
    return row?.n ?? 0;
  });
}

/**
 * When the worker should look again: the earliest retry backoff or lease (of another replica) that ends
 * after `now`; null when nothing pending waits.
 */
export function nextDueAt(s: Store, now = Date.now()): Promise<number | null> {
  return s.query(async ({ db, t }) => {
    const m = t.messages;
    const [row] = await db
      .select({
        retry: min(m.retryAt),
        lease: sql<number | null>`min(case when ${m.leaseUntil} > ${now} then ${m.leaseUntil} end)`.mapWith(
          (v) => (v === null ? null : Number(v)),
        ),
      })
      .from(m)
      .where(and(eq(m.status, "pending"), or(gt(m.retryAt, now), gt(m.leaseUntil, now))));
    const times = [row?.retry, row?.lease].filter((x): x is number => typeof x === "number" && x > now);
    return times.length > 0 ? Math.min(...times) : null;
  });
}

/**
 * Takes the message's row lock until the transaction ends, so that two people labelling it at once are
 * applied one after the other (Postgres; SQLite's transactions are one at a time anyway).
 */
export function lockMessage(s: Store, id: number): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.messages)
      .set({ revision: sql`${t.messages.revision}` })
      .where(eq(t.messages.id, id));
  });
}

/** Keeps the lease on a row this replica is working on; false = it is no longer ours (taken over, done). */
export function renewLease(s: Store, id: number, owner: string, until: number): Promise<boolean> {
  return s.query(async ({ db, t }) => {
    const rows = await db
      .update(t.messages)
      .set({ leaseUntil: until })
      .where(and(eq(t.messages.id, id), eq(t.messages.leaseOwner, owner)))
      .returning({ id: t.messages.id });
    return rows.length === 1;
  });
}

/** Gives one row back (its round ended without finishing it), if this replica still holds it. */
export function releaseLease(s: Store, id: number, owner: string): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.messages)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(eq(t.messages.id, id), eq(t.messages.leaseOwner, owner)));
  });
}

/** Gives rows back for any replica to take at once (a replica that stops with work unfinished). */
export function releaseLeases(s: Store, owner: string): Promise<number> {
  return s.query(async ({ db, t }) => {
    const rows = await db
      .update(t.messages)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(eq(t.messages.leaseOwner, owner))
      .returning({ id: t.messages.id });
    return rows.length;
  });
}

/** Marks the row done unless someone changed it since `revision` was read; false = go round again. */
export function markDone(s: Store, id: number, revision: number): Promise<boolean> {
  return s.query(async ({ db, t }) => {
    const rows = await db
      .update(t.messages)
      .set({
        status: "done",
        lastError: null,
        failures: 0,
        retryAt: null,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: Date.now(),
      })
      .where(and(eq(t.messages.id, id), eq(t.messages.revision, revision)))
      .returning({ id: t.messages.id });
    return rows.length === 1;
  });
}

/** A round failed: the row stays pending and is tried again at `retryAt` (by any replica). */
export function scheduleRetry(s: Store, id: number, error: string, retryAt: number): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.messages)
      .set({
        status: "pending",
        failures: sql`${t.messages.failures} + 1`,
        lastError: error,
        retryAt,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: Date.now(),
      })
      .where(eq(t.messages.id, id));
  });
}

/** Gave up after the last allowed round: the row stays `failed` (counted in /triage stats) until a person acts on it. */
export function markFailed(s: Store, id: number, error: string): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.messages)
      .set({
        status: "failed",
        failures: sql`${t.messages.failures} + 1`,
        lastError: error,
        retryAt: null,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: Date.now(),
      })
      .where(eq(t.messages.id, id));
  });
}

export function recordAttempt(s: Store, id: number, error: string | null): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.messages)
      .set({ attempts: sql`${t.messages.attempts} + 1`, lastError: error, updatedAt: Date.now() })
      .where(eq(t.messages.id, id));
  });
}

export function savePermalink(s: Store, id: number, permalink: string): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db.update(t.messages).set({ permalink }).where(eq(t.messages.id, id));
  });
}

export interface HumanDecision {
  /** The category it should now be routed to; undefined leaves the routing as it is. */
  routedCategory?: string;
  resolvedBy?: string;
  resolvedAt?: number;
}

/** Applies a human change and hands the row back to the worker, which causes whatever effects follow. */
export function reopenWithDecision(s: Store, id: number, decision: HumanDecision): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.messages)
      .set({
        ...decision,
        status: "pending",
        failures: 0,
        retryAt: null,
        revision: sql`${t.messages.revision} + 1`,
        updatedAt: Date.now(),
      })
      .where(eq(t.messages.id, id));
  });
}

/** The heartbeat: extends every lease `owner` holds on rows still pending. */
export function renewLeases(s: Store, owner: string, until: number): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.messages)
      .set({ leaseUntil: until })
      .where(and(eq(t.messages.leaseOwner, owner), eq(t.messages.status, "pending")));
  });
}

/** Who holds leases on pending rows now. */
export function leaseOwners(s: Store): Promise<string[]> {
  return s.query(async ({ db, t }) => {
    const rows = await db
      .selectDistinct({ owner: t.messages.leaseOwner })
      .from(t.messages)
      .where(and(eq(t.messages.status, "pending"), isNotNull(t.messages.leaseOwner)));
    return rows.map((r) => r.owner).filter((o): o is string => o !== null);
  });
}

/**
 * Retention: the text and Slack permalink of messages older than a cut-off are deleted; everything retune
 * and stats read (probabilities, decisions, labels, posts) stays. A message still in the worker's hands
 * keeps its text until it is done.
 */
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
