/** The tuner's contract, shared by the CLI (`retune`), the `/triage retune` command and the bench. */
import type { Thresholds } from "../config.js";
import type { WalkResult } from "./certify.js";
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
  /** Share of labels used only to choose where the walk starts (default 0.2); the rest certify. */
  tuningShare?: number;
  /** Seed of the tuning/certification split (default 1); the same labels and seed give the same result. */
  seed?: number;
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
  /** Held-out (certification-split) messages routed at the threshold and how many were wrong. */
  certified?: { n: number; errors: number } | null;
  /** Why this area routes or stays in review, in words. */
  note?: string;
}

/** One certification: a category with its own threshold, or the pool of areas sharing one; its walk's result. */
export interface GroupReport extends WalkResult {
  /** The category id, or "(pooled)". */
  id: string;
  pooled: boolean;
  categories: string[];
  tuningRows: number;
  certRows: number;
  /** δ spent on this group: the overall δ split evenly across groups (Bonferroni). */
  delta: number;
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
  /** The guarantee in words a support lead can check. */
  guarantee?: string;
  groups?: GroupReport[];
  /** Fewest held-out labels that can certify a group when none of them is wrong. */
  labelsNeeded?: number;
  /** Labels in the tuning split (choose the grid) and in the certification split (certify). */
  tuningRows?: number;
  certRows?: number;
}
