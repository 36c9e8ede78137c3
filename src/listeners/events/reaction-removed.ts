/** A removed label emoji takes that person's label back. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { onReactionRemoved } from "../../feedback/on-reaction.js";
import type { ListenerDeps } from "../deps.js";

export function reactionRemoved(deps: ListenerDeps) {
  return async ({
    event,
    body,
    client,
  }: SlackEventMiddlewareArgs<"reaction_removed"> & AllMiddlewareArgs) => {
    if (event.item.type !== "message") return;
    try {
      const outcome = await onReactionRemoved(
        { ...deps, client },
        {
          eventId: body.event_id ?? null,
          userId: event.user,
          reaction: event.reaction,
          channelId: event.item.channel,
          ts: event.item.ts,
        },
      );
      deps.logger.debug(`reaction :${event.reaction}: removed by ${event.user}: ${JSON.stringify(outcome)}`);
    } catch (err) {
      deps.logger.error(
        `reaction :${event.reaction}: removal by ${event.user} not stored: ${(err as Error).message}`,
      );
    }
  };
}
