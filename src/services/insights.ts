/**
 * The "other" catalog: what the model tried to say besides the numbered options. Every classification
 * keeps the first-token candidates that were not an option (stray tokens, with their probability). Here
 * they are sorted into the explicit "none of these" option, formatting noise (blanks, punctuation, special
 * tokens such as `<|end|>`) and words; the words are ranked by the probability they took, and the messages
 * that ended up as "other" are grouped by the word the model leaned to — candidates for a new category. Pure.
 */

import type { StrayToken } from "../classify/types.js";
import { effectiveLabel } from "../decide/label-vote.js";
import { catalogSource } from "../store/queries/catalog-rows.js";
import type { Store } from "../store/store.js";

export interface CatalogRow {
  messageId: number | null;
  text: string | null;
  permalink: string | null;
  strayTokens: readonly StrayToken[];
  other: number;
  decision: "route" | "review";
  reason: "other" | "low_confidence" | "uncertified" | "classifier_error" | null;
  /** The label people gave (a category id or "other"), null when nobody labelled it. */
  label: string | null;
  at: number;
}

export interface TokenStat {
  /** The spelling seen with the most mass (tokens are merged case-insensitively). */
  token: string;
  /** Classifications in which it appeared. */
  messages: number;
  /** Of those, how many ended up as "other". */
  inOther: number;
  /** Its probability summed over them: how much of the model's attention it took in all. */
  mass: number;
  meanP: number;
}

/** Tokens counted together: how many classifications carried any, and their summed probability. */
export interface TokenClass {
  messages: number;
  mass: number;
}

export interface CatalogMessage {
  messageId: number | null;
  text: string | null;
  permalink: string | null;
  other: number;
  /** `labelled`: a person said "none of these"; `model`: unlabelled, sent to review for its `other` mass. */
  why: "labelled" | "model";
  /** The leading word's probability in this message (0 in the group without a word). */
  p: number;
  at: number;
}

export interface CatalogGroup {
  /** The word the model leaned to (null = no word took at least `minWordP`). */
  token: string | null;
  count: number;
  /** Newest first, at most `perGroup`. */
  messages: CatalogMessage[];
}

export interface OtherCatalog {
  classifications: number;
  otherMessages: number;
  /** Words, most probability first. */
  tokens: TokenStat[];
  /** The explicit "none of these" option. */
  none: TokenClass;
  /** Blanks, punctuation and special tokens: how the model formats, not what it means. */
  noise: TokenClass;
  groups: CatalogGroup[];
}

export interface CatalogOptions {
  /** Tokens that are the explicit "none of these" option. Default ["0"]. */
  noneTokens?: readonly string[];
  /** Words to list (default 15). */
  tokenLimit?: number;
  /** Messages to keep per group (default 5). */
  perGroup?: number;
  /** A word leads a message's group only with at least this probability (default 0.05). */
  minWordP?: number;
}

export const MIN_WORD_P = 0.05;

const keyOf = (token: string) => token.trim().toLowerCase();

export type TokenKind = "none" | "noise" | "word";

export function tokenKind(token: string, none: ReadonlySet<string>): TokenKind {
  const key = keyOf(token);
  if (none.has(key)) return "none";
  if (key === "" || /^[\p{P}\p{S}\s]+$/u.test(key) || /^<\|.*\|>$|^<\/?[a-z_]+>$/.test(key)) return "noise";
  return "word";
}

/** The most probable word in a message, if it took at least `minP`. */
export function leadingWord(
  strays: readonly StrayToken[],
  none: ReadonlySet<string>,
  minP = MIN_WORD_P,
): StrayToken | null {
  let best: StrayToken | null = null;
  for (const s of strays) {
    if (tokenKind(s.token, none) !== "word" || s.p < minP) continue;
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

  const words = new Map<
    string,
    { spellings: Map<string, number>; messages: number; inOther: number; mass: number }
  >();
  const classes = { none: { messages: 0, mass: 0 }, noise: { messages: 0, mass: 0 } };
  for (const row of rows) {
    const other = isOtherMessage(row) !== null;
    const seen = new Set<string>();
    for (const s of row.strayTokens) {
      const kind = tokenKind(s.token, none);
      const key = kind === "word" ? keyOf(s.token) : `\u0000${kind}`;
      const first = !seen.has(key);
      seen.add(key);
      if (kind !== "word") {
        classes[kind].mass += s.p;
        if (first) classes[kind].messages++;
        continue;
      }
      const stat = words.get(key) ?? {
        spellings: new Map<string, number>(),
        messages: 0,
        inOther: 0,
        mass: 0,
      };
      stat.spellings.set(s.token.trim(), (stat.spellings.get(s.token.trim()) ?? 0) + s.p);
      stat.mass += s.p;
      if (first) {
        stat.messages++;
        if (other) stat.inOther++;
      }
      words.set(key, stat);
    }
  }
  const spelling = (key: string) =>
    [...(words.get(key)?.spellings ?? [])].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ??
    key;
  const tokens: TokenStat[] = [...words]
    .map(([key, s]) => ({
      token: spelling(key),
      messages: s.messages,
      inOther: s.inOther,
      mass: s.mass,
      meanP: s.mass / s.messages,
    }))
    .sort((a, b) => b.mass - a.mass || b.messages - a.messages || a.token.localeCompare(b.token))
    .slice(0, opts.tokenLimit ?? 15);

  const groups = new Map<string | null, { token: string | null; members: CatalogMessage[] }>();
  let otherMessages = 0;
  for (const row of rows) {
    const why = isOtherMessage(row);
    if (!why) continue;
    otherMessages++;
    const lead = leadingWord(row.strayTokens, none, opts.minWordP ?? MIN_WORD_P);
    const key = lead ? keyOf(lead.token) : null;
    const group = groups.get(key) ?? { token: key === null ? null : spelling(key), members: [] };
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
  return { classifications: rows.length, otherMessages, tokens, ...classes, groups: catalogGroups };
}

/** How a word reads in a list; null is the group of messages without one. */
export function showToken(token: string | null): string {
  return token === null ? "(no word of its own)" : `“${token}”`;
}

/** The rows the catalog is built from: every live message classified since a time, with the label it carries. */
export async function catalogRows(store: Store, since: number): Promise<CatalogRow[]> {
  const { classifications, labels } = await catalogSource(store, since);
  const byMessage = new Map<number, typeof labels>();
  for (const l of labels) byMessage.set(l.messageId, [...(byMessage.get(l.messageId) ?? []), l]);
  return classifications.map((r) => ({
    ...r,
    label: r.messageId === null ? null : (effectiveLabel(byMessage.get(r.messageId) ?? [])?.label ?? null),
  }));
}
