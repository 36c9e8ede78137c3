/**
 * Who the bot token belongs to, asked once with auth.test: the bot's user, its workspace and the workspace's
 * URL (permalinks are built from it). A dead network or a mistyped SLACK_API_URL fails in seconds, in one line.
 */
import type { SlackSettings } from "../config.js";
import { ConfigError, SlackUnreachableError } from "../errors.js";
import { authTest } from "./auth-test.js";

export interface Identity {
  botUserId: string;
  botId: string;
  teamId: string;
  /** Its Enterprise Grid org, if any: members of other workspaces of the org are not strangers. */
  enterpriseId?: string;
  /** The workspace's URL, e.g. https://acme.slack.com/ (ends with a slash). */
  url: string | null;
}

export async function identify(settings: Pick<SlackSettings, "botToken" | "apiUrl">): Promise<Identity> {
  const auth = await authTest(settings.botToken, settings.apiUrl, 2);
  const where = settings.apiUrl ?? "https://slack.com/api/";
  const refused = (why: string) =>
    new ConfigError(`Slack did not accept SLACK_BOT_TOKEN (${why}). See docs/slack-setup.md.`);
  if (!auth.ok) {
    if (auth.kind === "refused") throw refused(`auth.test: ${auth.detail}`);
    if (auth.kind === "http") {
      throw new SlackUnreachableError(
        `Slack's Web API at ${where} answered auth.test with ${auth.detail}; try again later, or check SLACK_API_URL.`,
      );
    }
    throw new SlackUnreachableError(
      `Cannot reach Slack's Web API at ${where} (auth.test: ${auth.detail}); check the network${settings.apiUrl ? " and SLACK_API_URL" : ""}.`,
    );
  }
  if (!auth.userId || !auth.botId) throw refused("auth.test did not name a bot user; use a bot token, xoxb-");
  return {
    botUserId: auth.userId,
    botId: auth.botId,
    teamId: auth.teamId ?? "unknown",
    ...(auth.enterpriseId ? { enterpriseId: auth.enterpriseId } : {}),
    url: auth.url ? (auth.url.endsWith("/") ? auth.url : `${auth.url}/`) : null,
  };
}

/**
 * A message's permalink in Slack's own form, `<workspace url>archives/<channel>/p<ts without the point>`,
 * built from auth.test's workspace URL instead of one chat.getPermalink call per message.
 */
export function permalinkFor(workspaceUrl: string | null, channel: string, ts: string): string | null {
  return workspaceUrl ? `${workspaceUrl}archives/${channel}/p${ts.replace(".", "")}` : null;
}
