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
