/**
 * Slack effects (posts, thread notes, cards, card updates). Each is claimed under a unique key before the
 * API call and completed with the posted ts after it, so a restart never repeats one; a claim left pending
 * is looked for in Slack (by the key in the post's metadata) before it is made again.
 */

import type { Db } from "../open.js";
import { and, eq, ne, sql } from "../orm.js";
import { slackPosts } from "../schema.js";
import { param, prepared } from "./prepared.js";

export type EffectRow = typeof slackPosts.$inferSelect;
export type EffectKind = EffectRow["kind"];

export interface EffectClaim {
  messageId: number;
  kind: EffectKind;
  effectKey: string;
  channelId: string;
  category?: string | null;
}

/** True when this call took the claim; false when the effect was already claimed (done or in flight). */
export function claimEffect(db: Db, claim: EffectClaim): boolean {
  const query = prepared(db, "claimEffect", () =>
    db
      .insert(slackPosts)
      .values({
        messageId: sql.placeholder("messageId"),
        kind: sql.placeholder("kind"),
        effectKey: sql.placeholder("effectKey"),
        channelId: sql.placeholder("channelId"),
        category: sql.placeholder("category"),
        createdAt: sql.placeholder("now"),
        updatedAt: sql.placeholder("now"),
      })
      .onConflictDoNothing()
      .returning({ id: slackPosts.id })
      .prepare(),
  );
  return query.get({ ...claim, category: claim.category ?? null, now: Date.now() }) !== undefined;
}

export function completeEffect(db: Db, effectKey: string, ts: string | null, channelId?: string): void {
  if (channelId) {
    db.update(slackPosts)
      .set({ status: "done", ts, channelId, updatedAt: Date.now() })
      .where(eq(slackPosts.effectKey, effectKey))
      .run();
    return;
  }
  const query = prepared(db, "completeEffect", () =>
    db
      .update(slackPosts)
      .set({ status: "done", ts: param("ts"), updatedAt: param("now") })
      .where(eq(slackPosts.effectKey, sql.placeholder("effectKey")))
      .prepare(),
  );
  query.run({ effectKey, ts, now: Date.now() });
}

/** An in-doubt claim that recovery did not find in Slack: claim it again, from now, before the new call. */
export function reclaimEffect(db: Db, effectKey: string): void {
  db.update(slackPosts)
    .set({ updatedAt: Date.now() })
    .where(and(eq(slackPosts.effectKey, effectKey), eq(slackPosts.status, "pending")))
    .run();
}

export function findEffect(db: Db, effectKey: string): EffectRow | null {
  return db.select().from(slackPosts).where(eq(slackPosts.effectKey, effectKey)).get() ?? null;
}

/** Slack said no (ok: false), so nothing was posted: free the key for a later attempt. */
export function releaseEffect(db: Db, effectKey: string): void {
  db.delete(slackPosts)
    .where(and(eq(slackPosts.effectKey, effectKey), eq(slackPosts.status, "pending")))
    .run();
}

export function effectsFor(db: Db, messageId: number): EffectRow[] {
  const query = prepared(db, "effectsFor", () =>
    db
      .select()
      .from(slackPosts)
      .where(eq(slackPosts.messageId, sql.placeholder("messageId")))
      .prepare(),
  );
  return query.all({ messageId });
}

/**
 * Which message one of our posts is about (a reaction on a route post, thread note or card). A review
 * reminder lists several messages, so it is about none of them.
 */
export function findPostByTs(db: Db, channelId: string, ts: string): EffectRow | null {
  return (
    db
      .select()
      .from(slackPosts)
      .where(and(eq(slackPosts.channelId, channelId), eq(slackPosts.ts, ts), ne(slackPosts.kind, "nudge")))
      .get() ?? null
  );
}
