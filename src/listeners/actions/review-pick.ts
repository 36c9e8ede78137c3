/**
 * A click on a review card (a category button, "None of these" or the "Another area…" menu): the label is
 * stored with who and when, then the worker routes the message and updates the card. A second click on
 * the same choice changes nothing.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { classificationOf } from "../../db/queries/classifications.js";
import { applyHumanLabel } from "../../feedback/apply-label.js";
import { decodePick } from "../../slack/blocks.js";
import type { ListenerDeps } from "../deps.js";

export function reviewPick(deps: ListenerDeps) {
  return async ({
    ack,
    action,
    body,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await ack();
    const raw =
      action.type === "button"
        ? action.value
        : action.type === "static_select"
          ? action.selected_option.value
          : undefined;
    const pick = decodePick(raw);
    if (!pick) {
      deps.logger.warn(`review action with an unreadable value: ${raw}`);
      return;
    }
    try {
      const audit = (await classificationOf(deps.store, pick.messageId))?.audit ?? false;
      const outcome = await applyHumanLabel(deps.store, {
        messageId: pick.messageId,
        userId: body.user.id,
        label: pick.label,
        source: audit ? "audit" : "review",
      });
      deps.logger.info(
        `message ${pick.messageId}: ${body.user.id} picked ${pick.label} (${JSON.stringify(outcome)})`,
      );
      if (outcome.status === "recorded") deps.wake();
      else
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: `Not recorded: ${outcome.reason}.`,
        });
    } catch (err) {
      deps.logger.error(`review pick on message ${pick.messageId} failed: ${(err as Error).message}`);
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: "Sorry, that choice could not be saved. Please try again.",
      });
    }
  };
}
