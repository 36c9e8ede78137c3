import { describe, expect, it } from "vitest";
import {
  labelCategories,
  labelMap,
  labelStyle,
  NONE_LABEL,
  optionLabels,
} from "../../src/classify/labels.js";
import { exampleConfig } from "../support/config-fixture.js";

describe("labelStyle", () => {
  it.each([
    ["auto", 2, "digits"],
    ["auto", 9, "digits"],
    ["auto", 10, "letters"],
    ["auto", 20, "letters"],
    ["letters", 3, "letters"],
    ["digits", 9, "digits"],
  ] as const)("%s with %d categories → %s", (mode, count, style) => {
    expect(labelStyle(mode, count)).toBe(style);
  });
});

describe("optionLabels", () => {
  it.each([
    [3, "digits", ["1", "2", "3"]],
    [9, "digits", ["1", "2", "3", "4", "5", "6", "7", "8", "9"]],
    [3, "letters", ["A", "B", "C"]],
  ] as const)("%d %s → %j", (count, style, labels) => {
    expect(optionLabels(count, style)).toEqual(labels);
  });

  it("letters go up to T for the 20-category maximum", () => {
    expect(optionLabels(20, "letters").at(-1)).toBe("T");
  });

  it("never uses the none-of-these label for an option", () => {
    expect(optionLabels(9, "digits")).not.toContain(NONE_LABEL);
    expect(optionLabels(26, "letters")).not.toContain(NONE_LABEL);
  });

  it("refuses more letters than the alphabet", () => {
    expect(() => optionLabels(27, "letters")).toThrow(RangeError);
  });
});

describe("labelCategories", () => {
  it("numbers the options in config order, starting at 1", () => {
    const config = exampleConfig();
    const options = labelCategories(config);
    expect(options.map((o) => o.label)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(options.map((o) => o.category.id)).toEqual(config.categories.map((c) => c.id));
    expect(labelMap(options).get("1")).toBe("billing");
  });

  it("switches to letters when the config asks for them", () => {
    const options = labelCategories(exampleConfig({ option_labels: "letters" }));
    expect(labelMap(options).get("A")).toBe("billing");
    expect(labelMap(options).get("G")).toBe("feature_request");
  });
});
