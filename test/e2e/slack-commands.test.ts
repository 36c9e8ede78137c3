/**
 * /triage over the wire: help, stats, thresholds, history for everyone; retune, retune apply and rollback
 * for admins only — anyone else is refused ephemerally and nothing changes. App Home: slack-insights.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { homeButton } from "../../dev/fakes/home-requests.js";
import { HOME_ACTIONS } from "../../src/slack/views/home.js";
import { saveClassification } from "../../src/store/queries/classifications.js";
import { insertInboxMessage, markDone } from "../../src/store/queries/inbox.js";
import { recordLabel } from "../../src/store/queries/labels.js";
import { activeThresholdSet } from "../../src/store/queries/threshold-sets.js";
import { ADMIN, AGENT, type Harness, PERSON, startHarness } from "../support/bot-harness.js";

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

    const thresholdsReply = await h.command("thresholds", PERSON);
    expect(thresholdsReply.response_type).toBe("ephemeral");
    const thresholds = text(thresholdsReply);
    expect(thresholds).toContain("from the config file");
    expect(thresholds).toMatch(/billing\s+0\.80/);
    expect(thresholds).toContain("below 0.30");

    await h.message({ ts: "1700000801.000100", text: "We were charged twice" });
    await h.message({ ts: "1700000801.000200", text: "Our webhook is acting weird" });
    await h.message({ ts: "1700000801.000300", text: "Lunch?" });
    await h.settle();
    await h.react({
      user: AGENT,
      reaction: "white_check_mark",
      channel: "C0SUPPORT1",
      ts: "1700000801.000100",
    });
    await h.settle();
    const statsReply = await h.command("stats 3", PERSON);
    expect(statsReply.response_type).toBe("ephemeral");
    const stats = text(statsReply);
    expect(stats).toContain("Last 3 days:* 3 messages, 3 classified");
    expect(stats).toContain("routed automatically: 1 (33%)");
    expect(stats).toContain(
      "sent to review: 2 (67%) — 1 low confidence, 1 none-of-these, 0 classifier errors",
    );
    expect(stats).toMatch(/billing\s+1\s+1\s+1\s+100%/);

    const history = await h.command("history", PERSON);
    expect(history.response_type).toBe("ephemeral");
    expect(history.text).toContain("No threshold changes yet");
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
      expect(await h.table("thresholdSets")).toEqual([]);
      expect(await h.table("thresholdActivations")).toEqual([]);
    },
  );

  it("rollback to an unknown set says so", async () => {
    h = await startHarness();
    expect((await h.command("rollback 9", ADMIN)).text).toContain("There is no threshold set #9");
  });
});

/**
 * Labels people gave under the bot's current prompt: API messages the model scored 0.55–0.79 that were
 * all API, and confident billing ones that were all billing — the model is right more often than its
 * API scores say.
 */
async function seedLabels(count: number): Promise<void> {
  // One transaction: the running bot's worker never sees a seeded message before it is done.
  await h.bot.store.tx(async (db) => {
    for (let i = 0; i < count; i++) {
      const api = i % 2 === 0;
      const p = api ? 0.55 + 0.24 * ((i * 0.618) % 1) : 0.95;
      const id = await insertInboxMessage(db, {
        teamId: "T0TEAM0001",
        channelId: "C0SUPPORT1",
        ts: `1600000000.${String(i).padStart(6, "0")}`,
        userId: PERSON,
        text: api ? "webhook trouble" : "charged twice",
        eventId: null,
      });
      if (id === null) throw new Error("seed message not inserted");
      const top = api ? "api" : "billing";
      const classificationId = await saveClassification(db, {
        messageId: id,
        model: "gpt-4.1-mini",
        promptFingerprint: h.bot.promptFingerprint,
        probs: api ? { api: p, bug: 0.9 - p, billing: 0.03 } : { billing: p, api: 0.01 },
        other: api ? 0.07 : 0.04,
        topCategory: top,
        topProb: p,
        // Every one went to review (under a stricter set before) and was labelled there: labels the tuner
        // can certify on. (Reactions that agree with the bot would not count: they are self-selected.)
        decision: "review",
        reason: "low_confidence",
      });
      await markDone(db, id, 0);
      await recordLabel(db, {
        messageId: id,
        classificationId,
        userId: "U0AGENT001",
        label: top,
        source: "review",
      });
    }
  });
}

const lastResponse = () => h.slack.responses.at(-1)?.body;

describe("retune", () => {
  it("an admin's preview changes nothing until Apply; a non-admin's Apply is refused; Apply changes the next decision", async () => {
    h = await startHarness();
    await seedLabels(160);
    await h.message({ ts: "1700001001.000100", text: "Our webhook is acting weird" });
    await h.settle();
    expect((await h.table("classifications")).at(-1)).toMatchObject({
      decision: "review",
      topCategory: "api",
    });

    const preview = await h.command("retune", ADMIN);
    expect(preview.response_type).toBe("ephemeral");
    const report = text(preview);
    expect(report).toContain("Retune preview — set #1");
    expect(report).toMatch(/api\s+\d+\s+0\s+0\.\d{3}\s+0\.80 → 0\.\d\d/);
    expect(report).toContain("Coverage on labelled messages:* before");
    expect(report).toContain('"action_id":"retune_apply"');
    expect(report).toContain('"action_id":"retune_cancel"');
    expect(await activeThresholdSet(h.bot.store)).toBeNull();

    await h.click({ userId: PERSON, actionId: "retune_apply", value: "1" });
    expect(lastResponse()).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(lastResponse().text).toContain("Only the triage admins");
    expect(await activeThresholdSet(h.bot.store)).toBeNull();

    await h.click({ userId: ADMIN, actionId: "retune_apply", value: "1" });
    expect(lastResponse()).toMatchObject({ replace_original: true });
    expect(JSON.stringify(lastResponse().blocks)).toContain(`Set #1 applied by <@${ADMIN}>`);
    expect(JSON.stringify(lastResponse().blocks)).not.toContain("retune_apply");
    expect((await activeThresholdSet(h.bot.store))?.set.id).toBe(1);
    await h.click({ userId: ADMIN, actionId: "retune_apply", value: "1" });
    expect(JSON.stringify(lastResponse().blocks)).toContain("already in force");
    expect(await h.table("thresholdActivations")).toHaveLength(1);

    // The same kind of message, no restart: now routed, under set #1.
    await h.message({ ts: "1700001001.000200", text: "Our webhook is acting weird again" });
    await h.settle();
    expect((await h.table("classifications")).at(-1)).toMatchObject({
      decision: "route",
      topCategory: "api",
      thresholdSetId: 1,
    });
    expect(h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0API00001")).toHaveLength(
      1,
    );
    expect(text(await h.command("thresholds", PERSON))).toContain("set #1, applied by <@U0ADMIN001>");
  });

  it("retune apply, history and rollback; Cancel leaves everything as it was", async () => {
    h = await startHarness();
    await seedLabels(160);
    expect(text(await h.command("retune apply", ADMIN))).toContain(`Set #1 applied by <@${ADMIN}>`);
    await h.command("retune", ADMIN);
    await h.click({ userId: ADMIN, actionId: "retune_cancel", value: "2" });
    expect(JSON.stringify(lastResponse().blocks)).toContain(`Cancelled by <@${ADMIN}>; nothing changed.`);
    expect((await activeThresholdSet(h.bot.store))?.set.id).toBe(1);
    expect(text(await h.command("retune apply", ADMIN))).toContain("Set #3 applied");
    expect((await h.command("rollback 1", ADMIN)).text).toContain("Rolled back to set #1");
    expect(await activeThresholdSet(h.bot.store)).toMatchObject({ set: { id: 1 }, action: "rollback" });
    const history = text(await h.command("history", PERSON));
    expect(history).toMatch(
      /rolled back to set \*#1\* by <@U0ADMIN001>.*set \*#3\* applied.*set \*#1\* applied/s,
    );
  });

  it("rollback returns only to a set that was in force: a preview nobody applied is refused", async () => {
    h = await startHarness();
    await seedLabels(160);
    await h.command("retune", ADMIN);
    const refused = (await h.command("rollback 1", ADMIN)).text;
    expect(refused).toContain("Nothing was changed: set #1 was never applied");
    expect(await h.table("thresholdActivations")).toEqual([]);
    // The same set, once applied and then replaced, is one to return to.
    await h.click({ userId: ADMIN, actionId: "retune_apply", value: "1" });
    expect(text(await h.command("retune apply", ADMIN))).toContain("Set #2 applied");
    expect((await h.command("rollback 1", ADMIN)).text).toContain("Rolled back to set #1");
    expect(await activeThresholdSet(h.bot.store)).toMatchObject({ set: { id: 1 }, action: "rollback" });
  });

  it("rollback to a preview that certifies nothing, by command or a crafted Home button, changes nothing", async () => {
    h = await startHarness();
    await seedLabels(6);
    await h.command("retune", ADMIN);
    expect((await h.command("rollback 1", ADMIN)).text).toContain("set #1 was never applied");
    await h.sender.form(homeButton({ userId: ADMIN, actionId: HOME_ACTIONS.rollback, value: "1" }));
    await h.settle();
    expect(await h.table("thresholdActivations")).toEqual([]);
    expect(await activeThresholdSet(h.bot.store)).toBeNull();
  });

  it("with too few labels nothing is certified, and nothing is applied", async () => {
    h = await startHarness();
    await seedLabels(6);
    const preview = text(await h.command("retune", ADMIN));
    expect(preview).toContain("Nothing was applied");
    expect(preview).not.toContain("retune_apply");
    expect(text(await h.command("retune apply", ADMIN))).toContain("Nothing was applied");
    expect(await activeThresholdSet(h.bot.store)).toBeNull();
  });
});
