import { summarizeLatencies } from '../stats/percentile.js';
import type { ParticipantRecords } from './protocol.js';

/** A distribution over the participants. */
export interface Distribution {
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export function distribution(values: ArrayLike<number>): Distribution {
  const finite = Array.from(values).filter(Number.isFinite);
  const summary = summarizeLatencies(finite);
  const mean = finite.length === 0 ? Number.NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
  return { mean, p50: summary.p50Ms, p99: summary.p99Ms, max: summary.maxMs };
}

/** What the participants of a run received and held, from every client process' records. */
export interface ParticipantFigures {
  live: number;
  framesJoin: Distribution;
  framesVote: Distribution;
  framesTotal: Distribution;
  bytesJoin: Distribution;
  bytesVote: Distribution;
  /** Join request to live state, ms. */
  joinMs: Distribution;
  /** After the last vote was accepted, when each participant held the final count, ms. */
  finalCountMs: Distribution;
  /** Participants that held the final count before the poll closed. */
  heldFinal: number;
  /** Participants that hold the final participant count. */
  heldParticipantCount: number;
  confirmed: number;
  /** Participants with more than one confirmation of their one vote. */
  doubleConfirmed: number;
  rejected: number;
  gaps: number;
  duplicates: number;
}

/** Joins the records of the client processes and sums them up (a participant that never went live is skipped). */
export function participantFigures(
  parts: readonly ParticipantRecords[],
  context: { finalVoteCount: number; participants: number; lastVoteAt: number; closeAt: number },
): ParticipantFigures {
  const join: number[] = [];
  const framesJoin: number[] = [];
  const framesVote: number[] = [];
  const framesTotal: number[] = [];
  const bytesJoin: number[] = [];
  const bytesVote: number[] = [];
  const finalCount: number[] = [];
  let heldFinal = 0;
  let heldParticipantCount = 0;
  let confirmed = 0;
  let doubleConfirmed = 0;
  let rejected = 0;
  let gaps = 0;
  let duplicates = 0;
  for (const r of parts) {
    for (let k = 0; k < r.joinMs.length; k++) {
      if (!Number.isFinite(r.joinMs[k]!)) continue;
      join.push(r.joinMs[k]!);
      framesJoin.push(r.framesJoin[k]!);
      framesVote.push(r.framesVote[k]!);
      framesTotal.push(r.framesJoin[k]! + r.framesVote[k]!);
      bytesJoin.push(r.bytesJoin[k]!);
      bytesVote.push(r.bytesVote[k]!);
      // Held before the close was asked for: the results reached it, not the close's final count.
      if (r.heldCount[k] === context.finalVoteCount && r.countChangedAt[k]! < context.closeAt) {
        heldFinal++;
        finalCount.push(Math.max(0, r.countChangedAt[k]! - context.lastVoteAt));
      }
      if (r.heldParticipants[k] === context.participants) heldParticipantCount++;
      if (r.confirmations[k]! > 0) confirmed++;
      if (r.confirmations[k]! > 1) doubleConfirmed++;
      if (r.rejections[k]! > 0) rejected++;
      gaps += r.gaps[k]!;
      duplicates += r.duplicates[k]!;
    }
  }
  return {
    live: join.length,
    framesJoin: distribution(framesJoin),
    framesVote: distribution(framesVote),
    framesTotal: distribution(framesTotal),
    bytesJoin: distribution(bytesJoin),
    bytesVote: distribution(bytesVote),
    joinMs: distribution(join),
    finalCountMs: distribution(finalCount),
    heldFinal,
    heldParticipantCount,
    confirmed,
    doubleConfirmed,
    rejected,
    gaps,
    duplicates,
  };
}
