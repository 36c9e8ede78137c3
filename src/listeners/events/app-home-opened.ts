/** App Home: publish the current stats and thresholds for whoever opened it. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { DEFAULT_STATS_DAYS } from "../../admin/parse-command.js";
import { statsSince } from "../../db/queries/stats.js";
import { thresholdsInForce } from "../../db/queries/thresholds-in-force.js";
import { homeView } from "../../slack/home-view.js";
import type { ListenerDeps } from "../deps.js";

export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
    if (event.tab !== "home") return;
    const view = homeView({
      inForce: thresholdsInForce(deps.db, deps.file.thresholds),
      stats: statsSince(
        deps.db,
        Date.now() - DEFAULT_STATS_DAYS * 86_400_000,
        deps.file.categories.map((c) => c.id),
      ),
      days: DEFAULT_STATS_DAYS,
      categories: deps.file.categories,
      fingerprint: deps.promptFingerprint,
    });
    deps.background.run(`app home for ${event.user}`, () =>
      client.views.publish({ user_id: event.user, view }),
    );
  };
}
