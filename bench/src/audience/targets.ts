import type { AudienceRow } from './rows.js';

/** One target of issue #31, checked on the medians of a run. */
export interface AudienceTarget {
  target: string;
  measured: string;
  met: boolean | null;
}

const median = (s: { median: number } | null) => s?.median ?? Number.NaN;
const at = (rows: readonly AudienceRow[], n: number) =>
  rows.find((r) => r.stack === 'pollwire' && r.participants === n && r.repetitions > 0);

/** The targets of one node at N = 10,000 against N = 1,000 (null when a size was not run). */
export function audienceTargets(rows: readonly AudienceRow[]): AudienceTarget[] {
  const small = at(rows, 1_000);
  const large = at(rows, 10_000);
  const all = rows.filter((r) => r.stack !== 'socket.io');
  const pollwire = all.filter((r) => r.repetitions > 0);
  const check = (target: string, measured: number | undefined, limit: number, digits = 0): AudienceTarget =>
    measured === undefined || !Number.isFinite(measured)
      ? { target, measured: 'not run', met: null }
      : { target, measured: measured.toFixed(digits), met: measured <= limit };
  const framesRatio = small && large ? median(large.framesTotal) / median(small.framesTotal) : undefined;
  const cpuRatio = small && large ? median(large.serverCpuS) / median(small.serverCpuS) : undefined;
  const framesMax = pollwire.length === 0 ? undefined : Math.max(...pollwire.map((r) => median(r.framesMax)));
  const faults = all.reduce(
    (sum, r) =>
      sum +
      r.failures.length +
      (r.lostVotes ?? 0) +
      (r.duplicatedVotes ?? 0) +
      (r.statesDiffering ?? 0) +
      (r.missedFinal ?? 0) +
      (r.gaps ?? 0),
    0,
  );
  return [
    check('N=10,000: final count p99 <= 1,000 ms after the last vote', large && median(large.finalCountP99Ms), 1_000),
    check('N=10,000: join p99 <= 2,000 ms', large && median(large.joinP99Ms), 2_000),
    check('frames per participant (most of any one, every Pollwire run) <= 150', framesMax, 150),
    check('frames per participant at N=10,000 / at N=1,000 <= 1.2', framesRatio, 1.2, 2),
    check('server CPU at N=10,000 / at N=1,000 <= 12', cpuRatio, 12, 2),
    {
      target: '0 failed runs, lost or duplicated votes, gaps; every client held the final count and the server state',
      measured: all.length === 0 ? 'not run' : `${faults} faults`,
      met: all.length === 0 ? null : faults === 0,
    },
  ];
}
