/**
 * App Home's "Retune preview" button: certify thresholds from the labels and show the report in a modal
 * with Apply. Admins only, checked here (the button is only shown to them, but payloads can be forged).
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { previewRetune } from "../../admin/retune.js";
import { refusal } from "../../slack/refusal.js";
import { messageModal, retuneModal } from "../../slack/retune-modal.js";
import type { ListenerDeps } from "../deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function homeRetunePreview(deps: ListenerDeps) {
  return async ({ ack, body, client }: Args) => {
    await ack();
    const userId = body.user.id;
    if (!deps.file.admins.includes(userId)) {
      deps.logger.info(`home retune preview refused for ${userId} (not an admin)`);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: messageModal("Retune", refusal("run a retune")),
      });
      return;
    }
    const preview = await previewRetune(deps, userId);
    deps.logger.info(`home retune preview by ${userId}: set #${preview.setId}`);
    await client.views.open({ trigger_id: body.trigger_id, view: retuneModal(preview) });
  };
}
