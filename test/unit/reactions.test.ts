import { describe, expect, it } from "vitest";
import { normalizeReaction, reactionLabel } from "../../src/slack/reactions.js";

const seven = [
  "billing",
  "account_access",
  "api",
  "bug",
  "performance",
  "data_privacy",
  "feature_request",
].map((id, i) => ({ id, emoji: ["moneybag", "key", undefined, "bug", "turtle", "lock", "bulb"][i] }));
const ten = Array.from({ length: 10 }, (_, i) => ({ id: `c${i + 1}`, emoji: undefined }));

describe("reactionLabel", () => {
  it.each([
    ["one", seven, { kind: "label", label: "billing" }],
    ["seven", seven, { kind: "label", label: "feature_request" }],
    ["eight", seven, null], // no option 8 with seven categories
    ["keycap_ten", seven, null],
    ["keycap_ten", ten, { kind: "label", label: "c10" }],
    ["nine", ten, { kind: "label", label: "c9" }],
    ["zero", seven, { kind: "label", label: "other" }],
    ["x", seven, { kind: "label", label: "other" }],
    ["white_check_mark", seven, { kind: "confirm" }],
    ["heavy_check_mark", seven, { kind: "confirm" }],
    ["moneybag", seven, { kind: "label", label: "billing" }],
    ["bug", seven, { kind: "label", label: "bug" }],
    ["lock::skin-tone-3", seven, { kind: "label", label: "data_privacy" }],
    ["thumbsup", seven, null],
    ["+1::skin-tone-2", seven, null],
    ["ten", seven, null], // not a Slack keycap name
    ["eyes", seven, null],
  ] as const)(":%s: → %j", (name, categories, expected) => {
    expect(reactionLabel(name, categories)).toEqual(expected);
  });

  it("strips any skin tone suffix and nothing else", () => {
    expect(normalizeReaction("wave::skin-tone-6")).toBe("wave");
    expect(normalizeReaction("skin-tone-2")).toBe("skin-tone-2");
    expect(normalizeReaction("one")).toBe("one");
  });
});
