/** The worker's one long-lived stop signal, as the classifier sees it over the wire. */
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { createClassifier } from "../../src/classify/openai-classifier.js";
import type { Classifier } from "../../src/classify/types.js";
import { exampleConfig } from "../support/bot-harness.js";
import { until } from "../support/until.js";

let llm: FakeOpenAI;
let classifier: Classifier;
beforeAll(async () => {
  llm = await startFakeOpenAI();
  classifier = createClassifier(
    { apiKey: "k", baseURL: llm.url, model: "gpt-4.1-mini", timeoutMs: 5_000, maxRetries: 0 },
    exampleConfig(),
  );
});
afterAll(() => llm.close());

describe("the classifier and the worker's stop signal", () => {
  it("leaves no listener behind on the signal, however many calls it makes", async () => {
    const stop = new AbortController();
    llm.respond(() => ({ dist: { "1": 0.9 } }));
    for (let i = 0; i < 25; i++) {
      expect((await classifier.classify(`charged twice ${i}`, stop.signal)).probs.billing).toBeCloseTo(0.9);
    }
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(0);
  });

  it("still stops a call in flight when the signal fires: cancelled, not timed out", async () => {
    const stop = new AbortController();
    llm.respond(() => ({ hang: true }));
    const asked = llm.requests.length;
    const call = classifier.classify("charged twice", stop.signal);
    // In flight: the server has the request (and will never answer it).
    await until(() => llm.requests.length > asked);
    stop.abort();
    // "cancelled" (the stop), not "timeout" (the 5 s llm.timeout_ms): the signal ended the call.
    await expect(call).rejects.toMatchObject({ kind: "cancelled", transient: true });
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(0);
  });
});
