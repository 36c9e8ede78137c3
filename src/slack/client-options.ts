/** Options for every Slack Web API client we make (Bolt's, Socket Mode's, the worker's). */
import { webApi } from "@slack/bolt";
import type { SlackSettings } from "../config.js";
import type { Logger } from "../logger.js";

export function slackClientOptions(
  settings: Pick<SlackSettings, "apiUrl">,
  logger: Logger,
  retryConfig: webApi.RetryOptions = webApi.retryPolicies.tenRetriesInAboutThirtyMinutes,
): webApi.WebClientOptions {
  return {
    ...(settings.apiUrl
      ? { slackApiUrl: settings.apiUrl.endsWith("/") ? settings.apiUrl : `${settings.apiUrl}/` }
      : {}),
    logger,
    // 429s wait for Retry-After and try again; chat.postMessage allows about one post per second per channel.
    rejectRateLimitedCalls: false,
    retryConfig,
  };
}
