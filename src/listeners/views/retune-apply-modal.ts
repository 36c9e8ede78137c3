/**
 * Apply in the retune preview modal: admins only (checked again here), then the modal says what happened
 * and the admin's App Home is refreshed.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { activateSet, certifiesNothing } from "../../admin/retune.js";
import { getThresholdSet } from "../../db/queries/threshold-sets.js";
import { publishHome } from "../../home/publish-home.js";
import { messageModal } from "../../slack/retune-modal.js";
import { refusal } from "../commands/refusal.js";
import type { ListenerDeps } from "../deps.js";

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function retuneApplyModal(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: Args) => {
    const userId = body.user.id;
    const setId = Number(view.private_metadata);
    if (!deps.file.admins.includes(userId)) {
      await ack({ response_action: "update", view: messageModal("Retune", refusal("change thresholds")) });
      return;
    }
    const set = getThresholdSet(deps.db, setId);
    // Like the Apply button: a set that certifies nothing is never applied, even from a crafted submission.
    if (set && certifiesNothing(set.thresholds)) {
      const text = `Nothing was applied: set #${setId} certifies no area, so the thresholds in force stay.`;
      await ack({ response_action: "update", view: messageModal("Retune", text) });
      return;
    }
    const outcome = activateSet(deps.db, deps.file, { setId, by: userId, action: "apply" });
    deps.logger.info(`retune apply #${setId} by ${userId} (App Home): ${outcome.status}`);
    const text =
      outcome.status === "activated"
        ? `:white_check_mark: Set #${setId} applied; it decides from the next message on.`
        : outcome.status === "already"
          ? `Set #${setId} is already in force.`
          : `Threshold set #${setId} is unknown.`;
    await ack({ response_action: "update", view: messageModal("Retune", text) });
    deps.background.run(`app home for ${userId}`, () =>
      publishHome(client, deps, userId, deps.now?.() ?? Date.now()),
    );
  };
}
