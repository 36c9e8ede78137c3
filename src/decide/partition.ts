/**
 * Which categories get their own threshold and which share the pooled one. Decided on the tuning split
 * alone (so the certification split stays untouched): own thresholds adapt to each category but split δ
 * and the labels; one pooled threshold keeps them together. Whichever the tuning split says routes
 * more wins; ties go to the pool.
 */
import { certifies } from "./binomial.js";
import { type SortedSample, sortSample } from "./certify.js";

export interface Point {
  score: number;
  wrong: boolean;
}

export interface Split {
  tuning: Point[];
  cert: Point[];
}

export interface Partition {
  own: string[];
  pooled: string[];
}

export function sortPoints(points: readonly Point[]): SortedSample {
  return sortSample(
    points.map((p) => p.score),
    points.map((p) => p.wrong),
  );
}

/**
 * How many certification messages a group would route, judged by certifying on its tuning split
 * itself and scaling to the certification split's size.
 */
export function predictedRouted(
  tuning: SortedSample,
  certSize: number,
  alpha: number,
  delta: number,
): number {
  const n = tuning.scores.length;
  let best = 0;
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && tuning.scores[i + 1] === tuning.scores[i]) continue;
    if (certifies(tuning.cumErrors[i] as number, i + 1, alpha, delta)) best = i + 1;
  }
  return n === 0 ? 0 : (best * certSize) / n;
}

function score(groups: string[][], splits: Map<string, Split>, alpha: number, delta: number): number {
  const each = delta / Math.max(1, groups.length);
  let total = 0;
  for (const ids of groups) {
    const tuning = ids.flatMap((id) => splits.get(id)?.tuning ?? []);
    const cert = ids.reduce((s, id) => s + (splits.get(id)?.cert.length ?? 0), 0);
    total += predictedRouted(sortPoints(tuning), cert, alpha, each);
  }
  return total;
}

export function choosePartition(
  categories: readonly string[],
  splits: Map<string, Split>,
  alpha: number,
  delta: number,
  minOwn: number,
): Partition {
  const present = categories.filter((id) => {
    const s = splits.get(id);
    return s !== undefined && s.tuning.length + s.cert.length > 0;
  });
  const big = present.filter((id) => (splits.get(id)?.cert.length ?? 0) >= minOwn);
  const allPooled: Partition = { own: [], pooled: present };
  if (big.length === 0) return allPooled;
  const mixed: Partition = { own: big, pooled: present.filter((id) => !big.includes(id)) };
  const groups = (p: Partition) => [...p.own.map((id) => [id]), ...(p.pooled.length > 0 ? [p.pooled] : [])];
  const pooledScore = score(groups(allPooled), splits, alpha, delta);
  const mixedScore = score(groups(mixed), splits, alpha, delta);
  return mixedScore > pooledScore ? mixed : allPooled;
}
