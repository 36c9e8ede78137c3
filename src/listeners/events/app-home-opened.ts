/** App Home: publish today's picture for whoever opened the tab (admins see thresholds and buttons too). */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { publishHome } from "../../services/home.js";
import type { ListenerDeps } from "../deps.js";

export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
    if (event.tab !== "home") return;
    const now = deps.now?.() ?? Date.now();
    deps.background.run(`app home for ${event.user}`, () => publishHome(client, deps, event.user, now));
  };
}
