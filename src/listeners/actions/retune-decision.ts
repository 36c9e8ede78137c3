/**
 * Apply / Cancel on a retune report. Apply is checked server-side: only `admins` may change thresholds;
 * anyone else is told so and nothing changes. The report is rebuilt from the saved set, without buttons.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { activateSet, savedRetune } from "../../services/retune/retune.js";
import { activationText, refusal } from "../../slack/views/admin-replies.js";
import { retuneOutcomeView, retuneReportView } from "../../slack/views/commands.js";
import { userLink } from "../../slack/views/format.js";
import type { ListenerDeps } from "../deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

function setIdOf(action: Args["action"]): number | null {
  const id = action.type === "button" ? Number(action.value) : Number.NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

export function retuneDecision(deps: ListenerDeps, decision: "apply" | "cancel") {
  return async ({ ack, action, body, respond }: Args) => {
    await ack();
    const userId = body.user.id;
    const setId = setIdOf(action);
    if (setId === null) return;
    if (!deps.config.admins.includes(userId)) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: refusal("change thresholds"),
      });
      return;
    }
    const saved = await savedRetune(deps.store, setId);
    if (!saved) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: activationText({ status: "unknown", setId }, userId),
      });
      return;
    }
    const { report, labellers } = saved;
    const view = retuneReportView({
      setId,
      report,
      current: report.previous,
      withButtons: false,
      ...(labellers ? { labellers } : {}),
    });
    if (decision === "cancel") {
      await respond({
        replace_original: true,
        ...retuneOutcomeView(view, `Cancelled by ${userLink(userId)}; nothing changed.`),
      });
      return;
    }
    // The report shows no Apply button for a set that certifies nothing; activateSet refuses a crafted click.
    const outcome = await activateSet(deps.store, {
      setId,
      by: userId,
      action: "apply",
      promptFingerprint: deps.promptFingerprint,
    });
    deps.logger.info(`retune apply #${setId} by ${userId}: ${outcome.status}`);
    const text = activationText(outcome, userId);
    if (outcome.status !== "activated" && outcome.status !== "already") {
      await respond({ response_type: "ephemeral", replace_original: false, text });
      return;
    }
    await respond({ replace_original: true, ...retuneOutcomeView(view, text) });
  };
}
