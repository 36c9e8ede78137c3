/**
 * Works the inbox: every `pending` row is classified (once) and given the Slack effects it needs, then
 * marked done. Listeners call `wake()` after writing a row; `stop()` lets in-flight rows finish, or gives
 * them back (resumable, by this process or another replica).
 *
 * `concurrency` bounds the rows still being decided (waiting on the LLM), not the rows waiting to be
 * posted: in a burst every message is decided as fast as the LLM allows, each team channel gets its posts at
 * its own pace, and the thread notes follow at the support channel's pace (the pacer spaces each channel).
 *
 * Several replicas may share one database: a row is worked on only under a lease (Store.claimDue), kept
 * alive by a heartbeat while the row is in flight. A replica that dies loses its leases when they run out
 * (at once, for a dead process on this host). A round that fails (Slack down, the database locked or full)
 * is tried again with backoff — also after a restart, since the schedule is in the row — and only after
 * `roundRetry.attempts` rounds is it left `failed`, with a log line, and counted in `/triage stats`.
 */
import { setMaxListeners } from "node:events";
import { hostname } from "node:os";
import { classificationOf } from "../../store/queries/classifications.js";
import {
  getMessage,
  leaseOwners,
  markDone,
  markFailed,
  nextDueAt,
  pendingCount,
  releaseLease,
  releaseLeases,
  renewLease,
  renewLeases,
  scheduleRetry,
} from "../../store/queries/inbox.js";
import type { Store } from "../../store/store.js";
import { settlesWithin } from "../background.js";
import { Aborted, type Answer, type ClassifyDeps, classifyAndStore } from "./classify-message.js";
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
    /** How long a claimed row stays this replica's without a heartbeat (default 60 s). */
    leaseMs?: number;
    /** Called once per message finished, with where its time went. */
    onTimings?: (t: MessageTimings) => void;
  };

export interface InboxWorker {
  /** Who this replica is in the inbox's leases: host:pid:random. */
  readonly owner: string;
  start(): void;
  /** Something may be pending: look again (cheap; calls coalesce). */
  wake(): void;
  /** Resolves once nothing is pending (due or waiting to retry) or in flight. */
  idle(): Promise<void>;
  /** When the worker last looked at the inbox (epoch ms); readiness uses it. */
  lastPumpAt(): number;
  /**
   * Takes no new rows; waits up to `graceMs` for in-flight ones, then aborts their LLM calls and gives
   * every unfinished row back to the inbox (a Slack call still hanging is not waited for: its post, if
   * Slack made it, is found by the next round's look-up).
   */
  stop(graceMs?: number): Promise<void>;
}

const MAX_ROUNDS = 5;
/** Rows decided and waiting for their posts cost only memory; this keeps a runaway burst bounded. */
const MAX_IN_FLIGHT = 1_000;
/** How long to leave the inbox alone when the database itself cannot be read or written. */
const DB_TROUBLE_PAUSE_MS = 1_000;
/** With nothing to wake it, the worker still looks this often (another replica's work may be due). */
const IDLE_LOOK_MS = 5_000;
/** After the grace period, how long aborted work may take to wind down before its rows are given back. */
const ABORT_SETTLE_MS = 500;

/** The row is no longer this replica's (its lease ran out and another replica took it). */
class LeaseLost extends Error {
  override name = "LeaseLost";
}

/** Whether a lease owner (host:pid:…) is a process on this host that no longer runs. */
function deadHere(owner: string): boolean {
  const [host, pid] = owner.split(":");
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Rows leased by a stopped process on this host are free at once, instead of when their lease runs out. */
async function releaseDeadOwners(store: Store): Promise<number> {
  let released = 0;
  for (const owner of await leaseOwners(store)) {
    if (deadHere(owner)) released += await releaseLeases(store, owner);
  }
  return released;
}

export function createInboxWorker(deps: WorkerDeps): InboxWorker {
  const { store, logger } = deps;
  const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const leaseMs = deps.leaseMs ?? 60_000;
  const inFlight = new Map<number, Promise<void>>();
  /** In-flight rows not decided yet: the ones that hold an LLM slot. */
  const deciding = new Set<number>();
  const answers = new Map<number, Answer>();
  /** Rows whose failure could not even be recorded (the DB refused): skipped in memory until `until`. */
  const cooling = new Map<number, { until: number; failures: number }>();
  const abort = new AbortController();
  // Each in-flight message listens on this one signal at most twice (its LLM call or its retry wait);
  // Node's default limit of 10 would call that a leak from concurrency 6 up.
  setMaxListeners(2 * deps.concurrency + 10, abort.signal);
  let running = false;
  let scheduled = false;
  let pumping = false;
  let again = false;
  let lastPump = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let lookout: NodeJS.Timeout | undefined;
  let idleWaiters: (() => void)[] = [];
  /** When each in-flight row's lease was last taken or renewed. */
  const leasedAt = new Map<number, number>();

  /**
   * Renews the lease before a Slack effect. A lease taken or renewed less than a quarter of its length ago
   * cannot have run out, so no other replica can hold the row: the check is skipped (one round trip less
   * per effect on the hot path).
   */
  async function keepLease(id: number): Promise<void> {
    const now = Date.now();
    if (now - (leasedAt.get(id) ?? 0) < leaseMs / 4) return;
    if (!(await renewLease(store, id, owner, now + leaseMs))) throw new LeaseLost(`message ${id}`);
    leasedAt.set(id, now);
  }

  /** Works one claimed row; false when it ended without finishing it (the row is given back). */
  async function processOne(id: number): Promise<boolean> {
    const started = performance.now();
    const times = callTimes();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const message = await getMessage(store, id);
      if (message?.status !== "pending" || message.leaseOwner !== owner) return true;
      let classification = await classificationOf(store, id);
      if (!classification) {
        await classifyAndStore(deps, message, abort.signal, answers, times);
        classification = await classificationOf(store, id);
        // Storing a routing decision routed the message (saveClassification): the row says so now.
        if (classification?.decision === "route" && classification.topCategory) {
          message.routedCategory = classification.topCategory;
        }
      }
      if (deciding.delete(id)) schedule();
      if (!classification) throw new Error(`message ${id}: its classification was not stored`);
      await runEffects(deps, message, classification, times, () => keepLease(id));
      if (await markDone(store, id, message.revision)) {
        const t = summarize(id, started, times);
        const what =
          classification.decision === "route" ? `routed to ${classification.topCategory}` : "sent to review";
        logger.info(`message ${id}: ${what} ${describeTimings(t)}`);
        deps.onTimings?.(t);
        return true;
      }
    }
    return false;
  }

  async function onFailure(id: number, err: unknown, earlier: number): Promise<void> {
    const reason = (err as Error)?.message ?? String(err);
    const { attempts, baseDelayMs } = deps.roundRetry;
    const delay = (n: number) => baseDelayMs * 4 ** (n - 1);
    let failures = earlier + 1;
    try {
      failures = Math.max(failures, ((await getMessage(store, id))?.failures ?? 0) + 1);
      if (failures >= attempts) {
        await markFailed(store, id, reason);
        logger.error(
          `message ${id}: gave up after ${failures} attempt(s): ${reason}. It stays 'failed' (counted in /triage stats) until someone labels it.`,
        );
        return;
      }
      await scheduleRetry(store, id, reason, Date.now() + delay(failures));
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
    const wasCooling = cooling.get(id);
    cooling.delete(id);
    // A cooling row's lease may be old: the first effect renews it.
    if (!wasCooling) leasedAt.set(id, Date.now());
    const task = processOne(id)
      .then(async (finished) => {
        if (!finished) await releaseLease(store, id, owner);
      })
      .catch(async (err: unknown) => {
        if (err instanceof Aborted) return;
        if (err instanceof LeaseLost) {
          logger.warn(`message ${id}: another replica took it over; leaving it to them`);
          return;
        }
        await onFailure(id, err, wasCooling?.failures ?? 0);
      })
      .finally(() => {
        inFlight.delete(id);
        deciding.delete(id);
        leasedAt.delete(id);
        schedule();
      });
    inFlight.set(id, task);
    deciding.add(id);
  }

  /** Wakes the worker when the earliest waiting row (or cooling row) becomes due. */
  function armTimer(at: number | null): void {
    clearTimeout(timer);
    timer = undefined;
    if (!running) return;
    const wait = at === null ? IDLE_LOOK_MS : Math.min(IDLE_LOOK_MS, Math.max(0, at - Date.now()));
    timer = setTimeout(schedule, wait);
    timer.unref();
  }

  async function pump(): Promise<void> {
    scheduled = false;
    if (!running) return;
    if (pumping) {
      // A wake-up while the inbox is being read: look again once this look is over.
      again = true;
      return;
    }
    pumping = true;
    again = false;
    try {
      const now = Date.now();
      lastPump = now;
      // Rows whose failure could not be recorded are still leased to this replica: due again, they go
      // round without a claim.
      for (const [id, c] of cooling) {
        if (c.until <= now && !inFlight.has(id) && deciding.size < deps.concurrency) launch(id);
      }
      let claimed: number[];
      let waitingUntil: number | null;
      try {
        const free = Math.min(deps.concurrency - deciding.size, MAX_IN_FLIGHT - inFlight.size);
        claimed = free > 0 ? await store.claimDue(owner, { limit: free, leaseMs, now }) : [];
        waitingUntil = await nextDueAt(store, now);
      } catch (err) {
        logger.error(
          `inbox unreadable (${(err as Error).message}); looking again in ${DB_TROUBLE_PAUSE_MS} ms`,
        );
        armTimer(now + DB_TROUBLE_PAUSE_MS);
        return;
      }
      for (const id of claimed) if (!inFlight.has(id)) launch(id);
      const waits = [...cooling.values()].map((c) => c.until).filter((t) => t > now);
      const next = [waitingUntil, ...waits].filter((t): t is number => t !== null);
      armTimer(next.length > 0 ? Math.min(...next) : null);
      if (inFlight.size === 0 && claimed.length === 0 && idleWaiters.length > 0) {
        if ((await pendingCount(store)) === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const w of waiters) w();
        }
      }
    } finally {
      pumping = false;
      if (again) schedule();
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      pump().catch((err: Error) => logger.error(`inbox worker: ${err.message}`));
    });
  }

  return {
    owner,
    start() {
      running = true;
      const takeBack = () =>
        releaseDeadOwners(store)
          .then((n) => {
            if (n === 0) return;
            logger.info(`took back ${n} inbox message(s) left by a stopped process on this host`);
            schedule();
          })
          .catch((err: Error) =>
            logger.warn(`could not look for leases of stopped processes: ${err.message}`),
          );
      takeBack().finally(schedule);
      lookout = setInterval(takeBack, IDLE_LOOK_MS);
      lookout.unref();
      pendingCount(store)
        .then((n) => {
          if (n > 0) logger.info(`${n} unfinished inbox message(s) to resume`);
        })
        .catch(() => undefined);
      heartbeat = setInterval(() => {
        renewLeases(store, owner, Date.now() + leaseMs).catch((err: Error) =>
          logger.warn(`could not renew inbox leases: ${err.message}`),
        );
      }, leaseMs / 3);
      heartbeat.unref();
    },
    wake: schedule,
    lastPumpAt: () => lastPump,
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        schedule();
      });
    },
    async stop(graceMs = 10_000) {
      running = false;
      armTimer(null);
      clearInterval(heartbeat);
      clearInterval(lookout);
      const all = Promise.allSettled([...inFlight.values()]);
      if (!(await settlesWithin(all, graceMs))) {
        logger.warn(`stopping: ${inFlight.size} message(s) still in flight; left pending for the next start`);
        abort.abort();
        await settlesWithin(all, ABORT_SETTLE_MS);
      }
      await releaseLeases(store, owner).catch((err: Error) =>
        logger.warn(`could not give back inbox leases: ${err.message}`),
      );
      for (const w of idleWaiters) w();
      idleWaiters = [];
    },
  };
}
