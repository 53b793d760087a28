import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { appendFileSync } from 'node:fs';

/** The `p`-th percentile (0..100) of `values` by nearest rank; `NaN` when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const format = (value: number | string | boolean) =>
  typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(1) : String(value);

/**
 * Prints one summary line `[chaos] <scenario> key=value …` and, when `CHAOS_REPORT_FILE` is set, appends the
 * figures as a JSON line to it (so several runs can be reduced to medians).
 */
export function reportFigures(scenario: string, figures: Record<string, number | string | boolean>): void {
  const line = Object.entries(figures)
    .map(([key, value]) => `${key}=${format(value)}`)
    .join(' ');
  console.log(`[chaos] ${scenario} ${line}`);
  const file = process.env.CHAOS_REPORT_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ scenario, ...figures })}\n`);
}

/** Resolves after `ms` of real time. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 5 ms until it holds, or throws after `timeoutMs` naming `what`. */
export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * The heap in use once garbage is collected (`--expose-gc` turned on at run time): `heapUsed` alone counts whatever
 * garbage the last collection left, which swings by hundreds of MiB between two runs of the same work.
 */
export function retainedHeapBytes(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
