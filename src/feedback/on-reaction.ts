/**
 * Reactions as labels (README, "Using it in Slack"): an added label emoji stores that person's label (and may re-route);
 * a removed one takes it back. Bots are ignored; Slack retries are recognised by event id.
 */
import type { webApi } from "@slack/bolt";
import type { FileConfig } from "../config.js";
import { retractLabel } from "../db/queries/labels.js";
import { markEventSeen } from "../db/queries/seen-events.js";
import type { Store } from "../db/store.js";
import type { Logger } from "../logger.js";
import { normalizeReaction, reactionLabel } from "../slack/reactions.js";
import { applyHumanLabel, type LabelOutcome } from "./apply-label.js";
import { findMessageFor } from "./find-message.js";

export interface ReactionDeps {
  store: Store;
  client: webApi.WebClient;
  file: FileConfig;
  logger: Logger;
  isBot: (userId: string) => Promise<boolean>;
}

export interface ReactionEvent {
  eventId: string | null;
  userId: string;
  reaction: string;
  channelId: string;
  ts: string;
}

export type ReactionOutcome = LabelOutcome | { status: "retracted"; count: number };

async function seenBefore(store: Store, eventId: string | null): Promise<boolean> {
  return eventId !== null && !(await markEventSeen(store, eventId));
}

async function target(deps: ReactionDeps, ev: ReactionEvent): Promise<number | string> {
  if (await deps.isBot(ev.userId)) return "reaction by a bot";
  return (await findMessageFor(deps, ev.channelId, ev.ts)) ?? "not a message we triaged";
}

export async function onReactionAdded(deps: ReactionDeps, ev: ReactionEvent): Promise<ReactionOutcome> {
  const mapped = reactionLabel(ev.reaction, deps.file.categories);
  if (!mapped) return { status: "ignored", reason: `:${ev.reaction}: is not a label` };
  const messageId = await target(deps, ev);
  if (typeof messageId === "string") return { status: "ignored", reason: messageId };
  return deps.store.tx(async (db): Promise<ReactionOutcome> => {
    if (await seenBefore(db, ev.eventId)) return { status: "ignored", reason: "duplicate delivery" };
    return applyHumanLabel(db, {
      messageId,
      userId: ev.userId,
      label: mapped.kind === "confirm" ? "confirm" : mapped.label,
      source: "reaction",
      reaction: normalizeReaction(ev.reaction),
    });
  });
}

export async function onReactionRemoved(deps: ReactionDeps, ev: ReactionEvent): Promise<ReactionOutcome> {
  if (!reactionLabel(ev.reaction, deps.file.categories)) {
    return { status: "ignored", reason: `:${ev.reaction}: is not a label` };
  }
  const messageId = await target(deps, ev);
  if (typeof messageId === "string") return { status: "ignored", reason: messageId };
  return deps.store.tx(async (db): Promise<ReactionOutcome> => {
    if (await seenBefore(db, ev.eventId)) return { status: "ignored", reason: "duplicate delivery" };
    const count = await retractLabel(db, {
      messageId,
      userId: ev.userId,
      reaction: normalizeReaction(ev.reaction),
    });
    return { status: "retracted", count };
  });
}
