/** Wires every listener to the app. Each one is thin: ack, call a domain function, render. */
import type { App } from "@slack/bolt";
import { ACTIONS, REVIEW_ACTION } from "../slack/views/blocks.js";
import { HOME_ACTIONS } from "../slack/views/home.js";
import { FORGET_ACTIONS } from "../slack/views/labellers.js";
import { LABELLING_ACTIONS } from "../slack/views/labelling.js";
import { RETUNE_MODAL } from "../slack/views/retune-modal.js";
import { homeLabel, homeLabelSkip } from "./actions/home-label.js";
import { homeRetunePreview } from "./actions/home-retune-preview.js";
import { homeRollback } from "./actions/home-rollback.js";
import { labelsForget } from "./actions/labels-forget.js";
import { retuneDecision } from "./actions/retune-decision.js";
import { reviewPick } from "./actions/review-pick.js";
import { triageCommand } from "./commands/triage.js";
import type { ListenerDeps } from "./deps.js";
import { appHomeOpened } from "./events/app-home-opened.js";
import { reactionChanged } from "./events/reaction-changed.js";
import { intakeMessage } from "./messages/intake-message.js";
import { retuneApplyModal } from "./views/retune-apply-modal.js";

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.event("message", intakeMessage(deps));
  app.event("reaction_added", reactionChanged(deps, "reaction_added"));
  app.event("reaction_removed", reactionChanged(deps, "reaction_removed"));
  app.event("app_home_opened", appHomeOpened(deps));
  app.action({ type: "block_actions", action_id: REVIEW_ACTION }, reviewPick(deps));
  app.action({ type: "block_actions", action_id: ACTIONS.retuneApply }, retuneDecision(deps, "apply"));
  app.action({ type: "block_actions", action_id: ACTIONS.retuneCancel }, retuneDecision(deps, "cancel"));
  app.action({ type: "block_actions", action_id: FORGET_ACTIONS.confirm }, labelsForget(deps, "forget"));
  app.action({ type: "block_actions", action_id: FORGET_ACTIONS.cancel }, labelsForget(deps, "cancel"));
  app.action({ type: "block_actions", action_id: HOME_ACTIONS.retunePreview }, homeRetunePreview(deps));
  app.action({ type: "block_actions", action_id: HOME_ACTIONS.rollback }, homeRollback(deps));
  app.action(
    { type: "block_actions", action_id: new RegExp(`^${LABELLING_ACTIONS.pickPrefix}`) },
    homeLabel(deps),
  );
  app.action({ type: "block_actions", action_id: LABELLING_ACTIONS.skip }, homeLabelSkip(deps));
  app.view(RETUNE_MODAL, retuneApplyModal(deps));
  app.command("/triage", triageCommand(deps));
}
