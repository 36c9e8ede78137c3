/**
 * The test behind a certificate: "route at λ" is certified at level ℓ when the messages it routes are
 * right often enough — Clopper–Pearson on the errors among a random sample of them.
 * - Records of one stratum only: its sampled labels are that sample.
 * - Records of several strata, labelled at different rates (review cards at 90%, routed messages at the
 *   audit's 5%): each stratum's sampled labels are thinned at random (by a hash of the id) down to the
 *   lowest rate among them, so that every record in the region had the same chance to be kept: one
 *   uniform sample again. A label-rich stratum gives up labels; nothing is weighted or extrapolated.
 * Two more conditions can only make a test fail, so they keep it valid: the region's errors estimated
 * from all its sampled labels (each stratum's error share times its records, never below the wrong
 * ones known, corrections included) must be within the share the target allows — a thinned sample that
 * happened to keep few of a stratum's errors cannot outvote them; and the wrong labels must stay at
 * least one below the share the target allows, where the binomial test also holds for messages of
 * unequal difficulty (Hoeffding 1956), which the argument needs.
 */
import { certifies, clopperPearsonUpper } from "./binomial.js";
import type { Region } from "./evidence.js";
import type { Design } from "./record-use.js";

export interface RegionOutcome {
  certified: boolean;
  /** Labels the test used and the wrong ones among them. */
  n: number;
  errors: number;
  /** Lower bound on precision at the test's level. */
  lowerBound: number;
}

export function passes(errors: number, n: number, alpha: number, level: number): boolean {
  return n > 0 && errors <= n * alpha - 1 && certifies(errors, n, alpha, level);
}

/** The stratum present in the region with the lowest labelling rate: what the others are thinned to. */
export function thinnedTo(region: Region, design: Design): number {
  let t = -1;
  region.strata.forEach((s, k) => {
    if (s.n > 0 && (t < 0 || (design.strata[k]?.rate ?? 0) < (design.strata[t]?.rate ?? 0))) t = k;
  });
  return t;
}

/** A stratum's wrong records in the region: its sample's error share scaled up, or the wrong ones known. */
function estimatedErrors(s: Region["strata"][number]): number {
  const scaled = s.sampled > 0 ? (s.n * s.errors) / s.sampled : 0;
  return Math.max(scaled, s.errors + s.known);
}

export function testRegion(region: Region, design: Design, alpha: number, level: number): RegionOutcome {
  const present = region.strata.filter((s) => s.n > 0);
  let n: number;
  let errors: number;
  if (present.length <= 1) {
    n = present[0]?.sampled ?? 0;
    errors = present[0]?.errors ?? 0;
  } else {
    const t = thinnedTo(region, design);
    n = present.reduce((sum, s) => sum + (s.kept[t] ?? 0), 0);
    errors = present.reduce((sum, s) => sum + (s.keptErrors[t] ?? 0), 0);
  }
  const records = present.reduce((sum, s) => sum + s.n, 0);
  const estimate = present.reduce((sum, s) => sum + estimatedErrors(s), 0);
  const certified = level > 0 && passes(errors, n, alpha, level) && estimate <= records * alpha - 1;
  return { certified, n, errors, lowerBound: 1 - clopperPearsonUpper(errors, n, level) };
}
