/**
 * Labels given by hand on backfilled messages (a labels file, or one click at a time): stored against the
 * message's classification like any label. A person's latest label per message is what counts (labels.ts),
 * so a label equal to that person's current one stores nothing: importing the same file twice changes nothing.
 */
import { and, inArray, isNull } from "../orm.js";
import type { Store } from "../store.js";
import { chunks } from "./backfill.js";
import type { LabelSource } from "./labels.js";

export interface HandLabel {
  messageId: number;
  classificationId: number;
  userId: string;
  /** A category id, or "other". */
  label: string;
}

export interface HandLabelsSaved {
  stored: number;
  /** Already that person's label for that message. */
  unchanged: number;
}

/** Stores the labels in one transaction (several reads and inserts in all, whatever the count). */
export function saveHandLabels(
  s: Store,
  labels: readonly HandLabel[],
  opts: { source?: LabelSource; at?: number } = {},
): Promise<HandLabelsSaved> {
  const at = opts.at ?? Date.now();
  const source = opts.source ?? "import";
  return s.tx(async ({ db, t }) => {
    const f = t.feedback;
    const key = (messageId: number, userId: string) => `${messageId}:${userId}`;
    const current = new Map<string, { label: string; createdAt: number; id: number }>();
    for (const ids of chunks([...new Set(labels.map((l) => l.messageId))])) {
      const rows = await db
        .select({
          id: f.id,
          messageId: f.messageId,
          userId: f.userId,
          label: f.label,
          createdAt: f.createdAt,
        })
        .from(f)
        .where(and(inArray(f.messageId, ids), isNull(f.retractedAt)));
      for (const r of rows) {
        const k = key(r.messageId, r.userId);
        const prev = current.get(k);
        if (!prev || r.createdAt > prev.createdAt || (r.createdAt === prev.createdAt && r.id > prev.id)) {
          current.set(k, r);
        }
      }
    }
    const fresh: (HandLabel & { source: LabelSource; createdAt: number })[] = [];
    for (const l of labels) {
      const k = key(l.messageId, l.userId);
      if (current.get(k)?.label === l.label) continue;
      current.set(k, { label: l.label, createdAt: at, id: Number.POSITIVE_INFINITY });
      fresh.push({ ...l, source, createdAt: at });
    }
    for (const batch of chunks(fresh, 100)) await db.insert(f).values(batch);
    return { stored: fresh.length, unchanged: labels.length - fresh.length };
  });
}
