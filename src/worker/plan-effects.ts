/**
 * What Slack effects a message still needs, from what the DB says happened (pure). Every effect has a
 * unique key; one that was ever claimed is never planned again, so re-running the plan is always safe.
 */
import type { Category } from "../config.js";

export interface PlanMessage {
  id: number;
  routedCategory: string | null;
  resolvedAt: number | null;
}

export interface PlanClassification {
  decision: "route" | "review";
  audit: boolean;
}

export interface PlanPost {
  effectKey: string;
  kind: string;
  status: "pending" | "done";
  channelId: string;
  ts: string | null;
}

export type PlannedEffect =
  | { kind: "route" | "reroute"; key: string; category: Category }
  | { kind: "thread_note"; key: string; category: Category; rerouted: boolean }
  | { kind: "review_card"; key: string }
  | { kind: "card_update"; key: string; channelId: string; ts: string };

export const effectKeys = {
  route: (messageId: number, category: string) => `route:${messageId}:${category}`,
  note: (messageId: number, category: string) => `note:${messageId}:${category}`,
  card: (messageId: number) => `card:${messageId}`,
  cardUpdate: (messageId: number, decidedAt: number) => `card_update:${messageId}:${decidedAt}`,
};

export function planEffects(input: {
  message: PlanMessage;
  classification: PlanClassification | null;
  posts: readonly PlanPost[];
  categories: readonly Category[];
}): PlannedEffect[] {
  const { message, classification, posts, categories } = input;
  if (!classification) return [];
  const byKey = new Map(posts.map((p) => [p.effectKey, p]));
  const out: PlannedEffect[] = [];
  const target = categories.find((c) => c.id === message.routedCategory);
  if (target) {
    const routeKey = effectKeys.route(message.id, target.id);
    const routedBefore = posts.some((p) => p.kind === "route" || p.kind === "reroute");
    const rerouted = posts.some(
      (p) => (p.kind === "route" || p.kind === "reroute") && p.effectKey !== routeKey,
    );
    if (!byKey.has(routeKey))
      out.push({ kind: routedBefore ? "reroute" : "route", key: routeKey, category: target });
    const noteKey = effectKeys.note(message.id, target.id);
    if (!byKey.has(noteKey)) out.push({ kind: "thread_note", key: noteKey, category: target, rerouted });
  }
  const cardKey = effectKeys.card(message.id);
  if ((classification.decision === "review" || classification.audit) && !byKey.has(cardKey)) {
    out.push({ kind: "review_card", key: cardKey });
  }
  const card = byKey.get(cardKey);
  if (message.resolvedAt !== null && card?.status === "done" && card.ts) {
    const key = effectKeys.cardUpdate(message.id, message.resolvedAt);
    if (!byKey.has(key)) out.push({ kind: "card_update", key, channelId: card.channelId, ts: card.ts });
  }
  return out;
}
