/**
 * reaction_added / reaction_removed → a stored event, before Slack is answered (a database error answers
 * 500, and Slack delivers the event again); the event worker applies it afterwards. Emoji that label
 * nothing are not stored at all.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { storeReaction } from "../../services/intake.js";
import { reactionLabel } from "../../slack/reactions.js";
import type { ListenerDeps } from "../deps.js";

type Args = (SlackEventMiddlewareArgs<"reaction_added"> | SlackEventMiddlewareArgs<"reaction_removed">) &
  AllMiddlewareArgs;

export function reactionChanged(deps: ListenerDeps, kind: "reaction_added" | "reaction_removed") {
  return async ({ event, body, context }: Args) => {
    if (event.item.type !== "message") return;
    // Our own reactions (acknowledge: reaction) are not labels.
    if (event.user === (deps.botUserId ?? context.botUserId)) return;
    if (!reactionLabel(event.reaction, deps.config.categories)) return;
    const what = `reaction :${event.reaction}: on ${event.item.channel}/${event.item.ts} by ${event.user}`;
    const id = await storeReaction(deps.store, {
      eventId:
        body.event_id ?? `${kind}:${event.user}:${event.item.channel}:${event.item.ts}:${event.event_ts}`,
      kind,
      userId: event.user,
      reaction: event.reaction,
      channelId: event.item.channel,
      ts: event.item.ts,
    });
    if (id === null) deps.logger.debug(`${what}: already stored (a redelivery)`);
    else deps.events.handle(id);
  };
}
