/** The tuner's contract, shared by the CLI (`retune`), the `/triage retune` command and the bench. */
import type { Thresholds } from "../config.js";
import type { Scores } from "./decision.js";

/** A classification with the human label it received ("other" = none of the categories). */
export interface LabelledScore extends Scores {
  label: string;
  /** Where the label came from, for the label-bias line of the report (reaction, review, audit, cli, file). */
  source?: string;
}

export interface TuneOptions {
  /** Required precision among auto-routed messages, e.g. 0.95. */
  target: number;
  /** 1 − δ, e.g. 0.9. */
  confidence: number;
  /** The categories to tune; ids in `rows` outside this list count as wrong when predicted. */
  categories: string[];
  /** The thresholds in force now, for the before → after comparison and the `other` cut-off. */
  current: Thresholds;
}

export interface CategoryReport {
  category: string;
  /** Labelled rows whose top category is this one. */
  n: number;
  /** Routed at the chosen threshold, and of those, wrong. */
  routed: number;
  errors: number;
  /** Observed precision among routed (null when nothing routes). */
  precision: number | null;
  /** Clopper–Pearson lower bound on precision at the stated confidence (null when nothing certified). */
  lowerBound: number | null;
  /** null = not certified: keep reviewing this category. */
  threshold: number | null;
  /** Share of this category's rows that route at the chosen threshold. */
  coverage: number;
  /** Certified with the pooled threshold rather than its own. */
  pooled: boolean;
}

export interface OperatingPoint {
  /** Share of all labelled rows that would be routed. */
  coverage: number;
  /** Share of routed rows whose label matches (null when nothing routes). */
  precision: number | null;
  routed: number;
}

export interface TuneReport {
  thresholds: Thresholds;
  categories: CategoryReport[];
  before: OperatingPoint;
  after: OperatingPoint;
  labelCount: number;
  target: number;
  confidence: number;
  /** Count of labels per source, so the report can say how many came from the random audit. */
  sources: Record<string, number>;
  /** One plain sentence: what was certified, or why everything stays in review. */
  summary: string;
}
