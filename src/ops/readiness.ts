/**
 * What `GET /readyz` checks: the database answers, the inbox worker is looking at the inbox, Socket Mode is
 * connected (in Socket Mode), and the backlog is below its bound. Each check names what is wrong.
 */

import type { InboxWorker } from "../services/triage/inbox-worker.js";
import { pendingCount } from "../store/queries/inbox.js";
import type { Store } from "../store/store.js";
import type { ReadinessCheck } from "./health.js";

/** The worker looks at the inbox at least every 5 s; three missed looks mean it is stuck or stopped. */
const WORKER_SILENT_MS = 15_000;

export function readinessChecks(deps: {
  store: Store;
  worker: InboxWorker;
  /** Socket Mode's connection state; null in HTTP mode. */
  slackConnected: (() => boolean) | null;
  maxBacklog: number;
  now?: () => number;
}): ReadinessCheck[] {
  const now = deps.now ?? Date.now;
  const checks: ReadinessCheck[] = [
    {
      name: "database",
      run: async () => {
        await deps.store.ping();
        return null;
      },
    },
    {
      name: "worker",
      run: () => {
        const silent = now() - deps.worker.lastPumpAt();
        return silent > WORKER_SILENT_MS
          ? `the inbox worker has not looked at the inbox for ${Math.round(silent / 1000)} s`
          : null;
      },
    },
    {
      name: "backlog",
      run: async () => {
        const waiting = await pendingCount(deps.store);
        return waiting > deps.maxBacklog
          ? `${waiting} messages wait in the inbox (more than ${deps.maxBacklog}); the LLM or Slack may be slow or down`
          : null;
      },
    },
  ];
  const connected = deps.slackConnected;
  if (connected) {
    checks.push({
      name: "slack",
      run: () => (connected() ? null : "not connected to Slack (Socket Mode); reconnecting"),
    });
  }
  return checks;
}
