/**
 * Classifies labelled messages with bounded concurrency. A failed row is reported and skipped. Before
 * anything has succeeded, a permanent endpoint error (bad key, a model without logprobs) or a run of
 * failures as long as the concurrency (at least 3) stops everything: every other row would fail the
 * same way.
 */
import type { Classification, Classifier } from "../classify/types.js";
import type { LabelledMessage } from "../data/labelled.js";
import { ClassifierError } from "../errors.js";

export interface EvalOutcome {
  row: LabelledMessage;
  result: Classification | null;
  error: Error | null;
}

export interface EvalOptions {
  concurrency: number;
  /** Called as each row finishes, in completion order. */
  onOutcome?: (outcome: EvalOutcome, done: number, index: number) => void;
}

export async function evaluateRows(
  rows: readonly LabelledMessage[],
  classifier: Classifier,
  opts: EvalOptions,
): Promise<EvalOutcome[]> {
  const outcomes: EvalOutcome[] = new Array(rows.length);
  const abort = new AbortController();
  // One controller per request: the client leaves listeners on the signal it is given.
  const inFlight = new Set<AbortController>();
  abort.signal.addEventListener("abort", () => {
    for (const c of inFlight) c.abort();
  });
  const giveUpAfter = Math.max(3, opts.concurrency);
  let failedInARow = 0;
  let next = 0;
  let done = 0;
  let succeeded = 0;
  let fatal: Error | null = null;

  async function worker(): Promise<void> {
    while (!abort.signal.aborted && next < rows.length) {
      const index = next++;
      const row = rows[index] as LabelledMessage;
      let outcome: EvalOutcome;
      const request = new AbortController();
      inFlight.add(request);
      try {
        const result = await classifier.classify(row.text, request.signal);
        succeeded++;
        failedInARow = 0;
        outcome = { row, result, error: null };
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
        outcome = { row, result: null, error };
      } finally {
        inFlight.delete(request);
      }
      outcomes[index] = outcome;
      done++;
      opts.onOutcome?.(outcome, done, index);
    }
  }

  const workers = Array.from({ length: Math.max(1, Math.min(opts.concurrency, rows.length)) }, () =>
    worker(),
  );
  await Promise.all(workers);
  if (fatal) throw fatal;
  return outcomes;
}

/** "12/400 classified · 8.1/s · ETA 48s" */
export function progressLine(done: number, total: number, elapsedMs: number, failed: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? Math.ceil((total - done) / rate) : null;
  const eta =
    left === null
      ? "?"
      : left >= 60
        ? `${Math.floor(left / 60)}m${String(left % 60).padStart(2, "0")}s`
        : `${left}s`;
  return `${done}/${total} classified · ${rate.toFixed(1)}/s · ETA ${eta}${failed > 0 ? ` · ${failed} failed` : ""}`;
}
