/**
 * Classifies many texts with bounded concurrency (eval's labelled rows, backfill's history). A failed item
 * is reported and skipped. Before anything has succeeded, a permanent endpoint error (bad key, a model
 * without logprobs) or a run of failures as long as the concurrency (at least 3) stops everything: every
 * other item would fail the same way.
 */
import { ClassifierError } from "../errors.js";
import type { Classification, Classifier } from "./types.js";

export interface Outcome<T> {
  item: T;
  result: Classification | null;
  error: Error | null;
}

export interface ClassifyManyOptions<T> {
  concurrency: number;
  /**
   * Called as each item finishes, in completion order, and awaited before that worker takes the next item
   * (so storing each answer counts against the concurrency). A throw stops everything and is rethrown.
   */
  onOutcome?: (outcome: Outcome<T>, done: number, index: number) => unknown;
  /** Aborting stops taking items and cancels the calls in flight; what finished is returned. */
  signal?: AbortSignal;
}

export async function classifyMany<T extends { text: string }>(
  items: readonly T[],
  classifier: Classifier,
  opts: ClassifyManyOptions<T>,
): Promise<Outcome<T>[]> {
  const outcomes: Outcome<T>[] = new Array(items.length);
  const abort = new AbortController();
  // One controller per request: the client leaves listeners on the signal it is given.
  const inFlight = new Set<AbortController>();
  abort.signal.addEventListener("abort", () => {
    for (const c of inFlight) c.abort();
  });
  const stop = () => abort.abort();
  opts.signal?.addEventListener("abort", stop, { once: true });
  if (opts.signal?.aborted) stop();
  const giveUpAfter = Math.max(3, opts.concurrency);
  let failedInARow = 0;
  let next = 0;
  let done = 0;
  let succeeded = 0;
  let fatal: Error | null = null;

  async function worker(): Promise<void> {
    while (!abort.signal.aborted && next < items.length) {
      const index = next++;
      const item = items[index] as T;
      let outcome: Outcome<T>;
      const request = new AbortController();
      inFlight.add(request);
      try {
        const result = await classifier.classify(item.text, request.signal);
        succeeded++;
        failedInARow = 0;
        outcome = { item, result, error: null };
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (abort.signal.aborted) return;
        failedInARow++;
        const permanent = error instanceof ClassifierError && !error.transient;
        if (succeeded === 0 && (permanent || failedInARow >= giveUpAfter)) {
          fatal = permanent
            ? error
            : new ClassifierError(`the first ${failedInARow} rows all failed: ${error.message}`, true);
          abort.abort();
          return;
        }
        outcome = { item, result: null, error };
      } finally {
        inFlight.delete(request);
      }
      outcomes[index] = outcome;
      done++;
      try {
        await opts.onOutcome?.(outcome, done, index);
      } catch (err) {
        fatal ??= err instanceof Error ? err : new Error(String(err));
        abort.abort();
        return;
      }
    }
  }

  const workers = Array.from({ length: Math.max(1, Math.min(opts.concurrency, items.length)) }, () =>
    worker(),
  );
  try {
    await Promise.all(workers);
  } finally {
    opts.signal?.removeEventListener("abort", stop);
  }
  if (fatal) throw fatal;
  return outcomes;
}
