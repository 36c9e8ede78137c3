/** The tuner's contract, shared by the CLI (`retune`), the `/triage retune` command and the benches. */
import type { Thresholds } from "../config.js";
import type { Scores } from "./decision.js";

/**
 * How a label was given: `review` a click on a review card the bot sent; `audit` a click on an audit card
 * (a routed message also sent to review at random); `reaction` an emoji on the message or the bot's posts
 * (given selectively: a correction or a ✅); `import` a hand label on a backfilled history message;
 * `cli` / `file` a row of a predictions file.
 */
export type LabelSource = "review" | "audit" | "reaction" | "import" | "cli" | "file";

/**
 * One classification made under the current prompt fingerprint, labelled or not — what the tuner needs to
 * certify thresholds for the traffic the bot routes. Labels alone are not enough: how each was collected
 * (the decision at the time, the audit with its known rate, who chose to give it) decides what it proves.
 */
export interface TuneRecord extends Scores {
  /** The message id; stable. */
  id: string;
  /** What the bot decided at classification time; null = classified from history (backfill, a file). */
  decision: "route" | "review" | null;
  /** Routed and also sent to review by the random audit. */
  audit: boolean;
  /** The audit_rate in force when the message was decided: every routed message's chance of an audit. */
  auditRate: number;
  /** The effective human label (a category id or "other"); null = nobody labelled it. */
  label: string | null;
  labelSource: LabelSource | null;
  /** The label is a ✅ confirming the bot's top category. */
  confirmation?: boolean;
}

/** A classification with the human label it received ("other" = none of the categories). */
export interface LabelledScore extends Scores {
  label: string;
  /** Where the label came from (review, audit, reaction, import, cli, file); missing = a file row. */
  source?: string;
}

export interface TuneOptions {
  /** Required precision among auto-routed messages, e.g. 0.95. */
  target: number;
  /** 1 − δ, e.g. 0.9. */
  confidence: number;
  /** The categories to tune; ids in the records outside this list count as wrong when predicted. */
  categories: string[];
  /** The thresholds in force now, for the before → after comparison and the `other` cut-off. */
  current: Thresholds;
}

/** One walk's outcome (a category with its own threshold, or the pool of areas sharing one). */
export interface WalkResult {
  /** The loosest certified threshold; null = none certified (keep reviewing). */
  threshold: number | null;
  /** Labels the test at `threshold` used (a random sample of the messages it routes), and the wrong ones. */
  n: number;
  errors: number;
  /** Lower bound on precision at `threshold`, at the level its test used. */
  lowerBound: number | null;
  /** Thresholds tested. */
  tested: number;
  /** The test that ended the walk (the first failure after the loosest certified threshold); null when none failed. */
  stoppedAt: { threshold: number; n: number; errors: number } | null;
}

export interface GroupReport extends WalkResult {
  /** The category id, or "(pooled)". */
  id: string;
  pooled: boolean;
  categories: string[];
  /** Records of these categories the tuner could route (`other` under the cut-off), and sampled labels among them. */
  records: number;
  labels: number;
  /** Records routed at `threshold` (0 when none is certified). */
  routed: number;
  /** δ this group's walk spent (the overall δ shared across layouts and groups, Bonferroni). */
  delta: number;
}

/** What `more` correct labels at or above `threshold` would certify. */
export interface LabelNeed {
  /** The category id, or "(pooled)". */
  id: string;
  categories: string[];
  threshold: number;
  more: number;
  /** How they would come: review clicks, audit clicks (routed messages), or rows of a file. */
  via: "review" | "audit" | "file";
  /** Messages that would bring them: `more` for review and file; for the audit, the routed messages it takes. */
  messages: number;
  target: number;
  /** "billing: 14 more correct labels at ≥ 0.70 would certify 90%". */
  sentence: string;
}

/** How labels of one source were used. */
export interface LabelUse {
  /** Labelled records. */
  labels: number;
  /** In a random sample of their stratum: review clicks, audit clicks, hand-labelled history, file rows. */
  sample: number;
  /** Wrong labels outside any sample (corrections by reaction): they can only lower a bound. */
  knownErrors: number;
  /** Not used: confirmations by reaction, labels on routed messages outside the audit, too much `other`. */
  ignored: number;
}

/** What one stratum of records (how they were decided) contributed. */
export interface StratumUse {
  /** "review" (sent to review), "route @ 5%" (routed, audited at 5%), "sample" (no decision: history, a file). */
  stratum: string;
  records: number;
  labels: number;
  /** Records whose label is in the stratum's random sample. */
  sampled: number;
  /** Records the tuner could route (`other` under the cut-off). */
  used: number;
}

export interface CategoryReport {
  category: string;
  /** Labelled records whose top category is this one. */
  n: number;
  /** Records, labelled or not, whose top category is this one. */
  messages?: number;
  /** Records routed at the chosen threshold, and wrong among those with a label. */
  routed: number;
  errors: number;
  /** Observed precision among routed labelled records (null when none routes). */
  precision: number | null;
  /** Lower bound on precision at the stated confidence (null when nothing certified). */
  lowerBound: number | null;
  /** null = not certified: keep reviewing this category. */
  threshold: number | null;
  /** Share of this category's records (`messages`) that route at the chosen threshold. */
  coverage: number;
  /** Certified with the pooled threshold rather than its own. */
  pooled: boolean;
  /** Labels behind the certificate at the threshold and the wrong ones among them. */
  certified?: { n: number; errors: number } | null;
  /** Why this area routes or stays in review, in words. */
  note?: string;
}

export interface OperatingPoint {
  /** Share of records (all classifications given) that would be routed. */
  coverage: number;
  /** Share of routed labelled records whose label matches (null when none routes). */
  precision: number | null;
  routed: number;
}

export interface TuneReport {
  thresholds: Thresholds;
  categories: CategoryReport[];
  before: OperatingPoint;
  after: OperatingPoint;
  /** Labelled records. */
  labelCount: number;
  target: number;
  confidence: number;
  /** Labelled records per source. */
  sources: Record<string, number>;
  /** One plain sentence: what was certified, or why everything stays in review. */
  summary: string;
  /** The guarantee in words a support lead can check. */
  guarantee?: string;
  groups?: GroupReport[];
  /** Fewest labels that can certify a group when none of them is wrong (with all of δ). */
  labelsNeeded?: number;
  /** How each source's labels were used, and what each stratum of records contributed. */
  use?: { bySource: Record<string, LabelUse>; byStratum: StratumUse[] };
  /** Per uncertified area or pool: what more labels would certify. */
  needs?: LabelNeed[];
  /** Records given (labelled or not). */
  recordCount?: number;
}
