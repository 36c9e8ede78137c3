/**
 * Apply in the retune preview modal: admins only (checked again here), then the modal says what happened
 * and the admin's App Home is refreshed.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { publishHome } from "../../services/home.js";
import { activateSet } from "../../services/retune/retune.js";
import { activationText, refusal } from "../../slack/views/admin-replies.js";
import { messageModal } from "../../slack/views/retune-modal.js";
import type { ListenerDeps } from "../deps.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function retuneApplyModal(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: Args) => {
    const userId = body.user.id;
    const setId = Number(view.private_metadata);
    if (!deps.config.admins.includes(userId)) {
      await ack({ response_action: "update", view: messageModal("Retune", refusal("change thresholds")) });
      return;
    }
    // Like the Apply button: a set that certifies nothing is never applied, even from a crafted submission.
    const outcome = await activateSet(deps.store, {
      setId,
      by: userId,
      action: "apply",
      promptFingerprint: deps.promptFingerprint,
    });
    deps.logger.info(`retune apply #${setId} by ${userId} (App Home): ${outcome.status}`);
    const text = activationText(outcome, userId);
    await ack({ response_action: "update", view: messageModal("Retune", text) });
    deps.background.run(`app home for ${userId}`, () =>
      publishHome(client, deps, userId, deps.now?.() ?? Date.now()),
    );
  };
}
