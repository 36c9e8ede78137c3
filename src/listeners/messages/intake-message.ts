/**
 * A message event → an inbox row, written before Slack gets its answer (the receiver answers only after
 * this returns). Retries and duplicate deliveries hit the unique keys and change nothing.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { TriageError } from "../../errors.js";
import { filterMessage, type MessageEventLike, ownChannels } from "../../slack/message-filter.js";
import { insertInboxMessage } from "../../store/queries/inbox.js";
import type { ListenerDeps } from "../deps.js";

/** The inbox could not be written: Slack must get an error so it delivers the event again. */
export class IntakeError extends TriageError {
  override name = "IntakeError";
}

export function intakeMessage(deps: ListenerDeps) {
  const own = ownChannels(deps.file);
  return async ({ event, body, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs) => {
    const result = filterMessage(event as MessageEventLike, {
      supportChannels: deps.file.support_channels,
      ownChannels: own,
      botUserId: deps.botUserId ?? context.botUserId,
    });
    if (!result.accept) {
      deps.logger.debug(`message ${(event as MessageEventLike).ts ?? "?"} skipped: ${result.reason}`);
      return;
    }
    const { message } = result;
    let id: number | null;
    try {
      id = await insertInboxMessage(deps.store, {
        teamId: body.team_id ?? context.teamId ?? "unknown",
        channelId: message.channelId,
        ts: message.ts,
        userId: message.userId,
        text: message.text,
        eventId: body.event_id ?? null,
      });
    } catch (err) {
      throw new IntakeError(
        `could not store message ${message.channelId}/${message.ts}: ${(err as Error).message}`,
      );
    }
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
