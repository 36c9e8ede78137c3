/**
 * A click on a review card (a category button, "None of these" or the "Another area…" menu): stored as an
 * event before Slack is answered, then applied — the label with who and when, the message routed, the card
 * updated. A second click on the same choice changes nothing. Slack does not redeliver clicks, so a click
 * that cannot be stored is answered with a note to click again.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { storePick } from "../../services/intake.js";
import { decodePick } from "../../slack/views/blocks.js";
import type { ListenerDeps } from "../deps.js";

export function reviewPick(deps: ListenerDeps) {
  return async ({
    ack,
    action,
    body,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const raw =
      action.type === "button"
        ? action.value
        : action.type === "static_select"
          ? action.selected_option.value
          : undefined;
    const pick = decodePick(raw);
    if (!pick) {
      await ack();
      deps.logger.warn(`review action with an unreadable value: ${raw}`);
      return;
    }
    try {
      const id = await storePick(
        deps.store,
        {
          eventId: `pick:${body.user.id}:${action.action_ts}`,
          messageId: pick.messageId,
          label: pick.label,
          userId: body.user.id,
          ...(body.response_url ? { responseUrl: body.response_url } : {}),
        },
        "review_card",
      );
      await ack();
      deps.logger.info(`message ${pick.messageId}: ${body.user.id} picked ${pick.label}`);
      if (id !== null) deps.events.handle(id);
    } catch (err) {
      await ack();
      deps.logger.error(`review pick on message ${pick.messageId} not stored: ${(err as Error).message}`);
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: "Sorry, that choice could not be saved. Please try again.",
      });
    }
  };
}
