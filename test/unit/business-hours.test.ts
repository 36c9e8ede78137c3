import { describe, expect, it } from "vitest";
import {
  type BusinessHours,
  businessTimeBetween,
  inBusinessHours,
  nudgeDue,
} from "../../src/nudge/business-hours.js";

// Monday 2025-03-03 is a weekday; times below are UTC unless an offset is set.
const at = (iso: string) => Date.parse(iso);
const hours: BusinessHours = { days: [1, 2, 3, 4, 5], start_hour: 9, end_hour: 17, utc_offset_minutes: 0 };
const MIN = 60_000;

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

  it("reads the clock in the team's offset", () => {
    const berlin = { ...hours, utc_offset_minutes: 60 };
    expect(inBusinessHours(at("2025-03-03T08:30:00Z"), berlin)).toBe(true); // 09:30 local
    expect(inBusinessHours(at("2025-03-03T16:30:00Z"), berlin)).toBe(false); // 17:30 local
    const newYork = { ...hours, utc_offset_minutes: -300 };
    expect(inBusinessHours(at("2025-03-07T21:30:00Z"), newYork)).toBe(true); // Friday 16:30 local
    expect(inBusinessHours(at("2025-03-03T13:30:00Z"), newYork)).toBe(false); // Monday 08:30 local
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
});
