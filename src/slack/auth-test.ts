/**
 * Slack's auth.test, asked once: who the token belongs to, or why not. Shared by start-up and `doctor`,
 * with a short retry policy and a quiet client — the caller reports the outcome in one line of its own.
 */
import { webApi } from "@slack/bolt";
import { createLogger } from "../logger.js";
import { slackClientOptions } from "./client-options.js";

export type AuthTestOutcome =
  | {
      ok: true;
      user?: string;
      userId?: string;
      botId?: string;
      team?: string;
      /** The workspace the bot is installed in (and its Enterprise Grid org, if any). */
      teamId?: string;
      enterpriseId?: string;
      /** The workspace's URL (https://name.slack.com/), for permalinks built without a call. */
      url?: string;
    }
  /** refused: Slack answered `ok: false` (e.g. invalid_auth); http: an HTTP error status; unreachable: no answer. */
  | { ok: false; kind: "refused" | "http" | "unreachable"; detail: string };

export async function authTest(
  token: string,
  apiUrl: string | undefined,
  retries: number,
): Promise<AuthTestOutcome> {
  const client = new webApi.WebClient(token, {
    ...slackClientOptions(
      { apiUrl },
      createLogger("error", () => {}),
      { retries, factor: 2, minTimeout: 500 },
    ),
    timeout: 10_000,
  });
  try {
    const res = await client.auth.test();
    return {
      ok: true,
      user: res.user,
      userId: res.user_id,
      botId: res.bot_id,
      team: res.team,
      ...(res.team_id ? { teamId: res.team_id } : {}),
      ...(res.enterprise_id ? { enterpriseId: res.enterprise_id } : {}),
      ...(res.url ? { url: res.url } : {}),
    };
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: Error };
    if (e.code === webApi.ErrorCode.PlatformError) {
      return { ok: false, kind: "refused", detail: e.data?.error ?? "not ok" };
    }
    if (e.code === webApi.ErrorCode.HTTPError)
      return { ok: false, kind: "http", detail: `HTTP ${e.statusCode}` };
    // fetch says only "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND, bad port).
    const cause = (e.original as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
    const detail =
      typeof cause?.code === "string"
        ? cause.code
        : typeof cause?.message === "string"
          ? cause.message
          : (e.original?.message ?? (err as Error).message);
    return { ok: false, kind: "unreachable", detail };
  }
}
