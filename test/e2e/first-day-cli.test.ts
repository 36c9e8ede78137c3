/**
 * Day one from the command line, as a new team would do it against the local fakes: a fresh install under
 * `auto_route: certified` routes nothing; `triage backfill` reads 300 questions of last month's history,
 * a person fills in the CSV's label column, `triage labels import` stores them, and after
 * `/triage retune apply` the next confident message routes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { seedHistory } from "../../dev/fakes/slack-history.js";
import { csvRecord, parseCsv } from "../../src/data/csv.js";
import { ADMIN, exampleConfig, type Harness, SUPPORT, startHarness } from "../support/bot-harness.js";
import { runTriage } from "../support/run-cli.js";
import { targetEnv } from "../support/test-db.js";

let h: Harness;
afterEach(async () => h?.stop());

/** What a person would write in the label column, from what each question is about. */
function truth(text: string): string {
  if (/charged|invoice|refund/i.test(text)) return "billing";
  if (/log ?in|sso|password/i.test(text)) return "account_access";
  if (/webhook/i.test(text)) return "api";
  return "other";
}

it("backfill 300 + labels import + retune apply: the next confident message routes", {
  timeout: 60_000,
}, async () => {
  const config = exampleConfig({ auto_route: "certified" });
  h = await startHarness({ config });
  const routes = () => h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1");
  await h.message({ ts: "1700016001.000100", text: "We were charged twice" });
  await h.settle();
  expect(routes()).toEqual([]);

  seedHistory(h.slack, SUPPORT, {
    count: 300,
    nowMs: Date.now(),
    days: 30,
    botUserId: String(h.slack.authTest.user_id),
    botId: String(h.slack.authTest.bot_id),
  });
  writeFileSync(join(h.dir, "triage.yml"), JSON.stringify(config));
  const env = {
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_API_URL: h.slack.url,
    OPENAI_BASE_URL: h.llm.url,
    OPENAI_API_KEY: "test-key",
    TRIAGE_CONFIG: join(h.dir, "triage.yml"),
    ...targetEnv(h.target),
  };
  const backfill = await runTriage(
    ["backfill", "--channel", SUPPORT, "--days", "30", "--out", "history.csv"],
    env,
    h.dir,
  );
  expect([backfill.code, backfill.stderr.split("\n").filter((l) => l.startsWith("error"))]).toEqual([0, []]);
  expect(h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0BILLING1")).toEqual([]);

  const csvPath = join(h.dir, "history.csv");
  const [head, ...rows] = parseCsv(readFileSync(csvPath, "utf8"), csvPath).map((r) => r.fields);
  expect(head).toEqual(["id", "permalink", "text", "top", "top_p", "other", "label"]);
  expect(rows).toHaveLength(300);
  // A person fills in the label column.
  const filled = [head ?? [], ...rows.map((f) => [...f.slice(0, 6), truth(f[2] ?? "")])];
  writeFileSync(csvPath, filled.map(csvRecord).join(""));
  const imported = await runTriage(["labels", "import", "history.csv", "--by", "U0AGENT001"], env, h.dir);
  expect(imported.code).toBe(0);
  expect(imported.stdout).toMatch(/300/);

  const reply = JSON.stringify(await h.command("retune apply", ADMIN));
  expect(reply).toContain("applied by");
  await h.message({ ts: "1700016002.000100", text: "We were charged twice again" });
  await h.settle();
  expect(routes()).toHaveLength(1);
});
