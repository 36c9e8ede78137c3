import { describe, expect, it } from "vitest";
import { instantAt, isTimeZone, startOfLocalDay, wallClock } from "../../src/time-zone.js";

const at = (iso: string) => Date.parse(iso);

describe("time zones through Intl", () => {
  it("knows IANA names and refuses typos", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Europe/Berln")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });

  it("reads the wall clock on both sides of a change", () => {
    expect(wallClock(at("2025-01-15T12:00:00.250Z"), "Europe/Berlin")).toBe(at("2025-01-15T13:00:00.250Z"));
    expect(wallClock(at("2025-07-15T12:00:00Z"), "Europe/Berlin")).toBe(at("2025-07-15T14:00:00Z"));
    expect(wallClock(at("2025-07-15T02:00:00Z"), "America/New_York")).toBe(at("2025-07-14T22:00:00Z"));
  });

  it("finds the instant of a wall time, also in the skipped and the repeated hour", () => {
    expect(instantAt(at("2025-03-30T09:00:00Z"), "Europe/Berlin")).toBe(at("2025-03-30T07:00:00Z"));
    // 02:30 never happens on 30 March in Berlin: 30 minutes past the gap is 03:30 CEST.
    expect(instantAt(at("2025-03-30T02:30:00Z"), "Europe/Berlin")).toBe(at("2025-03-30T01:30:00Z"));
    // 02:30 happens twice on 26 October: the first, still CEST.
    expect(instantAt(at("2025-10-26T02:30:00Z"), "Europe/Berlin")).toBe(at("2025-10-26T00:30:00Z"));
    expect(instantAt(at("2025-11-02T01:30:00Z"), "America/New_York")).toBe(at("2025-11-02T05:30:00Z"));
  });

  it("starts the local day at local midnight", () => {
    expect(startOfLocalDay(at("2025-03-30T20:00:00Z"), "Europe/Berlin")).toBe(at("2025-03-29T23:00:00Z"));
    expect(startOfLocalDay(at("2025-03-30T22:30:00Z"), "Europe/Berlin")).toBe(at("2025-03-30T22:00:00Z"));
    expect(startOfLocalDay(at("2025-03-03T23:30:00Z"), "UTC")).toBe(at("2025-03-03T00:00:00Z"));
  });
});
