/** The reminder posted in the review channel for cards nobody has decided (pure). */
import type { Category } from "../../config.js";
import type { ReviewItem } from "../../store/queries/review-queue.js";
import type { PostContent } from "./blocks.js";
import { linkLabel, packLines, reasonText, waited } from "./home.js";

export function nudgePost(args: {
  items: readonly { item: ReviewItem; cardLink: string | null }[];
  afterMinutes: number;
  businessHours: boolean;
  now: number;
  categories: readonly Category[];
}): PostContent {
  const n = args.items.length;
  const limit = `${waited(args.afterMinutes * 60_000)}${args.businessHours ? " of working time" : ""}`;
  const head = `:alarm_clock: *${n} message${n === 1 ? "" : "s"} waiting for a decision for more than ${limit}.* One click on the card is enough:`;
  const lines = args.items.map(({ item, cardLink }) => {
    const label = `“${linkLabel(item.text)}”`;
    const link = cardLink ? `<${cardLink}|${label}>` : label;
    const since = item.card?.at ?? item.receivedAt;
    return `• ${link} — on the card ${waited(args.now - since)} · ${reasonText(item, args.categories)}`;
  });
  return {
    text: `${n} message${n === 1 ? "" : "s"} waiting in review for more than ${limit}`,
    blocks: packLines([head, ...lines]),
  };
}
