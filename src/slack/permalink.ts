/**
 * A message's permalink in Slack's own form, `<workspace url>archives/<channel>/p<ts without the point>`,
 * built from auth.test's workspace URL instead of one chat.getPermalink call per message.
 */
export function permalinkFor(workspaceUrl: string | null, channel: string, ts: string): string | null {
  return workspaceUrl ? `${workspaceUrl}archives/${channel}/p${ts.replace(".", "")}` : null;
}
