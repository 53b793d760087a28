import { type Clock, isoTime } from '../util/clock.js';
import { type AttendanceBroadcast, announceAttendance, attend, leave } from './attendance.js';
import type { Connection } from './connection.js';
import type { HubPresence } from './presence.js';
import { createPresenceAnnouncer } from './presence-announcer.js';
import type { RoomRegistry } from './rooms.js';

export interface ParticipantTrackerOptions {
  rooms: RoomRegistry;
  clock: Clock;
  /** Decides announcements and counts across nodes; without it, this node's room attendance does. */
  presence?: HubPresence | undefined;
  broadcast: AttendanceBroadcast;
  onError(error: unknown): void;
}

/** Counts participant connections in their room and announces who joined or left. */
export interface ParticipantTracker {
  /** A connection went live (`true`) or closed (`false`); presenters are ignored. */
  update(conn: Connection, joined: boolean): void;
}

/** Creates the attendance tracker: announces a participant's first connection and its last one closing. */
export function createParticipantTracker(options: ParticipantTrackerOptions): ParticipantTracker {
  const { rooms, clock, broadcast, onError } = options;
  const announcer = options.presence && createPresenceAnnouncer({ presence: options.presence, broadcast, onError });

  return {
    update(conn, joined) {
      const { sessionId, participantId, displayName } = conn.identity;
      if (conn.identity.role !== 'participant' || participantId === undefined) return;
      const room = rooms.open(sessionId);
      conn.attending = joined;
      const timestamp = isoTime(clock);
      const changed = joined ? attend(room.participants, participantId) : leave(room.participants, participantId);
      if (announcer) {
        if (joined) announcer.joined(conn, conn.identity, timestamp);
        else announcer.left(conn, conn.identity, timestamp);
      } else if (changed) {
        const attendee = { sessionId, participantId, displayName };
        announceAttendance(broadcast, attendee, joined, room.participants.size, timestamp).catch(onError);
      }
    },
  };
}
