/** Progress lines: redrawn in place on a terminal, a line every few seconds in a log. */
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { progressLine, progressReporter } from "../../src/cli/progress.js";

function io(isTTY: boolean) {
  const drawn: string[] = [];
  const logged: string[] = [];
  const value: CliIo = {
    out: () => {},
    err: (t) => logged.push(t),
    progress: (t) => drawn.push(t),
    isTTY,
    debug: false,
  };
  return { value, drawn, logged };
}

describe("progressLine", () => {
  it("shows done/total, rate and ETA", () => {
    expect(progressLine(12, 400, 1500, 0)).toBe("12/400 classified · 8.0/s · ETA 49s");
    expect(progressLine(10, 1000, 1000, 2)).toBe("10/1000 classified · 10.0/s · ETA 1m39s · 2 failed");
    expect(progressLine(0, 10, 0, 0)).toBe("0/10 classified · 0.0/s · ETA ?");
  });
});

describe("progressReporter", () => {
  it("on a terminal redraws at most every 100 ms, and clears the line at the end", () => {
    let now = 0;
    const t = io(true);
    const p = progressReporter(t.value, { now: () => now });
    p.show("a");
    now = 50;
    p.show("b");
    now = 150;
    p.show("c");
    p.show("d", true);
    p.done();
    expect(t.drawn).toEqual(["a", "c", "d", ""]);
    expect(t.logged).toEqual([]);
  });

  it("in a log writes a line every 5 s (and when told to), never the same line twice in a row", () => {
    let now = 0;
    const t = io(false);
    const p = progressReporter(t.value, { now: () => now });
    p.show("reading 200");
    now = 1_000;
    p.show("reading 400");
    p.show("0/300 classified", true);
    now = 6_500;
    p.show("120/300 classified");
    p.show("120/300 classified", true);
    p.show("300/300 classified", true);
    p.done();
    expect(t.logged).toEqual(["reading 200", "0/300 classified", "120/300 classified", "300/300 classified"]);
    expect(t.drawn).toEqual([]);
  });
});
