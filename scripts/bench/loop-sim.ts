/**
 * The whole loop, simulated: messages from a score set arrive week by week; each is decided under the
 * thresholds in force by the real decide(); routed ones are audited at random at the audit rate; people
 * label as a team does (a `Behaviour`); at the end of every week a retune over all records — labelled or
 * not, as the bot's database gives them — is applied if it certifies anything.
 */
import type { Thresholds } from "../../src/config.js";
import { certifyRecords } from "../../src/decide/certify-layouts.js";
import { decide } from "../../src/decide/decision.js";
import { seededRandom } from "../../src/decide/seeded-random.js";
import type { LabelledScore, TuneRecord } from "../../src/decide/tune-types.js";

/** How a team labels: chances per message. */
export interface Behaviour {
  name: string;
  /** A reviewer labels a review card (or an audit card). */
  review: number;
  audit: number;
  /** Someone corrects a wrong route by reaction; someone ✅-confirms a right one. */
  fix: number;
  confirm: number;
}

export const BEHAVIOURS: Behaviour[] = [
  { name: "confirm 40% / correct 15%", review: 0.8, audit: 0.9, fix: 0.15, confirm: 0.4 },
  { name: "diligent", review: 0.95, audit: 1, fix: 0.9, confirm: 0.05 },
  { name: "busy", review: 0.5, audit: 0.6, fix: 0.3, confirm: 0.1 },
];

export type StartMode = "default thresholds" | "certified only";

export interface LoopConfig {
  /** Messages are drawn from here at random (with replacement); it is also the population for the policy's true precision. */
  population: readonly LabelledScore[];
  categories: string[];
  behaviour: Behaviour;
  mode: StartMode;
  target: number;
  confidence: number;
  auditRate: number;
  defaults: Thresholds;
  weeks: number;
  perWeek: number;
  /** Messages between retunes (default: a week's). */
  retuneEvery?: number;
  /** Stop at the first certificate (to measure what it took). */
  untilFirst?: boolean;
  seed: number;
}

export interface Week {
  week: number;
  routed: number;
  routedRight: number;
  /** Share of the week's messages routed. */
  coverage: number;
  /** Labelled records so far (after this week's labelling). */
  labels: number;
  /** A certified set was in force during this week. */
  certifiedInForce: boolean;
  /** The thresholds in force this week, applied to the whole population: the policy's true precision and coverage. */
  policyPrecision: number | null;
  policyCoverage: number;
}

export interface FirstCertificate {
  week: number;
  /** Labelled records (review clicks and audits) in the region it routes, and the labels its test used. */
  labelsInRegion: number;
  labelsUsed: number;
}

export interface LoopRun {
  weeks: Week[];
  first: FirstCertificate | null;
  /** Each retune that certified something: the true precision of its thresholds on the whole score set. */
  certificates: number[];
}

function policy(population: readonly LabelledScore[], thresholds: Thresholds) {
  let routed = 0;
  let right = 0;
  for (const row of population) {
    const d = decide(row, thresholds);
    if (d.decision !== "route") continue;
    routed++;
    if (d.top === row.label) right++;
  }
  return { precision: routed === 0 ? null : right / routed, coverage: routed / population.length };
}

/** One message's record: decided now, audited at random, labelled as the team would. */
function arrive(
  row: LabelledScore,
  id: string,
  inForce: Thresholds | null,
  cfg: LoopConfig,
  random: () => number,
): TuneRecord {
  const d =
    inForce === null ? { ...decide(row, cfg.defaults), decision: "review" as const } : decide(row, inForce);
  const b = cfg.behaviour;
  const record: TuneRecord = {
    id,
    probs: row.probs,
    other: row.other,
    decision: d.decision,
    audit: d.decision === "route" && random() < cfg.auditRate,
    auditRate: cfg.auditRate,
    label: null,
    labelSource: null,
  };
  if (d.decision === "review") {
    if (random() < b.review) Object.assign(record, { label: row.label, labelSource: "review" });
    return record;
  }
  if (record.audit && random() < b.audit)
    return Object.assign(record, { label: row.label, labelSource: "audit" });
  const right = d.top === row.label;
  if (!right && random() < b.fix) Object.assign(record, { label: row.label, labelSource: "reaction" });
  if (right && random() < b.confirm) {
    Object.assign(record, { label: d.top, labelSource: "reaction", confirmation: true });
  }
  return record;
}

const certifiesSomething = (t: Thresholds) => Object.values(t.categories).some((v) => v !== null);

export function simulateLoop(cfg: LoopConfig): LoopRun {
  const random = seededRandom(cfg.seed);
  const records: TuneRecord[] = [];
  // Certified-only mode routes nothing until a certificate; the other starts from the config's thresholds.
  let inForce: Thresholds | null = cfg.mode === "certified only" ? null : cfg.defaults;
  let certified = false;
  let first: FirstCertificate | null = null;
  const certificates: number[] = [];
  const weeks: Week[] = [];
  const retune = (week: number) => {
    const cert = certifyRecords(records, {
      target: cfg.target,
      confidence: cfg.confidence,
      categories: cfg.categories,
      current: inForce ?? cfg.defaults,
    });
    const next = cert.thresholds;
    if (!certifiesSomething(next)) return;
    certificates.push(policy(cfg.population, next).precision ?? 1);
    if (!first) {
      const behind = records.filter(
        (r) =>
          r.label !== null &&
          !r.confirmation &&
          r.labelSource !== "reaction" &&
          decide(r, next).decision === "route",
      );
      const used = cert.groups.reduce((sum, g) => sum + (g.threshold === null ? 0 : g.n), 0);
      first = { week, labelsInRegion: behind.length, labelsUsed: used };
    }
    inForce = next;
    certified = true;
  };
  const every = cfg.retuneEvery ?? cfg.perWeek;
  for (let week = 1; week <= cfg.weeks; week++) {
    let routed = 0;
    let routedRight = 0;
    const inForceAtStart = inForce;
    const certifiedAtStart = certified;
    for (let i = 0; i < cfg.perWeek; i++) {
      const row = cfg.population[Math.floor(random() * cfg.population.length)] as LabelledScore;
      const record = arrive(row, `w${week}m${i}`, inForce, cfg, random);
      records.push(record);
      if (record.decision === "route") {
        routed++;
        if (decide(row, inForce ?? cfg.defaults).top === row.label) routedRight++;
      }
      if ((i + 1) % every === 0) retune(week);
      if (cfg.untilFirst && first) return { weeks, first, certificates };
    }
    const p =
      inForceAtStart === null ? { precision: null, coverage: 0 } : policy(cfg.population, inForceAtStart);
    weeks.push({
      week,
      routed,
      routedRight,
      coverage: routed / cfg.perWeek,
      labels: records.filter((r) => r.label !== null).length,
      certifiedInForce: certifiedAtStart,
      policyPrecision: p.precision,
      policyCoverage: p.coverage,
    });
  }
  return { weeks, first, certificates };
}
