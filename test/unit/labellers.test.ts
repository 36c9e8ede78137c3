/**
 * Who may label (labellers.ts) and what Slack is asked to decide it (slack-people.ts), against the
 * loopback fake Slack Web API with a client that does not retry, and a clock the test moves.
 */
import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../dev/fakes/fake-slack.js";
import { memoryLogger } from "../../src/logger.js";
import { createMayLabel, labellerPolicyText } from "../../src/services/feedback/labellers.js";
import { createSlackPeople, PersonLookupError, type SlackPeople } from "../../src/slack/people.js";

const BOT = "W23456789"; // auth.test's user_id in the fixture
const ADMIN = "U0ADMIN001";
const AGENT = "U0AGENT001";
const AUTHOR = "U0AUTHOR01";
const MINUTE = 60_000;

let slack: FakeSlack;
let now: number;
let log: ReturnType<typeof memoryLogger>;
let people: SlackPeople;

beforeEach(async () => {
  slack = await startFakeSlack();
  now = 1_700_000_000_000;
  log = memoryLogger("debug");
  const client = new webApi.WebClient("xoxb-test", {
    slackApiUrl: slack.url,
    retryConfig: { retries: 0 },
    logger: memoryLogger("error"),
  });
  people = createSlackPeople({
    client,
    logger: log,
    workspace: { teamId: String(slack.authTest.team_id), enterpriseId: "E0ORG00001" },
    now: () => now,
  });
});
afterEach(async () => slack.close());

const asked = (method: string) => slack.callsTo(method).length;

describe("createMayLabel", () => {
  const may = (labellers?: string[]) =>
    createMayLabel({
      config: { admins: [ADMIN], ...(labellers ? { labellers } : {}) },
      people,
      botUserId: BOT,
    });
  const on = { userId: AUTHOR };

  it("without `labellers`: anyone in the workspace but strangers, guests, bots, the author and this bot", async () => {
    slack.setUser("U0STRANGE1", { is_stranger: true });
    slack.setUser("U0OTHERT01", { team_id: "T0ELSEWHERE" });
    slack.setUser("U0SIBLING1", { team_id: "T0SIBLING1", enterprise_user: { enterprise_id: "E0ORG00001" } });
    slack.setUser("U0GUEST001", { is_restricted: true });
    slack.setUser("U0GUEST002", { is_ultra_restricted: true });
    slack.setUser("U0GONE0001", null);
    slack.setBotUsers(["U0SOMEBOT1"]);
    const check = may();
    const verdicts = Object.fromEntries(
      await Promise.all(
        [
          AGENT,
          ADMIN,
          "U0STRANGE1",
          "U0OTHERT01",
          "U0SIBLING1",
          "U0GUEST001",
          "U0GUEST002",
          "U0SOMEBOT1",
          "USLACKBOT",
          "U0GONE0001",
          AUTHOR,
          BOT,
        ].map(async (u) => [u, await check(u, on)]),
      ),
    );
    expect(verdicts).toEqual({
      [AGENT]: null,
      [ADMIN]: null,
      U0STRANGE1: "an external (Slack Connect) user",
      U0OTHERT01: "an external (Slack Connect) user",
      // Another workspace of the same Enterprise Grid org is no stranger.
      U0SIBLING1: null,
      U0GUEST001: "a guest not listed in `labellers`",
      U0GUEST002: "a guest not listed in `labellers`",
      U0SOMEBOT1: "a bot",
      USLACKBOT: "a bot",
      U0GONE0001: "someone Slack would not tell us about (users.info answered user_not_found)",
      [AUTHOR]: "the author of the message",
      [BOT]: "this bot",
    });
    // Admins, the author and this bot are decided without asking Slack.
    const users = slack.callsTo("users.info").map((c) => c.args.user);
    expect(users).not.toContain(ADMIN);
    expect(users).not.toContain(AUTHOR);
    expect(users).not.toContain(BOT);
    // An admin on their own message is still its author.
    expect(await check(ADMIN, { userId: ADMIN })).toBe("the author of the message");
    expect(await check(AGENT, { userId: null })).toBeNull();
  });

  it("with `labellers`: listed people and group members, listed guests; never strangers, even listed by ID or in a listed group", async () => {
    slack.setUser("U0GUEST001", { is_restricted: true });
    slack.setUser("U0GUEST002", { is_restricted: true });
    slack.setUser("U0STRANGE1", { is_stranger: true });
    slack.setUserGroup("S0SUPPORT1", ["U0GROUPIE1", "U0GUEST002", "U0STRANGE1"]);
    const check = may([AGENT, "U0GUEST001", "S0SUPPORT1"]);
    expect(await check(AGENT, on)).toBeNull();
    expect(await check(ADMIN, on)).toBeNull();
    expect(await check("U0GROUPIE1", on)).toBeNull();
    expect(await check("U0GUEST001", on)).toBeNull();
    expect(await check("U0GUEST002", on)).toBeNull();
    expect(await check("U0STRANGE1", on)).toBe("an external (Slack Connect) user");
    // Listed by ID makes no difference to a stranger.
    expect(await may(["U0STRANGE1"])("U0STRANGE1", on)).toBe("an external (Slack Connect) user");
    expect(await check("U0COLLEAG1", on)).toBe("not one of the labellers (`labellers` in the bot's config)");
    expect(slack.callsTo("users.info").map((c) => c.args.user)).not.toContain("U0COLLEAG1");
    // An empty list: admins only.
    expect(await may([])(AGENT, on)).toBe("not one of the labellers (`labellers` in the bot's config)");
    expect(await may([])(ADMIN, on)).toBeNull();
  });
});

describe("createSlackPeople", () => {
  it("asks users.info once per person (concurrent asks share the call) until the answer is an hour old", async () => {
    await Promise.all([people.lookup(AGENT), people.lookup(AGENT), people.lookup(AGENT)]);
    expect(asked("users.info")).toBe(1);
    now += 59 * MINUTE;
    await people.lookup(AGENT);
    expect(asked("users.info")).toBe(1);
    now += 2 * MINUTE;
    await people.lookup(AGENT);
    expect(asked("users.info")).toBe(2);
  });

  it("a refused users.info is 'unknown' for a minute; one with no answer throws, so the event is tried again", async () => {
    slack.failNext("users.info", { error: "user_not_found" });
    expect(await people.lookup(AGENT)).toEqual({ known: false, why: "users.info answered user_not_found" });
    expect(await people.lookup(AGENT)).toMatchObject({ known: false });
    expect(asked("users.info")).toBe(1);
    expect(log.lines.filter((l) => l.includes("WARN") && l.includes(AGENT))).toHaveLength(1);
    now += MINUTE;
    expect(await people.lookup(AGENT)).toMatchObject({ known: true });

    slack.failNext("users.info", { status: 500 });
    await expect(people.lookup("U0OTHER001")).rejects.toBeInstanceOf(PersonLookupError);
    // Nothing was remembered: the next try asks again.
    expect(await people.lookup("U0OTHER001")).toMatchObject({ known: true });
  });

  it("lists a group on first use, again when 10 minutes old, and on a miss at most once a minute", async () => {
    slack.setUserGroup("S0SUPPORT1", [AGENT]);
    expect(await people.inGroup("S0SUPPORT1", AGENT)).toBe(true);
    expect(await people.inGroup("S0SUPPORT1", "U0NEW00001")).toBe(false);
    expect(asked("usergroups.users.list")).toBe(1);
    // Someone is added to the group: found at the first miss a minute later.
    slack.setUserGroup("S0SUPPORT1", [AGENT, "U0NEW00001"]);
    now += 30_000;
    expect(await people.inGroup("S0SUPPORT1", "U0NEW00001")).toBe(false);
    expect(asked("usergroups.users.list")).toBe(1);
    now += 30_000;
    expect(await people.inGroup("S0SUPPORT1", "U0NEW00001")).toBe(true);
    expect(asked("usergroups.users.list")).toBe(2);
    // Members are not asked again until the list is 10 minutes old; then someone removed stops counting.
    slack.setUserGroup("S0SUPPORT1", ["U0NEW00001"]);
    now += 9 * MINUTE;
    expect(await people.inGroup("S0SUPPORT1", AGENT)).toBe(true);
    expect(asked("usergroups.users.list")).toBe(2);
    now += MINUTE;
    expect(await people.inGroup("S0SUPPORT1", AGENT)).toBe(false);
    expect(asked("usergroups.users.list")).toBe(3);
  });

  it("a group that cannot be listed has no members, is logged once, and is listed again when it answers", async () => {
    slack.failNext("usergroups.users.list", { error: "missing_scope" }, 2);
    expect(await people.inGroup("S0SUPPORT1", AGENT)).toBe(false);
    now += MINUTE;
    expect(await people.inGroup("S0SUPPORT1", AGENT)).toBe(false);
    now += MINUTE;
    slack.failNext("usergroups.users.list", { status: 500 });
    expect(await people.inGroup("S0SUPPORT1", AGENT)).toBe(false);
    const warned = log.lines.filter((l) => l.includes("S0SUPPORT1"));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(
      "usergroups.users.list failed: missing_scope (the app needs the usergroups:read scope: reinstall it from manifest.yml)",
    );
    slack.setUserGroup("S0SUPPORT1", [AGENT]);
    now += MINUTE;
    expect(await people.inGroup("S0SUPPORT1", AGENT)).toBe(true);
    expect(log.lines.at(-1)).toContain("user group S0SUPPORT1: members listed again (1)");
  });
});

describe("labellerPolicyText", () => {
  it.each([
    [
      undefined,
      "labels: from anyone in the workspace except guests; never from Slack Connect strangers, bots, or the author of the message",
    ],
    [
      ["U0A", "W0B", "U0C", "S0D"],
      "labels: from 3 people and 1 user group (admins always); never from Slack Connect strangers, bots, or the author of the message",
    ],
    [["U0A"], "labels: from 1 person (admins always); never"],
    [["S0A", "S0B"], "labels: from 2 user groups (admins always); never"],
    [[], "labels: from the 1 admin only (`labellers` is empty); never"],
  ])("%j", (labellers, expected) => {
    expect(labellerPolicyText({ admins: [ADMIN], ...(labellers ? { labellers } : {}) })).toContain(expected);
  });
});
