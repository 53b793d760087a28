import type { ResyncReason, UnicastPayload } from '@pollwire/contracts/client';

/** `connection:established`. */
export const buildConnectionEstablished = (
  input: {
    connectionId: string;
    timestamp: string;
    serverVersion: string;
    cursor: string;
    heartbeatIntervalMs: number;
    contractHash: string;
  } & (
    | { historyCount: number; historyComplete: boolean }
    /** A `session:synchronized` with the session's state follows. */
    | { snapshot: true }
  ),
): UnicastPayload<'connection:established'> => ({ ...input });

/** `connection:reconnected`; `resyncReason` only when the cursor was not replayed. */
export function buildConnectionReconnected(input: {
  connectionId: string;
  timestamp: string;
  replayFrom: string;
  replayCount: number;
  cursor: string;
  heartbeatIntervalMs: number;
  role?: 'presenter' | 'participant';
  resync?: { reason: ResyncReason } | undefined;
  /** A `session:synchronized` follows (only with `resync`). */
  snapshot?: boolean;
}): UnicastPayload<'connection:reconnected'> {
  const payload: UnicastPayload<'connection:reconnected'> = {
    connectionId: input.connectionId,
    timestamp: input.timestamp,
    replayFrom: input.replayFrom,
    replayCount: input.replayCount,
    recovered: input.resync === undefined,
    cursor: input.cursor,
    heartbeatIntervalMs: input.heartbeatIntervalMs,
  };
  if (input.role) payload.role = input.role;
  if (input.resync) {
    payload.resyncReason = input.resync.reason;
    if (input.snapshot) payload.snapshot = true;
  }
  return payload;
}

/** `connection:heartbeat`. */
export const buildConnectionHeartbeat = (timestamp: string): UnicastPayload<'connection:heartbeat'> => ({ timestamp });
