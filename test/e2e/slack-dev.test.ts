import { afterEach, expect, it } from "vitest";
import { type Harness, SUPPORT, startHarness } from "../support/bot-harness.js";
import { stubClassifier } from "../support/stub-classifier.js";

let h: Harness;
afterEach(async () => h?.stop());

it("routes a confident message", async () => {
  const classifier = stubClassifier((t) =>
    t.includes("invoice") ? { billing: 0.95, api: 0.02 } : { billing: 0.4, api: 0.3 },
  );
  h = await startHarness({
    classifier,
    tune: () => {
      throw new Error("no");
    },
  });
  const res = await h.message({
    ts: "1700000001.000100",
    text: "We were charged twice for the October invoice",
  });
  expect(res.status).toBe(200);
  await h.settle();
  console.log(
    JSON.stringify(
      h.slack.calls.map((c) => [c.method, c.args.channel, c.args.text]),
      null,
      1,
    ),
  );
  console.log(h.logs.join("\n"));
  const res2 = await h.message({ ts: "1700000001.000200", text: "hmm something" });
  await h.settle();
  console.log(
    JSON.stringify(
      h.slack.calls.slice(-3).map((c) => [c.method, c.args.channel, c.args.blocks]),
      null,
      1,
    ),
  );
  expect(SUPPORT).toBe("C0SUPPORT1");
  expect(res2.status).toBe(200);
});
