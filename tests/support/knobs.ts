/**
 * Size knobs of the chaos and security suite, read once from the environment.
 *
 * - `CHAOS_FULL=1`: the long version (bigger storms, more runs); CI runs the bounded default.
 * - `CHAOS_SCALE`: multiplies counts (clients, events) of the scenarios that honour it. @default 1
 * - `FC_RUNS`: fast-check runs of the properties. @default 200 (CI) / 1000 (full)
 */
export const CHAOS_FULL = process.env.CHAOS_FULL === '1' || process.env.CHAOS_FULL === 'true';

export const CHAOS_SCALE = Math.max(0.05, Number(process.env.CHAOS_SCALE ?? 1) || 1);

/** `ci` in the bounded run, `full` with `CHAOS_FULL`, both scaled by `CHAOS_SCALE` (at least 1). */
export const scaled = (ci: number, full = ci * 5): number =>
  Math.max(1, Math.round((CHAOS_FULL ? full : ci) * CHAOS_SCALE));

/** fast-check runs: `FC_RUNS`, else `ci` (or `full` with `CHAOS_FULL`). */
export const fcRuns = (ci: number, full = ci * 5): number => Number(process.env.FC_RUNS ?? (CHAOS_FULL ? full : ci));
