/**
 * Which label a message carries when people disagree (pure): each person's latest label counts once, the
 * majority wins, and a tie goes to the most recent label. A label taken back no longer votes.
 */

export interface LabelRow<Source extends string = string> {
  id: number;
  userId: string;
  label: string;
  source: Source;
  createdAt: number;
}

export interface EffectiveLabel<Source extends string = string> {
  label: string;
  userId: string;
  source: Source;
  at: number;
}

/** Latest row per person, then majority across people (ties → most recent). */
export function effectiveLabel<Source extends string>(
  rows: readonly LabelRow<Source>[],
): EffectiveLabel<Source> | null {
  const perUser = new Map<string, LabelRow<Source>>();
  for (const r of rows) {
    const prev = perUser.get(r.userId);
    if (!prev || r.createdAt > prev.createdAt || (r.createdAt === prev.createdAt && r.id > prev.id)) {
      perUser.set(r.userId, r);
    }
  }
  const tally = new Map<string, { votes: number; latest: LabelRow<Source> }>();
  for (const r of perUser.values()) {
    const t = tally.get(r.label);
    if (!t) tally.set(r.label, { votes: 1, latest: r });
    else {
      t.votes += 1;
      if (r.createdAt > t.latest.createdAt || (r.createdAt === t.latest.createdAt && r.id > t.latest.id)) {
        t.latest = r;
      }
    }
  }
  let best: { votes: number; latest: LabelRow<Source> } | null = null;
  for (const t of tally.values()) {
    if (
      !best ||
      t.votes > best.votes ||
      (t.votes === best.votes &&
        (t.latest.createdAt > best.latest.createdAt ||
          (t.latest.createdAt === best.latest.createdAt && t.latest.id > best.latest.id)))
    ) {
      best = t;
    }
  }
  return best
    ? {
        label: best.latest.label,
        userId: best.latest.userId,
        source: best.latest.source,
        at: best.latest.createdAt,
      }
    : null;
}
