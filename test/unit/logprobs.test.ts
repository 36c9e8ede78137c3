import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { completionBody } from "../../dev/fakes/fake-openai.js";
import {
  entryProbability,
  entryText,
  firstTokenLogprobs,
  normalizeToken,
  scoreEntries,
  type TopLogprob,
} from "../../src/classify/logprobs.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/llm", import.meta.url));
const fixture = (name: string): unknown => JSON.parse(readFileSync(`${FIXTURES}/${name}`, "utf8"));
const sseChunks = (name: string): unknown[] =>
  readFileSync(`${FIXTURES}/${name}`, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("data: "))
    .map((l) => JSON.parse(l.slice("data: ".length)));

const DIGITS = new Map(Array.from({ length: 9 }, (_, i) => [String(i + 1), `c${i + 1}`]));
const entries = (body: unknown): TopLogprob[] => {
  const first = firstTokenLogprobs(body);
  if (first.kind !== "ok") throw new Error(`expected logprobs, got ${first.kind}`);
  return first.entries;
};
const e = Math.exp;

describe("normalizeToken", () => {
  it.each([
    ["1", "1"],
    [" 1", "1"],
    ["\u25811", "1"], // ▁ SentencePiece
    ["\u01201", "1"], // Ġ byte-level BPE
    ["1 ", "1"],
    ["1\n", "1"],
    ["  1", " 1"], // only ONE leading marker is stripped
    ["1.", "1."],
    ["E\u0301", "\u00c9"], // NFC
    ["", ""],
    [" ", ""],
  ])("%j → %j", (raw, normalized) => {
    expect(normalizeToken(raw)).toBe(normalized);
  });
});

describe("entryText", () => {
  it.each([
    [{ token: "x", bytes: [49] }, "1"], // bytes win when they disagree
    [{ token: "1", bytes: [] }, "1"], // empty bytes → token
    [{ token: "1", bytes: null }, "1"],
    [{ token: "<|end|>", bytes: null }, "<|end|>"],
    [{ token: "\u0120Hello", bytes: [196, 160, 72, 101, 108, 108, 111] }, "\u0120Hello"], // lmdeploy
    [{ bytes: [32, 209, 137] }, " щ"],
  ] as [TopLogprob, string][])("%j → %j", (entry, text) => {
    expect(entryText(entry)).toBe(text);
  });
});

describe("entryProbability", () => {
  it.each([
    [0, 1],
    [Math.log(0.25), 0.25],
    [1e-7, 1], // rounding above 0 never gives p > 1
    [-9999, 0],
    [-10000, 0],
    [Number.NEGATIVE_INFINITY, 0],
    [null, 0],
    [undefined, 0],
    [Number.NaN, 0],
  ])("%d → %d", (logprob, p) => {
    expect(entryProbability(logprob)).toBeCloseTo(p, 12);
  });
});

describe("firstTokenLogprobs", () => {
  const choice = (logprobs: unknown) => ({ choices: [{ index: 0, message: { content: "1" }, logprobs }] });
  it.each([
    ["no logprobs key", { choices: [{ index: 0, message: { content: "1" } }] }, "missing"],
    ["logprobs null", choice(null), "missing"],
    ["logprobs {}", choice({}), "empty"],
    ["content null", choice({ content: null, refusal: null }), "empty"],
    ["content []", choice({ content: [] }), "empty"],
    [
      "top_logprobs []",
      choice({ content: [{ token: "", logprob: -9999, bytes: [], top_logprobs: [] }] }),
      "empty",
    ],
    ["no choices", { error: { message: "x" } }, "no_choice"],
    ["not an object", "<html>", "no_choice"],
  ])("%s → %s", (_name, body, kind) => {
    expect(firstTokenLogprobs(body).kind).toBe(kind);
  });
});

describe("scoreEntries on the real fixture bodies", () => {
  it("OpenAI docs example: word labels merge, the rest is other", () => {
    const body = fixture("openai-chat-logprobs.json");
    const none = scoreEntries(entries(body), DIGITS);
    expect(none.other).toBe(1);
    expect(none.strayTokens).toEqual([
      { token: "Hello", p: e(-0.31725305) },
      { token: "Hi", p: e(-1.3190403) },
    ]);
    const greet = scoreEntries(
      entries(body),
      new Map([
        ["Hello", "greeting"],
        ["Hi", "greeting"],
      ]),
    );
    expect(greet.probs.greeting).toBeCloseTo(e(-0.31725305) + e(-1.3190403), 12);
    expect(greet.other).toBeCloseTo(1 - e(-0.31725305) - e(-1.3190403), 12);
  });

  it("vLLM: multi-digit tokens are not digit labels", () => {
    const r = scoreEntries(
      entries(fixture("vllm-chat-logprobs.json")),
      new Map([
        ["August", "month"],
        ["1", "one"],
      ]),
    );
    expect(r.probs).toEqual({ month: e(-2.8729025871143676e-5), one: 0 });
    expect(r.strayTokens.map((s) => s.token)).toEqual([]); // "H" and "195" are below 0.001
  });

  it('vLLM EOS chunk: duplicate "" entries are summed, never de-duplicated', () => {
    const r = scoreEntries(entries(fixture("vllm-chat-stream-chunk-eos-logprobs.json")), DIGITS);
    expect(r.other).toBe(1);
    expect(r.strayTokens).toHaveLength(1);
    expect(r.strayTokens[0]?.token).toBe("");
    expect(r.strayTokens[0]?.p).toBe(e(-2.264974000354414e-6) + e(-19.000001907348633));
  });

  it("llama.cpp: the <|channel> thinking token's mass stays in other", () => {
    const r = scoreEntries(entries(fixture("llamacpp-chat-logprobs.json")), DIGITS);
    expect(r.probs.c9).toBeCloseTo(e(-0.6476725935935974), 12);
    expect(r.probs.c1).toBeCloseTo(e(-8.024089813232422), 12);
    expect(r.other).toBeCloseTo(1 - e(-0.6476725935935974) - e(-8.024089813232422), 12);
    expect(r.other).toBeGreaterThan(0.47);
    expect(r.strayTokens).toEqual([{ token: "<|channel>", p: e(-0.7417793273925781) }]);
  });

  it("ik_llama.cpp SSE chunk: match by bytes, where the chosen entry's token and the list disagree", () => {
    const [, second] = sseChunks("llamacpp-ik-fork-chat-stream-logprobs.sse");
    const body = second as { choices: { logprobs: { content: TopLogprob[] } }[] };
    const chosen = body.choices[0]?.logprobs.content[0] as TopLogprob;
    expect(entryText(chosen)).toBe(" щ");
    const list = entries(second);
    expect(list[0]?.id).toBe(chosen.id);
    expect(entryText(list[0] as TopLogprob)).toBe("\ufffd"); // the same token id, a lone continuation byte
    const r = scoreEntries(list, DIGITS);
    const total = [
      -6.9141628955549095e-6, -12.885977745056152, -13.736960411071777, -13.885497093200684,
      -15.30589771270752,
    ]
      .map(e)
      .reduce((a, b) => a + b, 0);
    expect(r.strayTokens).toEqual([{ token: "\ufffd", p: total }]);
  });

  it("ik_llama.cpp SSE chunks 1 and 3: Cyrillic tokens are all other", () => {
    const [first, , third] = sseChunks("llamacpp-ik-fork-chat-stream-logprobs.sse");
    expect(scoreEntries(entries(first), DIGITS).strayTokens[0]?.token).toBe("овые");
    expect(scoreEntries(entries(third), DIGITS).strayTokens.map((s) => s.token)).toEqual(["ё", "еч"]);
  });
});

describe("scoreEntries rules", () => {
  const lp = (token: string, p: number, extra: Partial<TopLogprob> = {}): TopLogprob => ({
    token,
    logprob: Math.log(p),
    ...extra,
  });

  it("merges every spelling of a label", () => {
    const r = scoreEntries(
      [lp("1", 0.5), lp(" 1", 0.2), lp("\u25811", 0.1), lp("\u01201", 0.05), lp("2", 0.1)],
      DIGITS,
    );
    expect(r.probs.c1).toBeCloseTo(0.85, 12);
    expect(r.probs.c2).toBeCloseTo(0.1, 12);
    expect(r.other).toBeCloseTo(0.05, 12);
  });

  it("treats −9999, −Infinity and null as zero, and lists no zero strays", () => {
    const r = scoreEntries(
      [
        lp("1", 0.7),
        { token: "2", logprob: -9999 },
        { token: "3", logprob: null },
        { token: "x", logprob: -Infinity },
      ],
      DIGITS,
    );
    expect(r.probs.c2).toBe(0);
    expect(r.probs.c3).toBe(0);
    expect(r.other).toBeCloseTo(0.3, 12);
    expect(r.strayTokens).toEqual([]);
  });

  it("keeps other at 0 when rounding pushes the sum past 1", () => {
    expect(scoreEntries([lp("1", 0.7), lp(" 1", 0.6)], DIGITS).other).toBe(0);
  });

  it("lists the explicit 0 among strays, merged and sorted, top 10 with p ≥ 0.001", () => {
    const junk = Array.from({ length: 12 }, (_, i) => lp(`w${i}`, 0.01 + i * 0.001));
    const r = scoreEntries([lp("0", 0.2), lp(" 0", 0.05), lp("1", 0.5), lp("tiny", 0.0009), ...junk], DIGITS);
    expect(r.strayTokens).toHaveLength(10);
    expect(r.strayTokens[0]).toEqual({ token: "0", p: expect.closeTo(0.25, 12) });
    expect(r.strayTokens.map((s) => s.p)).toEqual([...r.strayTokens.map((s) => s.p)].sort((a, b) => b - a));
    expect(r.strayTokens.find((s) => s.token === "tiny")).toBeUndefined();
  });

  it("gives every category a probability, 0 when unseen", () => {
    expect(Object.keys(scoreEntries([lp("1", 1)], DIGITS).probs)).toHaveLength(9);
  });
});

describe("the fake server's wire shapes parse to the distribution they were built from", () => {
  it.each(["openai", "vllm", "llamacpp"] as const)("%s", (shape) => {
    const body = completionBody({ "1": 0.6, " 1": 0.1, "2": 0.15, "3": 0, "0": 0.05 }, shape, "m");
    const r = scoreEntries(entries(body), DIGITS);
    expect(r.probs.c1).toBeCloseTo(0.7, 12);
    expect(r.probs.c2).toBeCloseTo(0.15, 12);
    expect(r.probs.c3).toBe(0);
    expect(r.other).toBeCloseTo(0.15, 12);
    const visible = entries(body).reduce((s, x) => s + entryProbability(x.logprob), 0);
    expect(visible).toBeLessThan(1); // an unseen tail, as on real servers
  });
});
