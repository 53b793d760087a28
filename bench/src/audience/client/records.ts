import { monotonicMs } from '../../clock.js';
import type { ParticipantRecords } from '../protocol.js';

/** Which phase the frames received now count to. */
export type Phase = 'join' | 'vote';

/** The records of one client process' participants, and the calls the participants make to fill them. */
export interface Recorder {
  readonly records: ParticipantRecords;
  phase: Phase;
  frame(i: number, bytes: number): void;
  /** The participant now holds `count` votes for the poll (records when it changed). */
  count(i: number, count: number): void;
  closed(i: number): void;
  isClosed(i: number): boolean;
}

/** Allocates the records of `count` participants (struct of arrays: 10,000 participants cost a few hundred KiB). */
export function createRecorder(count: number): Recorder {
  const records: ParticipantRecords = {
    joinMs: new Float64Array(count).fill(Number.NaN),
    framesJoin: new Uint32Array(count),
    bytesJoin: new Float64Array(count),
    framesVote: new Uint32Array(count),
    bytesVote: new Float64Array(count),
    countChangedAt: new Float64Array(count).fill(Number.NaN),
    heldCount: new Uint32Array(count),
    heldParticipants: new Uint32Array(count),
    confirmations: new Uint8Array(count),
    rejections: new Uint8Array(count),
    gaps: new Uint32Array(count),
    duplicates: new Uint32Array(count),
  };
  const closed = new Uint8Array(count);
  const recorder: Recorder = {
    records,
    phase: 'join',
    frame(i, bytes) {
      if (recorder.phase === 'join') {
        records.framesJoin[i]!++;
        records.bytesJoin[i]! += bytes;
      } else {
        records.framesVote[i]!++;
        records.bytesVote[i]! += bytes;
      }
    },
    count(i, value) {
      if (records.heldCount[i] === value) return;
      records.heldCount[i] = value;
      records.countChangedAt[i] = monotonicMs();
    },
    closed(i) {
      closed[i] = 1;
    },
    isClosed: (i) => closed[i] === 1,
  };
  return recorder;
}
