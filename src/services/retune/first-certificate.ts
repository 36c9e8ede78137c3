/**
 * The first certificate, announced: while no certified set decides, one replica checks every minute
 * whether the labels now certify anything; the first time they do, it saves the retune report and sends
 * it to each admin as a direct message with Apply. Nothing switches on by itself, and it is said once per
 * prompt fingerprint.
 */
import type { webApi } from "@slack/bolt";
import { certifyRecords } from "../../decide/certify-layouts.js";
import type { Logger } from "../../logger.js";
import { retuneReportView } from "../../slack/views/commands.js";
import { claimNotice, noticeClaimed, releaseNotice } from "../../store/queries/notices.js";
import { certifiesNothing, previewRetune, type RetuneDeps, tuneOptions } from "./retune.js";
import { thresholdsNow } from "./thresholds-now.js";
import { loadTuneRecords } from "./tune-records.js";

export type FirstCertificateCheck = "deciding" | "already" | "not_yet" | "sent";

export interface FirstCertificateWatch {
  /** One look now (tests call it; the timer calls it every minute). */
  check(): Promise<FirstCertificateCheck | null>;
  start(intervalMs: number): void;
  stop(): void;
}

const HOLD_MS = 5 * 60_000;

export function watchFirstCertificate(
  deps: RetuneDeps & { client: webApi.WebClient; logger: Logger },
): FirstCertificateWatch {
  const { store, config, promptFingerprint } = deps;
  const key = `first-certificate:${promptFingerprint}`;
  let timer: NodeJS.Timeout | undefined;

  async function look(): Promise<FirstCertificateCheck> {
    const now = await thresholdsNow(store, promptFingerprint, config);
    if (now.setId !== null) return "deciding";
    if (await noticeClaimed(store, key)) return "already";
    const records = await loadTuneRecords(store, promptFingerprint, config);
    if (certifiesNothing(certifyRecords(records, tuneOptions(config, now.thresholds)).thresholds))
      return "not_yet";
    if (!(await claimNotice(store, key))) return "already";
    try {
      const preview = await previewRetune(deps, "triage-bot");
      const view = retuneReportView({ ...preview, withButtons: true });
      const intro = `:tada: *The labels now allow a first certificate.* Here is the retune report (set #${preview.setId}); nothing changes until an admin applies it.`;
      for (const admin of config.admins) {
        const dm = await deps.client.conversations.open({ users: admin });
        const channel = dm.channel?.id;
        if (!channel) continue;
        await deps.client.chat.postMessage({
          channel,
          text: `The labels now allow a first certificate: set #${preview.setId}`,
          blocks: [{ type: "section", text: { type: "mrkdwn", text: intro } }, ...(view.blocks ?? [])].slice(
            0,
            50,
          ),
        });
      }
      deps.logger.info(`first certificate: set #${preview.setId} sent to ${config.admins.length} admin(s)`);
      return "sent";
    } catch (err) {
      await releaseNotice(store, key).catch(() => undefined);
      throw err;
    }
  }

  const check = () => store.exclusive("first-certificate", HOLD_MS, look);
  return {
    check,
    start(intervalMs) {
      timer = setInterval(() => {
        check().catch((err: Error) => deps.logger.warn(`first certificate: ${err.message}`));
      }, intervalMs);
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}
