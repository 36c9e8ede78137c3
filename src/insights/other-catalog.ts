/**
 * The "other" catalog: what the model tried to say besides the numbered options. Every classification
 * keeps the first-token candidates that were not an option (stray tokens, with their probability); here
 * they are counted across messages, and the messages that ended up as "other" are grouped by the word the
 * model leaned to — candidates for a new category. Pure.
 */
import type { StrayToken } from "../classify/types.js";

export interface CatalogRow {
  messageId: number | null;
  text: string | null;
  permalink: string | null;
  strayTokens: readonly StrayToken[];
  other: number;
  decision: "route" | "review";
  reason: "other" | "low_confidence" | "classifier_error" | null;
  /** The label people gave (a category id or "other"), null when nobody labelled it. */
  label: string | null;
  at: number;
}

export interface TokenStat {
  /** The spelling seen with the most mass (tokens are merged case-insensitively). */
  token: string;
  /** Classifications in which it appeared. */
  messages: number;
  /** Its probability summed over them: how much of the model's attention it took in all. */
  mass: number;
  meanP: number;
}

export interface CatalogMessage {
  messageId: number | null;
  text: string | null;
  permalink: string | null;
  other: number;
  /** `labelled`: a person said "none of these"; `model`: unlabelled, sent to review for its `other` mass. */
  why: "labelled" | "model";
  /** The leading stray token and its probability in this message. */
  p: number;
  at: number;
}

export interface CatalogGroup {
  /** The leading stray word (null = the model offered nothing but "none of these" and blanks). */
  token: string | null;
  count: number;
  /** Newest first, at most `perGroup`. */
  messages: CatalogMessage[];
}

export interface OtherCatalog {
  classifications: number;
  otherMessages: number;
  tokens: TokenStat[];
  groups: CatalogGroup[];
}

export interface CatalogOptions {
  /** Tokens that are the explicit "none of these" option (not a word to learn from). Default ["0"]. */
  noneTokens?: readonly string[];
  /** Most common tokens to list (default 15). */
  tokenLimit?: number;
  /** Messages to keep per group (default 5). */
  perGroup?: number;
}

const keyOf = (token: string) => token.trim().toLowerCase();

/** The first stray token (by probability) that is a word rather than the none option or a blank. */
export function leadingWord(strays: readonly StrayToken[], none: ReadonlySet<string>): StrayToken | null {
  let best: StrayToken | null = null;
  for (const s of strays) {
    const key = keyOf(s.token);
    if (key === "" || none.has(key)) continue;
    if (!best || s.p > best.p) best = s;
  }
  return best;
}

export function isOtherMessage(row: CatalogRow): CatalogMessage["why"] | null {
  if (row.label === "other") return "labelled";
  if (row.label === null && row.decision === "review" && row.reason === "other") return "model";
  return null;
}

export function otherCatalog(rows: readonly CatalogRow[], opts: CatalogOptions = {}): OtherCatalog {
  const none = new Set((opts.noneTokens ?? ["0"]).map(keyOf));
  const perGroup = opts.perGroup ?? 5;

  const stats = new Map<string, { spellings: Map<string, number>; messages: number; mass: number }>();
  for (const row of rows) {
    const seen = new Set<string>();
    for (const s of row.strayTokens) {
      const key = keyOf(s.token);
      const stat = stats.get(key) ?? { spellings: new Map<string, number>(), messages: 0, mass: 0 };
      stat.spellings.set(s.token, (stat.spellings.get(s.token) ?? 0) + s.p);
      if (!seen.has(key)) stat.messages++;
      seen.add(key);
      stat.mass += s.p;
      stats.set(key, stat);
    }
  }
  const spelling = (key: string) =>
    [...(stats.get(key)?.spellings ?? [])].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ??
    key;
  const tokens: TokenStat[] = [...stats]
    .map(([key, s]) => ({
      token: spelling(key),
      messages: s.messages,
      mass: s.mass,
      meanP: s.mass / s.messages,
    }))
    .sort((a, b) => b.messages - a.messages || b.mass - a.mass || a.token.localeCompare(b.token))
    .slice(0, opts.tokenLimit ?? 15);

  const groups = new Map<string | null, { token: string | null; members: CatalogMessage[] }>();
  let otherMessages = 0;
  for (const row of rows) {
    const why = isOtherMessage(row);
    if (!why) continue;
    otherMessages++;
    const lead = leadingWord(row.strayTokens, none);
    const key = lead ? keyOf(lead.token) : null;
    const group = groups.get(key) ?? { token: key === null ? null : spelling(key).trim(), members: [] };
    group.members.push({
      messageId: row.messageId,
      text: row.text,
      permalink: row.permalink,
      other: row.other,
      why,
      p: lead?.p ?? 0,
      at: row.at,
    });
    groups.set(key, group);
  }
  const catalogGroups: CatalogGroup[] = [...groups.values()]
    .map((g) => ({
      token: g.token,
      count: g.members.length,
      messages: g.members.sort((a, b) => b.at - a.at).slice(0, perGroup),
    }))
    // Named groups first (largest first); the group with no word last.
    .sort(
      (a, b) =>
        Number(a.token === null) - Number(b.token === null) ||
        b.count - a.count ||
        (a.token ?? "").localeCompare(b.token ?? ""),
    );
  return { classifications: rows.length, otherMessages, tokens, groups: catalogGroups };
}

/** How a token reads in a list: blanks and the none option named, everything else quoted. */
export function showToken(token: string | null, noneTokens: readonly string[] = ["0"]): string {
  if (token === null) return "(no word besides “none of these”)";
  if (token.trim() === "") return "(blank)";
  if (noneTokens.includes(token.trim())) return `“${token.trim()}” (none of these)`;
  return `“${token}”`;
}
