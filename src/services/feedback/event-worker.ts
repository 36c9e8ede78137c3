/**
 * Works people's stored events — reactions and review-card clicks — after Slack has its answer: the
 * replica that stored one works it at once; any replica picks up one left behind (a crash, a failure) a
 * few seconds later. A failure (Slack, the database) is retried with backoff, then left `failed` with a log
 * line. Each event is applied once (see db/queries/events.ts).
 */
import type { TriageConfig } from "../../config.js";
import type { Logger } from "../../logger.js";
import type { BotMetrics } from "../../ops/metrics.js";
import {
  dueEvents,
  type EventRow,
  eventFailed,
  getEvent,
  pendingEventCount,
  takeEvent,
} from "../../store/queries/events.js";
import { getMessage } from "../../store/queries/inbox.js";
import type { Store } from "../../store/store.js";
import { settlesWithin } from "../background.js";
import { applyHumanLabel } from "./apply-label.js";
import { applyReaction, type MayLabel, type ReactionOutcome } from "./on-reaction.js";

export interface EventWorkerDeps {
  store: Store;
  config: TriageConfig;
  logger: Logger;
  mayLabel: MayLabel;
  /** Tell the inbox worker a message changed (a label re-routes it or decides its card). */
  wake: () => void;
  /** Tell a person who clicked why their click changed nothing. */
  reply: (responseUrl: string, text: string) => Promise<void>;
  /** Publish a person's App Home again. */
  refreshHome?: (userId: string) => Promise<void>;
  metrics?: Pick<BotMetrics, "labelStored">;
  /** Wait before the 2nd try; each later wait is 4× the one before (tests shorten it). */
  retryBaseMs?: number;
}

export interface EventWorker {
  /** Work a just-stored event now (not awaited by the caller). */
  handle(id: number): void;
  start(): void;
  /** Resolves once no event is pending or being worked. */
  idle(): Promise<void>;
  stop(graceMs: number): Promise<void>;
}

const ATTEMPTS = 5;
const SWEEP_MS = 5_000;
/** An event younger than this is left to the replica that stored it. */
const OWNER_TURN_MS = 10_000;

export interface PickPayload {
  messageId: number;
  label: string;
  userId: string;
  source: "review" | "audit" | "import";
  responseUrl?: string;
  /** A pick from App Home's Labelling section: publish the tab again (the next message) once applied. */
  refreshHome?: boolean;
}

export function createEventWorker(deps: EventWorkerDeps): EventWorker {
  const { store, logger } = deps;
  const inFlight = new Map<number, Promise<void>>();
  const retryBaseMs = deps.retryBaseMs ?? 2_000;
  let sweeper: NodeJS.Timeout | undefined;
  let running = true;

  async function apply(event: EventRow): Promise<ReactionOutcome> {
    if (event.kind === "review_pick") {
      const pick = event.payload as unknown as PickPayload;
      // A click by someone who may not label changes nothing, and they are told why.
      const message = await getMessage(store, pick.messageId);
      const refused = message ? await deps.mayLabel(pick.userId, message) : null;
      if (refused) {
        if (!(await takeEvent(store, event.id))) return { status: "ignored", reason: "already applied" };
        if (pick.responseUrl) {
          await deps.reply(
            pick.responseUrl,
            `:no_entry: Your choice was not recorded: you are ${refused}. Nothing changed.`,
          );
        }
        return { status: "ignored", reason: `${pick.userId} is ${refused}` };
      }
      const outcome = await store.tx(async (db): Promise<ReactionOutcome> => {
        if (!(await takeEvent(db, event.id))) return { status: "ignored", reason: "already applied" };
        return applyHumanLabel(db, {
          messageId: pick.messageId,
          userId: pick.userId,
          label: pick.label,
          source: pick.source,
        });
      });
      if (outcome.status === "ignored" && pick.responseUrl && outcome.reason !== "already applied") {
        await deps.reply(pick.responseUrl, `Not recorded: ${outcome.reason}.`);
      }
      if (pick.refreshHome) await deps.refreshHome?.(pick.userId);
      return outcome;
    }
    const reaction = event.payload as unknown as Parameters<typeof applyReaction>[3];
    return applyReaction(deps, event.id, event.kind === "reaction_added" ? "added" : "removed", reaction);
  }

  async function work(id: number): Promise<void> {
    const event = await getEvent(store, id);
    if (event?.status !== "pending") return;
    try {
      const outcome = await apply(event);
      logger.debug(`event ${event.eventId} (${event.kind}): ${JSON.stringify(outcome)}`);
      if (outcome.status === "recorded") {
        deps.metrics?.labelStored(outcome.source);
        if (outcome.effect !== "none") deps.wake();
      }
    } catch (err) {
      const attempts = event.attempts + 1;
      const reason = (err as Error)?.message ?? String(err);
      const retryAt = attempts >= ATTEMPTS ? null : Date.now() + retryBaseMs * 4 ** (attempts - 1);
      await eventFailed(store, id, reason, retryAt).catch(() => undefined);
      if (retryAt === null)
        logger.error(`event ${event.eventId} (${event.kind}) failed ${attempts} times, given up: ${reason}`);
      else
        logger.warn(
          `event ${event.eventId} (${event.kind}) failed (${reason}); trying again in ${retryAt - Date.now()} ms`,
        );
    }
  }

  function handle(id: number): void {
    if (!running || inFlight.has(id)) return;
    const task = work(id)
      .catch((err: Error) => logger.error(`event ${id}: ${err.message}`))
      .finally(() => inFlight.delete(id));
    inFlight.set(id, task);
  }

  async function sweep(arrivedBefore: number): Promise<void> {
    for (const id of await dueEvents(store, Date.now(), arrivedBefore, 100)) handle(id);
  }

  return {
    handle,
    start() {
      // At start, whatever the last run left; then, every few seconds, what any replica left behind.
      sweep(Date.now()).catch((err: Error) => logger.warn(`events: ${err.message}`));
      sweeper = setInterval(() => {
        sweep(Date.now() - OWNER_TURN_MS).catch((err: Error) => logger.warn(`events: ${err.message}`));
      }, SWEEP_MS);
      sweeper.unref();
    },
    async idle() {
      for (;;) {
        await Promise.allSettled([...inFlight.values()]);
        if ((await pendingEventCount(store)) === 0 && inFlight.size === 0) return;
        await sweep(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async stop(graceMs) {
      running = false;
      clearInterval(sweeper);
      await settlesWithin(Promise.allSettled([...inFlight.values()]), graceMs);
    },
  };
}
