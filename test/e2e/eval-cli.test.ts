/**
 * `triage eval` end to end: the real CLI in a child process, the real `openai` client, and the loopback
 * fake OpenAI server answering by message content; the labelled sample is built from Banking77.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, type FakeReply, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { readLabelled } from "../../src/data/labelled.js";
import { readPredictions } from "../../src/data/predictions.js";
import { ROOT, runTriage } from "../support/run-cli.js";
import { until } from "../support/until.js";

const SAMPLE = join(ROOT, "test/fixtures/support-sample.csv");
const CATEGORIES = ["card_arrival", "exchange_rate", "lost_or_stolen_card"];
const CONFIG = [
  "review_channel: C0REVIEW01",
  "model: gpt-4.1-mini",
  "concurrency: 3",
  "thresholds: { default: 0.8, other: 0.3 }",
  "llm: { timeout_ms: 2000, max_retries: 0 }",
  "categories:",
  ...CATEGORIES.map(
    (id) => `  - { id: ${id}, name: ${id}, description: Banking77 intent ${id}., route_channel: C0ROUTE001 }`,
  ),
].join("\n");

let fake: FakeOpenAI;
let dir: string;
let labels: Map<string, string>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(join(tmpdir(), "triage-eval-"));
  writeFileSync(join(dir, "triage.yml"), CONFIG);
  labels = new Map((await readLabelled(SAMPLE)).map((r) => [r.text, r.label]));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  OPENAI_BASE_URL: fake.url,
  OPENAI_API_KEY: "sk-test",
  TRIAGE_CONFIG: join(dir, "triage.yml"),
});

describe("triage eval", () => {
  it("classifies every row with bounded concurrency, skips a failed one, and reports", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    // The first requests wait until three are in flight together (at most 1.5 s, inside the CLI's 2 s LLM
    // timeout), so that a client that keeps 3 in flight shows it however slowly the machine runs.
    let threeAtOnce: Promise<void> | undefined;
    fake.respond(async (req): Promise<FakeReply> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      threeAtOnce ??= until(() => maxInFlight >= 3, 1_500).catch(() => undefined);
      await threeAtOnce;
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      if (req.message.startsWith("Someone stole my card")) return { status: 500 };
      const label = labels.get(req.message);
      const option = String(CATEGORIES.indexOf(label ?? "") + 1);
      // Exchange-rate questions come back as card_arrival: a known error for the summary to count.
      if (label === "exchange_rate" && req.message.startsWith("How did you"))
        return { dist: { "1": 0.6, "2": 0.3 } };
      return { dist: { [option]: 0.92, "0": 0.03 } };
    });
    const { code, stdout, stderr } = await runTriage(["eval", SAMPLE, "--out", "p.jsonl"], env(), dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/support-sample\.csv:12: skipped \(.*500.*\)/);
    expect(stderr).toContain("1 of 12 rows failed and were left out");
    expect(stdout).toMatch(
      /^Evaluated 12 labelled messages with gpt-4\.1-mini \(prompt \w+\): 11 classified, 1 failed/,
    );
    expect(stdout).toMatch(/Accuracy 90\.9% · calibration error \(ECE, 10 bins\) 0\.\d{3}/);
    expect(stdout).toMatch(
      /At the current thresholds \(default 0\.8, other < 0\.3\): 90\.9% would be auto-routed, 100% of them correctly \(10 of 10\)/,
    );
    expect(stdout).toMatch(/exchange_rate\s+4\s+3\s+100%\s+75%/);
    expect(stdout).toContain("Wrote 11 predictions to p.jsonl. Next: triage retune --from p.jsonl");
    expect(maxInFlight).toBe(3);
    expect(fake.requests).toHaveLength(12);

    const written = await readPredictions(join(dir, "p.jsonl"));
    const input = await readLabelled(SAMPLE);
    expect(written.map((r) => r.id)).toEqual(
      input.filter((r) => !r.text.startsWith("Someone stole")).map((r) => r.id),
    );
    expect(written[0]).toMatchObject({ label: "card_arrival", text: input[0]?.text });
    expect(written[0]?.probs.card_arrival).toBeCloseTo(0.92, 6);
    expect(readFileSync(join(dir, "p.jsonl"), "utf8").split("\n")).toHaveLength(12);
  });

  it("stops at once, with one line, when the endpoint refuses the key", async () => {
    fake.respond(() => ({ status: 401 }));
    const before = fake.requests.length;
    const { code, stderr } = await runTriage(["eval", SAMPLE, "--concurrency", "1"], env(), dir);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^error: .*401|^error: .*(key|auth)/i);
    expect(fake.requests.length - before).toBe(1);
  });

  it("refuses labels that are not categories before calling the model", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "text,label\nhello,billing\n");
    const before = fake.requests.length;
    const { code, stderr } = await runTriage(["eval", bad], env(), dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.csv:2: field 'label' is 'billing', not a category id/);
    expect(fake.requests.length).toBe(before);
  });
});
