import { describe, expect, it } from "vitest";
import { createChannelPacer } from "../../src/slack/channel-pacer.js";

/** A pacer on a fake clock; `post` says how long that post had to wait (0 = at once). */
function paced(perSecond: number, burst: number) {
  let clock = 0;
  let waited = 0;
  const pacer = createChannelPacer({
    perSecond,
    burst,
    now: () => clock,
    sleep: async (ms) => {
      waited = ms;
    },
  });
  return {
    async post(channel: string) {
      waited = 0;
      await pacer.wait(channel);
      return waited;
    },
    advance(ms: number) {
      clock += ms;
    },
  };
}

describe("channel pacer", () => {
  it.each([
    [1, 3, [0, 0, 0, 1000, 2000, 3000]],
    [1, 1, [0, 1000, 2000]],
    [2, 2, [0, 0, 500, 1000]],
  ])("%i/s with a burst of %i: posts made at once wait %j ms", async (perSecond, burst, expected) => {
    const p = paced(perSecond, burst);
    const waits: number[] = [];
    for (let i = 0; i < expected.length; i++) waits.push(await p.post("C1"));
    expect(waits).toEqual(expected);
  });

  it("channels do not wait for each other, and an idle channel's burst comes back", async () => {
    const p = paced(1, 2);
    expect([await p.post("C1"), await p.post("C1"), await p.post("C2"), await p.post("C2")]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(await p.post("C1")).toBe(1000);
    p.advance(5_000);
    expect([await p.post("C1"), await p.post("C1"), await p.post("C1")]).toEqual([0, 0, 1000]);
  });
});
