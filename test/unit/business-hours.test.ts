import { describe, expect, it } from "vitest";
import { parseTriageConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";
import {
  type BusinessHours,
  businessTimeBetween,
  inBusinessHours,
  nudgeDue,
} from "../../src/services/nudge/business-hours.js";

// Monday 2025-03-03 is a weekday; times below are UTC.
const at = (iso: string) => Date.parse(iso);
const hours: BusinessHours = { days: [1, 2, 3, 4, 5], start_hour: 9, end_hour: 17, time_zone: "UTC" };
const berlin: BusinessHours = { ...hours, time_zone: "Europe/Berlin" };
const newYork: BusinessHours = { ...hours, time_zone: "America/New_York" };
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("inBusinessHours", () => {
  it.each([
    ["2025-03-03T09:00:00Z", true],
    ["2025-03-03T08:59:59Z", false],
    ["2025-03-03T16:59:00Z", true],
    ["2025-03-03T17:00:00Z", false],
    ["2025-03-08T12:00:00Z", false], // Saturday
    ["2025-03-09T12:00:00Z", false], // Sunday
  ])("%s → %s", (when, expected) => {
    expect(inBusinessHours(at(when), hours)).toBe(expected);
  });

  it("reads the clock in the team's time zone, summer and winter", () => {
    // Berlin is UTC+2 in summer, UTC+1 in winter: 07:30 UTC is 09:30 or 08:30 there.
    expect(inBusinessHours(at("2025-07-07T07:30:00Z"), berlin)).toBe(true);
    expect(inBusinessHours(at("2025-01-06T07:30:00Z"), berlin)).toBe(false);
    expect(inBusinessHours(at("2025-07-07T15:30:00Z"), berlin)).toBe(false); // 17:30 local
    expect(inBusinessHours(at("2025-01-06T15:30:00Z"), berlin)).toBe(true); // 16:30 local
    // New York is UTC−4 in summer, UTC−5 in winter: 13:30 UTC is 09:30 or 08:30 there.
    expect(inBusinessHours(at("2025-07-07T13:30:00Z"), newYork)).toBe(true);
    expect(inBusinessHours(at("2025-01-06T13:30:00Z"), newYork)).toBe(false);
    expect(inBusinessHours(at("2025-03-07T21:30:00Z"), newYork)).toBe(true); // Friday 16:30 local
    expect(inBusinessHours(at("2025-03-08T01:00:00Z"), newYork)).toBe(false); // Friday 20:00 local
  });

  it.each([
    // Berlin springs forward on Sunday 30 March 2025 and falls back on Sunday 26 October.
    ["Berlin, Friday before spring", berlin, "2025-03-28T07:30:00Z", false], // 08:30 CET
    ["Berlin, Monday after spring", berlin, "2025-03-31T07:30:00Z", true], // 09:30 CEST
    ["Berlin, Friday before autumn", berlin, "2025-10-24T07:30:00Z", true], // 09:30 CEST
    ["Berlin, Monday after autumn", berlin, "2025-10-27T07:30:00Z", false], // 08:30 CET
    // New York springs forward on Sunday 9 March 2025 and falls back on Sunday 2 November.
    ["New York, Friday before spring", newYork, "2025-03-07T13:30:00Z", false], // 08:30 EST
    ["New York, Monday after spring", newYork, "2025-03-10T13:30:00Z", true], // 09:30 EDT
    ["New York, Friday before autumn", newYork, "2025-10-31T13:30:00Z", true], // 09:30 EDT
    ["New York, Monday after autumn", newYork, "2025-11-03T13:30:00Z", false], // 08:30 EST
  ])("%s: %s → %s", (_name, h, when, expected) => {
    expect(inBusinessHours(at(when), h)).toBe(expected);
  });
});

describe("businessTimeBetween", () => {
  it.each([
    ["same afternoon", "2025-03-03T10:00:00Z", "2025-03-03T12:30:00Z", 150],
    ["across the evening", "2025-03-03T16:00:00Z", "2025-03-04T10:00:00Z", 120],
    ["over a weekend", "2025-03-07T16:30:00Z", "2025-03-10T09:30:00Z", 60],
    ["all outside hours", "2025-03-08T10:00:00Z", "2025-03-09T20:00:00Z", 0],
    ["a whole week", "2025-03-03T00:00:00Z", "2025-03-10T00:00:00Z", 5 * 8 * 60],
    ["backwards", "2025-03-04T10:00:00Z", "2025-03-03T10:00:00Z", 0],
  ])("%s", (_name, from, to, minutes) => {
    expect(businessTimeBetween(at(from), at(to), hours)).toBe(minutes * MIN);
  });

  it.each([
    // Friday 16:30 local to Monday 09:30 local is one working hour, whichever offset each side is in.
    ["Berlin over the spring change", berlin, "2025-03-28T15:30:00Z", "2025-03-31T07:30:00Z"],
    ["Berlin over the autumn change", berlin, "2025-10-24T14:30:00Z", "2025-10-27T08:30:00Z"],
    ["New York over the spring change", newYork, "2025-03-07T21:30:00Z", "2025-03-10T13:30:00Z"],
    ["New York over the autumn change", newYork, "2025-10-31T20:30:00Z", "2025-11-03T14:30:00Z"],
  ])("%s", (_name, h, from, to) => {
    expect(businessTimeBetween(at(from), at(to), h)).toBe(60 * MIN);
  });

  it("stops counting back from the end once it has enough", () => {
    const week: [number, number] = [at("2025-03-03T09:00:00Z"), at("2025-03-07T17:00:00Z")];
    expect(businessTimeBetween(...week, hours)).toBe(5 * 8 * HOUR);
    expect(businessTimeBetween(...week, hours, HOUR)).toBe(8 * HOUR); // Friday alone
  });

  it("counts the real length of the day the clocks change", () => {
    const always = (time_zone: string): BusinessHours => ({
      days: [0, 1, 2, 3, 4, 5, 6],
      start_hour: 0,
      end_hour: 24,
      time_zone,
    });
    // Saturday 00:00 to Monday 00:00 in Berlin: 24 h + 23 h in spring, 24 h + 25 h in autumn.
    expect(
      businessTimeBetween(at("2025-03-28T23:00:00Z"), at("2025-03-30T22:00:00Z"), always("Europe/Berlin")),
    ).toBe(47 * HOUR);
    expect(
      businessTimeBetween(at("2025-10-24T22:00:00Z"), at("2025-10-26T23:00:00Z"), always("Europe/Berlin")),
    ).toBe(49 * HOUR);
    // 01:00–04:00 on the change Sunday lasts 2 h in spring (02:00–03:00 never happens) and 4 h in autumn.
    const night = (day: number): BusinessHours => ({ ...berlin, days: [day], start_hour: 1, end_hour: 4 });
    expect(businessTimeBetween(at("2025-03-29T00:00:00Z"), at("2025-03-31T00:00:00Z"), night(0))).toBe(
      2 * HOUR,
    );
    expect(businessTimeBetween(at("2025-10-25T00:00:00Z"), at("2025-10-27T00:00:00Z"), night(0))).toBe(
      4 * HOUR,
    );
  });
});

describe("nudgeDue", () => {
  it("counts wall-clock time without business hours", () => {
    const since = at("2025-03-08T02:00:00Z");
    expect(nudgeDue(since, since + 119 * MIN, { after_minutes: 120 })).toBe(false);
    expect(nudgeDue(since, since + 120 * MIN, { after_minutes: 120 })).toBe(true);
  });

  it("counts business time only and waits for the team to be at work", () => {
    const nudge = { after_minutes: 120, business_hours: hours };
    const since = at("2025-03-03T16:00:00Z");
    expect(nudgeDue(since, at("2025-03-03T23:00:00Z"), nudge)).toBe(false); // 1 h of business time, evening
    expect(nudgeDue(since, at("2025-03-04T09:59:00Z"), nudge)).toBe(false);
    expect(nudgeDue(since, at("2025-03-04T10:00:00Z"), nudge)).toBe(true);
    // Stale since Friday but it is Saturday: wait for Monday.
    const friday = at("2025-03-07T09:00:00Z");
    expect(nudgeDue(friday, at("2025-03-08T12:00:00Z"), nudge)).toBe(false);
    expect(nudgeDue(friday, at("2025-03-10T09:00:00Z"), nudge)).toBe(true);
  });

  it("is due at the same local time after a change of clocks", () => {
    const nudge = { after_minutes: 60, business_hours: berlin };
    const friday = at("2025-10-24T14:30:00Z"); // 16:30 CEST
    expect(nudgeDue(friday, at("2025-10-27T08:29:00Z"), nudge)).toBe(false); // Monday 09:29 CET
    expect(nudgeDue(friday, at("2025-10-27T08:30:00Z"), nudge)).toBe(true); // Monday 09:30 CET
  });
});

describe("business_hours in the config file", () => {
  const config = (businessHours: Record<string, unknown>) =>
    JSON.stringify({
      review_channel: "C0REVIEW01",
      model: "gpt-4.1-mini",
      review_nudge: { business_hours: businessHours },
      categories: [
        { id: "billing", name: "Billing", description: "Invoices.", route_channel: "C0BILLING1" },
        { id: "api", name: "API", description: "Keys and webhooks.", route_channel: "C0API00001" },
      ],
    });
  const errorOf = (text: string): string => {
    try {
      parseTriageConfig(text, "t.yml");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error("expected a ConfigError");
  };

  it("defaults to UTC and accepts IANA names", () => {
    expect(parseTriageConfig(config({}), "t.yml").review_nudge?.business_hours?.time_zone).toBe("UTC");
    const parsed = parseTriageConfig(config({ time_zone: "America/New_York" }), "t.yml");
    expect(parsed.review_nudge?.business_hours).toEqual({
      days: [1, 2, 3, 4, 5],
      start_hour: 9,
      end_hour: 17,
      time_zone: "America/New_York",
    });
  });

  it("names the key and the value of a time zone that does not exist", () => {
    expect(errorOf(config({ time_zone: "Europe/Berln" }))).toContain(
      "review_nudge.business_hours.time_zone: 'Europe/Berln' is not a time zone; use an IANA name such as Europe/Berlin",
    );
  });

  it("says what replaced utc_offset_minutes", () => {
    expect(errorOf(config({ utc_offset_minutes: 60 }))).toContain(
      "review_nudge.business_hours.utc_offset_minutes: replaced by time_zone, an IANA name such as Europe/Berlin",
    );
  });
});
