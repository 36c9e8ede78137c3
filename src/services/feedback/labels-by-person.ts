/**
 * Who taught the bot what: the tally a retune report shows (per source and per person), one person's
 * labels counted before an admin takes them back, and the taking back (`/triage labels forget`).
 */
import {
  forgetLabelsBy,
  labelRowsUnder,
  labelsBy,
  type PersonLabels,
  type TallyRow,
} from "../../store/queries/labels-by-person.js";
import type { Store } from "../../store/store.js";

export type { PersonLabels };

export interface LabelTally {
  /** One person's current label on one message counts once (their latest that is not taken back). */
  total: number;
  people: number;
  bySource: Record<string, number>;
  /** The people with the most labels, most first (ties: by user ID). */
  top: { userId: string; labels: number }[];
}

/** Labels on classifications made under `promptFingerprint`, the ones a retune reads. */
export async function labelTally(store: Store, promptFingerprint: string, topN = 5): Promise<LabelTally> {
  const latest = new Map<string, TallyRow>();
  for (const r of await labelRowsUnder(store, promptFingerprint)) {
    const key = `${r.classificationId}:${r.userId}`;
    const prev = latest.get(key);
    if (!prev || r.createdAt > prev.createdAt || (r.createdAt === prev.createdAt && r.id > prev.id)) {
      latest.set(key, r);
    }
  }
  const bySource: Record<string, number> = {};
  const perPerson = new Map<string, number>();
  for (const r of latest.values()) {
    bySource[r.source] = (bySource[r.source] ?? 0) + 1;
    perPerson.set(r.userId, (perPerson.get(r.userId) ?? 0) + 1);
  }
  const ranked = [...perPerson]
    .map(([userId, labels]) => ({ userId, labels }))
    .sort((a, b) => b.labels - a.labels || (a.userId < b.userId ? -1 : 1));
  return { total: latest.size, people: perPerson.size, bySource, top: ranked.slice(0, topN) };
}

/** Every label `userId` gave that still counts, under any prompt. */
export function labelsOf(store: Store, userId: string): Promise<PersonLabels> {
  return labelsBy(store, userId);
}

/** Takes back every label `userId` gave (the rows stay, marked taken back); returns how many. */
export function forgetLabels(store: Store, userId: string, at: number): Promise<number> {
  return forgetLabelsBy(store, userId, at);
}
