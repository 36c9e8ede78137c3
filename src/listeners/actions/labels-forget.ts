/**
 * Forget / Cancel on `/triage labels forget @user`'s confirmation. Admins only, checked again here (the
 * confirmation is shown to an admin, but payloads can be forged): anyone else is told so and nothing
 * changes. Forget takes back every label the person gave that is not taken back yet.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { forgetLabels } from "../../services/feedback/labels-by-person.js";
import { refusal } from "../../slack/views/admin-replies.js";
import { userLink } from "../../slack/views/format.js";
import { forgottenView } from "../../slack/views/labellers.js";
import type { ListenerDeps } from "../deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function labelsForget(deps: ListenerDeps, decision: "forget" | "cancel") {
  return async ({ ack, action, body, respond }: Args) => {
    await ack();
    const by = body.user.id;
    const userId = action.type === "button" ? action.value : undefined;
    if (!userId || !/^[UW][A-Z0-9]{2,}$/.test(userId)) return;
    if (!deps.config.admins.includes(by)) {
      deps.logger.info(`labels forget ${userId} refused for ${by} (not an admin)`);
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: refusal("forget someone's labels"),
      });
      return;
    }
    if (decision === "cancel") {
      await respond({
        replace_original: true,
        text: `Cancelled by ${userLink(by)}; the labels by ${userLink(userId)} still count.`,
      });
      return;
    }
    let count: number;
    try {
      count = await forgetLabels(deps.store, userId, deps.now?.() ?? Date.now());
    } catch (err) {
      deps.logger.error(`labels forget ${userId} by ${by}: ${(err as Error).message}`);
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: "Sorry, the labels could not be taken back (the bot's log has the details); nothing changed. Try again.",
      });
      return;
    }
    deps.logger.info(`labels forget: ${count} label(s) by ${userId} taken back by ${by}`);
    await respond({ replace_original: true, ...forgottenView({ userId, count, by }) });
  };
}
