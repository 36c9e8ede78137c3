/** Things said once, across restarts and replicas: whoever claims the key first says it. */
import { eq } from "../orm.js";
import type { Store } from "../store.js";

/** True when this call claimed `key` (nobody had); false when it was already claimed. */
export function claimNotice(s: Store, key: string): Promise<boolean> {
  return s.query(async ({ db, t }) => {
    const rows = await db
      .insert(t.notices)
      .values({ key, at: Date.now() })
      .onConflictDoNothing()
      .returning({ key: t.notices.key });
    return rows.length === 1;
  });
}

/** It could not be said after all: free the key for a later try. */
export function releaseNotice(s: Store, key: string): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db.delete(t.notices).where(eq(t.notices.key, key));
  });
}

export function noticeClaimed(s: Store, key: string): Promise<boolean> {
  return s.query(async ({ db, t }) => {
    const rows = await db
      .select({ key: t.notices.key })
      .from(t.notices)
      .where(eq(t.notices.key, key))
      .limit(1);
    return rows.length === 1;
  });
}
