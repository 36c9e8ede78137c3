/** App Home's rollback button: make the previous set the one in force (admins only), then refresh the tab. */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { publishHome } from "../../services/home.js";
import { activateSet } from "../../services/retune/retune.js";
import type { ListenerDeps } from "../deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function homeRollback(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const userId = body.user.id;
    const setId = action.type === "button" ? Number(action.value) : Number.NaN;
    if (!deps.config.admins.includes(userId)) {
      deps.logger.info(`home rollback refused for ${userId} (not an admin)`);
    } else if (Number.isInteger(setId) && setId > 0) {
      const outcome = await activateSet(deps.store, {
        setId,
        by: userId,
        action: "rollback",
        promptFingerprint: deps.promptFingerprint,
      });
      deps.logger.info(`home rollback to #${setId} by ${userId}: ${outcome.status}`);
    }
    await publishHome(client, deps, userId, deps.now?.() ?? Date.now());
  };
}
