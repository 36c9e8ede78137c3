/**
 * manifest.yml asks for exactly what the bot uses: the events it listens to, the scopes those events
 * and its Web API calls need, the /triage command, interactivity and the App Home tab.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { helpText } from "../../src/slack/views/commands.js";

const manifest = parse(readFileSync("manifest.yml", "utf8"));

/**
 * The bot token scopes each Web API method the bot calls needs (Slack's method reference). A call to a
 * method not in this table fails the test below, so a new call cannot ship without its scope.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  "auth.test": [],
  "chat.getPermalink": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  // Public and private support channels: each needs its own history scope.
  "conversations.history": ["channels:history", "groups:history"],
  "conversations.replies": ["channels:history", "groups:history"],
  // Direct messages to admins (backfill done, first certificate).
  "conversations.open": ["im:write"],
  // acknowledge: reaction
  "reactions.add": ["reactions:write"],
  "usergroups.users.list": ["usergroups:read"],
  "users.info": ["users:read"],
  "views.open": [],
  "views.publish": [],
  "views.update": [],
  filesUploadV2: ["files:write"],
};
/** What the events and the command need on their own. */
const EVENT_SCOPES = ["channels:history", "groups:history", "reactions:read", "commands"];

const SLACK_CALL =
  /\bclient\.((?:apps|auth|bookmarks|bots|chat|conversations|dnd|emoji|files|pins|reactions|reminders|search|team|usergroups|users|views)\.[\w.]+|files\w+)\(/g;

/** Every Slack Web API call in src/ (`client.<namespace>.<method>(`; the OpenAI client's are not Slack's). */
function calledMethods(): string[] {
  const found = new Set<string>();
  const files = readdirSync("src", { recursive: true, withFileTypes: true }).filter(
    (e) => e.isFile() && e.name.endsWith(".ts"),
  );
  for (const f of files) {
    const text = readFileSync(join(f.parentPath, f.name), "utf8");
    for (const m of text.matchAll(SLACK_CALL)) {
      if (!m[1]?.startsWith("chat.completions.")) found.add(m[1] as string);
    }
  }
  return [...found].sort();
}

describe("manifest.yml", () => {
  it("subscribes to the bot events the listeners handle, and no others", () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      "app_home_opened", // App Home tab
      "message.channels", // public support channels
      "message.groups", // private support channels
      "reaction_added", // labels
      "reaction_removed", // retractions
    ]);
  });

  it("requests exactly the scopes the events and every Web API method called in src/ need", () => {
    const called = calledMethods();
    expect(called).toContain("reactions.add"); // the scan finds calls
    expect(called.filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
    const needed = new Set([...EVENT_SCOPES, ...called.flatMap((m) => METHOD_SCOPES[m] ?? [])]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it("shows the bot's direct messages (Messages tab on, read-only: the bot does not read replies)", () => {
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(true);
  });

  it("declares /triage, interactivity, the Home tab and a bot user", () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(["/triage"]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.display_information.name).toBeTruthy();
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });

  it("the /triage usage hint names every subcommand the help lists", () => {
    const hint: string = manifest.features.slash_commands[0].usage_hint;
    const listed = [...helpText().matchAll(/`\/triage (\w+)/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(5);
    for (const sub of listed) expect(hint).toContain(sub);
  });

  it("escapes /triage's text, so `labels forget @user` gets the person's ID, not their name", () => {
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  });
});
