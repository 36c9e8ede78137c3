/**
 * What decides, over the wire: under `auto_route: certified` a fresh install routes nothing (every message
 * goes to review with the best guess on the card) until a certified set is applied; a set certified under
 * another prompt fingerprint stands aside — the config's thresholds (or review) decide again, the bot says
 * so, and that set's Apply button is refused.
 */
import { afterEach, describe, expect, it } from "vitest";
import { tune } from "../../src/decide/tune.js";
import { activateThresholdSet, saveThresholdSet } from "../../src/store/queries/threshold-sets.js";
import { ADMIN, exampleConfig, type Harness, REVIEW, startHarness } from "../support/bot-harness.js";
import { until } from "../support/until.js";

let h: Harness;
afterEach(async () => h?.stop());

const posts = (channel: string) =>
  h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
const text = (reply: { text?: string; blocks?: unknown } | null) => JSON.stringify(reply);

async function applySet(fingerprint: string, threshold: number): Promise<number> {
  const id = await saveThresholdSet(h.bot.store, {
    createdBy: ADMIN,
    targetPrecision: 0.95,
    confidence: 0.9,
    promptFingerprint: fingerprint,
    labelCount: 100,
    thresholds: { default: null, other: 0.3, categories: { billing: threshold } },
  });
  await activateThresholdSet(h.bot.store, { id, by: ADMIN, action: "apply" });
  return id;
}

describe("auto_route: certified", () => {
  it("a fresh install routes nothing: a confident message goes to review with its best guess, and says why", async () => {
    h = await startHarness({ config: exampleConfig({ auto_route: "certified" }) });
    await h.message({ ts: "1700013001.000100", text: "We were charged twice for the October invoice" });
    await h.settle();
    expect(posts("C0BILLING1")).toEqual([]);
    const [card] = posts(REVIEW);
    expect(JSON.stringify(card?.args.blocks)).toContain(
      "nothing is auto-routed until a retune certifies thresholds (best guess *Billing* 95%)",
    );
    expect(JSON.stringify(card?.args.blocks)).toContain('"action_id":"review_pick:billing"');
    expect((await h.table("classifications")).map((c) => [c.decision, c.reason])).toEqual([
      ["review", "uncertified"],
    ]);
    expect(text(await h.command("thresholds", ADMIN))).toContain("none yet: every message goes to review");
    expect(h.logs.some((l) => l.includes("auto_route: certified — nothing is auto-routed until"))).toBe(true);
    await until(() => h.logs.some((l) => l.includes("to certify: no labels yet")));
  });

  it("routes once a set certified under the current prompt is applied", async () => {
    h = await startHarness({ config: exampleConfig({ auto_route: "certified" }) });
    const id = await applySet(h.bot.promptFingerprint, 0.9);
    await h.message({ ts: "1700013002.000100", text: "We were charged twice" });
    await h.settle();
    expect(posts("C0BILLING1")).toHaveLength(1);
    expect((await h.table("classifications"))[0]).toMatchObject({ decision: "route", thresholdSetId: id });
  });
});

describe("a set certified under another prompt", () => {
  it("stands aside: the config's thresholds decide again, the bot says so, and its Apply is refused", async () => {
    h = await startHarness({ config: exampleConfig({ auto_route: "always" }) });
    // Certified under an older prompt, it would route billing from 0.99 up; under `always` the config's
    // 0.8 decides instead, so a 95% billing message routes.
    const stale = await applySet("fingerprint-of-an-older-prompt", 0.99);
    await h.message({ ts: "1700013003.000100", text: "We were charged twice" });
    await h.settle();
    expect(posts("C0BILLING1")).toHaveLength(1);
    expect((await h.table("classifications"))[0]).toMatchObject({ decision: "route", thresholdSetId: null });
    const shown = text(await h.command("thresholds", ADMIN));
    expect(shown).toContain(`Set #${stale} was certified under another prompt`);
    expect(shown).toContain("from the config file");

    await h.restart();
    expect(h.logs.some((l) => l.includes(`Set #${stale} was certified under another prompt`))).toBe(true);

    const other = await saveThresholdSet(h.bot.store, {
      createdBy: ADMIN,
      targetPrecision: 0.95,
      confidence: 0.9,
      promptFingerprint: "fingerprint-of-an-older-prompt",
      labelCount: 100,
      thresholds: { default: 0.7, other: 0.3, categories: {} },
      report: {
        ...tune([], {
          target: 0.95,
          confidence: 0.9,
          categories: h.config.categories.map((c) => c.id),
          current: h.config.thresholds,
        }),
        previous: h.config.thresholds,
      },
    });
    await h.click({ userId: ADMIN, actionId: "retune_apply", value: String(other) });
    await h.settle();
    const told = h.slack.responses.map((r) => JSON.stringify(r.body)).join("\n");
    expect(told).toContain(`set #${other} was certified under another prompt`);
  });
});
