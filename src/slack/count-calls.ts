/**
 * Counts Slack's 429s and the Web API client's retries for every client built from these options (Bolt's,
 * Socket Mode's, the worker's). Both hooks are options, not listeners on one client, because Bolt builds
 * its clients itself: a wrapped `fetch` sees each HTTP answer, and p-retry, which runs the client's
 * `retryConfig`, calls `onFailedAttempt` after every failed attempt.
 */
import { webApi } from "@slack/bolt";
import type { BotMetrics } from "../ops/metrics.js";

type SlackCallMetrics = Pick<BotMetrics, "slackRateLimited" | "slackRetried">;

/** What p-retry adds to the error of a failed attempt. */
interface FailedAttempt extends Error {
  retriesLeft: number;
}
type RetryWithHook = webApi.RetryOptions & { onFailedAttempt?: (error: FailedAttempt) => unknown };

function methodOf(url: string | URL): string {
  return new URL(url).pathname.split("/").pop() || "unknown";
}

export function countSlackCalls(
  options: webApi.WebClientOptions,
  metrics: SlackCallMetrics,
): webApi.WebClientOptions {
  const fetchFn: webApi.FetchFunction = options.fetch ?? globalThis.fetch;
  const retry: RetryWithHook = options.retryConfig ?? webApi.retryPolicies.tenRetriesInAboutThirtyMinutes;
  const retryConfig: RetryWithHook = {
    ...retry,
    onFailedAttempt: async (error) => {
      // Called after the last attempt too, which no retry follows.
      if (error.retriesLeft > 0) metrics.slackRetried();
      await retry.onFailedAttempt?.(error);
    },
  };
  return {
    ...options,
    fetch: async (url, init) => {
      const response = await fetchFn(url, init);
      if (response.status === 429) metrics.slackRateLimited(methodOf(url));
      return response;
    },
    retryConfig,
  };
}
