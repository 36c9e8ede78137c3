/**
 * Bad input over the wire: a 40,000-character message (cut before the LLM, stored whole, quoted short),
 * files without text, unicode, Slack markup and broadcast mentions (never re-broadcast by our posts),
 * signed bodies that are not what Slack sends (refused, the app stays up), and a config file with wrong
 * types and unknown keys (the error names each key).
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { eventCallback } from "../../dev/fakes/slack-requests.js";
import { cutMessage, extractFenced } from "../../src/classify/prompt.js";
import { exampleConfig, type Harness, SUPPORT, startHarness } from "../support/bot-harness.js";
import { tempDir } from "../support/test-db.js";

let h: Harness;
afterEach(async () => h?.stop());

const posts = (channel: string) =>
  h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
const userTurns = () => h.llm.requests.map((r) => r.body.messages[1].content as string);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("long messages", () => {
  it("a 40,000-character message is cut before the LLM, stored whole, and quoted short", async () => {
    h = await startHarness();
    const filler = "The invoice total is wrong again. ".repeat(1_200);
    // Ends in a letter, not a space: the bot trims what it stores.
    const text = `${`We were charged twice. ${filler}`.slice(0, 39_999)}!`;
    expect(text).toHaveLength(40_000);
    await h.message({ ts: "1700009701.000100", text });
    await h.settle();

    const sent = extractFenced(userTurns()[0] ?? "");
    expect(sent).toBe(cutMessage(text, 4_000));
    expect(sent?.startsWith(text.slice(0, 3_990))).toBe(true);
    expect(sent).toMatch(/\[… message cut here: 36000 more characters not shown\]$/);
    expect(JSON.stringify(h.llm.requests[0]?.body).length).toBeLessThan(10_000);
    expect((await h.table("messages"))[0]?.text).toBe(text);
    const [route] = posts("C0BILLING1");
    for (const block of route?.args.blocks ?? []) {
      if (block.text?.text) expect(block.text.text.length).toBeLessThanOrEqual(3_000);
    }
    expect(route?.args.text.length).toBeLessThan(200);
  });

  it("a cut that falls inside an emoji leaves no half character, in the prompt or in our posts", async () => {
    h = await startHarness();
    const text = `charged twice ${"a".repeat(3_984)}😀😀 and ${"b".repeat(580)}🙂🙂🙂`;
    await h.message({ ts: "1700009702.000100", text });
    await h.settle();
    expect(userTurns()[0]).not.toMatch(LONE_SURROGATE);
    const route = posts("C0BILLING1")[0];
    expect(JSON.stringify(route?.args.blocks)).not.toMatch(/\\ud[89ab]/i);
    expect(route?.args.blocks[0].text.text).not.toMatch(LONE_SURROGATE);
  });
});

describe("odd messages", () => {
  it("files without text are triaged by their names; a message with nothing to read is skipped", async () => {
    h = await startHarness();
    const files = [{ name: "refund-request.pdf" }, { title: "October invoice" }, { id: "F0NONAME" }];
    await h.message({ ts: "1700009703.000100", text: "", subtype: "file_share", files });
    await h.message({
      ts: "1700009703.000200",
      text: "",
      subtype: "file_share",
      files: [{ id: "F0NONAME" }],
    });
    await h.message({ ts: "1700009703.000300", text: "   " });
    await h.settle();
    expect(h.llmCalls).toEqual(["[file: refund-request.pdf]\n[file: October invoice]"]);
    expect(await h.table("messages")).toHaveLength(1);
  });

  it("unicode goes to the LLM byte for byte and comes back intact in our posts", async () => {
    h = await startHarness();
    const text = "Refund 😀 👩‍👩‍👧 Ünïcödé e\u0301 中文 עברית العربية \u200b tab\there: charged twice";
    await h.message({ ts: "1700009704.000100", text });
    await h.settle();
    expect(h.llmCalls).toEqual([text]);
    expect(Buffer.from(extractFenced(userTurns()[0] ?? "") ?? "", "utf8")).toEqual(Buffer.from(text, "utf8"));
    expect(posts("C0BILLING1")[0]?.args.blocks[0].text.text).toContain(text);
  });

  it("markup and mentions reach the LLM as written; our posts never re-broadcast or re-mention them", async () => {
    h = await startHarness();
    const text =
      "<!channel> <!here|here> <!everyone> <!subteam^S0123ABC|@billing-team> <@U0ADMIN001> see " +
      "<#C0BILLING1|billing> <https://evil.example|click> *bold* `code` &lt;b&gt; we were charged twice";
    await h.message({ ts: "1700009705.000100", text });
    await h.settle();
    expect(h.llmCalls).toEqual([text]);
    const ours = h.slack.callsTo("chat.postMessage").map((c) => JSON.stringify(c.args));
    expect(ours).toHaveLength(2);
    for (const post of ours) expect(post).not.toMatch(/<!(channel|here|everyone|subteam)|<@U0ADMIN001>/);
    expect(ours[0]).toContain(
      "@channel @here @everyone @billing-team @U0ADMIN001 see <#C0BILLING1> click (https://evil.example)",
    );
  });
});

describe("signed bodies that are not what Slack sends", () => {
  it("are refused or ignored without storing anything; the app stays up and triages the next message", async () => {
    h = await startHarness();
    const event = (fields: Record<string, unknown>) =>
      eventCallback({
        type: "message",
        channel: SUPPORT,
        user: "U0PERSON01",
        ts: "1700009706.000100",
        ...fields,
      });
    const raw: [string, string, string][] = [
      ["not JSON", "{not json", "application/json"],
      ["a JSON array", "[1,2,3]", "application/json"],
      ["JSON null", "null", "application/json"],
      ["no event", JSON.stringify({ type: "event_callback", team_id: "T0TEAM0001" }), "application/json"],
      ["a form body without payload", "foo=bar", "application/x-www-form-urlencoded"],
      ["a payload that is not JSON", "payload=%7Bnope", "application/x-www-form-urlencoded"],
    ];
    const shapes: [string, unknown][] = [
      ["event is null", { type: "event_callback", team_id: "T0TEAM0001", event: null, event_id: "Ev-x1" }],
      ["text is a number", event({ text: 42 })],
      ["text is an object", event({ text: { evil: true } })],
      ["files is a string", event({ text: "", subtype: "file_share", files: "x" })],
      ["files hold nulls", event({ text: "", subtype: "file_share", files: [null, 3] })],
      ["ts is a number", event({ text: "charged twice", ts: 1700009706.1 })],
      ["channel is missing", event({ text: "charged twice", channel: undefined })],
      ["user is an object", event({ text: "charged twice", user: { id: "U1" } })],
    ];
    const statuses: [string, number][] = [];
    for (const [what, body, type] of raw) {
      const res = await h.sender.raw(body, type);
      statuses.push([what, res.status]);
    }
    for (const [what, body] of shapes) statuses.push([what, (await h.sender.json(body)).status]);
    // Refused (4xx) or acknowledged and ignored (200): never a crash, never a 5xx that makes Slack retry.
    for (const [what, status] of statuses) expect([what, status < 500]).toEqual([what, true]);
    await h.settle();
    expect(await h.table("messages")).toEqual([]);
    expect(h.llmCalls).toEqual([]);

    await h.message({ ts: "1700009706.000900", text: "We were charged twice" });
    await h.settle();
    expect(h.llmCalls).toEqual(["We were charged twice"]);
    expect(posts("C0BILLING1")).toHaveLength(1);
  });
});

describe("a config file with wrong types and unknown keys", () => {
  it("stops npm start with one message that names every bad key", async () => {
    const dir = tempDir("triage-badcfg-");
    const good = exampleConfig();
    const bad = {
      ...good,
      concurrency: "four",
      audit_rate: 2,
      review_channel: "#review",
      colour: "red",
      thresholds: { ...good.thresholds, default: "high" },
      categories: [{ ...good.categories[0], colour: "blue" }, ...good.categories.slice(1)],
    };
    writeFileSync(join(dir, "triage.yml"), stringify(bad));
    const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
    const tsx = pathToFileURL(
      fileURLToPath(new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url)),
    ).href;
    const child = spawn(process.execPath, ["--import", tsx, main], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, TRIAGE_CONFIG: join(dir, "triage.yml") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^error: .*triage\.yml is invalid:$/);
    const issues = lines.slice(1).join("\n");
    for (const key of [
      "unknown key 'colour'",
      "unknown key 'categories.0.colour'",
      "concurrency:",
      "audit_rate:",
      "review_channel: a Slack channel ID",
      "thresholds.default:",
    ]) {
      expect(issues).toContain(key);
    }
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
