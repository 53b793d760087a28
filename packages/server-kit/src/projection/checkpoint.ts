import type { PollwireState } from '@pollwire/contracts/client';
import type { MaybePromise } from '../util/maybe-promise.js';
import type { AttendanceEntry, Projection } from './session-projection.js';

/**
 * A saved projection: the state of a session at `seq` of its log's epoch, so that a node can rebuild the head from it
 * and the events after it, even once the log no longer holds the session from seq 1.
 */
export interface ProjectionCheckpoint extends Projection {
  readonly epoch: string;
}

/** Where checkpoints are kept: in memory for one node, in Redis for several (any node rebuilds any session). */
export interface CheckpointStore {
  load(sessionId: string): MaybePromise<ProjectionCheckpoint | undefined>;
  /** Keeps `checkpoint` unless the store holds a newer one of the same epoch; resolves whether it was kept. */
  save(sessionId: string, checkpoint: ProjectionCheckpoint): MaybePromise<boolean>;
}

/** The JSON form of a checkpoint (attendance as an array, in order of arrival). */
interface StoredCheckpoint {
  epoch: string;
  seq: number;
  cursor: string | null;
  state: PollwireState;
  attendance: AttendanceEntry[];
}

/** Serializes a checkpoint for a store. */
export function encodeCheckpoint(checkpoint: ProjectionCheckpoint): string {
  const stored: StoredCheckpoint = {
    epoch: checkpoint.epoch,
    seq: checkpoint.seq,
    cursor: checkpoint.cursor ?? null,
    state: checkpoint.state,
    attendance: [...checkpoint.attendance.values()],
  };
  return JSON.stringify(stored);
}

/** The checkpoint `encodeCheckpoint` wrote. */
export function decodeCheckpoint(text: string): ProjectionCheckpoint {
  const stored = JSON.parse(text) as StoredCheckpoint;
  return {
    epoch: stored.epoch,
    seq: stored.seq,
    cursor: stored.cursor ?? undefined,
    state: stored.state,
    attendance: new Map(stored.attendance.map((entry) => [entry.participantId, entry])),
  };
}

/**
 * Checkpoints in this process's memory, serialized as a Redis store would keep them (so no caller shares state
 * with the store).
 *
 * @example
 * const checkpoints = createMemoryCheckpointStore();
 */
export function createMemoryCheckpointStore(): CheckpointStore {
  const saved = new Map<string, string>();
  return {
    load(sessionId) {
      const text = saved.get(sessionId);
      return text === undefined ? undefined : decodeCheckpoint(text);
    },
    save(sessionId, checkpoint) {
      const text = saved.get(sessionId);
      const current = text === undefined ? undefined : decodeCheckpoint(text);
      if (current && current.epoch === checkpoint.epoch && current.seq >= checkpoint.seq) return false;
      saved.set(sessionId, encodeCheckpoint(checkpoint));
      return true;
    },
  };
}
