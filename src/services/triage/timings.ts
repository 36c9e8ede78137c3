/**
 * Where a message's time goes: waiting on the LLM, waiting on Slack, and the rest — the bot's own work
 * (database, decision, rendering). Measured around the awaited calls with performance.now().
 */

export interface CallTimes {
  llmMs: number;
  slackMs: number;
}

export interface MessageTimings extends CallTimes {
  messageId: number;
  totalMs: number;
  /** totalMs − llmMs − slackMs */
  ownMs: number;
}

export function callTimes(): CallTimes {
  return { llmMs: 0, slackMs: 0 };
}

/** Awaits `work`, adding the wall time it took to `times[key]`. */
export async function timed<T>(times: CallTimes | undefined, key: keyof CallTimes, work: () => Promise<T>) {
  const started = performance.now();
  try {
    return await work();
  } finally {
    if (times) times[key] += performance.now() - started;
  }
}

export function summarize(messageId: number, startedAt: number, times: CallTimes): MessageTimings {
  const totalMs = performance.now() - startedAt;
  return { messageId, totalMs, ...times, ownMs: Math.max(0, totalMs - times.llmMs - times.slackMs) };
}

export function describeTimings(t: MessageTimings): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return `in ${ms(t.totalMs)} (LLM ${ms(t.llmMs)}, Slack ${ms(t.slackMs)}, own ${ms(t.ownMs)})`;
}
