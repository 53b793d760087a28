import { type Spread, spread } from './repetitions.js';

/** `value / baseline`, or `null` when either is missing or the baseline is zero. */
export function ratio(value: number | null | undefined, baseline: number | null | undefined): number | null {
  if (typeof value !== 'number' || typeof baseline !== 'number') return null;
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return null;
  return value / baseline;
}

/**
 * Ratios of paired repetitions (repetition i of a stack against repetition i of the baseline, which ran
 * back to back, so machine drift cancels), summarized as median/min/max. Unpaired repetitions are ignored.
 *
 * @example
 * pairedRatio([2, 4, 6], [1, 2, 2]); // { median: 2, min: 2, max: 3 }
 */
export function pairedRatio(
  values: ReadonlyArray<number | null>,
  baseline: ReadonlyArray<number | null>,
): Spread | null {
  const n = Math.min(values.length, baseline.length);
  const ratios: (number | null)[] = [];
  for (let i = 0; i < n; i++) ratios.push(ratio(values[i], baseline[i]));
  return spread(ratios);
}
