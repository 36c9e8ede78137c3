/**
 * App Home's "Retune preview" button: a modal opens at once (Slack's trigger_id lasts 3 s), and shows the
 * report with Apply once the labels are certified. Admins only, checked here (the button is only shown to
 * them, but payloads can be forged).
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { previewRetune } from "../../services/retune/retune.js";
import { refusal } from "../../slack/views/admin-replies.js";
import { messageModal, retuneModal } from "../../slack/views/retune-modal.js";
import type { ListenerDeps } from "../deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function homeRetunePreview(deps: ListenerDeps) {
  return async ({ ack, body, client }: Args) => {
    await ack();
    const userId = body.user.id;
    if (!deps.config.admins.includes(userId)) {
      deps.logger.info(`home retune preview refused for ${userId} (not an admin)`);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: messageModal("Retune", refusal("run a retune")),
      });
      return;
    }
    // trigger_id is good for 3 s: open the modal now, fill it in when the report is ready.
    const opened = await client.views.open({
      trigger_id: body.trigger_id,
      view: messageModal("Retune preview", "Working out the retune report from every label…"),
    });
    const viewId = opened.view?.id;
    deps.background.run(`home retune preview for ${userId}`, async () => {
      const preview = await previewRetune(deps, userId);
      deps.logger.info(`home retune preview by ${userId}: set #${preview.setId}`);
      if (viewId)
        await client.views.update({ view_id: viewId, view: retuneModal(preview, preview.labellers) });
    });
  };
}
