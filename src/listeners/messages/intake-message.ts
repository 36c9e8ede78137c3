/**
 * A message event → an inbox row, written before Slack gets its answer (the receiver answers only after
 * this returns). Retries and duplicate deliveries hit the unique keys and change nothing.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { queueMessage } from "../../services/intake.js";
import { filterMessage, type MessageEventLike, ownChannels } from "../../slack/message-filter.js";
import type { ListenerDeps } from "../deps.js";

export function intakeMessage(deps: ListenerDeps) {
  const own = ownChannels(deps.config);
  return async ({ event, body, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs) => {
    const result = filterMessage(event as MessageEventLike, {
      supportChannels: deps.config.support_channels,
      ownChannels: own,
      botUserId: deps.botUserId ?? context.botUserId,
    });
    if (!result.accept) {
      deps.logger.debug(`message ${(event as MessageEventLike).ts ?? "?"} skipped: ${result.reason}`);
      return;
    }
    const { message } = result;
    // A database error throws IntakeError: Slack gets a 500 and delivers the event again.
    const id = await queueMessage(deps.store, {
      teamId: body.team_id ?? context.teamId ?? "unknown",
      channelId: message.channelId,
      ts: message.ts,
      userId: message.userId,
      text: message.text,
      eventId: body.event_id ?? null,
    });
    if (id === null) {
      deps.logger.debug(
        `message ${message.channelId}/${message.ts} already in the inbox (retry ${context.retryNum ?? 0})`,
      );
      return;
    }
    deps.logger.info(`message ${id} queued from ${message.channelId}/${message.ts}`);
    deps.wake();
  };
}
