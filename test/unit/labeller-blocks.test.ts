import { describe, expect, it } from "vitest";
import { tune } from "../../src/decide/tune.js";
import { retuneReportView } from "../../src/slack/views/commands.js";
import { forgetConfirmView, forgottenView, labellerTallyBlocks } from "../../src/slack/views/labellers.js";
import { expectValidBlocks } from "../support/block-kit.js";

const tally = {
  total: 41,
  people: 7,
  bySource: { review: 8, reaction: 30, audit: 3 },
  top: [
    { userId: "U1", labels: 20 },
    { userId: "U2", labels: 10 },
    { userId: "U3", labels: 5 },
    { userId: "U4", labels: 3 },
    { userId: "U5", labels: 1 },
  ],
};

describe("who taught it, in the retune report", () => {
  it("labels per source, the top five people and how many others, after the report and in its text", () => {
    const current = { default: 0.8, other: 0.3, categories: {} };
    const report = tune([], { target: 0.95, confidence: 0.9, categories: ["billing"], current });
    const view = retuneReportView({ setId: 3, report, current, withButtons: true, labellers: tally });
    expectValidBlocks("message", view.blocks, view.text);
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain(
      "*Who taught it* (under this prompt): 41 labels from 7 people — 30 reactions, 8 review clicks, 3 random-check clicks\\n<@U1> 20 · <@U2> 10 · <@U3> 5 · <@U4> 3 · <@U5> 1 · 2 other people",
    );
    // Appended after the report, before the buttons; the report without it is unchanged.
    expect(view.blocks.at(-1)?.type).toBe("actions");
    const without = retuneReportView({ setId: 3, report, current, withButtons: true });
    expect(view.blocks.slice(0, without.blocks.length - 1)).toEqual(without.blocks.slice(0, -1));
    expect(view.text).toBe(
      `${without.text} Labels from 7 people (most: <@U1> 20, <@U2> 10, <@U3> 5, <@U4> 3, <@U5> 1).`,
    );
  });

  it("says so when nobody has labelled under this prompt", () => {
    expect(JSON.stringify(labellerTallyBlocks({ total: 0, people: 0, bySource: {}, top: [] }))).toContain(
      "nobody yet, under this prompt",
    );
  });
});

describe("/triage labels forget views", () => {
  it("the confirmation names the person and the count on a danger button; nothing to forget has no buttons", () => {
    const view = forgetConfirmView({
      userId: "U0AGENT001",
      userName: "a".repeat(100),
      labels: { labels: 1, messages: 1, bySource: { review: 1 } },
    });
    expectValidBlocks("message", view.blocks, view.text);
    expect(JSON.stringify(view.blocks)).toContain(
      "*Forget 1 label by <@U0AGENT001>?* On 1 message: 1 review click.",
    );
    expect(
      forgetConfirmView({
        userId: "U0AGENT001",
        userName: null,
        labels: { labels: 0, messages: 0, bySource: {} },
      }),
    ).toEqual({ text: "<@U0AGENT001> has no labels to forget.", blocks: [] });
    const done = forgottenView({ userId: "U0AGENT001", count: 2, by: "U0ADMIN001" });
    expectValidBlocks("message", done.blocks, done.text);
    expect(done.text).toBe(":wastebasket: <@U0ADMIN001> took back 2 labels by <@U0AGENT001>.");
  });
});
