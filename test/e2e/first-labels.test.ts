/**
 * Issue 10's case, over the wire: a new team's first 100 labels — reactions on messages the bot sent to
 * review: 40 billing messages at p = 0.70 labelled billing, 40 login messages at 0.70 labelled login, 20
 * messages whose top area is api at 0.45 labelled billing — then `/triage retune apply` at 90% / 90%.
 * The set certifies a threshold at or below 0.70, and the next billing message at 0.72 routes.
 */
import { afterEach, expect, it } from "vitest";
import {
  ADMIN,
  exampleConfig,
  type Harness,
  type Reply,
  SUPPORT,
  startHarness,
} from "../support/bot-harness.js";

let h: Harness;
afterEach(async () => h?.stop());

const AGENT = "U0AGENT001";

it("100 first labels certify ≤ 0.70 at 90% / 90%, and a billing message at 0.72 then routes", async () => {
  h = await startHarness({
    config: exampleConfig({ target_precision: 0.9, confidence: 0.9 }),
    answer: (text): Reply => {
      if (text.startsWith("invoice")) return { dist: { "1": 0.7, "3": 0.1 } };
      if (text.startsWith("login")) return { dist: { "2": 0.7, "4": 0.1 } };
      if (text.startsWith("odd")) return { dist: { "3": 0.45, "1": 0.4 } };
      return { dist: { "1": 0.72, "3": 0.1 } };
    },
  });
  const kinds = [
    ...Array.from({ length: 40 }, () => ["invoice", "one"]),
    ...Array.from({ length: 40 }, () => ["login", "two"]),
    ...Array.from({ length: 20 }, () => ["odd", "one"]),
  ];
  for (const [i, [kind]] of kinds.entries()) {
    await h.message({ ts: `1700014001.${String(i).padStart(6, "0")}`, text: `${kind} question #${i}` });
  }
  await h.settle();
  // The config's 0.8 sent every one of them to review.
  expect(h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1")).toEqual([]);
  for (const [i, [, emoji]] of kinds.entries()) {
    await h.react({
      user: AGENT,
      reaction: emoji as string,
      channel: SUPPORT,
      ts: `1700014001.${String(i).padStart(6, "0")}`,
    });
  }
  await h.settle();
  expect((await h.table("feedback")).length).toBe(100);

  const reply = JSON.stringify(await h.command("retune apply", ADMIN));
  expect(reply).toContain("applied by");
  const [set] = await h.table("thresholdSets");
  const thresholds = set?.thresholds;
  const billing = thresholds?.categories.billing ?? thresholds?.default ?? null;
  expect(billing).not.toBeNull();
  expect(billing).toBeLessThanOrEqual(0.7);

  await h.message({ ts: "1700014002.000100", text: "a charge I do not recognise" });
  await h.settle();
  // (The labels themselves routed the labelled messages; this one the bot routes on its own.)
  const routed = h.slack
    .callsTo("chat.postMessage")
    .filter(
      (c) =>
        c.args.channel === "C0BILLING1" && JSON.stringify(c.args).includes("a charge I do not recognise"),
    );
  expect(routed).toHaveLength(1);
  expect(JSON.stringify(routed[0]?.args.blocks)).toContain("72% confident");
});
