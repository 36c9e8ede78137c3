/**
 * The thresholds a walk may certify, fixed in advance so that no label can have chosen them: every 0.001
 * from 0.999 down, finer at the top where LLM probabilities crowd, and 0 ("route everything predicted as
 * this area"). Round values, so a certificate reads as "≥ 0.70".
 */
function buildGrid(): number[] {
  const grid = [0.99999, 0.9999, 0.9995];
  for (let k = 999; k >= 1; k--) grid.push(k / 1000);
  grid.push(0);
  return grid;
}

/** Strictest first. */
export const THRESHOLD_GRID: readonly number[] = buildGrid();
