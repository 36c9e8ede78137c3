/**
 * Slack effects (posts, thread notes, cards, card updates). Each is claimed under a unique key before the
 * API call and completed with the posted ts after it, so a restart never repeats one; a claim left pending
 * is looked for in Slack (by the key in the post's metadata) before it is made again.
 */
import { and, eq, ne } from "../orm.js";
import type { slackPosts } from "../schema.js";
import { first, type Store } from "../store.js";

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
export function claimEffect(s: Store, claim: EffectClaim): Promise<boolean> {
  return s.query(async ({ db, t }) => {
    const now = Date.now();
    const rows = await db
      .insert(t.slackPosts)
      .values({ ...claim, category: claim.category ?? null, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: t.slackPosts.id });
    return rows.length === 1;
  });
}

export function completeEffect(s: Store, effectKey: string, ts: string | null): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.slackPosts)
      .set({ status: "done", ts, updatedAt: Date.now() })
      .where(eq(t.slackPosts.effectKey, effectKey));
  });
}

/** An in-doubt claim that recovery did not find in Slack: claim it again, from now, before the new call. */
export function reclaimEffect(s: Store, effectKey: string): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .update(t.slackPosts)
      .set({ updatedAt: Date.now() })
      .where(and(eq(t.slackPosts.effectKey, effectKey), eq(t.slackPosts.status, "pending")));
  });
}

export function findEffect(s: Store, effectKey: string): Promise<EffectRow | null> {
  return s.query(async ({ db, t }) =>
    first(await db.select().from(t.slackPosts).where(eq(t.slackPosts.effectKey, effectKey)).limit(1)),
  );
}

/** Slack said no (ok: false), so nothing was posted: free the key for a later attempt. */
export function releaseEffect(s: Store, effectKey: string): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db
      .delete(t.slackPosts)
      .where(and(eq(t.slackPosts.effectKey, effectKey), eq(t.slackPosts.status, "pending")));
  });
}

export function effectsFor(s: Store, messageId: number): Promise<EffectRow[]> {
  return s.query(({ db, t }) => db.select().from(t.slackPosts).where(eq(t.slackPosts.messageId, messageId)));
}

/**
 * Which message one of our posts is about (a reaction on a route post, thread note or card). A review
 * reminder lists several messages, so it is about none of them.
 */
export function findPostByTs(s: Store, channelId: string, ts: string): Promise<EffectRow | null> {
  return s.query(async ({ db, t }) =>
    first(
      await db
        .select()
        .from(t.slackPosts)
        .where(
          and(eq(t.slackPosts.channelId, channelId), eq(t.slackPosts.ts, ts), ne(t.slackPosts.kind, "nudge")),
        )
        .limit(1),
    ),
  );
}
