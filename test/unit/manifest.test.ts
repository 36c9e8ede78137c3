/**
 * manifest.yml asks for exactly what the bot uses: the events it listens to, the scopes those events
 * and its Web API calls need, the /triage command, interactivity and the App Home tab.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { helpText } from "../../src/slack/views/commands.js";

const manifest = parse(readFileSync("manifest.yml", "utf8"));

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

  it("requests only the scopes those events and our Web API calls need", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      "channels:history", // message.channels, conversations.replies
      "chat:write", // chat.postMessage, chat.update
      "commands", // /triage
      "files:write", // files.uploadV2: the retune charts
      "groups:history", // message.groups
      "reactions:read", // reaction_added / reaction_removed
      "usergroups:read", // usergroups.users.list: members of the groups in `labellers`
      "users:read", // users.info: is a labeller a bot, a guest, a Slack Connect stranger?
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
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
