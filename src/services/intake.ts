/**
 * What Slack hands the bot — a message, a reaction, a click — stored before Slack gets its answer, so a
 * crash after the answer loses nothing. A redelivery hits the unique keys and stores nothing (null).
 */
import { TriageError } from "../errors.js";
import { classificationOf } from "../store/queries/classifications.js";
import { insertEvent } from "../store/queries/events.js";
import { insertInboxMessage, type NewInboxMessage } from "../store/queries/inbox.js";
import type { Store } from "../store/store.js";
import type { PickPayload } from "./feedback/event-worker.js";

/** The database could not store it: Slack must get an error so it delivers the event again. */
export class IntakeError extends TriageError {
  override name = "IntakeError";
}

async function storing<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw new IntakeError(`could not store ${what}: ${(err as Error).message}`);
  }
}

/** A support-channel message into the inbox; its row id, or null when it is already there. */
export function queueMessage(store: Store, message: NewInboxMessage): Promise<number | null> {
  return storing(`message ${message.channelId}/${message.ts}`, () => insertInboxMessage(store, message));
}

export interface ReactionEvent {
  eventId: string;
  kind: "reaction_added" | "reaction_removed";
  userId: string;
  reaction: string;
  channelId: string;
  ts: string;
}

/** A reaction, for the event worker to apply; its row id, or null on a redelivery. */
export function storeReaction(store: Store, e: ReactionEvent): Promise<number | null> {
  const { eventId, kind, ...payload } = e;
  return storing(`reaction :${e.reaction}: on ${e.channelId}/${e.ts} by ${e.userId}`, () =>
    insertEvent(store, { eventId, kind, payload }),
  );
}

export interface Pick {
  eventId: string;
  messageId: number;
  label: string;
  userId: string;
  responseUrl?: string;
}

/**
 * A click that labels a message, for the event worker to apply. On a review card it answers the card: a
 * review label, or an audit label when the card was an audit draw. From App Home's Labelling section it is
 * a label on history (source import), and the tab is published again once it is applied.
 */
export async function storePick(
  store: Store,
  pick: Pick,
  from: "review_card" | "labelling",
): Promise<number | null> {
  const { eventId, ...rest } = pick;
  let payload: PickPayload;
  if (from === "labelling") {
    payload = { ...rest, source: "import", refreshHome: true };
  } else {
    const audit = (await classificationOf(store, pick.messageId))?.audit ?? false;
    payload = { ...rest, source: audit ? "audit" : "review" };
  }
  return storing(`a pick on message ${pick.messageId} by ${pick.userId}`, () =>
    insertEvent(store, { eventId, kind: "review_pick", payload: { ...payload } }),
  );
}
