import * as z from 'zod/mini';
import { RESYNC_REASONS } from '../codes.js';

/** Who a connection is in its session. */
export const ROLES = ['presenter', 'participant'] as const;
import { count, opaqueId, timestamp } from '../primitives.js';

export const connectionEstablished = z.object({
  connectionId: opaqueId(),
  timestamp: timestamp(),
  serverVersion: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Addition: the session's newest replayable eventId (or its empty cursor), so a client that has received nothing can resume. */
  cursor: z.optional(opaqueId()),
  /** Addition: interval of the server's `connection:heartbeat`, so the client can detect silence. */
  heartbeatIntervalMs: z.optional(z.int().check(z.minimum(1))),
  /** Addition: how many history events (the session's log from its start) follow this frame. */
  historyCount: z.optional(count()),
  /** Addition: `false` when the log no longer holds the session from its first event (load a snapshot). */
  historyComplete: z.optional(z.boolean()),
  /** Addition (1.1): `true` when a `session:synchronized` with the session's state follows instead of a history. */
  snapshot: z.optional(z.boolean()),
  /** Addition (1.1): the connection's role; participants do not receive presenters-only room events. */
  role: z.optional(z.enum(ROLES)),
  /** Addition: the contract hash the server was built against. */
  contractHash: z.optional(z.string().check(z.maxLength(128))),
});

export const connectionReconnected = z.object({
  connectionId: opaqueId(),
  timestamp: timestamp(),
  replayFrom: opaqueId(),
  replayCount: count(),
  /** Addition: `false` when the cursor could not be replayed; absent means recovered. */
  recovered: z.optional(z.boolean()),
  /** Addition: why the cursor could not be replayed (present exactly when `recovered` is false). */
  resyncReason: z.optional(z.enum(RESYNC_REASONS)),
  /** Addition (1.1): when not recovered, `true` if a `session:synchronized` with the session's state follows. */
  snapshot: z.optional(z.boolean()),
  /** Addition (1.1): the connection's role; participants do not receive presenters-only room events. */
  role: z.optional(z.enum(ROLES)),
  /** Addition: interval of the server's `connection:heartbeat`. */
  heartbeatIntervalMs: z.optional(z.int().check(z.minimum(1))),
  /** Addition: the newest replayable eventId once the replay that follows is applied. */
  cursor: z.optional(opaqueId()),
});

export const connectionHeartbeat = z.object({ timestamp: timestamp() });
/** Heartbeats from clients are strict: nothing else may ride on them. */
export const connectionHeartbeatFromClient = z.strictObject({ timestamp: timestamp() });
