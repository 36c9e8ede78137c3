/**
 * Posts the retune charts (risk–coverage and reliability) to a channel with files.uploadV2 — the
 * WebClient asks files.getUploadURLExternal for an upload URL, sends the bytes there, then shares them
 * with files.completeUploadExternal.
 */
import type { webApi } from "@slack/bolt";
import { retuneCharts } from "../charts/retune-charts.js";
import type { Labelled } from "../decide/metrics.js";
import type { TuneReport } from "../decide/tune-types.js";
import { pct } from "./views/format.js";

export async function uploadRetuneCharts(
  client: webApi.WebClient,
  args: { channelId: string; setId: number; rows: readonly Labelled[]; report: TuneReport },
): Promise<void> {
  const { setId, report } = args;
  const charts = retuneCharts(args.rows, report);
  const after =
    report.after.precision === null
      ? "nothing routed"
      : `${pct(report.after.coverage)} routed at ${pct(report.after.precision)} precision`;
  await client.filesUploadV2({
    channel_id: args.channelId,
    initial_comment: `Retune charts for set #${setId} (${report.labelCount} labels; at its thresholds ${after}).`,
    file_uploads: [
      {
        file: charts.riskCoverage,
        filename: `retune-set-${setId}-risk-coverage.png`,
        title: `Risk–coverage, set #${setId}`,
        alt_text:
          "Precision and coverage of auto-routed messages against the threshold, with the target and the chosen threshold",
      },
      {
        file: charts.reliability,
        filename: `retune-set-${setId}-reliability.png`,
        title: `Reliability, set #${setId}`,
        alt_text: "Predicted probability of the top area against how often it was right, per bin",
      },
    ],
  });
}
