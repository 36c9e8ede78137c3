/**
 * What a retune reads: every classification made under a prompt fingerprint (labelled or not — the tuner
 * needs to know how many messages each label stands for), with how the message came in, and every label
 * not taken back on those messages. Two queries, whatever the count.
 */
import { and, eq, isNull } from "../orm.js";
import type { Store } from "../store.js";
import { labelColumns } from "./labels.js";

export interface TuningClassification {
  messageId: number;
  probs: Record<string, number>;
  other: number;
  decision: "route" | "review";
  reason: "other" | "low_confidence" | "uncertified" | "classifier_error" | null;
  audit: boolean;
  auditRate: number | null;
  origin: "live" | "backfill";
}

export interface TuningLabel {
  id: number;
  messageId: number;
  userId: string;
  label: string;
  source: "reaction" | "review" | "audit" | "import" | "cli";
  reaction: string | null;
  createdAt: number;
}

export function tuningRows(
  s: Store,
  promptFingerprint: string,
): Promise<{ classifications: TuningClassification[]; labels: TuningLabel[] }> {
  return s.query(async ({ db, t }) => {
    const { classifications: c, messages: m, feedback: f } = t;
    const classifications = await db
      .select({
        messageId: m.id,
        probs: c.probs,
        other: c.other,
        decision: c.decision,
        reason: c.reason,
        audit: c.audit,
        auditRate: c.auditRate,
        origin: m.origin,
      })
      .from(c)
      .innerJoin(m, eq(m.id, c.messageId))
      .where(eq(c.promptFingerprint, promptFingerprint))
      .orderBy(m.id);
    const labels = await db
      .select({ ...labelColumns(f), messageId: f.messageId, reaction: f.reaction })
      .from(f)
      .innerJoin(c, eq(c.messageId, f.messageId))
      .where(and(eq(c.promptFingerprint, promptFingerprint), isNull(f.retractedAt)))
      .orderBy(f.id);
    return { classifications, labels };
  });
}
