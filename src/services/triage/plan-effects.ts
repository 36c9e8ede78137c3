/**
 * What Slack effects a message still needs, from what the DB says happened (pure). Every effect has a
 * unique key; one that is done is never planned again, so re-running the plan is always safe. One that was
 * claimed but never completed (the process died mid-call, or the call failed without an answer) is planned
 * `inDoubt`: the worker first looks in Slack for the post before making it again.
 */
import type { Category } from "../../config.js";

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

export type PlannedEffect = (
  | { kind: "route" | "reroute"; key: string; category: Category }
  | { kind: "thread_note"; key: string; category: Category; rerouted: boolean }
  | { kind: "ack_reaction"; key: string; category: Category }
  | { kind: "review_card"; key: string }
  | { kind: "card_update"; key: string; channelId: string; ts: string }
) & { inDoubt?: true };

export const effectKeys = {
  route: (messageId: number, category: string) => `route:${messageId}:${category}`,
  note: (messageId: number, category: string) => `note:${messageId}:${category}`,
  ack: (messageId: number, category: string) => `ack:${messageId}:${category}`,
  card: (messageId: number) => `card:${messageId}`,
  cardUpdate: (messageId: number, decidedAt: number) => `card_update:${messageId}:${decidedAt}`,
};

export function planEffects(input: {
  message: PlanMessage;
  classification: PlanClassification | null;
  posts: readonly PlanPost[];
  categories: readonly Category[];
  /** How the support channel is told where a message went (config `acknowledge`); default a thread note. */
  acknowledge?: "thread_note" | "reaction";
}): PlannedEffect[] {
  const { message, classification, posts, categories, acknowledge = "thread_note" } = input;
  if (!classification) return [];
  const byKey = new Map(posts.map((p) => [p.effectKey, p]));
  const out: PlannedEffect[] = [];
  /** Undefined = never claimed (plan it); pending = in doubt (plan it, look first); done = skip. */
  const need = (key: string): { inDoubt?: true } | null => {
    const status = byKey.get(key)?.status;
    if (status === "done") return null;
    return status === "pending" ? { inDoubt: true } : {};
  };
  const target = categories.find((c) => c.id === message.routedCategory);
  if (target) {
    const routeKey = effectKeys.route(message.id, target.id);
    const rerouted = posts.some(
      (p) => (p.kind === "route" || p.kind === "reroute") && p.effectKey !== routeKey,
    );
    const route = need(routeKey);
    if (route) out.push({ kind: rerouted ? "reroute" : "route", key: routeKey, category: target, ...route });
    if (acknowledge === "reaction") {
      const ackKey = effectKeys.ack(message.id, target.id);
      const ack = need(ackKey);
      if (ack) out.push({ kind: "ack_reaction", key: ackKey, category: target, ...ack });
    } else {
      const noteKey = effectKeys.note(message.id, target.id);
      const note = need(noteKey);
      if (note) out.push({ kind: "thread_note", key: noteKey, category: target, rerouted, ...note });
    }
  }
  const cardKey = effectKeys.card(message.id);
  const cardNeed = need(cardKey);
  if ((classification.decision === "review" || classification.audit) && cardNeed) {
    out.push({ kind: "review_card", key: cardKey, ...cardNeed });
  }
  const card = byKey.get(cardKey);
  if (message.resolvedAt !== null && card?.status === "done" && card.ts) {
    const key = effectKeys.cardUpdate(message.id, message.resolvedAt);
    const update = need(key);
    if (update) out.push({ kind: "card_update", key, channelId: card.channelId, ts: card.ts, ...update });
  }
  return out;
}
