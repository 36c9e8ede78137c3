/**
 * Work started after Slack has its answer (publishing App Home, delayed responses). Tracked so shutdown
 * can wait for it instead of cutting it off.
 */
import type { Logger } from "../logger.js";

export interface Background {
  run(name: string, fn: () => Promise<unknown>): void;
  drain(): Promise<void>;
}

export function createBackground(logger: Logger): Background {
  const running = new Set<Promise<unknown>>();
  return {
    run(name, fn) {
      const task = fn()
        .catch((err: unknown) => logger.error(`${name}: ${(err as Error)?.message ?? String(err)}`))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** True when `work` settled within `ms`. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}
