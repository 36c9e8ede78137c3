/** `triage doctor` as a new user runs it: against the fake LLM server and a loopback Slack auth.test. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../dev/fakes/fake-openai.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import { EXAMPLE_CONFIG_PATH } from "../support/config-fixture.js";
import { runTriage } from "../support/run-cli.js";

let fake: FakeOpenAI;
let slack: Server;
let slackUrl: string;
let dir: string;
const slackCalls: { path: string | undefined; auth: string | undefined }[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  slack = createServer((req, res) => {
    slackCalls.push({ path: req.url, auth: req.headers.authorization });
    req.resume();
    req.on("end", () => {
      const ok = req.headers.authorization === "Bearer xoxb-good";
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          ok
            ? {
                ok: true,
                url: "https://acme.slack.com/",
                team: "Acme",
                user: "triage",
                team_id: "T1",
                user_id: "U0BOT",
                bot_id: "B1",
              }
            : { ok: false, error: "invalid_auth" },
        ),
      );
    });
  });
  await new Promise<void>((r) => slack.listen(0, "127.0.0.1", r));
  slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`;
  dir = mkdtempSync(join(tmpdir(), "triage-doctor-"));
  writeFileSync(
    join(dir, "triage.yml"),
    `${readFileSync(EXAMPLE_CONFIG_PATH, "utf8")}\nllm:\n  max_retries: 0\n`,
  );
});

afterAll(async () => {
  await fake.close();
  slack.closeAllConnections();
  await new Promise<void>((r) => slack.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe("triage doctor", () => {
  const env = (extra: Record<string, string> = {}) => ({
    OPENAI_BASE_URL: fake.url,
    TRIAGE_CONFIG: join(dir, "triage.yml"),
    TRIAGE_DB_PATH: join(dir, "data", "triage.db"),
    ...extra,
  });

  it("reports every check with ✓ and exits 0 when all is well", async () => {
    // Doctor only looks (read-only): the database is the one a bot created and migrated on its first start.
    await openSqliteStore(join(dir, "data", "triage.db")).close();
    const r = await runTriage(
      ["doctor"],
      env({ SLACK_BOT_TOKEN: "xoxb-good", SLACK_API_URL: slackUrl }),
      dir,
    );
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(" "))).toEqual([
      "✓ config",
      "✓ database",
      "✓ labels",
      "✓ endpoint",
      "✓ logprobs",
      "✓ slack",
    ]);
    expect(r.stdout).toMatch(
      /✓ database +SQLite at .*triage\.db answers; (\d+) of \1 migration\(s\) applied$/m,
    );
    expect(r.stdout).toContain("1,2,3,4,5,6,7 and 0 (none of these): each is one token in o200k_base");
    expect(r.stdout).toMatch(
      /✓ logprobs +present; probe "We were charged twice for the October invoice" → billing 0\.90/,
    );
    expect(r.stdout).toContain("auth.test ok: bot triage (U0BOT) in team Acme");
    expect(slackCalls.at(-1)).toEqual({ path: "/api/auth.test", auth: "Bearer xoxb-good" });
    expect(r.code).toBe(0);
    const probes = fake.requests.filter((q) => q.message === "We were charged twice for the October invoice");
    expect(probes).toHaveLength(1);
    expect(probes[0]?.body).toMatchObject({ max_tokens: 1, logprobs: true, top_logprobs: 20 });
  });

  it("marks each failure with ✗, skips Slack without a token, and exits 1", async () => {
    fake.respond(() => ({ raw: { choices: [{ index: 0, message: { role: "assistant", content: "1" } }] } }));
    const r = await runTriage(["doctor"], env(), dir);
    expect(r.stdout).toMatch(/^✓ endpoint /m);
    expect(r.stdout).toMatch(
      /^✗ logprobs +model gpt-4\.1-mini at .* returned no logprobs; .*reasoning models/m,
    );
    expect(r.stdout).toMatch(/^– slack +skipped: SLACK_BOT_TOKEN not set$/m);
    expect(r.code).toBe(1);

    const bad = await runTriage(
      ["doctor"],
      env({ SLACK_BOT_TOKEN: "xoxb-bad", SLACK_API_URL: slackUrl, OPENAI_BASE_URL: "http://127.0.0.1:9/v1" }),
      dir,
    );
    expect(bad.stdout).toMatch(/^✗ endpoint +cannot reach the LLM endpoint at http:\/\/127\.0\.0\.1:9\/v1/m);
    expect(bad.stdout).toMatch(/^✗ slack +auth\.test failed at .*invalid_auth/m);
    expect(bad.code).toBe(1);
  });

  it("checks the option labels even before an LLM endpoint is configured", async () => {
    const { OPENAI_BASE_URL: _url, ...noEndpoint } = env();
    const r = await runTriage(["doctor"], noEndpoint, dir);
    expect(r.stdout).toMatch(
      /^✓ labels +1,2,3,4,5,6,7 and 0 \(none of these\): each is one token in o200k_base/m,
    );
    expect(r.stdout).toMatch(/^✗ endpoint +OPENAI_API_KEY is not set/m);
    expect(r.code).toBe(1);
  });
});
