/**
 * The test behind a certificate: "route at λ" is certified at level ℓ when the messages it routes are
 * right often enough (Clopper–Pearson). Where part of them were routed at the time and only audited at
 * random, it takes two steps (a union bound, so the test still errs with probability ≤ ℓ):
 * 1. from each audit sample, an exact (hypergeometric) upper bound on the wrong routed messages, at
 *    AUDIT_SHARE of ℓ shared across audit rates; never below the wrong ones already known;
 * 2. that upper count plus the census's wrong ones, over all messages in the region, tested at the rest.
 * The count of wrong messages must also stay at least one below the share the target allows: there the
 * binomial test also holds for messages of unequal difficulty (Hoeffding 1956), which the argument needs.
 */
import { certifies, clopperPearsonUpper } from "./binomial.js";
import type { Region } from "./evidence.js";
import { hypergeomUpper } from "./hypergeometric.js";

/** Share of a two-step test's level spent on the audit samples (step 1); the rest goes to step 2. */
export const AUDIT_SHARE = 0.7;

export interface RegionOutcome {
  certified: boolean;
  /** Messages the test speaks for, and wrong ones among them (an upper bound where sampled). */
  n: number;
  errors: number;
  labels: number;
  /** Lower bound on precision at the level of the final step. */
  lowerBound: number;
}

export function passes(errors: number, n: number, alpha: number, level: number): boolean {
  return n > 0 && errors <= n * alpha - 1 && certifies(errors, n, alpha, level);
}

export function testRegion(region: Region, alpha: number, level: number): RegionOutcome {
  const sampled = region.strata.filter((s) => s.n > 0 || s.audited > 0);
  const twoSteps = region.strata.length > 0;
  const auditLevel = twoSteps ? (level * AUDIT_SHARE) / region.strata.length : 0;
  const finalLevel = level - auditLevel * region.strata.length;
  let n = region.censusN;
  let errors = region.censusErrors;
  let labels = region.censusLabels;
  for (const s of sampled) {
    n += s.n;
    labels += s.audited;
    errors += Math.max(hypergeomUpper(s.n, s.audited, s.errors, auditLevel), s.errors + s.known);
  }
  const certified = level > 0 && passes(errors, n, alpha, finalLevel);
  return { certified, n, errors, labels, lowerBound: 1 - clopperPearsonUpper(errors, n, finalLevel) };
}
