import { describe, expect, it } from "vitest";
import { classifyMany } from "../../src/classify/classify-many.js";
import type { Classification, Classifier } from "../../src/classify/types.js";
import type { LabelledMessage } from "../../src/data/labelled.js";
import { ClassifierError } from "../../src/errors.js";

const rows: LabelledMessage[] = Array.from({ length: 10 }, (_, i) => ({
  id: `m${i}`,
  text: `message ${i}`,
  label: "billing",
  line: i + 2,
}));

function classifier(answer: (text: string) => Promise<void>): Classifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    model: "m",
    promptFingerprint: "fp",
    calls,
    async classify(text: string): Promise<Classification> {
      calls.push(text);
      await answer(text);
      return {
        probs: { billing: 0.9 },
        other: 0.1,
        model: "m",
        promptFingerprint: "fp",
        strayTokens: [],
        latencyMs: 1,
      };
    },
  };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("classifyMany", () => {
  it("keeps at most `concurrency` requests in flight and reports a failed row without stopping", async () => {
    let inFlight = 0;
    let most = 0;
    const c = classifier(async (text) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tick();
      inFlight--;
      if (text === "message 4") throw new ClassifierError("server said 500", true);
    });
    const seen: number[] = [];
    const outcomes = await classifyMany(rows, c, { concurrency: 3, onOutcome: (_, done) => seen.push(done) });
    expect(most).toBe(3);
    expect(c.calls).toHaveLength(10);
    expect(outcomes.filter((o) => o.error).map((o) => o.item.id)).toEqual(["m4"]);
    expect(outcomes.map((o) => o.item.id)).toEqual(rows.map((r) => r.id));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("stops on a permanent error before anything succeeded", async () => {
    const c = classifier(async () => {
      throw new ClassifierError("401: bad key", false);
    });
    await expect(classifyMany(rows, c, { concurrency: 1 })).rejects.toThrow("401: bad key");
    expect(c.calls).toHaveLength(1);
  });

  it("stops when the first rows all fail, but not once one has succeeded", async () => {
    const down = classifier(async () => {
      throw new ClassifierError("cannot reach the endpoint", true);
    });
    await expect(classifyMany(rows, down, { concurrency: 1 })).rejects.toThrow(
      "the first 3 rows all failed: cannot reach the endpoint",
    );
    expect(down.calls).toHaveLength(3);
    const flaky = classifier(async (text) => {
      if (text !== "message 0") throw new ClassifierError("timeout", true);
    });
    const outcomes = await classifyMany(rows, flaky, { concurrency: 1 });
    expect(outcomes.filter((o) => o.error)).toHaveLength(9);
  });

  it("awaits onOutcome within the concurrency, and stops everything when it throws", async () => {
    let storing = 0;
    let most = 0;
    const c = classifier(async () => {});
    await expect(
      classifyMany(rows, c, {
        concurrency: 2,
        onOutcome: async (_, done) => {
          storing++;
          most = Math.max(most, storing);
          await tick();
          storing--;
          if (done === 3) throw new Error("database gone");
        },
      }),
    ).rejects.toThrow("database gone");
    expect(most).toBe(2);
    expect(c.calls.length).toBeLessThan(rows.length);
  });

  it("an aborted signal stops taking rows and cancels the calls in flight", async () => {
    const stop = new AbortController();
    const c: Classifier & { calls: string[] } = {
      ...classifier(async () => {}),
      calls: [],
      classify(text, signal) {
        c.calls.push(text);
        if (c.calls.length === 4) setImmediate(() => stop.abort());
        return new Promise((_, reject) =>
          signal?.addEventListener("abort", () => reject(new ClassifierError("aborted", true))),
        );
      },
    };
    const outcomes = await classifyMany(rows, c, { concurrency: 4, signal: stop.signal });
    expect(c.calls).toHaveLength(4);
    expect(outcomes.filter(Boolean)).toHaveLength(0);
  });
});
