/**
 * App Home's Labelling buttons: a pick is stored as an event before Slack is answered and applied after
 * (a label with source `import`, like a hand-labelled backfill; nothing is posted), then the tab shows
 * the next message. Skip shows the next one without a label.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { publishHome } from "../../services/home.js";
import { storePick } from "../../services/intake.js";
import { decodePick } from "../../slack/views/blocks.js";
import type { ListenerDeps } from "../deps.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function homeLabel(deps: ListenerDeps) {
  return async ({ ack, action, body, client }: Args) => {
    const pick = decodePick(action.type === "button" ? action.value : undefined);
    if (!pick) {
      await ack();
      return;
    }
    try {
      const id = await storePick(
        deps.store,
        {
          eventId: `label:${body.user.id}:${action.action_ts}`,
          messageId: pick.messageId,
          label: pick.label,
          userId: body.user.id,
        },
        "labelling",
      );
      await ack();
      if (id !== null) deps.events.handle(id);
    } catch (err) {
      await ack();
      deps.logger.error(`labelling pick on message ${pick.messageId} not stored: ${(err as Error).message}`);
      deps.background.run(`app home for ${body.user.id}`, () =>
        publishHome(client, deps, body.user.id, deps.now?.() ?? Date.now()),
      );
    }
  };
}

export function homeLabelSkip(deps: ListenerDeps) {
  return async ({ ack, action, body, client }: Args) => {
    await ack();
    const after = action.type === "button" ? Number(action.value) : Number.NaN;
    deps.background.run(`app home for ${body.user.id}`, () =>
      publishHome(client, deps, body.user.id, deps.now?.() ?? Date.now(), {
        ...(Number.isInteger(after) ? { labellingAfter: after } : {}),
      }),
    );
  };
}
