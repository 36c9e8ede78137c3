/**
 * The insight surfaces over the wire, against the real Bolt receiver, the fake Slack and the fake LLM:
 * App Home (everyone / admins, retune preview modal, rollback), the retune charts uploaded with
 * files.uploadV2's three steps, `/triage insights`, and stale-review reminders with a fake clock.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackCall, Wire } from "../../dev/fakes/fake-slack.js";
import { appHomeOpened, homeButton, viewSubmission } from "../../dev/fakes/home-requests.js";
import { slashCommand } from "../../dev/fakes/slack-requests.js";
import { countInk, decodePng } from "../../dev/png.js";
import { activeThresholdSet } from "../../src/store/queries/threshold-sets.js";
import { expectValidBlocks, expectValidView } from "../support/block-kit.js";
import {
  ADMIN,
  AGENT,
  exampleConfig,
  type Harness,
  PERSON,
  REVIEW,
  SUPPORT,
  startHarness,
} from "../support/bot-harness.js";
import { seedMessage } from "../support/seed.js";
import { until } from "../support/until.js";

let h: Harness;
afterEach(async () => h?.stop());

const MINUTE = 60_000;
const text = (blocks: unknown) => JSON.stringify(blocks);

async function openHome(userId: string): Promise<SlackCall> {
  const before = h.slack.callsTo("views.publish").length;
  await h.sender.json(appHomeOpened(userId));
  await until(() => h.slack.callsTo("views.publish").length > before);
  return h.slack.callsTo("views.publish").at(-1) as SlackCall;
}

/** Labels under the bot's prompt: API messages scored 0.55–0.79 that were all API, confident billing ones. */
async function seedLabels(count: number): Promise<void> {
  await h.bot.store.tx(async (s) => {
    for (let i = 0; i < count; i++) {
      const api = i % 2 === 0;
      const p = api ? 0.55 + 0.24 * ((i * 0.618) % 1) : 0.95;
      await seedMessage(s, {
        ts: `1600000000.${String(i).padStart(6, "0")}`,
        text: api ? "webhook trouble" : "charged twice",
        probs: api ? { api: p, bug: 0.9 - p, billing: 0.03 } : { billing: p, api: 0.01 },
        other: api ? 0.07 : 0.04,
        // All sent to review and labelled there, as under auto_route: certified: labels the tuner counts.
        decision: "review",
        labels: [["U0AGENT001", api ? "api" : "billing"]],
        fingerprint: h.bot.promptFingerprint,
        at: Date.now() - 10 * 86_400_000,
        resolvedAt: Date.now() - 10 * 86_400_000,
      });
    }
  });
}

async function threeMessages(): Promise<void> {
  await h.message({ ts: "1700002001.000100", text: "We were charged twice" });
  await h.message({ ts: "1700002001.000200", text: "Our webhook is acting weird" });
  await h.message({ ts: "1700002001.000300", text: "Lunch?" });
  await h.settle();
}

describe("App Home", () => {
  it("shows everyone today's volume and the review queue, oldest first with links; admins also thresholds and buttons", async () => {
    h = await startHarness();
    await threeMessages();

    const person = await openHome(PERSON);
    expect(person.args.user_id).toBe(PERSON);
    expect(person.args.view.type).toBe("home");
    expectValidView(person.args.view);
    const seen = text(person.args.view.blocks);
    expect(seen).toContain(
      "*3* messages today (since 00:00 UTC) · *1* routed (33%) · *2* sent to review (67%)",
    );
    expect(seen).toContain(`*Review queue* — 2 waiting in <#${REVIEW}>, oldest first`);
    const webhook = seen.indexOf(
      `<https://fake.slack.test/archives/${SUPPORT}/p1700002001000200|“Our webhook is acting weird”>`,
    );
    const lunch = seen.indexOf(`<https://fake.slack.test/archives/${SUPPORT}/p1700002001000300|“Lunch?”>`);
    expect(webhook).toBeGreaterThan(0);
    expect(lunch).toBeGreaterThan(webhook);
    expect(seen).toContain("best guess API and integrations 62%");
    expect(seen).toContain("mostly none of our areas (other");
    expect(seen).not.toContain("Thresholds (admins)");
    expect(seen).not.toContain("home_retune_preview");

    const admin = await openHome(ADMIN);
    expectValidView(admin.args.view);
    const adminText = text(admin.args.view.blocks);
    expect(adminText).toContain("Thresholds (admins)");
    expect(adminText).toContain("The config file's thresholds are in force");
    expect(adminText).toMatch(/billing\s+0\.80\s+0\s+–/);
    expect(adminText).toContain("*Last retune:* none yet.");
    expect(adminText).toContain('"action_id":"home_retune_preview"');
    expect(adminText).not.toContain("home_rollback");
  });

  it("retune preview opens a modal, Apply puts the set in force (admins only), and rollback returns to the previous set", async () => {
    h = await startHarness();
    await seedLabels(160);

    await h.sender.form(homeButton({ userId: PERSON, actionId: "home_retune_preview", value: "preview" }));
    const refused = await h.slack.waitFor("views.open");
    expectValidView(refused.args.view);
    expect(text(refused.args.view.blocks)).toContain("Only the triage admins");
    expect(await h.table("thresholdSets")).toEqual([]);

    await h.sender.form(homeButton({ userId: ADMIN, actionId: "home_retune_preview", value: "preview" }));
    // The modal opens at once (Slack's trigger_id lasts 3 s) and is filled in when the report is ready.
    await until(() => h.slack.callsTo("views.open").length === 2);
    expect(text(h.slack.callsTo("views.open")[1]?.args.view.blocks)).toContain(
      "Working out the retune report",
    );
    const update = await h.slack.waitFor("views.update");
    expect(String(update.args.view_id)).toMatch(/^V0MODAL/);
    const modal = update.args.view as Wire;
    expect(modal).toMatchObject({
      type: "modal",
      callback_id: "retune_apply_modal",
      private_metadata: "1",
      submit: { text: "Apply set #1" },
    });
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expectValidView(modal);
    expect(text(modal.blocks)).toContain("Retune preview — set #1");

    const forged = await h.sender.form(
      viewSubmission({ userId: PERSON, callbackId: "retune_apply_modal", privateMetadata: "1" }),
    );
    expect(text(((await forged.json()) as Wire).view.blocks)).toContain("Only the triage admins");
    expect(await activeThresholdSet(h.bot.store)).toBeNull();

    const publishes = h.slack.callsTo("views.publish").length;
    const applied = await h.sender.form(
      viewSubmission({ userId: ADMIN, callbackId: "retune_apply_modal", privateMetadata: "1" }),
    );
    const ack = (await applied.json()) as Wire;
    expect(ack.response_action).toBe("update");
    expect(text(ack.view.blocks)).toContain("Set #1 applied");
    expect(await activeThresholdSet(h.bot.store)).toMatchObject({
      set: { id: 1 },
      activatedBy: ADMIN,
      action: "apply",
    });
    await until(() => h.slack.callsTo("views.publish").length > publishes);
    const refreshed = h.slack.callsTo("views.publish").at(-1) as SlackCall;
    expect(refreshed.args.user_id).toBe(ADMIN);
    const home = text(refreshed.args.view.blocks);
    expect(home).toContain(`*Set #1 in force* — applied by <@${ADMIN}>`);
    expect(home).toMatch(/api\s+0\.\d\d\s+80\s+9\d%\*?/);
    expect(home).toMatch(/billing\s+0\.\d\d\s+80\s+9\d%\*?/);
    expect(home).toContain("in force");

    // A second set, applied from the modal too; then Home offers to roll back to #1.
    await h.sender.form(homeButton({ userId: ADMIN, actionId: "home_retune_preview", value: "preview" }));
    await until(() => h.slack.callsTo("views.update").length === 2);
    await h.sender.form(
      viewSubmission({ userId: ADMIN, callbackId: "retune_apply_modal", privateMetadata: "2" }),
    );
    const withRollback = await openHome(ADMIN);
    expectValidView(withRollback.args.view);
    expect(text(withRollback.args.view.blocks)).toContain("Roll back to set #1");

    await h.sender.form(homeButton({ userId: PERSON, actionId: "home_rollback", value: "1" }));
    await until(() => h.slack.callsTo("views.publish").at(-1)?.args.user_id === PERSON);
    expect((await activeThresholdSet(h.bot.store))?.set.id).toBe(2);

    const before = h.slack.callsTo("views.publish").length;
    await h.sender.form(homeButton({ userId: ADMIN, actionId: "home_rollback", value: "1" }));
    await until(() => h.slack.callsTo("views.publish").length > before);
    expect(await activeThresholdSet(h.bot.store)).toMatchObject({ set: { id: 1 }, action: "rollback" });
    expect(text(h.slack.callsTo("views.publish").at(-1)?.args.view.blocks)).toContain(
      `*Set #1 in force* — rolled back to by <@${ADMIN}>`,
    );
    expect(await h.table("thresholdActivations")).toHaveLength(3);
  });
});

describe("retune charts in Slack", () => {
  it("/triage retune posts both charts to the channel it ran in, through the three-step upload", async () => {
    h = await startHarness();
    await seedLabels(160);
    const responseUrl = h.slack.responseUrl();
    const res = await h.sender.form(
      slashCommand({ text: "retune", userId: ADMIN, responseUrl, channelId: "C0OPS00001" }),
    );
    // Acknowledged at once; the report comes through the response_url.
    expect(((await res.json()) as Wire).text).toContain("Working out the retune report");
    await until(() => h.slack.responses.some((r) => r.path === new URL(responseUrl).pathname));
    const reply = h.slack.responses.find((r) => r.path === new URL(responseUrl).pathname)?.body as Wire;
    expect(text(reply.blocks)).toContain("Retune preview — set #1");
    expectValidBlocks("message", reply.blocks, reply.text);

    const complete = await h.slack.waitFor("files.completeUploadExternal");
    const steps = h.slack.calls.map((c) => c.method).filter((m) => m.startsWith("files."));
    expect(steps).toEqual([
      "files.getUploadURLExternal",
      "files.getUploadURLExternal",
      "files.completeUploadExternal",
    ]);
    expect(complete.args.channel_id).toBe("C0OPS00001");
    expect(complete.args.initial_comment).toContain("Retune charts for set #1 (160 labels");
    expect(complete.response).toMatchObject({ ok: true });
    const uploads = h.slack.uploads;
    expect(complete.args.files.map((f: { id: string }) => f.id)).toEqual(uploads.map((u) => u.fileId));
    expect(uploads.map((u) => u.filename)).toEqual([
      "retune-set-1-risk-coverage.png",
      "retune-set-1-reliability.png",
    ]);
    const sizes = uploads.map((u) => {
      expect(u.bytes?.length).toBe(u.length);
      const png = decodePng(u.bytes as Buffer);
      expect(countInk(png)).toBeGreaterThan(50_000);
      return [png.width, png.height];
    });
    expect(sizes).toEqual([
      [1600, 1000],
      [1600, 1120],
    ]);
  });

  it("tells the admin how to fix it when the charts cannot be posted there", async () => {
    h = await startHarness();
    await seedLabels(160);
    h.slack.failNext("files.completeUploadExternal", { error: "not_in_channel" });
    await h.sender.form(
      slashCommand({
        text: "retune",
        userId: ADMIN,
        responseUrl: h.slack.responseUrl(),
        channelId: "C0OPS00001",
      }),
    );
    await until(() => h.slack.responses.some((r) => String(r.body?.text).includes("could not be posted")));
    const told = h.slack.responses.find((r) => String(r.body?.text).includes("could not be posted"))?.body;
    expect(told.response_type).toBe("ephemeral");
    expect(told.text).toContain("could not be posted here (not_in_channel)");
    expect(told.text).toContain("/invite @triage");
  });
});

describe("/triage insights", () => {
  it("lists the stray tokens and the 'other' messages grouped by the word the model leaned to", async () => {
    h = await startHarness({
      answer: (message): { dist: Record<string, number> } =>
        /parcel|delivery/i.test(message)
          ? { dist: { "0": 0.45, Shipping: 0.3, "4": 0.05 } }
          : { dist: { "1": 0.95, "3": 0.02 } },
    });
    await h.message({ ts: "1700003001.000100", text: "Where is my parcel?" });
    await h.message({ ts: "1700003001.000200", text: "Delivery address change please" });
    await h.message({ ts: "1700003001.000300", text: "We were charged twice" });
    await h.settle();
    await h.react({ user: AGENT, reaction: "x", channel: SUPPORT, ts: "1700003001.000200" });
    await h.settle();

    const reply = await h.command("insights", PERSON);
    expect(reply.response_type).toBe("ephemeral");
    expectValidBlocks("message", reply.blocks, reply.text);
    const shown = text(reply.blocks);
    expect(reply.text).toContain('2 of 3 messages ended up as "other"');
    expect(shown).toMatch(/“Shipping”\s+2\s+2\s+0\.60\s+30%/);
    expect(shown).toContain('Besides: \\"none of these\\" took 0.90 in 2 messages');
    expect(shown).toContain("*“Shipping”* — 2 messages");
    expect(shown).toContain(
      `<https://fake.slack.test/archives/${SUPPORT}/p1700003001000200|“Delivery address change please”> (labelled other)`,
    );
    expect(shown).toContain(
      `<https://fake.slack.test/archives/${SUPPORT}/p1700003001000100|“Where is my parcel?”> (other`,
    );
    expect(shown).not.toContain("charged twice");
  });
});

describe("stale-review reminders", () => {
  const nudges = async () => (await h.table("slackPosts")).filter((p) => p.kind === "nudge");
  const reminders = () =>
    h.slack.callsTo("chat.postMessage").filter((c) => String(c.args.text).includes("waiting in review"));

  it("reminds once per message after the configured wait, never twice (even after a restart)", async () => {
    let now = Date.now();
    h = await startHarness({
      config: exampleConfig({ review_nudge: { after_minutes: 60 } }),
      clock: () => now,
      nudgeIntervalMs: 3_600_000,
    });
    await threeMessages();
    expect(await h.bot.nudger?.tick()).toBe(0);

    now += 61 * MINUTE;
    expect(await h.bot.nudger?.tick()).toBe(2);
    const [post] = reminders();
    expect(post?.args.channel).toBe(REVIEW);
    expect(post?.args.text).toBe("2 messages waiting in review for more than 1 h");
    expectValidBlocks("message", post?.args.blocks, post?.args.text);
    const cards = (await h.table("slackPosts")).filter((p) => p.kind === "review_card");
    for (const card of cards) {
      expect(text(post?.args.blocks)).toContain(
        `https://fake.slack.test/archives/${REVIEW}/p${card.ts?.replace(".", "")}`,
      );
    }
    expect((await nudges()).map((n) => [n.status, n.ts, n.channelId])).toEqual([
      ["done", post?.response.ts, REVIEW],
      ["done", post?.response.ts, REVIEW],
    ]);

    expect(await h.bot.nudger?.tick()).toBe(0);
    // A reaction on the reminder (it lists several messages) labels none of them.
    await h.react({ user: AGENT, reaction: "white_check_mark", channel: REVIEW, ts: post?.response.ts });
    await h.settle();
    expect(await h.table("feedback")).toEqual([]);
    await h.restart();
    now += 120 * MINUTE;
    expect(await h.bot.nudger?.tick()).toBe(0);

    await h.message({ ts: "1700002001.000400", text: "Lunch again?" });
    await h.settle();
    // The card is stamped with the wall clock when it is posted.
    now = Date.now() + 30 * MINUTE;
    expect(await h.bot.nudger?.tick()).toBe(0);
    now = Date.now() + 61 * MINUTE;
    expect(await h.bot.nudger?.tick()).toBe(1);
    expect(reminders()).toHaveLength(2);
    expect(reminders()[1]?.args.text).toBe("1 message waiting in review for more than 1 h");
    expect(await nudges()).toHaveLength(3);
  });

  it("counts working time only and never reminds outside business hours", async () => {
    let now = Date.now();
    h = await startHarness({
      config: exampleConfig({
        review_nudge: {
          after_minutes: 60,
          business_hours: { days: [1, 2, 3, 4, 5], start_hour: 9, end_hour: 17, time_zone: "UTC" },
        },
      }),
      clock: () => now,
      nudgeIntervalMs: 3_600_000,
    });
    await h.message({ ts: "1700002001.000300", text: "Lunch?" });
    await h.settle();
    // The card went up on Friday 2025-03-07 at 16:30 UTC.
    await h.query(({ db, t }) =>
      db
        .update(t.slackPosts)
        .set({ updatedAt: Date.parse("2025-03-07T16:30:00Z") })
        .where(eq(t.slackPosts.kind, "review_card")),
    );
    now = Date.parse("2025-03-08T12:00:00Z"); // Saturday
    expect(await h.bot.nudger?.tick()).toBe(0);
    now = Date.parse("2025-03-10T09:20:00Z"); // Monday: 30 + 20 minutes of working time
    expect(await h.bot.nudger?.tick()).toBe(0);
    // Monday 17:30: eight and a half working hours, but the team has gone home. (Each tick reads the
    // clock afresh, so it may be set later and then back.)
    now = Date.parse("2025-03-10T17:30:00Z");
    expect(await h.bot.nudger?.tick()).toBe(0);
    now = Date.parse("2025-03-10T09:30:00Z");
    expect(await h.bot.nudger?.tick()).toBe(1);
    expect(reminders()[0]?.args.text).toBe("1 message waiting in review for more than 1 h of working time");
  });

  it("is off unless review_nudge is configured", async () => {
    h = await startHarness();
    expect(h.bot.nudger).toBeNull();
  });
});
