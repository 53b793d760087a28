import type { Spread } from '../stats/repetitions.js';
import { RSS_FIRST_CONNECTIONS } from '../scenarios/fanout.js';
import type { FanoutRow, ReplayRow } from './rows.js';

const PER_ADDED_CONNECTION = `  the same, per connection after the first ${RSS_FIRST_CONNECTIONS}`;

export interface TargetCheck {
  target: string;
  where: string;
  /** Median paired ratio. */
  measured: number | null;
  limit: number;
  /** `higher`: the ratio must be at least `limit`. */
  direction: 'lower' | 'higher';
  status: 'met' | 'missed' | 'n/a';
}

/** The stack the targets are about. */
export const SUBJECT = 'pollwire';

function check(
  target: string,
  where: string,
  value: Spread | null | undefined,
  limit: number,
  direction: TargetCheck['direction'] = 'lower',
): TargetCheck {
  const measured = value?.median ?? null;
  const status =
    measured === null ? 'n/a' : (direction === 'lower' ? measured <= limit : measured >= limit) ? 'met' : 'missed';
  return { target, where, measured, limit, direction, status };
}

/** A baseline row "keeps up" when it delivered at least 95% of what the rate asks for. */
export function keepsUp(row: FanoutRow | undefined): boolean {
  if (!row || row.rate === 'max' || row.deliveriesPerSec === null) return false;
  return row.deliveriesPerSec >= 0.95 * row.clients * row.rate;
}

/** The targets, as paired ratios of the subject against the baselines measured in the same run. */
export function checkTargets(runs: FanoutRow[], replay: ReplayRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of runs.filter((r) => r.stack === SUBJECT)) {
    const where = `C=${row.clients} R=${row.rate}`;
    const ws = runs.find((r) => r.stack === 'ws-once' && r.clients === row.clients && r.rate === row.rate);
    const vsWs = row.ratios['ws-once'];
    const vsSio = row.ratios['socket.io'];
    checks.push(check('cpu per delivery <= 1.15x ws-once', where, vsWs?.cpuMsPer1k, 1.15));
    if (keepsUp(ws)) checks.push(check('p99 latency <= 1.2x ws-once', where, vsWs?.p99Ms, 1.2));
    if (row.rate === 'max')
      checks.push(check('max deliveries/s >= 0.9x ws-once', where, vsWs?.deliveriesPerSec, 0.9, 'higher'));
    if (row.rssPerConnKB !== null)
      checks.push(check('memory per idle connection <= 1.5x ws-once', where, vsWs?.rssPerConnKB, 1.5));
    if (row.rssPerAddedConnKB !== null) checks.push(check(PER_ADDED_CONNECTION, where, vsWs?.rssPerAddedConnKB, 1.5));
    checks.push(check('cpu per delivery ahead of socket.io', where, vsSio?.cpuMsPer1k, 1));
    checks.push(check('p99 latency ahead of socket.io', where, vsSio?.p99Ms, 1));
    if (row.rate === 'max')
      checks.push(check('deliveries/s ahead of socket.io', where, vsSio?.deliveriesPerSec, 1, 'higher'));
    if (row.rssPerConnKB !== null)
      checks.push(check('memory per connection ahead of socket.io', where, vsSio?.rssPerConnKB, 1));
  }
  for (const row of replay.filter((r) => r.stack === SUBJECT)) {
    const where = `${row.clients} x ${row.missed}`;
    checks.push(
      check('replay catch-up p95 <= 0.5x socket.io recovery', where, row.ratios['socket.io+recovery']?.p95Ms, 0.5),
    );
  }
  return checks;
}
