/**
 * `retention_days`: once at start and then every few hours, one replica deletes the text and permalinks
 * of messages older than the limit (src/store/queries/inbox.ts, purgeTextBefore, says what is kept).
 */

import type { Logger } from "../logger.js";
import { purgeTextBefore } from "../store/queries/inbox.js";
import type { Store } from "../store/store.js";

const DAY_MS = 86_400_000;
const EVERY_MS = 6 * 3_600_000;

export interface Retention {
  /** One pass now; how many messages it cleared (null when another replica was doing it). */
  run(): Promise<number | null>;
  stop(): void;
}

export function startRetention(deps: {
  store: Store;
  days: number;
  logger: Logger;
  now?: () => number;
}): Retention {
  const now = deps.now ?? Date.now;
  const run = () =>
    deps.store.exclusive("retention", EVERY_MS, async () => {
      const cleared = await purgeTextBefore(deps.store, now() - deps.days * DAY_MS);
      if (cleared > 0) {
        deps.logger.info(`retention: deleted the text of ${cleared} message(s) older than ${deps.days} days`);
      }
      return cleared;
    });
  const pass = () => run().catch((err: Error) => deps.logger.warn(`retention: ${err.message}`));
  void pass();
  const timer = setInterval(pass, EVERY_MS);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
