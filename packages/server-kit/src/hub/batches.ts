import { encodeBatch } from '../log/encode.js';
import type { Connection } from './connection.js';

export interface BatchSenderOptions {
  /** Events per batch frame (at least 1). */
  batchSize: number;
  /** Sends one frame, not capped by the socket's buffer (history and replay are bounded by the log's cap). */
  send(conn: Connection, frame: string): boolean;
}

/** Sends history and replay as batch frames. */
export interface BatchSender {
  /** Sends `frames` (serialized room envelopes of the connection's session) in batches, stopping if it closes. */
  send(conn: Connection, frames: readonly string[]): void;
  /** Forgets the cached batch. */
  clear(): void;
}

interface CachedBatch {
  sessionId: string;
  first: string;
  last: string;
  count: number;
  frame: string;
}

/**
 * Creates the batch sender. It keeps the last batch frame built: clients that reconnect together mostly ask for the
 * same range, and each then gets the same string (joined once, and encoded once by the transport) instead of its
 * own copy.
 */
export function createBatchSender(options: BatchSenderOptions): BatchSender {
  const { batchSize, send } = options;
  let lastBatch: CachedBatch | undefined;

  const batchFrame = (sessionId: string, frames: readonly string[], start: number, end: number): string => {
    const first = frames[start]!;
    const last = frames[end - 1]!;
    // Frames carry their eventId, and seq is contiguous: the same first and last frame and count is the same range.
    const cached = lastBatch;
    if (
      cached?.sessionId === sessionId &&
      cached.count === end - start &&
      cached.first === first &&
      cached.last === last
    )
      return cached.frame;
    const frame = encodeBatch(frames.slice(start, end));
    lastBatch = { sessionId, first, last, count: end - start, frame };
    return frame;
  };

  return {
    send(conn, frames) {
      for (let i = 0; i < frames.length && conn.phase !== 'closed'; i += batchSize) {
        send(conn, batchFrame(conn.identity.sessionId, frames, i, Math.min(frames.length, i + batchSize)));
      }
    },
    clear() {
      lastBatch = undefined;
    },
  };
}
