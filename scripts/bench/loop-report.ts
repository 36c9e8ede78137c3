/** The loop simulation's tables and aims: per week, per behaviour; then what each behaviour reached. */
import { clopperPearsonLower, labelsNeeded } from "../../src/decide/binomial.js";
import { percent } from "../../src/decide/tune-summary.js";
import { type Behaviour, type LoopConfig, type LoopRun, type StartMode, simulateLoop } from "./loop-sim.js";
import { aim, percentile } from "./percentiles.js";

const pct = (x: number | null) => (x === null ? "—" : percent(x));

/**
 * A week's realized precision is below target beyond sampling noise when even its 99% upper bound
 * (exact, Clopper–Pearson) is below target: a true precision at target shows less in ~1% of weeks.
 */
function belowBeyondNoise(right: number, routed: number, target: number): boolean {
  return routed > 0 && 1 - clopperPearsonLower(routed - right, routed, 0.01) < target;
}

export function weekTable(runs: { behaviour: Behaviour; run: LoopRun }[]): string[] {
  const head = ["week", ...runs.map((r) => r.behaviour.name)];
  const rows = (runs[0]?.run.weeks ?? []).map((_, w) => [
    String(w + 1),
    ...runs.map(({ run }) => {
      const week = run.weeks[w];
      if (!week) return "";
      const precision = week.routed === 0 ? "—" : percent(week.routedRight / week.routed);
      const mark = week.certifiedInForce ? "*" : " ";
      return `${precision.padStart(6)} ${percent(week.coverage).padStart(4)}${mark} ${String(week.labels).padStart(5)}`;
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join("   ");
  return [line(head), ...rows.map(line)];
}

export interface BehaviourSummary {
  behaviour: Behaviour;
  firstWeeks: (number | null)[];
  /** Realized precision of everything routed under a certificate, and how many that was, per seed. */
  after: { precision: number; routed: number }[];
  /** Retunes (one a week per run), and those that certified thresholds below target on the whole score set. */
  retunes: number;
  wrongCertificates: number;
  /** Certified weeks, and those whose policy (applied to the whole score set) was below target. */
  certifiedWeeks: number;
  policyBelow: number;
  worstPolicy: number | null;
  /** Weeks whose realized precision fell below the target by more than sampling noise, across seeds. */
  dips: number;
  /** Mean coverage of the last two weeks, per seed (only seeds with a certificate by then). */
  finalCoverage: number[];
}

export function summarize(behaviour: Behaviour, runs: readonly LoopRun[], target: number): BehaviourSummary {
  let worstPolicy: number | null = null;
  let dips = 0;
  let certifiedWeeks = 0;
  let policyBelow = 0;
  const after: { precision: number; routed: number }[] = [];
  for (const run of runs) {
    let routed = 0;
    let right = 0;
    for (const w of run.weeks) {
      if (!w.certifiedInForce) continue;
      certifiedWeeks++;
      routed += w.routed;
      right += w.routedRight;
      if (w.policyPrecision !== null) {
        worstPolicy = Math.min(worstPolicy ?? 1, w.policyPrecision);
        if (w.policyPrecision < target) policyBelow++;
      }
      if (belowBeyondNoise(w.routedRight, w.routed, target)) dips++;
    }
    if (routed > 0) after.push({ precision: right / routed, routed });
  }
  const finalCoverage = runs
    .filter((run) => run.weeks.slice(-2).every((w) => w.certifiedInForce))
    .map((run) => run.weeks.slice(-2).reduce((s, w) => s + w.coverage, 0) / 2);
  const certificates = runs.flatMap((r) => r.certificates);
  return {
    behaviour,
    retunes: runs.reduce((sum, r) => sum + r.weeks.length, 0),
    wrongCertificates: certificates.filter((p) => p < target).length,
    firstWeeks: runs.map((r) => r.first?.week ?? null),
    after,
    certifiedWeeks,
    policyBelow,
    worstPolicy,
    dips,
    finalCoverage,
  };
}

/** Up to this many runs, every run's figure is printed; beyond, the range and mean. */
const FEW = 5;

function spread(values: string[], mean: number, count: number): string {
  if (count <= FEW) return values.join(", ");
  const sorted = [...values].map((v) => Number.parseFloat(v)).sort((a, b) => a - b);
  return `${sorted[0]}–${sorted.at(-1)}% (mean ${percent(mean)}, ${count} runs)`;
}

function afterText(after: BehaviourSummary["after"], target: number): string {
  if (after.length <= FEW) return after.map((a) => `${percent(a.precision)} of ${a.routed}`).join(", ");
  const precisions = after.map((a) => a.precision);
  const routed = after.reduce((sum, a) => sum + a.routed, 0);
  const right = after.reduce((sum, a) => sum + a.precision * a.routed, 0);
  const below = precisions.filter((p) => p < target).length;
  return (
    `${percent(right / routed)} of ${routed.toLocaleString("en-US")} in all; per run ${percent(Math.min(...precisions))}–` +
    `${percent(Math.max(...precisions))}, under target in ${below} of ${after.length} runs`
  );
}

/** Everything routed under certificates: at target in all, and under it in no more runs than δ allows. */
function overallHeld(after: BehaviourSummary["after"], target: number, delta: number): boolean {
  const routed = after.reduce((sum, a) => sum + a.routed, 0);
  const right = after.reduce((sum, a) => sum + a.precision * a.routed, 0);
  const below = after.filter((a) => a.precision < target).length;
  return routed === 0 || (right / routed >= target && below <= Math.ceil(delta * after.length));
}

export function summaryLines(
  s: BehaviourSummary,
  target: number,
  delta: number,
  reference: number,
  diligent: boolean,
): string[] {
  const weeks = s.firstWeeks.filter((w): w is number => w !== null);
  const never = s.firstWeeks.length - weeks.length;
  const certifiedIn =
    s.firstWeeks.length <= FEW
      ? s.firstWeeks.map((w) => (w === null ? "never" : `week ${w}`)).join(", ")
      : `${weeks.length === 0 ? "never" : `weeks ${Math.min(...weeks)}–${Math.max(...weeks)} (median ${percentile(weeks, 0.5)})`}${never > 0 ? `; never in ${never} of ${s.firstWeeks.length} runs` : ""}`;
  const overall = overallHeld(s.after, target, delta);
  const valid = s.wrongCertificates <= Math.ceil(delta * s.retunes);
  const meanCoverage =
    s.finalCoverage.length === 0 ? 0 : s.finalCoverage.reduce((a, b) => a + b, 0) / s.finalCoverage.length;
  const coverages =
    spread(
      s.finalCoverage.map((c) => percent(c)),
      meanCoverage,
      s.finalCoverage.length,
    ) || "— (no certificate by then)";
  return [
    `  ${s.behaviour.name}: first certificate ${certifiedIn}`,
    `    everything auto-routed under a certificate: precision ${afterText(s.after, target) || "—"} (aim ≥ ${percent(target)}: ${aim(overall)})`,
    `    retunes that certified thresholds below target on the whole score set: ${s.wrongCertificates} of ${s.retunes} ` +
      `(each errs with chance ≤ δ = ${percent(delta)}: ${aim(valid)}); certified weeks run under such thresholds: ${s.policyBelow} of ${s.certifiedWeeks}, ` +
      `lowest ${pct(s.worstPolicy)}; weeks routed below target beyond 99% sampling noise: ${s.dips}`,
    `    coverage in the last two weeks: ${coverages}` +
      (diligent
        ? ` (aim ≥ 0.9 × ${percent(reference)} = ${percent(0.9 * reference)}: ${aim(meanCoverage >= 0.9 * reference)})`
        : ""),
  ];
}

/** On clean labels (every message's top area right), how many labels the first certificate stood on. */
export function cleanFirstCertificate(
  base: Omit<LoopConfig, "target" | "mode" | "population">,
  population: LoopConfig["population"],
  target: number,
  mode: StartMode,
): string {
  const clean = population.map((row) => {
    let top = "";
    let best = -1;
    for (const [id, p] of Object.entries(row.probs)) if (p > best) [top, best] = [id, p];
    return { ...row, label: top };
  });
  const run = simulateLoop({ ...base, population: clean, target, mode, retuneEvery: 5, untilFirst: true });
  const minimum = labelsNeeded(1 - target, 1 - base.confidence);
  const labels = run.first?.labelsInRegion ?? null;
  const ok = labels !== null && labels <= 1.5 * minimum;
  return (
    `  ${mode}, target ${percent(target)}: first certificate with ${labels ?? "—"} labels in the region it routes, ` +
    `${run.first?.labelsUsed ?? "—"} of them in its test (zero-error minimum ${minimum}; aim ≤ 1.5 × = ${Math.floor(1.5 * minimum)} in the region: ${aim(ok)})`
  );
}
