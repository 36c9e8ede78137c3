/**
 * Where the certification walk starts and which thresholds it tries — from the tuning split alone, so
 * the certification split stays untouched (a grid chosen from the labels it is tested on would void the guarantee).
 *
 * The walk is only as good as its first steps: a start the certification split cannot pass ends it
 * with nothing. Each candidate start is judged by how likely its first test is to fail: the
 * certification split's error count is predicted as beta-binomial (the tuning error rate with its own
 * uncertainty, scaled to the certification split's size) against the errors a pass allows.
 * - main chain: the strictest start nearly as safe as the safest (starting strict costs little, the walk
 *   goes on down; loose starts look safest exactly when the tuning split was lucky there);
 * - backup chain: the safest start, with a tenth of δ, for when the main chain trips early.
 * Each chain then tries every distinct tuning score below its start, and finally 0 ("route everything
 * predicted as this area").
 */
import { betaBinomLogSf, labelsNeeded, maxCertifiableErrors } from "./binomial.js";
import { type Chain, type SortedSample, thin } from "./certify.js";

const MAX_GRID = 2000;
/** Candidate starts judged (evenly spaced over the tuning scores); enough to place the start well. */
const MAX_STARTS = 400;
/** A start must route at least this many times the zero-error minimum of certification labels. */
const START_FACTOR = 4;
/** A predicted first-test failure chance this low counts as safe whatever the safest start does. */
const SAFE_START = Math.log(0.02);
/** "Nearly as safe": at most this many times the safest start's failure chance. */
const RISK_FACTOR = 2;
/** δ share of the backup chain. */
const BACKUP_SHARE = 0.1;

function gridFrom(tuning: SortedSample, start: number): number[] {
  const grid: number[] = [];
  for (let i = start; i < tuning.scores.length; i++) {
    const s = tuning.scores[i] as number;
    if (grid.length === 0 || s < (grid[grid.length - 1] as number)) grid.push(s);
  }
  if ((grid[grid.length - 1] as number) > 0) grid.push(0);
  return thin(grid, MAX_GRID);
}

export function planChains(tuning: SortedSample, certSize: number, alpha: number, delta: number): Chain[] {
  const n = tuning.scores.length;
  if (n === 0 || certSize === 0) return [{ grid: [0], share: 1 }];
  const ratio = certSize / n;
  const ends: number[] = [];
  for (let i = 0; i < n; i++) if (i + 1 === n || tuning.scores[i + 1] !== tuning.scores[i]) ends.push(i);
  const minStart = Math.min(certSize, START_FACTOR * labelsNeeded(alpha, delta));
  const candidates: { i: number; failure: number }[] = [];
  for (const i of thin(ends, MAX_STARTS)) {
    const nt = i + 1;
    const et = tuning.cumErrors[i] as number;
    const nd = Math.max(1, Math.round(nt * ratio));
    if (nd < minStart) continue;
    const allowed = maxCertifiableErrors(nd, alpha, delta);
    if (allowed < 0) continue;
    candidates.push({ i, failure: betaBinomLogSf(allowed, nd, et + 1, nt - et + 1) });
  }
  if (candidates.length === 0) return [{ grid: [0], share: 1 }];
  let safest = candidates[0] as { i: number; failure: number };
  for (const c of candidates) if (c.failure < safest.failure) safest = c;
  const nearlySafe = Math.max(SAFE_START, safest.failure + Math.log(RISK_FACTOR));
  const main = candidates.find((c) => c.failure <= nearlySafe) ?? safest;
  if (main.i === safest.i) return [{ grid: gridFrom(tuning, main.i), share: 1 }];
  return [
    { grid: gridFrom(tuning, main.i), share: 1 - BACKUP_SHARE },
    { grid: gridFrom(tuning, safest.i), share: BACKUP_SHARE },
  ];
}
