import { describe, expect, it } from "vitest";
import type { Classification, Classifier } from "../../src/classify/types.js";
import { evaluateRows, progressLine } from "../../src/cli/eval-run.js";
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

describe("evaluateRows", () => {
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
    const outcomes = await evaluateRows(rows, c, { concurrency: 3, onOutcome: (_, done) => seen.push(done) });
    expect(most).toBe(3);
    expect(c.calls).toHaveLength(10);
    expect(outcomes.filter((o) => o.error).map((o) => o.row.id)).toEqual(["m4"]);
    expect(outcomes.map((o) => o.row.id)).toEqual(rows.map((r) => r.id));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("stops on a permanent error before anything succeeded", async () => {
    const c = classifier(async () => {
      throw new ClassifierError("401: bad key", false);
    });
    await expect(evaluateRows(rows, c, { concurrency: 1 })).rejects.toThrow("401: bad key");
    expect(c.calls).toHaveLength(1);
  });

  it("stops when the first rows all fail, but not once one has succeeded", async () => {
    const down = classifier(async () => {
      throw new ClassifierError("cannot reach the endpoint", true);
    });
    await expect(evaluateRows(rows, down, { concurrency: 1 })).rejects.toThrow(
      "the first 3 rows all failed: cannot reach the endpoint",
    );
    expect(down.calls).toHaveLength(3);
    const flaky = classifier(async (text) => {
      if (text !== "message 0") throw new ClassifierError("timeout", true);
    });
    const outcomes = await evaluateRows(rows, flaky, { concurrency: 1 });
    expect(outcomes.filter((o) => o.error)).toHaveLength(9);
  });
});

describe("progressLine", () => {
  it("shows done/total, rate and ETA", () => {
    expect(progressLine(12, 400, 1500, 0)).toBe("12/400 classified · 8.0/s · ETA 49s");
    expect(progressLine(10, 1000, 1000, 2)).toBe("10/1000 classified · 10.0/s · ETA 1m39s · 2 failed");
    expect(progressLine(0, 10, 0, 0)).toBe("0/10 classified · 0.0/s · ETA ?");
  });
});
