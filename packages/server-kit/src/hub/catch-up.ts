import type { ResyncReason } from '@pollwire/contracts/client';
import type { ReplayLog } from '../log/types.js';

/** How a connection starts: fresh (with or without history) or resuming from a cursor. */
export interface ConnectOptions {
  /** Resume after this room eventId (the `lastEventId` query parameter). */
  lastEventId?: string | undefined;
  /**
   * Send the session history after `connection:established` (fresh connects only).
   * @default true
   */
  history?: boolean;
}

/** What a connecting client gets before live events, and where its live stream then starts. */
export type CatchUp = {
  /** Serialized room envelopes to send (in batches), oldest first. */
  frames: string[];
  /** Seq of the newest event the client has after `frames`: live delivery continues after it. */
  lastSeq: number;
  /** The eventId matching `lastSeq`. */
  cursor: string;
} & (
  | { kind: 'established'; historyComplete: boolean }
  | {
      kind: 'reconnected';
      replayFrom: string;
      /** Present when the cursor could not be replayed. */
      resync?: { reason: ResyncReason; fullReplay: boolean };
    }
);

/**
 * Reads the log for a connecting client: the history (fresh connect), the events after its cursor (resume), or —
 * when the cursor cannot be replayed — the whole history if the log still starts at seq 1, else nothing.
 * Never a partial replay.
 */
export async function planCatchUp(log: ReplayLog, sessionId: string, connect: ConnectOptions): Promise<CatchUp> {
  const { lastEventId } = connect;
  if (lastEventId === undefined) {
    if (connect.history === false) {
      const head = await log.head(sessionId);
      const { lastSeq, cursor } = head;
      return { kind: 'established', frames: [], lastSeq, cursor, historyComplete: head.firstSeq === 1 };
    }
    const { frames, lastSeq, cursor, complete } = await log.history(sessionId);
    return { kind: 'established', frames, lastSeq, cursor, historyComplete: complete };
  }
  const replayFrom = lastEventId.slice(0, 128) || '-';
  const read = await log.read(sessionId, lastEventId);
  if (read.ok)
    return { kind: 'reconnected', replayFrom, frames: read.frames, lastSeq: read.lastSeq, cursor: read.cursor };
  const history = await log.history(sessionId);
  return {
    kind: 'reconnected',
    replayFrom,
    frames: history.complete ? history.frames : [],
    lastSeq: history.lastSeq,
    cursor: history.cursor,
    resync: { reason: read.reason, fullReplay: history.complete },
  };
}
