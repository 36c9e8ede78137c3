/** The App Home tab: what is routed now and how well it is doing (pure). */
import type { Category } from "../config.js";
import type { Stats } from "../db/queries/stats.js";
import type { ThresholdsInForce } from "../db/queries/thresholds-in-force.js";
import type { Block } from "./blocks.js";
import { helpText, statsView, thresholdsView } from "./command-blocks.js";

export function homeView(args: {
  inForce: ThresholdsInForce;
  stats: Stats;
  days: number;
  categories: readonly Category[];
  fingerprint: string;
}): { type: "home"; blocks: Block[] } {
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: "Triage bot" } },
    ...statsView(args.stats, args.days).blocks,
    { type: "divider" },
    ...thresholdsView(args.inForce, args.categories, args.fingerprint).blocks,
    { type: "divider" },
    { type: "section", text: { type: "mrkdwn", text: helpText() } },
  ];
  return { type: "home", blocks: blocks.slice(0, 100) };
}
