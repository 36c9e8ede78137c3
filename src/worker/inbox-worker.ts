/**
 * Works the inbox with bounded concurrency: every `pending` row is classified (once) and given the Slack
 * effects it needs, then marked done. Listeners call `wake()` after writing a row; `start()` resumes what
 * a previous run left unfinished; `stop()` lets in-flight rows finish, or leaves them pending (resumable).
 */
import { latestClassification } from "../db/queries/classifications.js";
import { getMessage, markDone, markFailed, pendingMessageIds } from "../db/queries/inbox.js";
import { Aborted, type ClassifyDeps, classifyAndStore } from "./classify-message.js";
import { type EffectDeps, runEffects } from "./run-effects.js";

export type WorkerDeps = ClassifyDeps & EffectDeps & { concurrency: number };

export interface InboxWorker {
  start(): void;
  /** Something may be pending: look again (cheap; calls coalesce). */
  wake(): void;
  /** Resolves once nothing is pending or in flight. */
  idle(): Promise<void>;
  /** Takes no new rows; waits up to `graceMs` for in-flight ones, then aborts their LLM calls. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_ROUNDS = 5;

export function createInboxWorker(deps: WorkerDeps): InboxWorker {
  const { db, logger } = deps;
  const inFlight = new Map<number, Promise<void>>();
  const abort = new AbortController();
  let running = false;
  let scheduled = false;
  let idleWaiters: (() => void)[] = [];

  async function processOne(id: number): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const message = getMessage(db, id);
      if (message?.status !== "pending") return;
      if (!latestClassification(db, id)) await classifyAndStore(deps, message, abort.signal);
      await runEffects(deps, id);
      if (markDone(db, id, message.revision)) return;
    }
  }

  function launch(id: number): void {
    const task = processOne(id)
      .catch((err: unknown) => {
        if (err instanceof Aborted) return;
        const reason = (err as Error)?.message ?? String(err);
        logger.error(`message ${id}: failed: ${reason}`);
        markFailed(db, id, reason);
      })
      .finally(() => {
        inFlight.delete(id);
        schedule();
      });
    inFlight.set(id, task);
  }

  function pump(): void {
    scheduled = false;
    if (!running) return;
    const pending = pendingMessageIds(db).filter((id) => !inFlight.has(id));
    for (const id of pending) {
      if (inFlight.size >= deps.concurrency) break;
      launch(id);
    }
    if (inFlight.size === 0 && pending.length === 0) {
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
      const pending = pendingMessageIds(db).length;
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
      const all = () => Promise.allSettled([...inFlight.values()]);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), graceMs);
      });
      const outcome = await Promise.race([all(), timedOut]);
      clearTimeout(timer);
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
