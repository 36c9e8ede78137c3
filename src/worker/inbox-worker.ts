/**
 * Works the inbox with bounded concurrency: every `pending` row is classified (once) and given the Slack
 * effects it needs, then marked done. Listeners call `wake()` after writing a row; `start()` resumes what
 * a previous run left unfinished; `stop()` lets in-flight rows finish, or leaves them pending (resumable).
 * A round that fails (Slack down, the database locked or full) is tried again with backoff — also after a
 * restart, since the schedule is in the row — and only after `roundRetry.attempts` rounds is it left
 * `failed`, with a log line, and counted in `/triage stats`.
 */
import { setMaxListeners } from "node:events";
import { latestClassification } from "../db/queries/classifications.js";
import {
  getMessage,
  markDone,
  markFailed,
  nextRetryAt,
  pendingMessageIds,
  scheduleRetry,
} from "../db/queries/inbox.js";
import { Aborted, type ClassifyDeps, classifyAndStore } from "./classify-message.js";
import { type EffectDeps, runEffects } from "./run-effects.js";
import { callTimes, describeTimings, type MessageTimings, summarize } from "./timings.js";

export interface RoundRetry {
  /** Rounds in all (the first one included) before a message is left `failed`. */
  attempts: number;
  /** Wait before the 2nd round; each later wait is 4× the one before. */
  baseDelayMs: number;
}

export type WorkerDeps = ClassifyDeps &
  EffectDeps & {
    concurrency: number;
    roundRetry: RoundRetry;
    /** Called once per message finished, with where its time went. */
    onTimings?: (t: MessageTimings) => void;
  };

export interface InboxWorker {
  start(): void;
  /** Something may be pending: look again (cheap; calls coalesce). */
  wake(): void;
  /** Resolves once nothing is pending (due or waiting to retry) or in flight. */
  idle(): Promise<void>;
  /** Takes no new rows; waits up to `graceMs` for in-flight ones, then aborts their LLM calls. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_ROUNDS = 5;
/** How long to leave the inbox alone when the database itself cannot be read or written. */
const DB_TROUBLE_PAUSE_MS = 1_000;

export function createInboxWorker(deps: WorkerDeps): InboxWorker {
  const { db, logger } = deps;
  const inFlight = new Map<number, Promise<void>>();
  /** Rows whose failure could not even be recorded (the DB refused): skipped in memory until `until`. */
  const cooling = new Map<number, { until: number; failures: number }>();
  const abort = new AbortController();
  // Each in-flight message listens on this one signal at most twice (its LLM call or its retry wait);
  // Node's default limit of 10 would call that a leak from concurrency 6 up.
  setMaxListeners(2 * deps.concurrency + 10, abort.signal);
  let running = false;
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;
  let idleWaiters: (() => void)[] = [];

  async function processOne(id: number): Promise<void> {
    const started = performance.now();
    const times = callTimes();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const message = getMessage(db, id);
      if (message?.status !== "pending") return;
      if (!latestClassification(db, id)) await classifyAndStore(deps, message, abort.signal, times);
      await runEffects(deps, id, times);
      if (markDone(db, id, message.revision)) {
        const t = summarize(id, started, times);
        const outcome = latestClassification(db, id);
        const what = outcome?.decision === "route" ? `routed to ${outcome.topCategory}` : "sent to review";
        logger.info(`message ${id}: ${what} ${describeTimings(t)}`);
        deps.onTimings?.(t);
        return;
      }
    }
  }

  function onFailure(id: number, err: unknown): void {
    const reason = (err as Error)?.message ?? String(err);
    const { attempts, baseDelayMs } = deps.roundRetry;
    const delay = (n: number) => baseDelayMs * 4 ** (n - 1);
    let failures = (cooling.get(id)?.failures ?? 0) + 1;
    try {
      failures = Math.max(failures, (getMessage(db, id)?.failures ?? 0) + 1);
      if (failures >= attempts) {
        markFailed(db, id, reason);
        logger.error(
          `message ${id}: gave up after ${failures} attempt(s): ${reason}. It stays 'failed' (counted in /triage stats) until someone labels it.`,
        );
        return;
      }
      scheduleRetry(db, id, reason, Date.now() + delay(failures));
      logger.warn(
        `message ${id}: failed (${reason}); attempt ${failures + 1} of ${attempts} in ${delay(failures)} ms`,
      );
    } catch (dbErr) {
      cooling.set(id, { until: Date.now() + delay(failures), failures });
      logger.error(
        `message ${id}: failed (${reason}) and the failure could not be recorded (${(dbErr as Error).message}); it stays pending and is tried again in ${delay(failures)} ms`,
      );
    }
  }

  function launch(id: number): void {
    const task = processOne(id)
      .catch((err: unknown) => {
        if (!(err instanceof Aborted)) onFailure(id, err);
      })
      .finally(() => {
        inFlight.delete(id);
        schedule();
      });
    inFlight.set(id, task);
  }

  /** Wakes the worker when the earliest waiting row (or cooling row) becomes due. */
  function armTimer(at: number | null): void {
    clearTimeout(timer);
    timer = undefined;
    if (at === null || !running) return;
    timer = setTimeout(schedule, Math.max(0, at - Date.now()));
    timer.unref();
  }

  function pump(): void {
    scheduled = false;
    if (!running) return;
    const now = Date.now();
    let due: number[];
    let waitingUntil: number | null;
    try {
      due = pendingMessageIds(db, now);
      waitingUntil = nextRetryAt(db, now);
    } catch (err) {
      logger.error(
        `inbox unreadable (${(err as Error).message}); looking again in ${DB_TROUBLE_PAUSE_MS} ms`,
      );
      armTimer(now + DB_TROUBLE_PAUSE_MS);
      return;
    }
    for (const id of cooling.keys()) if (!due.includes(id)) cooling.delete(id);
    const ready = due.filter((id) => !inFlight.has(id) && (cooling.get(id)?.until ?? 0) <= now);
    for (const id of ready) {
      if (inFlight.size >= deps.concurrency) break;
      launch(id);
    }
    const waits = [...cooling.values()].map((c) => c.until).filter((t) => t > now);
    const coolingUntil = waits.length > 0 ? Math.min(...waits) : null;
    const next = [waitingUntil, coolingUntil].filter((t): t is number => t !== null);
    armTimer(next.length > 0 ? Math.min(...next) : null);
    if (inFlight.size === 0 && due.length === 0 && waitingUntil === null) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  }

  return {
    start() {
      running = true;
      const pending = pendingMessageIds(db, Number.MAX_SAFE_INTEGER).length;
      if (pending > 0) logger.info(`resuming ${pending} unfinished inbox message(s)`);
      schedule();
    },
    wake: schedule,
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        schedule();
      });
    },
    async stop(graceMs = 10_000) {
      running = false;
      armTimer(null);
      const all = () => Promise.allSettled([...inFlight.values()]);
      let graceTimer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        graceTimer = setTimeout(() => resolve("timeout"), graceMs);
      });
      const outcome = await Promise.race([all(), timedOut]);
      clearTimeout(graceTimer);
      if (outcome === "timeout") {
        logger.warn(`stopping: ${inFlight.size} message(s) still in flight; left pending for the next start`);
        abort.abort();
        await all();
      }
      for (const w of idleWaiters) w();
      idleWaiters = [];
    },
  };
}
