import type { ResyncReason } from '@pollwire/contracts/client';
import { parseCursor } from '../log/cursor.js';
import type { ReplayLog } from '../log/types.js';
import type { SnapshotHead } from './snapshots.js';

/** How a connection starts: fresh or resuming from a cursor. */
export interface ConnectOptions {
  /** Resume after this room eventId (the `lastEventId` query parameter). */
  lastEventId?: string | undefined;
  /**
   * What a fresh connect gets before live events: the session's state (`snapshot`), the session's log from its
   * start (`history`, for audit and debug tools), or nothing (`none`: live events only). The `?history=1` and
   * `?history=0` query parameters pick `history` and `none`.
   * @default 'snapshot'
   */
  start?: 'snapshot' | 'history' | 'none';
}

/** What a connecting client gets before live events, and where its live stream then starts. */
export type CatchUp = {
  /** Serialized room envelopes to send (in batches), oldest first. */
  frames: string[];
  /** The state to send instead of frames: `session:synchronized` at `lastSeq`. */
  snapshot?: SnapshotHead;
  /** Seq of the newest event the client has after the catch-up: live delivery continues after it. */
  lastSeq: number;
  /** The eventId matching `lastSeq`. */
  cursor: string;
} & (
  | { kind: 'established'; historyComplete: boolean }
  | {
      kind: 'reconnected';
      replayFrom: string;
      /** Present when the cursor was not replayed. */
      resync?: { reason: ResyncReason };
    }
);

export interface CatchUpInput {
  log: ReplayLog;
  sessionId: string;
  connect: ConnectOptions;
  /** A resume missing more events than this gets the snapshot instead of a replay. */
  replayLimit: number;
  /** Where the session's projection is (`undefined`: the log cannot rebuild the session). */
  position(): Promise<{ epoch: string; seq: number } | undefined>;
  /** The session's state for this connection's role, taken now. */
  snapshot(): Promise<SnapshotHead | undefined>;
}

const fromSnapshot = (snapshot: SnapshotHead) => ({
  frames: [],
  snapshot,
  lastSeq: snapshot.seq,
  cursor: snapshot.cursor,
});

/**
 * Plans a connecting client's catch-up. A fresh connect gets the snapshot; a resume gets the events after its cursor
 * when they are at most `replayLimit`, else (or when the cursor cannot be replayed) the snapshot with the reason.
 * Without a snapshot (a log that no longer holds the session and no checkpoint): the history flagged incomplete, or
 * nothing on a resume (the client's app rebuilds). Never a partial replay.
 */
export async function planCatchUp(input: CatchUpInput): Promise<CatchUp> {
  const { log, sessionId, connect, replayLimit } = input;
  const { lastEventId } = connect;
  if (lastEventId === undefined) {
    const start = connect.start ?? 'snapshot';
    if (start === 'snapshot') {
      const snapshot = await input.snapshot();
      if (snapshot) return { kind: 'established', historyComplete: true, ...fromSnapshot(snapshot) };
    }
    if (start === 'none') {
      const head = await log.head(sessionId);
      const { lastSeq, cursor } = head;
      return { kind: 'established', frames: [], lastSeq, cursor, historyComplete: head.firstSeq === 1 };
    }
    const { frames, lastSeq, cursor, complete } = await log.history(sessionId);
    return { kind: 'established', frames, lastSeq, cursor, historyComplete: complete };
  }

  const replayFrom = lastEventId.slice(0, 128) || '-';
  const resynced = async (reason: ResyncReason): Promise<CatchUp | undefined> => {
    const snapshot = await input.snapshot();
    return snapshot && { kind: 'reconnected', replayFrom, resync: { reason }, ...fromSnapshot(snapshot) };
  };

  // Too far behind: the state costs less than the events (checked before reading them).
  const position = await input.position();
  const cursor = parseCursor(lastEventId);
  if (position && cursor?.epoch === position.epoch && position.seq - cursor.seq > replayLimit) {
    const plan = await resynced('replay_limit');
    if (plan) return plan;
  }
  const read = await log.read(sessionId, lastEventId);
  if (read.ok) {
    if (read.frames.length <= replayLimit) {
      return { kind: 'reconnected', replayFrom, frames: read.frames, lastSeq: read.lastSeq, cursor: read.cursor };
    }
    const plan = await resynced('replay_limit');
    if (plan) return plan;
    return { kind: 'reconnected', replayFrom, frames: read.frames, lastSeq: read.lastSeq, cursor: read.cursor };
  }
  const plan = await resynced(read.reason);
  if (plan) return plan;
  // No state to send: the client rebuilds on its own (its app's `loadSnapshot`), live from the head.
  const { lastSeq, cursor: head } = await log.head(sessionId);
  return { kind: 'reconnected', replayFrom, frames: [], lastSeq, cursor: head, resync: { reason: read.reason } };
}
