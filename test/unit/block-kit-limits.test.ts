/** The Block Kit validator every block test uses must itself catch each limit. */
import { describe, expect, it } from "vitest";
import { blockKitProblems, viewProblems } from "../support/block-kit.js";

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const button = (action_id: string, text = "Go") => ({
  type: "button",
  action_id,
  text: { type: "plain_text", text },
});

describe("blockKitProblems", () => {
  it("passes a payload within the limits", () => {
    expect(
      blockKitProblems(
        "message",
        [section("hi"), { type: "actions", elements: [button("a"), button("b")] }],
        "hi",
      ),
    ).toEqual([]);
  });

  it.each([
    [
      "51 blocks in a message",
      "message",
      Array.from({ length: 51 }, () => ({ type: "divider" })),
      /51 blocks \(max 50/,
    ],
    [
      "101 blocks in a Home tab",
      "home",
      Array.from({ length: 101 }, () => ({ type: "divider" })),
      /101 blocks \(max 100/,
    ],
    ["section text over 3000", "home", [section("x".repeat(3001))], /section text is 3001 characters/],
    [
      "header over 150",
      "home",
      [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }],
      /header text is 151/,
    ],
    [
      "mrkdwn header",
      "home",
      [{ type: "header", text: { type: "mrkdwn", text: "h" } }],
      /plain_text text object/,
    ],
    [
      "button text over 75",
      "home",
      [{ type: "actions", elements: [button("a", "b".repeat(76))] }],
      /button text is 76/,
    ],
    [
      "action_id over 255",
      "home",
      [{ type: "actions", elements: [button("a".repeat(256))] }],
      /action_id is 256/,
    ],
    [
      "duplicate action_id across blocks",
      "home",
      [
        { type: "actions", elements: [button("same")] },
        { type: "section", text: { type: "mrkdwn", text: "x" }, accessory: button("same") },
      ],
      /action_id 'same' already used at blocks\[0\]\.elements\[0\]/,
    ],
    ["empty section", "home", [{ type: "section" }], /section needs text or fields/],
    ["unknown block", "home", [{ type: "sektion" }], /unknown block type sektion/],
    ["blocks without top-level text", "message", [section("hi")], /needs top-level text/],
  ] as const)("flags %s", (_name, surface, blocks, problem) => {
    const problems = blockKitProblems(
      surface,
      blocks,
      surface === "message" && _name !== "blocks without top-level text" ? "t" : undefined,
    );
    expect(problems.join("\n")).toMatch(problem);
  });

  it("checks a view's own fields too", () => {
    const modal = {
      type: "modal",
      title: { type: "plain_text", text: "Retune preview" },
      blocks: [section("x")],
    };
    expect(viewProblems(modal)).toEqual([]);
    expect(
      viewProblems({ ...modal, title: { type: "plain_text", text: "A title far too long for Slack" } })[0],
    ).toMatch(/view\.title: needs plain_text of 1–24/);
    expect(viewProblems({ ...modal, submit: { type: "plain_text", text: "" } })[0]).toMatch(/view\.submit/);
    expect(viewProblems({ ...modal, private_metadata: "x".repeat(3001) })).toContain(
      "view.private_metadata: over 3000",
    );
    expect(
      viewProblems({ type: "home", blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) })[0],
    ).toMatch(/101 blocks/);
  });
});
