import { formatTable, spreadCell } from '../report/table.js';
import { type Spread, spread } from '../stats/repetitions.js';
import type { AudienceStackName } from './protocol.js';
import type { AudienceRun } from './scenario.js';

/** The repetitions of one (stack, N), summed up: medians with their spread. */
export interface AudienceRow {
  stack: AudienceStackName;
  participants: number;
  repetitions: number;
  /** Failures of the repetitions that stopped early or lost participants. */
  failures: string[];
  /** Participants that got the live state (worst repetition). */
  live: number | null;
  framesJoin: Spread | null;
  framesVote: Spread | null;
  /** Mean over the participants, whole scenario. */
  framesTotal: Spread | null;
  /** The most any one participant received, whole scenario. */
  framesMax: Spread | null;
  kibJoin: Spread | null;
  kibVote: Spread | null;
  finalCountP50Ms: Spread | null;
  finalCountP99Ms: Spread | null;
  finalCountMaxMs: Spread | null;
  joinP99Ms: Spread | null;
  serverCpuS: Spread | null;
  serverCpuJoinS: Spread | null;
  serverCpuVoteS: Spread | null;
  peakRssMiB: Spread | null;
  /** Worst repetition. */
  lostVotes: number | null;
  duplicatedVotes: number | null;
  /** Participants that did not hold the final count before the close (worst repetition). */
  missedFinal: number | null;
  /** Real clients whose state differs from the server's (worst repetition), and of how many. */
  statesDiffering: number | null;
  statesCompared: number | null;
  gaps: number | null;
  presenterJoined: number | null;
}

const finished = (runs: readonly AudienceRun[]) => runs.filter((r) => r.failure === null && r.figures !== null);
const worst = (runs: readonly AudienceRun[], value: (r: AudienceRun) => number) =>
  runs.length === 0 ? null : Math.max(...runs.map(value));

/**
 * The medians over the repetitions that went to the end; when none did, the figures of those that got as far as
 * the close (a stack that collapsed under the audience still shows what it cost).
 */
export function audienceRow(runs: readonly AudienceRun[]): AudienceRow {
  const done = finished(runs);
  const ok = done.length > 0 ? done : runs.filter((r) => r.figures !== null);
  const over = (value: (r: AudienceRun) => number) => spread(ok.map(value));
  return {
    stack: runs[0]!.stack,
    participants: runs[0]!.participants,
    repetitions: done.length,
    failures: runs.flatMap((r) => (r.failure === null ? [] : [r.failure])),
    live: ok.length === 0 ? null : Math.min(...ok.map((r) => r.figures!.live)),
    framesJoin: over((r) => r.figures!.framesJoin.mean),
    framesVote: over((r) => r.figures!.framesVote.mean),
    framesTotal: over((r) => r.figures!.framesTotal.mean),
    framesMax: over((r) => r.figures!.framesTotal.max),
    kibJoin: over((r) => r.figures!.bytesJoin.mean / 1024),
    kibVote: over((r) => r.figures!.bytesVote.mean / 1024),
    finalCountP50Ms: over((r) => r.figures!.finalCountMs.p50),
    finalCountP99Ms: over((r) => r.figures!.finalCountMs.p99),
    finalCountMaxMs: over((r) => r.figures!.finalCountMs.max),
    joinP99Ms: over((r) => r.figures!.joinMs.p99),
    serverCpuS: over((r) => r.serverCpuS),
    serverCpuJoinS: over((r) => r.serverCpuJoinS),
    serverCpuVoteS: over((r) => r.serverCpuVoteS),
    peakRssMiB: over((r) => r.peakRssMiB),
    lostVotes: worst(ok, (r) => r.lostVotes),
    duplicatedVotes: worst(ok, (r) => r.duplicatedVotes),
    missedFinal: worst(ok, (r) => r.participants - r.figures!.heldFinal),
    statesDiffering: worst(ok, (r) => (r.comparison ? r.comparison.compared - r.comparison.equal : 0)),
    statesCompared: worst(ok, (r) => r.comparison?.compared ?? 0),
    gaps: worst(ok, (r) => r.figures!.gaps + r.figures!.duplicates),
    presenterJoined: ok.length === 0 || ok[0]!.presenter === null ? null : worst(ok, (r) => r.presenter!.joinedEvents),
  };
}

export function audienceTable(rows: readonly AudienceRow[]): string {
  return formatTable(
    [
      'stack',
      'N',
      'live',
      'frames join',
      'frames vote',
      'frames all',
      'frames max',
      'KiB join',
      'KiB vote',
      'final p50 ms',
      'final p99 ms',
      'final max ms',
      'join p99 ms',
      'server cpu s',
      'peak RSS MiB',
      'lost/dup',
      'states',
      'reps',
    ],
    rows.map((r) => [
      r.stack,
      r.participants,
      r.live,
      spreadCell(r.framesJoin, 1),
      spreadCell(r.framesVote, 1),
      spreadCell(r.framesTotal, 1),
      spreadCell(r.framesMax, 0),
      spreadCell(r.kibJoin, 1),
      spreadCell(r.kibVote, 1),
      spreadCell(r.finalCountP50Ms, 0),
      spreadCell(r.finalCountP99Ms, 0),
      spreadCell(r.finalCountMaxMs, 0),
      spreadCell(r.joinP99Ms, 0),
      spreadCell(r.serverCpuS, 1),
      spreadCell(r.peakRssMiB, 0),
      r.lostVotes === null ? null : `${r.lostVotes}/${r.duplicatedVotes}`,
      r.statesCompared === null ? null : `${r.statesCompared - r.statesDiffering!}/${r.statesCompared} equal`,
      r.repetitions === 0 ? `failed: ${r.failures[0] ?? 'not run'}` : r.repetitions,
    ]),
  );
}
