/**
 * The real `openai` client against the loopback fake server: in process for the maths and each failure,
 * then the `triage classify` CLI as a child process for output, exit codes and one-line errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, type FakeReply, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { LlmEndpointError } from "../../src/classify/endpoint-errors.js";
import { createClassifier } from "../../src/classify/openai-classifier.js";
import { type LlmSettings, llmSettings, parseTriageConfig, readEnv } from "../../src/config.js";
import { decide } from "../../src/decide/decision.js";
import { EXAMPLE_CONFIG_PATH } from "../support/config-fixture.js";
import { runTriage } from "../support/run-cli.js";

const BILLING = { "1": 0.7, " 1": 0.12, "\u25811": 0.03, "2": 0.02, "0": 0.04 }; // billing 0.85, other 0.13
const CONFIG_YAML = `${readFileSync(EXAMPLE_CONFIG_PATH, "utf8")}\nllm:\n  timeout_ms: 400\n  max_retries: 1\n`;
const config = parseTriageConfig(CONFIG_YAML, "test.yml");

function reply(message: string): FakeReply {
  const [, shape] = /^shape:(openai|vllm|llamacpp)/.exec(message) ?? [];
  if (shape) return { dist: BILLING, shape: shape as "openai" | "vllm" | "llamacpp" };
  if (message.startsWith("thinking")) return { dist: { "1": 0.5, "<|channel>": 0.48 }, shape: "llamacpp" };
  if (message.startsWith("case:401")) return { status: 401 };
  if (message.startsWith("case:429")) return { status: 429, headers: { "retry-after-ms": "5" } };
  if (message.startsWith("case:500")) return { status: 500, headers: { "retry-after-ms": "5" } };
  if (message.startsWith("case:hang")) return { hang: true };
  if (message.startsWith("case:403")) return { status: 403 }; // OpenAI's o-series refusal text
  if (message.startsWith("case:400")) {
    return { status: 400, body: { error: { message: "logprobs are not supported with reasoning models." } } };
  }
  if (message.startsWith("case:nologprobs")) {
    // What LM Studio and servers that ignore the parameter send: a completion with no logprobs at all.
    return {
      raw: {
        id: "x",
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: "1" }, finish_reason: "length" }],
      },
    };
  }
  if (message.startsWith("case:null")) {
    return {
      raw: { choices: [{ index: 0, message: { content: "1" }, logprobs: { content: null, refusal: null } }] },
    };
  }
  if (message.startsWith("case:{}"))
    return { raw: { choices: [{ index: 0, message: { content: "1" }, logprobs: {} }] } };
  if (message.startsWith("case:[]"))
    return { raw: { choices: [{ index: 0, message: { content: "1" }, logprobs: { content: [] } }] } };
  return { dist: BILLING };
}

let fake: FakeOpenAI;
let dir: string;
let llm: LlmSettings;
let closedPort: number;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.respond((req) => reply(req.message));
  dir = mkdtempSync(join(tmpdir(), "triage-classify-"));
  writeFileSync(join(dir, "triage.yml"), CONFIG_YAML);
  llm = llmSettings(readEnv({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "sk-test" }), config);
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const sent = (message: string) => fake.requests.filter((r) => r.message === message);

describe("createClassifier against the fake server", () => {
  it.each(["openai", "vllm", "llamacpp"])(
    "%s wire shape: variants merged, one one-token request",
    async (shape) => {
      const text = `shape:${shape} We were charged twice for the October invoice`;
      const r = await createClassifier(llm, config).classify(text);
      expect(r.probs.billing).toBeCloseTo(0.85, 10);
      expect(r.probs.account_access).toBeCloseTo(0.02, 10);
      expect(r.probs.api).toBe(0);
      expect(r.other).toBeCloseTo(0.13, 10);
      expect(r.strayTokens).toContainEqual({ token: "0", p: expect.closeTo(0.04, 10) });
      expect(r.model).toBe("gpt-4.1-mini");
      expect(decide(r, config.thresholds)).toMatchObject({
        decision: "route",
        top: "billing",
        threshold: 0.8,
      });

      const requests = sent(text);
      expect(requests).toHaveLength(1);
      expect(requests[0]?.body).toMatchObject({
        model: "gpt-4.1-mini",
        max_tokens: 1,
        logprobs: true,
        top_logprobs: 20,
        temperature: 0,
      });
      expect(requests[0]?.headers.authorization).toBe("Bearer sk-test");
      expect(requests[0]?.system).toContain("1. Billing:");
    },
  );

  it("sends a byte-identical system prompt for every message", async () => {
    const c = createClassifier(llm, config);
    await c.classify("first message");
    await c.classify("a different message");
    const [a, b] = [sent("first message")[0], sent("a different message")[0]];
    expect(a?.system).toBe(b?.system);
    expect(a?.body.messages[0]).toEqual(b?.body.messages[0]);
  });

  it("keeps a thinking token's mass in other, so the message goes to review", async () => {
    const r = await createClassifier(llm, config).classify("thinking about invoices");
    expect(r.probs.billing).toBeCloseTo(0.5, 10);
    expect(r.other).toBeCloseTo(0.5, 10);
    expect(decide(r, config.thresholds)).toMatchObject({ decision: "review", reason: "other" });
  });

  it.each([
    ["case:401", "auth", false, 1, /rejected the API key \(401: Incorrect API key.*\); check OPENAI_API_KEY/],
    [
      "case:429",
      "rate_limited",
      true,
      2,
      /is rate limiting model gpt-4\.1-mini \(429 after 1 retry with backoff/,
    ],
    ["case:500", "server", true, 2, /failed with 500 for model gpt-4\.1-mini \(after 1 retry/],
    [
      "case:403",
      "no_logprobs",
      false,
      1,
      /model gpt-4\.1-mini at .* refused logprobs \(403: You are not allowed.*reasoning models/,
    ],
    [
      "case:400",
      "no_logprobs",
      false,
      1,
      /refused logprobs \(400: logprobs are not supported.*reasoning models \(o1\/o3\/o4, gpt-5 family\) refuse logprobs/,
    ],
    [
      "case:nologprobs",
      "no_logprobs",
      false,
      1,
      /model gpt-4\.1-mini at .* returned no logprobs; .*reasoning models/,
    ],
    ["case:null", "no_signal", false, 1, /returned empty logprobs/],
    ["case:{}", "no_signal", false, 1, /returned empty logprobs/],
    ["case:[]", "no_signal", false, 1, /returned empty logprobs/],
  ])("%s → %s (transient %s) after %d request(s)", async (text, kind, transient, count, message) => {
    const err = await createClassifier(llm, config)
      .classify(text)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(LlmEndpointError);
    expect(err).toMatchObject({ kind, transient });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(kind.startsWith("no_") ? "gpt-4.1-mini" : fake.url);
    expect((err as Error).message).not.toContain("\n");
    expect(sent(text)).toHaveLength(count);
  });

  it("times out a server that never answers", async () => {
    const started = performance.now();
    const err = await createClassifier({ ...llm, timeoutMs: 150, maxRetries: 0 }, config)
      .classify("case:hang in process")
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "timeout", transient: true });
    expect((err as Error).message).toMatch(
      /did not answer within 150 ms \(model gpt-4\.1-mini, after 0 retries\)/,
    );
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("says an endpoint that is down cannot be reached", async () => {
    const down = { ...llm, baseURL: `http://127.0.0.1:${closedPort}/v1`, maxRetries: 0 };
    const err = await createClassifier(down, config)
      .classify("hello")
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unreachable", transient: true });
    expect((err as Error).message).toMatch(
      /cannot reach the LLM endpoint at http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED/,
    );
  });
});

describe("triage classify (child process)", () => {
  const env = () => ({
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: "sk-test",
    TRIAGE_CONFIG: join(dir, "triage.yml"),
    TRIAGE_DB_PATH: join(dir, "triage.db"),
  });

  it("prints a chart, other, the decision and why; one request", async () => {
    const text = "We were charged twice for the October invoice";
    const r = await runTriage(["classify", text], env(), dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}billing +█{20}▍ +0\.85$/m);
    expect(r.stdout).toMatch(/^ {2}account_access +▌ +0\.02$/m);
    expect(r.stdout).toMatch(/^ {2}other +███▏ +0\.13$/m);
    expect(r.stdout).toContain("routed: billing 0.85 ≥ 0.80 and other 0.13 < 0.30");
    expect(sent(text)).toHaveLength(1);
  });

  it("--json prints the documented object", async () => {
    const text = "json: We were charged twice";
    const r = await runTriage(["classify", "--json", text], env(), dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      "category",
      "probs",
      "other",
      "decision",
      "reason",
      "threshold",
      "model",
      "promptFingerprint",
      "latencyMs",
    ]);
    expect(out).toMatchObject({
      category: "billing",
      decision: "route",
      reason: null,
      threshold: 0.8,
      model: "gpt-4.1-mini",
    });
    expect(out.probs.billing).toBeCloseTo(0.85, 6);
    expect(out.other).toBeCloseTo(0.13, 6);
    expect(out.promptFingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(sent(text)).toHaveLength(1);
  });

  const oneLineError = (r: { code: number | null; stdout: string; stderr: string }, message: RegExp) => {
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it("a down endpoint: one line on stderr, exit 1", async () => {
    const r = await runTriage(
      ["classify", "hello"],
      { ...env(), OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1` },
      dir,
    );
    oneLineError(
      r,
      /cannot reach the LLM endpoint at http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED, after 1 retry\)/,
    );
  });

  it.each([
    ["case:401 cli", /rejected the API key \(401/, 1],
    ["case:429 cli", /rate limiting model gpt-4\.1-mini \(429 after 1 retry/, 2],
    ["case:hang cli", /did not answer within 400 ms/, 2],
    ["case:403 cli", /model gpt-4\.1-mini .*refused logprobs.*reasoning models/, 1],
  ])("%s: one clear line, exit 1", async (text, message, count) => {
    oneLineError(await runTriage(["classify", text], env(), dir), message);
    expect(sent(text)).toHaveLength(count);
  });

  it("refuses a reasoning model before any request", async () => {
    const r = await runTriage(["classify", "hello"], { ...env(), TRIAGE_MODEL: "o3-mini" }, dir);
    oneLineError(r, /o3-mini is a reasoning model/);
    expect(fake.requests.filter((req) => req.body.model === "o3-mini")).toEqual([]);
  });
});
