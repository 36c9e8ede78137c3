/**
 * The fallback procedure (Wiens 2003), a weighted fixed-sequence test: thresholds are tested strictest
 * first; each carries a share of δ, and one that passes hands its level on to the next. A failure does
 * not end the walk — the next threshold is tested at its own share — so a start where a few confidently
 * wrong messages sit costs that start's share, not everything. Every passed threshold holds together with
 * probability ≥ 1 − δ, whatever the dependence between the tests, as long as the shares were fixed before
 * the labels were read. With all of δ on the first threshold it is the plain fixed-sequence walk.
 */

export interface FallbackStep<T> {
  index: number;
  level: number;
  outcome: T;
}

export interface FallbackResult<T> {
  /** The last index that passed, with its outcome; null = none passed. */
  best: FallbackStep<T> | null;
  /** The first failure after `best` (or the first failure of all when nothing passed). */
  stoppedAt: FallbackStep<T> | null;
  tested: number;
}

export function fallbackWalk<T extends { certified: boolean }>(
  weights: readonly number[],
  delta: number,
  test: (index: number, level: number) => T,
): FallbackResult<T> {
  let level = 0;
  let passed = false;
  let best: FallbackStep<T> | null = null;
  let stoppedAt: FallbackStep<T> | null = null;
  let tested = 0;
  weights.forEach((w, index) => {
    level = delta * w + (passed ? level : 0);
    if (level <= 0) {
      passed = false;
      return;
    }
    tested++;
    const outcome = test(index, level);
    passed = outcome.certified;
    if (passed) {
      best = { index, level, outcome };
      stoppedAt = null;
    } else if (stoppedAt === null) stoppedAt = { index, level, outcome };
  });
  return { best, stoppedAt, tested };
}
