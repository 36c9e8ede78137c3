import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  llmSettings,
  parseTriageConfig,
  readEnv,
  readTriageConfig,
  slackSettings,
} from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";
import { exampleConfig } from "../support/config-fixture.js";

const base = {
  review_channel: "C0REVIEW01",
  model: "gpt-4.1-mini",
  categories: [
    { id: "billing", name: "Billing", description: "Invoices.", route_channel: "C0BILLING1" },
    { id: "api", name: "API", description: "Keys and webhooks.", route_channel: "C0API00001" },
  ],
};
const yamlOf = (patch: (c: Record<string, unknown>) => void) => {
  const c = structuredClone(base) as Record<string, unknown>;
  patch(c);
  return stringify(c);
};
const cat = (c: Record<string, unknown>, i: number) => (c.categories as Record<string, unknown>[])[i] ?? {};
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("parseTriageConfig", () => {
  it("accepts the example config and fills defaults", () => {
    const config = exampleConfig();
    expect(config.categories).toHaveLength(7);
    expect(config.option_labels).toBe("auto");
    expect(config.max_message_chars).toBe(4000);
    expect(config.llm).toEqual({ timeout_ms: 20_000, max_retries: 2 });
    expect(
      parseTriageConfig(
        yamlOf(() => {}),
        "t.yml",
      ).thresholds,
    ).toEqual({ default: 0.8, other: 0.3, categories: {} });
  });

  it("takes labellers as user and user-group IDs; absent means anyone in the workspace", () => {
    expect(
      parseTriageConfig(
        yamlOf(() => {}),
        "t.yml",
      ).labellers,
    ).toBeUndefined();
    const config = parseTriageConfig(
      yamlOf((c) => (c.labellers = ["U0AGENT001", "W0AGENT002", "S0SUPPORT1"])),
      "t.yml",
    );
    expect(config.labellers).toEqual(["U0AGENT001", "W0AGENT002", "S0SUPPORT1"]);
  });

  it("accepts JSON, which is YAML", () => {
    expect(parseTriageConfig(JSON.stringify(base), "t.json").model).toBe("gpt-4.1-mini");
  });

  it.each([
    ["an unknown top-level key", (c: Record<string, unknown>) => (c.modle = "x"), /unknown key 'modle'/],
    [
      "an unknown key in a category",
      (c: Record<string, unknown>) => (cat(c, 0).colour = "red"),
      /unknown key 'categories\.0\.colour'/,
    ],
    [
      "an unknown key in thresholds",
      (c: Record<string, unknown>) => (c.thresholds = { default: 0.8, other: 0.3, deflt: 1 }),
      /unknown key 'thresholds\.deflt'/,
    ],
    [
      "a threshold above 1",
      (c: Record<string, unknown>) => (c.thresholds = { default: 1.5, other: 0.3 }),
      /thresholds\.default: a number from 0 to 1/,
    ],
    [
      "a channel name instead of an id",
      (c: Record<string, unknown>) => (c.review_channel = "#support"),
      /review_channel: a Slack channel ID/,
    ],
    ["a missing model", (c: Record<string, unknown>) => delete c.model, /model: missing; expected text/],
    [
      "a word where a number goes",
      (c: Record<string, unknown>) => (c.confidence = "high"),
      /confidence: expected a number, got "high"/,
    ],
    [
      "a fraction where a whole number goes",
      (c: Record<string, unknown>) => (c.concurrency = 2.5),
      /concurrency: expected a whole number, got 2\.5/,
    ],
    [
      "one admin without a list",
      (c: Record<string, unknown>) => (c.admins = "U0ADMIN001"),
      /admins: expected a list \(\[a, b\] or one '- item' per line\), got "U0ADMIN001"/,
    ],
    [
      "a @handle among the labellers",
      (c: Record<string, unknown>) => (c.labellers = ["U0AGENT001", "@support-team"]),
      /labellers\.1: a Slack user ID \(U0123ABCD or W0123ABCD\) or user-group ID \(S0123ABCD\), not a name or @handle/,
    ],
    [
      "a channel among the labellers",
      (c: Record<string, unknown>) => (c.labellers = ["C0SUPPORT1"]),
      /labellers\.0: a Slack user ID/,
    ],
    [
      "one labeller without a list",
      (c: Record<string, unknown>) => (c.labellers = "S0SUPPORT1"),
      /labellers: expected a list/,
    ],
    [
      "a number for a channel",
      (c: Record<string, unknown>) => (c.review_channel = 123),
      /review_channel: expected a Slack channel ID such as C0123ABCD \(not a #name\), got 123/,
    ],
    [
      "a word for a switch",
      (c: Record<string, unknown>) => (c.redact = "yes please"),
      /redact: expected true or false, got "yes please"/,
    ],
    [
      "one category",
      (c: Record<string, unknown>) => (c.categories = [base.categories[0]]),
      /categories: at least 2 categories/,
    ],
    [
      "a reserved id",
      (c: Record<string, unknown>) => (cat(c, 1).id = "other"),
      /categories\.1\.id: any slug but 'other'/,
    ],
    [
      "a duplicate id",
      (c: Record<string, unknown>) => (cat(c, 1).id = "billing"),
      /categories\.1\.id: duplicate id 'billing'/,
    ],
    [
      "a threshold for an unknown category",
      (c: Record<string, unknown>) =>
        (c.thresholds = { default: 0.8, other: 0.3, categories: { sales: 0.9 } }),
      /thresholds\.categories\.sales: 'sales' is not a category id/,
    ],
    [
      "digit labels for 10 categories",
      (c: Record<string, unknown>) => {
        c.option_labels = "digits";
        c.categories = Array.from({ length: 10 }, (_, i) => ({
          id: `c${i}`,
          name: `C${i}`,
          description: "x",
          route_channel: "C0ROUTE001",
        }));
      },
      /option_labels: digits work for at most 9 categories/,
    ],
    [
      "a bad option_labels value",
      (c: Record<string, unknown>) => (c.option_labels = "numbers"),
      /option_labels: /,
    ],
    ["a too-short timeout", (c: Record<string, unknown>) => (c.llm = { timeout_ms: 5 }), /llm\.timeout_ms: /],
  ])("names the key for %s", (_what, patch, message) => {
    expect(errorOf(() => parseTriageConfig(yamlOf(patch), "t.yml"))).toMatch(message);
  });

  it("names the file for bad YAML", () => {
    expect(errorOf(() => parseTriageConfig("model: [unclosed\n", "conf/bad.yml"))).toMatch(
      /^conf\/bad\.yml is not valid YAML: /,
    );
  });

  it("treats an empty file as missing keys", () => {
    expect(errorOf(() => parseTriageConfig("", "empty.yml"))).toMatch(/review_channel: missing/);
  });
});

describe("readTriageConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "triage-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("says where to start when the file is missing", () => {
    expect(errorOf(() => readTriageConfig(join(dir, "nope.yml")))).toMatch(
      /Config file not found: .*nope\.yml/,
    );
  });

  it("reads a file from disk", () => {
    const path = join(dir, "ok.yml");
    writeFileSync(path, stringify(base));
    expect(readTriageConfig(path).categories.map((c) => c.id)).toEqual(["billing", "api"]);
  });
});

describe("readEnv and llmSettings", () => {
  it("fills defaults and treats empty values as unset", () => {
    const env = readEnv({ OPENAI_API_KEY: "", TRIAGE_MODEL: "  " });
    expect(env).toMatchObject({
      TRIAGE_CONFIG: "config/triage.yml",
      TRIAGE_DB_PATH: "data/triage.db",
      LOG_LEVEL: "info",
    });
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.TRIAGE_MODEL).toBeUndefined();
  });

  it.each([
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL: /],
    [{ OPENAI_BASE_URL: "localhost 8000" }, /OPENAI_BASE_URL: a URL/],
    [{ SLACK_BOT_TOKEN: "xapp-1" }, /SLACK_BOT_TOKEN: a bot token starting with xoxb-/],
    [{ PORT: "http" }, /PORT: /],
  ])("names the variable: %j", (source, message) => {
    expect(errorOf(() => readEnv(source))).toMatch(message);
  });

  it("needs an API key unless a base URL points at a local server", () => {
    const config = exampleConfig();
    expect(errorOf(() => llmSettings(readEnv({}), config))).toMatch(/OPENAI_API_KEY is not set/);
    expect(llmSettings(readEnv({ OPENAI_BASE_URL: "http://127.0.0.1:8000/v1" }), config).apiKey).toBe(
      "not-needed",
    );
  });

  it("lets TRIAGE_MODEL override the config's model and carries the llm settings", () => {
    const llm = llmSettings(
      readEnv({ OPENAI_API_KEY: "sk-x", TRIAGE_MODEL: "gpt-4o-mini" }),
      exampleConfig(),
    );
    expect(llm).toEqual({
      apiKey: "sk-x",
      baseURL: undefined,
      model: "gpt-4o-mini",
      timeoutMs: 20_000,
      maxRetries: 2,
    });
  });
});

describe("slackSettings", () => {
  const issuesOf = (source: Record<string, string>): string[] => {
    try {
      slackSettings(readEnv(source));
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).issues;
    }
    throw new Error("expected a ConfigError");
  };

  it.each([
    [{}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"]],
    [{ SLACK_MODE: "http" }, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]],
    [{ SLACK_MODE: "socket", SLACK_BOT_TOKEN: "xoxb-1" }, ["SLACK_APP_TOKEN"]],
  ])("names every missing variable, and Socket Mode's token when no mode is chosen: %j", (source, named) => {
    const issues = issuesOf(source);
    for (const variable of named) expect(issues.join("\n")).toContain(variable);
    expect(issues.join("\n").includes("SLACK_APP_TOKEN")).toBe(named.includes("SLACK_APP_TOKEN"));
  });

  it("picks Socket Mode when an app token is set, else HTTP", () => {
    const socket = slackSettings(readEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }));
    expect(socket.mode).toBe("socket");
    const http = slackSettings(readEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }));
    expect(http).toMatchObject({ mode: "http", port: 3000 });
  });
});
