/** Latency distribution of one run, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * The `p`-th percentile (0..100) of ascending `sorted` values, nearest-rank method (always an observed value).
 * Returns `NaN` for an empty input.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 2
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1]!;
}

/** Sorts a copy of `samples` and returns p50/p95/p99/max. */
export function summarizeLatencies(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}

/**
 * The nearest-rank value at each of `steps + 1` evenly spaced quantiles, 0 % to 100 %: a distribution small enough
 * for a report (0 % is the minimum). Empty for no samples.
 *
 * @example
 * quantiles([4, 1, 3, 2], 2); // [1, 2, 4]
 */
export function quantiles(samples: ArrayLike<number>, steps: number): number[] {
  if (samples.length === 0) return [];
  const sorted = Float64Array.from(samples).sort();
  return Array.from({ length: steps + 1 }, (_, i) => percentile(sorted, (i / steps) * 100));
}
