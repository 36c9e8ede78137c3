/**
 * Messages read from a channel's history (`origin = 'backfill'`): stored `done` with their classification,
 * so the worker never takes them and nothing is ever posted about them. Slack ts values are compared as
 * text: they all have ten digits before the point (until the year 2286), so text order is time order.
 */
import { and, asc, eq, gte, inArray, isNull } from "../orm.js";
import { first, type Store } from "../store.js";
import { type NewClassification, saveClassification } from "./classifications.js";

/** What is stored already of a channel's messages since `oldestTs` (Slack ts): ts → origin. */
export function storedSince(
  s: Store,
  channelId: string,
  oldestTs: string,
): Promise<Map<string, "live" | "backfill">> {
  return s.query(async ({ db, t }) => {
    const m = t.messages;
    const rows = await db
      .select({ ts: m.ts, origin: m.origin })
      .from(m)
      .where(and(eq(m.channelId, channelId), gte(m.ts, oldestTs)));
    return new Map(rows.map((r) => [r.ts, r.origin]));
  });
}

export interface BackfilledMessage {
  teamId: string;
  channelId: string;
  ts: string;
  userId: string;
  text: string;
  permalink: string | null;
}

/**
 * Stores a history message and its classification in one transaction; the message's id, or null when it
 * was stored meanwhile (a second run at the same time, or the live bot). Received = when it was posted,
 * so retention treats it by its age.
 */
export function storeBackfilled(
  s: Store,
  message: BackfilledMessage,
  classification: Omit<NewClassification, "messageId">,
): Promise<number | null> {
  return s.tx(async (q) => {
    const { db, t } = q;
    const posted = Math.round(Number(message.ts) * 1000);
    const id = first(
      await db
        .insert(t.messages)
        .values({
          ...message,
          eventId: null,
          origin: "backfill",
          status: "done",
          receivedAt: posted,
          updatedAt: Date.now(),
        })
        .onConflictDoNothing()
        .returning({ id: t.messages.id }),
    )?.id;
    if (id === undefined) return null;
    await saveClassification(q, { ...classification, messageId: id });
    return id;
  });
}

export interface BackfilledRow {
  /** The message's id in the inbox: what a labels file refers to. */
  id: number;
  ts: string;
  permalink: string | null;
  text: string;
  topCategory: string | null;
  topProb: number;
  other: number;
}

/** A channel's backfilled messages since `oldestTs`, oldest first, with their scores. */
export function backfilledRows(s: Store, channelId: string, oldestTs: string): Promise<BackfilledRow[]> {
  return s.query(({ db, t }) => {
    const { messages: m, classifications: c } = t;
    return db
      .select({
        id: m.id,
        ts: m.ts,
        permalink: m.permalink,
        text: m.text,
        topCategory: c.topCategory,
        topProb: c.topProb,
        other: c.other,
      })
      .from(m)
      .innerJoin(c, eq(c.messageId, m.id))
      .where(and(eq(m.origin, "backfill"), eq(m.channelId, channelId), gte(m.ts, oldestTs)))
      .orderBy(asc(m.ts));
  });
}

/** Bound parameters per statement stay far below SQLite's and Postgres's limits. */
const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Of these message ids, the backfilled ones: message id → its classification's id. */
export function backfilledClassifications(
  s: Store,
  messageIds: readonly number[],
): Promise<Map<number, number>> {
  return s.query(async ({ db, t }) => {
    const { messages: m, classifications: c } = t;
    const found = new Map<number, number>();
    for (const ids of chunks([...new Set(messageIds)])) {
      const rows = await db
        .select({ messageId: m.id, classificationId: c.id })
        .from(m)
        .innerJoin(c, eq(c.messageId, m.id))
        .where(and(inArray(m.id, ids), eq(m.origin, "backfill")));
      for (const r of rows) found.set(r.messageId, r.classificationId);
    }
    return found;
  });
}

/** Backfilled messages classified under a prompt: how many, which carry a label, which still wait for one. */
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
