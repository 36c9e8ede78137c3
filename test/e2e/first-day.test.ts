/**
 * Day one in Slack, over the wire, under `auto_route: certified`: nothing routes; `/triage backfill 30`
 * reads last month's history, and its messages are labelled one click at a time in App Home's Labelling
 * section; when the labels first allow a
 * certificate the admins get one direct message with the report and Apply; once applied, the next
 * confident message routes.
 */
import { afterEach, expect, it } from "vitest";
import type { SlackCall } from "../../dev/fakes/fake-slack.js";
import { appHomeOpened, homeButton } from "../../dev/fakes/home-requests.js";
import { seedHistory } from "../../dev/fakes/slack-history.js";
import { slashCommand } from "../../dev/fakes/slack-requests.js";
import { ADMIN, exampleConfig, type Harness, startHarness } from "../support/bot-harness.js";
import { until } from "../support/until.js";

let h: Harness;
afterEach(async () => h?.stop());

const AGENT = "U0AGENT001";
const QUESTIONS = 120;

const lastHome = (user: string): SlackCall | undefined =>
  h.slack
    .callsTo("views.publish")
    .filter((c) => c.args.user_id === user)
    .at(-1);

interface ViewBlock {
  type: string;
  block_id?: string;
  elements?: { style?: string; value?: string }[];
}

function labellingButtons(call: SlackCall | undefined): { id: number; top: string } | null {
  const blocks = (call?.args.view?.blocks ?? []) as ViewBlock[];
  const block = blocks.find((b) => b.type === "actions" && b.block_id?.startsWith("label:"));
  const primary = block?.elements?.find((e) => e.style === "primary");
  if (!block?.block_id || !primary?.value) return null;
  return { id: Number(block.block_id.slice("label:".length)), top: String(primary.value.split("|")[1]) };
}

it("a fresh certified install routes nothing; labelling backfilled history in App Home brings the first certificate to the admins", async () => {
  h = await startHarness({
    config: exampleConfig({ auto_route: "certified" }),
    firstCertificateIntervalMs: 3_600_000,
  });
  await h.message({ ts: "1700015001.000100", text: "We were charged twice" });
  await h.settle();
  expect(h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1")).toEqual([]);
  seedHistory(h.slack, "C0SUPPORT1", {
    count: QUESTIONS,
    nowMs: Date.now(),
    days: 30,
    botUserId: String(h.slack.authTest.user_id),
    botId: String(h.slack.authTest.bot_id),
  });
  // An admin reads last month from the support channel; the bot says when the guesses are ready.
  const res = await h.sender.form(
    slashCommand({
      text: "backfill 30",
      userId: ADMIN,
      responseUrl: h.slack.responseUrl(),
      channelId: "C0SUPPORT1",
    }),
  );
  expect(JSON.stringify(await res.json())).toContain(
    "Reading the last 30 days of <#C0SUPPORT1> for labelling",
  );
  await until(
    () => h.slack.callsTo("chat.postMessage").some((c) => String(c.args.text).includes("best guesses ready")),
    15_000,
  );
  const done = h.slack
    .callsTo("chat.postMessage")
    .find((c) => String(c.args.text).includes("best guesses ready"));
  expect(String(done?.args.text)).toContain(`*${QUESTIONS} messages, best guesses ready*`);
  expect(String(done?.args.channel)).toMatch(/^D/);
  expect(await h.bot.firstCertificate.check()).toBe("not_yet");

  await h.sender.json(appHomeOpened(AGENT));
  await until(() => labellingButtons(lastHome(AGENT)) !== null);
  expect(JSON.stringify(lastHome(AGENT)?.args.view.blocks)).toContain(
    `0 of ${QUESTIONS} backfilled messages labelled`,
  );
  const seen = new Set<number>();
  for (let n = 0; n < QUESTIONS; n++) {
    const pick = labellingButtons(lastHome(AGENT));
    if (!pick) break;
    expect(seen.has(pick.id)).toBe(false);
    seen.add(pick.id);
    const publishes = h.slack.callsTo("views.publish").length;
    await h.sender.form(
      homeButton({ userId: AGENT, actionId: `home_label:${pick.top}`, value: `${pick.id}|${pick.top}` }),
    );
    await until(() => h.slack.callsTo("views.publish").length > publishes);
  }
  expect(seen.size).toBe(QUESTIONS);
  expect(JSON.stringify(lastHome(AGENT)?.args.view.blocks)).toContain("Every backfilled message has a label");
  const labels = await h.table("feedback");
  expect(labels).toHaveLength(QUESTIONS);
  expect(new Set(labels.map((l) => l.source))).toEqual(new Set(["import"]));
  // Labelling history posts nothing.
  expect(
    h.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel !== "C0REVIEW01" && !String(c.args.channel).startsWith("D")),
  ).toEqual([]);

  expect(await h.bot.firstCertificate.check()).toBe("sent");
  expect(await h.bot.firstCertificate.check()).toBe("already");
  const dms = h.slack
    .callsTo("chat.postMessage")
    .filter(
      (c) => String(c.args.channel).startsWith("D") && String(c.args.text).includes("first certificate"),
    );
  expect(dms).toHaveLength(1);
  expect(JSON.stringify(dms[0]?.args.blocks)).toContain("The labels now allow a first certificate");
  const dmBlocks = (dms[0]?.args.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[];
  const buttons = dmBlocks.flatMap((b) => b.elements ?? []);
  const setId = buttons.find((e) => e.action_id === "retune_apply")?.value;
  expect(setId).toBeDefined();

  await h.click({ userId: ADMIN, actionId: "retune_apply", value: String(setId) });
  await until(() => h.slack.responses.some((r) => JSON.stringify(r.body).includes("applied by")));
  await h.message({ ts: "1700015002.000100", text: "We were charged twice again" });
  await h.settle();
  expect(h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1")).toHaveLength(1);
});
