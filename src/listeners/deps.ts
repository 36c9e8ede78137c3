/** What listeners are given: the domain's dependencies, never a global. */

import type { TriageConfig } from "../config.js";
import type { Logger } from "../logger.js";
import type { BotMetrics } from "../ops/metrics.js";
import type { BackfillSummary } from "../services/backfill/backfill-channel.js";
import type { Background } from "../services/background.js";
import type { EventWorker } from "../services/feedback/event-worker.js";
import type { MayLabel } from "../services/feedback/on-reaction.js";
import type { Tune } from "../services/retune/retune.js";
import type { Store } from "../store/store.js";

export interface ListenerDeps {
  store: Store;
  config: TriageConfig;
  logger: Logger;
  /** Tell the inbox worker there may be something to do. */
  wake: () => void;
  /** Reads a channel's history for labelling (`/triage backfill`); posts nothing. */
  backfill?: (channel: string, days: number) => Promise<BackfillSummary>;
  /** Sends a person a direct message. */
  tell?: (userId: string, text: string) => Promise<void>;
  /** Who may label: they get App Home's Labelling section. */
  mayLabel?: MayLabel;
  /** Works stored reactions and clicks after Slack has its answer. */
  events: Pick<EventWorker, "handle">;
  background: Background;
  botUserId: string | undefined;
  promptFingerprint: string;
  tune: Tune;
  metrics?: Pick<BotMetrics, "labelStored">;
  /** The clock (tests pass a fake one); Date.now when absent. */
  now?: () => number;
}
