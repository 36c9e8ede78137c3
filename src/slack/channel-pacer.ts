/**
 * Slack allows about one chat.postMessage per second per channel (short bursts tolerated). On a 429 the
 * Web API client pauses every call, to every channel, for Retry-After; pacing posts per channel keeps a
 * busy channel from stalling the others. Per channel, `burst` posts at once, then `perSecond` (the generic
 * cell rate algorithm). Each caller reserves its slot before it waits, so posts keep their order.
 */

export interface ChannelPacer {
  /** Resolves when a post to `channel` may be made. */
  wait(channel: string): Promise<void>;
}

export interface PacerOptions {
  perSecond: number;
  burst: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function createChannelPacer(opts: PacerOptions): ChannelPacer {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = 1000 / opts.perSecond;
  const slack = (opts.burst - 1) * interval;
  /** GCRA: per channel, the theoretical time of the next post if posts came exactly at the rate. */
  const tat = new Map<string, number>();
  return {
    async wait(channel) {
      const t = now();
      const next = Math.max(tat.get(channel) ?? t, t);
      tat.set(channel, next + interval);
      const allowAt = next - slack;
      if (allowAt > t) await sleep(allowAt - t);
    },
  };
}
