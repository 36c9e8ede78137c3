/** reaction_added / reaction_removed → a label stored or taken back; the worker posts whatever follows. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { onReactionAdded, onReactionRemoved } from "../../feedback/on-reaction.js";
import type { ListenerDeps } from "../deps.js";

type Args = (SlackEventMiddlewareArgs<"reaction_added"> | SlackEventMiddlewareArgs<"reaction_removed">) &
  AllMiddlewareArgs;

export function reactionChanged(deps: ListenerDeps, name: "reaction_added" | "reaction_removed") {
  const handle = name === "reaction_added" ? onReactionAdded : onReactionRemoved;
  const change = name === "reaction_added" ? "added" : "removed";
  return async ({ event, body, client }: Args) => {
    if (event.item.type !== "message") return;
    const what = `reaction :${event.reaction}: ${change} by ${event.user}`;
    try {
      const outcome = await handle(
        { ...deps, client },
        {
          eventId: body.event_id ?? null,
          userId: event.user,
          reaction: event.reaction,
          channelId: event.item.channel,
          ts: event.item.ts,
        },
      );
      deps.logger.debug(`${what}: ${JSON.stringify(outcome)}`);
      if (outcome.status === "recorded" && outcome.effect !== "none") deps.wake();
    } catch (err) {
      deps.logger.error(`${what} not stored: ${(err as Error).message}`);
    }
  };
}
