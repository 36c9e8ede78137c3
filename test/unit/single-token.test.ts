import { describe, expect, it } from "vitest";
import {
  checkLabels,
  checkLabelsWith,
  encodingForModel,
  isReasoningModel,
  refuseReasoningModel,
} from "../../src/classify/single-token.js";
import { ClassifierError } from "../../src/errors.js";

const digits = (n: number) => [...Array.from({ length: n }, (_, i) => String(i + 1)), "0"];

describe("encodingForModel", () => {
  it.each([
    ["gpt-4o", "o200k_base"],
    ["gpt-4o-mini-2024-07-18", "o200k_base"],
    ["chatgpt-4o-latest", "o200k_base"],
    ["gpt-4.1-mini", "o200k_base"],
    ["gpt-4.5-preview", "o200k_base"],
    ["openai/gpt-4.1-nano", "o200k_base"],
    ["gpt-4", "cl100k_base"],
    ["gpt-4-turbo", "cl100k_base"],
    ["gpt-3.5-turbo", "cl100k_base"],
    ["gpt-35-turbo", "cl100k_base"], // Azure spelling
    ["Qwen/Qwen2.5-7B-Instruct", null],
    ["llama3.1:8b", null],
    ["gemma-3-4b", null],
  ])("%s → %s", (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });
});

describe("isReasoningModel", () => {
  it.each([
    ["o1", true],
    ["o1-mini", true],
    ["o3-mini", true],
    ["o4-mini-2025-04-16", true],
    ["gpt-5", true],
    ["gpt-5-mini", true],
    ["gpt-5.1-chat-latest", true],
    ["gpt-4o", false],
    ["gpt-4.1-mini", false],
    ["omni-moderation-latest", false],
    ["olmo-2", false],
    ["Qwen/Qwen2.5-7B-Instruct", false],
  ])("%s → %s", (model, reasoning) => {
    expect(isReasoningModel(model)).toBe(reasoning);
  });

  it("refuses a reasoning model with a clear, non-transient error", () => {
    expect(() => refuseReasoningModel("gpt-4.1-mini")).not.toThrow();
    try {
      refuseReasoningModel("o3-mini");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ClassifierError);
      expect((err as ClassifierError).transient).toBe(false);
      expect((err as Error).message).toMatch(/o3-mini is a reasoning model.*refuse logprobs/);
    }
  });
});

describe("checkLabels with the real tokenizer", () => {
  it.each([
    ["gpt-4.1-mini", digits(7), "o200k_base"],
    ["gpt-4o", digits(9), "o200k_base"],
    ["gpt-4", digits(9), "cl100k_base"],
    ["gpt-4.1-mini", [..."ABCDEFGHIJKLMNOPQRST", "0"], "o200k_base"],
  ])("%s accepts %j", async (model, labels, encoding) => {
    const r = await checkLabels(model, labels);
    expect(r).toMatchObject({ ok: true, encoding, problems: [] });
  });

  it("names a label that is two tokens", async () => {
    const r = await checkLabels("gpt-4o", ["1", " 2", "0"]);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['label " 2" is 2 tokens for gpt-4o, not 1']);
  });

  it("refuses 10+ digit labels: 1 is a prefix of 10", async () => {
    const r = await checkLabels("gpt-4.1-mini", digits(12));
    expect(r.ok).toBe(false);
    expect(r.problems).toContain('label "1" is a prefix of "10"');
  });

  it("refuses a reasoning model", async () => {
    const r = await checkLabels("o4-mini", digits(3));
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/reasoning model/);
  });
});

describe("checkLabelsWith for models without a known tokenizer", () => {
  it("accepts 1–9 without warnings", () => {
    expect(checkLabelsWith("Qwen/Qwen2.5-7B-Instruct", digits(9), null)).toEqual({
      ok: true,
      encoding: null,
      problems: [],
      warnings: [],
    });
  });

  it("warns when there are more than 9 digit labels", () => {
    const r = checkLabelsWith("Qwen/Qwen2.5-7B-Instruct", digits(10), null);
    expect(r.warnings[0]).toMatch(/more than 9 digit labels.*letters/);
  });

  it("warns above 15 options: the 20 top_logprobs may no longer show them all", () => {
    const letters = (n: number) => [..."ABCDEFGHIJKLMNOPQRST".slice(0, n), "0"];
    expect(checkLabelsWith("m", letters(15), null).warnings).toEqual([]);
    const r = checkLabelsWith("m", letters(16), null);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.stringMatching(/^16 options .*count as "other".*two stages/)]);
  });

  it("uses the tokenizer it is given", () => {
    const byChar = (s: string) => [...s].map((c) => c.charCodeAt(0));
    expect(checkLabelsWith("m", ["A", "BB"], byChar).problems).toEqual([
      'label "BB" is 2 tokens for m, not 1',
    ]);
  });
});
