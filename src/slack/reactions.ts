/**
 * Emoji → label (docs/how-it-works.md, "Labels: reactions and clicks"): keycap one…nine and keycap_ten label option N,
 * zero or x label "other", white_check_mark / heavy_check_mark confirm our top category, and a
 * category's own `emoji` labels that category. Skin-tone suffixes are stripped first.
 */
import type { Category } from "../config.js";

export const KEYCAPS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "keycap_ten"];
const OTHER = new Set(["zero", "x"]);
const CONFIRM = new Set(["white_check_mark", "heavy_check_mark"]);

/** What a reaction says: a category (or "other"), or "our top category was right". */
export type ReactionLabel = { kind: "label"; label: string } | { kind: "confirm" };

export function normalizeReaction(name: string): string {
  return name.replace(/::skin-tone-\d+$/, "");
}

export function reactionLabel(
  name: string,
  categories: readonly Pick<Category, "id" | "emoji">[],
): ReactionLabel | null {
  const emoji = normalizeReaction(name);
  if (OTHER.has(emoji)) return { kind: "label", label: "other" };
  if (CONFIRM.has(emoji)) return { kind: "confirm" };
  const option = KEYCAPS.indexOf(emoji);
  if (option >= 0) {
    const category = categories[option];
    return category ? { kind: "label", label: category.id } : null;
  }
  const own = categories.find((c) => c.emoji === emoji);
  return own ? { kind: "label", label: own.id } : null;
}

/** The emoji that labels option N (1-based) — what the thread note tells people to use. */
export function keycapFor(option: number): string | null {
  return KEYCAPS[option - 1] ?? null;
}
