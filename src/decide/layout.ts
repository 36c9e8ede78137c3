/**
 * Which areas share a threshold. Every area can be pooled; an area with plenty of labels may also stand
 * alone, so that its own mistakes do not hold the others back and theirs do not hold it back. Which
 * layout wins can only be told from the labels, so both are certified — the pooled one with most of δ,
 * the split one with OWN_SHARE — and the one that routes more is applied: with probability ≥ 1 − δ every
 * certificate of both holds (Bonferroni), so picking either afterwards keeps its guarantee.
 */
import { labelsNeeded } from "./binomial.js";

export const POOL_ID = "(pooled)";
/** δ share of the layout where big areas have their own threshold (only when some area is big). */
export const OWN_SHARE = 0.1;

export interface GroupSpec {
  id: string;
  pooled: boolean;
  categories: string[];
}

export interface Layout {
  /** Share of δ for the whole layout, split evenly across its groups. */
  share: number;
  groups: GroupSpec[];
}

/** An area may have its own threshold once it has this many labels (expected audits count). */
export function minOwnLabels(alpha: number, delta: number): number {
  return Math.max(30, 4 * labelsNeeded(alpha, delta));
}

/** `labels`: each present area's labels (label-free: census records plus expected audits). */
export function layouts(labels: ReadonlyMap<string, number>, minOwn: number): Layout[] {
  const present = [...labels.keys()];
  if (present.length === 0) return [];
  const big = present.filter((id) => (labels.get(id) ?? 0) >= minOwn);
  const pool = (ids: string[]): GroupSpec[] =>
    ids.length > 0 ? [{ id: POOL_ID, pooled: true, categories: ids }] : [];
  if (big.length === 0 || present.length === 1) return [{ share: 1, groups: pool(present) }];
  const pooled: Layout = { share: 1 - OWN_SHARE, groups: pool(present) };
  const own = big.map((id) => ({ id, pooled: false, categories: [id] }));
  return [pooled, { share: OWN_SHARE, groups: [...own, ...pool(present.filter((id) => !big.includes(id)))] }];
}
