/**
 * /triage over the wire: help, stats, thresholds, history for everyone; retune, retune apply and rollback
 * for admins only — anyone else is refused ephemerally and nothing changes. App Home shows the same.
 */
import { afterEach, describe, expect, it } from "vitest";
import { thresholdActivations, thresholdSets } from "../../src/db/schema.js";
import { ADMIN, type Harness, PERSON, startHarness } from "../support/bot-harness.js";

let h: Harness;
afterEach(async () => h?.stop());

const text = (reply: { text?: string; blocks?: unknown[] }) =>
  `${reply.text ?? ""}\n${JSON.stringify(reply.blocks ?? [])}`;

describe("/triage for everyone", () => {
  it("help, thresholds, stats and history answer ephemerally", async () => {
    h = await startHarness();
    const help = await h.command("help", PERSON);
    expect(help.response_type).toBe("ephemeral");
    expect(help.text).toContain("/triage retune");
    expect((await h.command("what", PERSON)).text).toContain("I don't know `what`");

    const thresholds = text(await h.command("thresholds", PERSON));
    expect(thresholds).toContain("from the config file");
    expect(thresholds).toMatch(/billing\s+0\.80/);
    expect(thresholds).toContain("below 0.30");

    await h.message({ ts: "1700000801.000100", text: "We were charged twice" });
    await h.message({ ts: "1700000801.000200", text: "Our webhook is acting weird" });
    await h.message({ ts: "1700000801.000300", text: "Lunch?" });
    await h.settle();
    await h.react({
      user: PERSON,
      reaction: "white_check_mark",
      channel: "C0SUPPORT1",
      ts: "1700000801.000100",
    });
    await h.settle();
    const stats = text(await h.command("stats 3", PERSON));
    expect(stats).toContain("Last 3 days:* 3 messages, 3 classified");
    expect(stats).toContain("routed automatically: 1 (33%)");
    expect(stats).toContain(
      "sent to review: 2 (67%) — 1 low confidence, 1 none-of-these, 0 classifier errors",
    );
    expect(stats).toMatch(/billing\s+1\s+1\s+1\s+100%/);

    expect((await h.command("history", PERSON)).text).toContain("No threshold changes yet");
  });

  it("App Home publishes stats and thresholds for whoever opens it", async () => {
    h = await startHarness();
    const event = {
      type: "app_home_opened",
      user: PERSON,
      channel: "D0HOME0001",
      tab: "home",
      event_ts: "1.1",
    };
    await h.sender.json({ type: "event_callback", team_id: "T0TEAM0001", event, event_id: "Ev-home" });
    const publish = await h.slack.waitFor("views.publish");
    expect(publish.args.user_id).toBe(PERSON);
    expect(publish.args.view.type).toBe("home");
    expect(JSON.stringify(publish.args.view.blocks)).toContain("Thresholds in force");
  });
});

describe("admin-only commands", () => {
  it.each(["retune", "retune apply", "rollback 1"])(
    "`%s` by a non-admin is refused and changes nothing",
    async (cmd) => {
      h = await startHarness();
      const reply = await h.command(cmd, PERSON);
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toContain("Only the triage admins");
      expect(reply.text).toContain("Nothing was changed");
      expect(h.bot.db.select().from(thresholdSets).all()).toEqual([]);
      expect(h.bot.db.select().from(thresholdActivations).all()).toEqual([]);
    },
  );

  it("rollback to an unknown set says so", async () => {
    h = await startHarness();
    expect((await h.command("rollback 9", ADMIN)).text).toContain("There is no threshold set #9");
  });
});
