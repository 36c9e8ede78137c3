import { describe, expect, it } from "vitest";
import { parseTriageCommand } from "../../src/listeners/commands/parse-command.js";

describe("parseTriageCommand", () => {
  it.each([
    ["", { name: "help" }],
    ["help", { name: "help" }],
    ["  HELP ", { name: "help" }],
    ["stats", { name: "stats", days: 7 }],
    ["stats 30", { name: "stats", days: 30 }],
    ["insights", { name: "insights", days: 30 }],
    ["insights 90", { name: "insights", days: 90 }],
    ["thresholds", { name: "thresholds" }],
    ["history", { name: "history" }],
    ["retune", { name: "retune" }],
    ["retune apply", { name: "retune_apply" }],
    ["rollback 3", { name: "rollback", id: 3 }],
    ["rollback #12", { name: "rollback", id: 12 }],
    ["labels forget <@U0AGENT01|ana>", { name: "labels_forget", userId: "U0AGENT01", userName: "ana" }],
    ["Labels Forget <@W0AGENT01>", { name: "labels_forget", userId: "W0AGENT01", userName: null }],
    ["labels forget U0AGENT01", { name: "labels_forget", userId: "U0AGENT01", userName: null }],
    ["labels forget u0agent01", { name: "labels_forget", userId: "U0AGENT01", userName: null }],
  ] as const)("%j → %j", (text, expected) => {
    expect(parseTriageCommand(text)).toEqual(expected);
  });

  it.each([
    "stats x",
    "stats 0",
    "stats 400",
    "insights x",
    "insights 0",
    "insights 7 more",
    "rollback",
    "rollback x",
    "retune now",
    "retune apply now",
    "deploy",
    "labels",
    "labels list",
    "labels forget",
    "labels forget ana",
    "labels forget <@U0A|a> <@U0B|b>",
    "labels forget <#C0SUPPORT1|support>",
    "labels forget <!subteam^S0SUPPORT1|@support>",
  ])("%j is refused with a reason", (text) => {
    const cmd = parseTriageCommand(text);
    expect(cmd.name).toBe("invalid");
    expect(cmd.name === "invalid" && cmd.problem.length).toBeGreaterThan(10);
  });

  it("says why an unescaped @name is no use: Slack sent text, not a person", () => {
    const cmd = parseTriageCommand("labels forget @ana");
    expect(cmd).toMatchObject({ name: "invalid" });
    expect(cmd.name === "invalid" && cmd.problem).toContain("arrived as plain text, not a mention");
  });
});
