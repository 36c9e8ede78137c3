/** Percentiles and one-line summaries for the bench (nearest-rank on the sorted sample). */

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export const ms = (v: number, digits = 1) => `${v.toFixed(digits)} ms`;

export function aim(ok: boolean): string {
  return ok ? "met" : "MISSED";
}
