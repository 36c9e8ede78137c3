/**
 * Reactions as labels (docs/how-it-works.md, "Labels: reactions and clicks"), worked after Slack has its
 * answer: an added label emoji stores that person's label (and may re-route); a removed one takes back the
 * label given with that emoji on that item. Only reactions on the original message or on our posts about it count, and only by people
 * who may label (`mayLabel`, see labellers.ts); anything else is ignored quietly. A removal is always
 * applied: it can only take back that person's own label. Each stored event is applied once.
 */

import type { TriageConfig } from "../../config.js";
import { normalizeReaction, reactionLabel } from "../../slack/reactions.js";
import { findPostByTs } from "../../store/queries/effects.js";
import { takeEvent } from "../../store/queries/events.js";
import { findMessageByTs, getMessage } from "../../store/queries/inbox.js";
import { retractLabel } from "../../store/queries/labels.js";
import type { Store } from "../../store/store.js";
import { applyHumanLabel, type LabelOutcome } from "./apply-label.js";

/**
 * Whether `userId` may label this message: null = yes, else what they are, worded to follow "is" (logged
 * at debug level). Throws when that cannot be known yet (Slack unreachable): the event is tried again later.
 */
export type MayLabel = (userId: string, message: { userId: string | null }) => Promise<string | null>;

export interface ReactionDeps {
  store: Store;
  config: TriageConfig;
  mayLabel: MayLabel;
}

export interface ReactionEvent {
  userId: string;
  reaction: string;
  channelId: string;
  /** The item reacted on: the original message or one of our posts. */
  ts: string;
}

export type ReactionOutcome = LabelOutcome | { status: "retracted"; count: number };

/** Applies stored event `eventRow` (a reaction added or removed) once. */
export async function applyReaction(
  deps: ReactionDeps,
  eventRow: number,
  change: "added" | "removed",
  ev: ReactionEvent,
): Promise<ReactionOutcome> {
  const ignore = async (reason: string): Promise<ReactionOutcome> => {
    await takeEvent(deps.store, eventRow);
    return { status: "ignored", reason };
  };
  const mapped = reactionLabel(ev.reaction, deps.config.categories);
  if (!mapped) return ignore(`:${ev.reaction}: is not a label`);
  const messageId = await findMessageFor(deps.store, ev.channelId, ev.ts);
  if (messageId === null) return ignore("not a message we triaged nor one of our posts");
  const message = await getMessage(deps.store, messageId);
  if (!message) return ignore("not a message we triaged");
  if (change === "added") {
    const refused = await deps.mayLabel(ev.userId, message);
    if (refused) return ignore(`${ev.userId} is ${refused}`);
  }
  const reaction = normalizeReaction(ev.reaction);
  const reactionItem = `${ev.channelId}:${ev.ts}`;
  return deps.store.tx(async (db): Promise<ReactionOutcome> => {
    if (!(await takeEvent(db, eventRow))) return { status: "ignored", reason: "already applied" };
    if (change === "removed") {
      const count = await retractLabel(db, { messageId, userId: ev.userId, reaction, reactionItem });
      return { status: "retracted", count };
    }
    return applyHumanLabel(db, {
      messageId,
      userId: ev.userId,
      label: mapped.kind === "confirm" ? "confirm" : mapped.label,
      source: "reaction",
      reaction,
      reactionItem,
    });
  });
}

/**
 * Which inbox message a reacted-on item is about: the original message itself, or one of our posts about
 * it (route post, thread note, review card). A person's reply in a thread is about nothing: a ✅ on "done,
 * fixed" is not a label. The database answers; no Slack call.
 */
export async function findMessageFor(store: Store, channelId: string, ts: string): Promise<number | null> {
  const original = await findMessageByTs(store, channelId, ts);
  // History read by a backfill was never triaged: an emoji on it now is not an answer to anything.
  if (original) return original.origin === "live" ? original.id : null;
  return (await findPostByTs(store, channelId, ts))?.messageId ?? null;
}
