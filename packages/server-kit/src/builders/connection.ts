import type { ResyncReason, UnicastPayload } from '@pollwire/contracts/client';

/** `connection:established`. */
export const buildConnectionEstablished = (input: {
  connectionId: string;
  timestamp: string;
  serverVersion: string;
  cursor: string;
  heartbeatIntervalMs: number;
  contractHash: string;
  historyCount: number;
  historyComplete: boolean;
}): UnicastPayload<'connection:established'> => ({ ...input });

/** `connection:reconnected`; `resyncReason` and `fullReplay` only when the cursor could not be replayed. */
export function buildConnectionReconnected(input: {
  connectionId: string;
  timestamp: string;
  replayFrom: string;
  replayCount: number;
  cursor: string;
  heartbeatIntervalMs: number;
  resync?: { reason: ResyncReason; fullReplay: boolean } | undefined;
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
  if (input.resync) {
    payload.resyncReason = input.resync.reason;
    payload.fullReplay = input.resync.fullReplay;
  }
  return payload;
}

/** `connection:heartbeat`. */
export const buildConnectionHeartbeat = (timestamp: string): UnicastPayload<'connection:heartbeat'> => ({ timestamp });
