/** A reaction → maybe a label (and a re-route); the worker posts whatever follows. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { onReactionAdded } from "../../feedback/on-reaction.js";
import type { ListenerDeps } from "../deps.js";

export function reactionAdded(deps: ListenerDeps) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<"reaction_added"> & AllMiddlewareArgs) => {
    if (event.item.type !== "message") return;
    try {
      const outcome = await onReactionAdded(
        { ...deps, client },
        {
          eventId: body.event_id ?? null,
          userId: event.user,
          reaction: event.reaction,
          channelId: event.item.channel,
          ts: event.item.ts,
        },
      );
      deps.logger.debug(`reaction :${event.reaction}: by ${event.user}: ${JSON.stringify(outcome)}`);
      if (outcome.status === "recorded" && outcome.effect !== "none") deps.wake();
    } catch (err) {
      deps.logger.error(
        `reaction :${event.reaction}: by ${event.user} not stored: ${(err as Error).message}`,
      );
    }
  };
}
