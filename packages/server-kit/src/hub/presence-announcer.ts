import type { RoomPayload } from '@pollwire/contracts/client';
import { createKeyedQueue } from '../util/keyed-queue.js';
import { type AttendanceBroadcast, type AttendanceEvent, announceAttendance } from './attendance.js';
import type { HubPresence } from './presence.js';
import type { ConnectionIdentity } from './socket.js';

export interface PresenceAnnouncerOptions {
  presence: HubPresence;
  /** Logs and fans out an announcement (the hub's `broadcast`). */
  broadcast<E extends AttendanceEvent>(sessionId: string, event: E, payload: RoomPayload<E>): Promise<unknown>;
  onError(error: unknown): void;
}

/** Turns participant connections opening and closing into presence calls and attendance broadcasts. */
export interface PresenceAnnouncer {
  /** A participant's connection went live (`connection` identifies it until `left`). */
  joined(connection: object, identity: ConnectionIdentity, timestamp: string): void;
  /** That connection closed. */
  left(connection: object, identity: ConnectionIdentity, timestamp: string): void;
}

/**
 * Asks the presence source whether a connection changed who is connected, and announces it when it did. Calls of
 * one participant run in order, so a disconnect never overtakes its connect; a connection whose `connect` failed is
 * not disconnected (it was never counted). Failures go to `onError`: the connection itself is unaffected.
 *
 * @example
 * const announcer = createPresenceAnnouncer({ presence, broadcast: hub.broadcast, onError: console.error });
 * announcer.joined(conn, conn.identity, new Date().toISOString());
 */
export function createPresenceAnnouncer(options: PresenceAnnouncerOptions): PresenceAnnouncer {
  const { presence, onError } = options;
  const broadcast: AttendanceBroadcast = (sessionId, event, payload) => options.broadcast(sessionId, event, payload);
  const calls = createKeyedQueue();
  const counted = new WeakSet<object>();

  const run = (identity: ConnectionIdentity, task: (participantId: string) => Promise<void>) => {
    const { sessionId, participantId } = identity;
    if (participantId === undefined) return;
    calls.run(`${sessionId}\u0000${participantId}`, () => task(participantId)).catch(onError);
  };

  return {
    joined(connection, identity, timestamp) {
      const { sessionId, displayName } = identity;
      run(identity, async (participantId) => {
        const { changed, participantCount } = await presence.connect(sessionId, participantId);
        counted.add(connection);
        if (!changed) return;
        // Not awaited: the hub's broadcast queue keeps the order, and this participant's next call need not wait.
        const attendee = { sessionId, participantId, displayName };
        announceAttendance(broadcast, attendee, true, participantCount, timestamp).catch(onError);
      });
    },
    left(connection, identity, timestamp) {
      const { sessionId } = identity;
      run(identity, async (participantId) => {
        if (!counted.delete(connection)) return;
        const { changed, participantCount } = await presence.disconnect(sessionId, participantId);
        if (!changed) return;
        announceAttendance(broadcast, { sessionId, participantId }, false, participantCount, timestamp).catch(onError);
      });
    },
  };
}
