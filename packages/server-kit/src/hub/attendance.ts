import type { RoomPayload } from '@pollwire/contracts/client';
import { buildParticipantDisconnected, buildParticipantJoined } from '../builders/participant.js';

/** participantId -> open connections of one session. */
export type Attendance = Map<string, number>;

/** Counts one more connection of a participant; `true` when it is the participant's first. */
export function attend(attendance: Attendance, participantId: string): boolean {
  const count = attendance.get(participantId) ?? 0;
  attendance.set(participantId, count + 1);
  return count === 0;
}

/** Counts one connection less; `true` when it was the participant's last. */
export function leave(attendance: Attendance, participantId: string): boolean {
  const count = attendance.get(participantId) ?? 0;
  if (count > 1) {
    attendance.set(participantId, count - 1);
    return false;
  }
  attendance.delete(participantId);
  return count === 1;
}

export type AttendanceEvent = 'participant:joined' | 'participant:disconnected';

/** Logs and fans out an attendance event (the hub's `broadcast`). */
export type AttendanceBroadcast = <E extends AttendanceEvent>(
  sessionId: string,
  event: E,
  payload: RoomPayload<E>,
) => Promise<unknown>;

/** A participant whose arrival or departure is announced. */
export interface Attendee {
  sessionId: string;
  participantId: string;
  displayName?: string | undefined;
}

/** Broadcasts `participant:joined` (`joined`) or `participant:disconnected` with the new count. */
export const announceAttendance = (
  broadcast: AttendanceBroadcast,
  attendee: Attendee,
  joined: boolean,
  participantCount: number,
  timestamp: string,
): Promise<unknown> => {
  const { sessionId, participantId, displayName } = attendee;
  return joined
    ? broadcast(
        sessionId,
        'participant:joined',
        buildParticipantJoined({ sessionId, participantId, displayName, joinedAt: timestamp, participantCount }),
      )
    : broadcast(
        sessionId,
        'participant:disconnected',
        buildParticipantDisconnected({ sessionId, participantId, disconnectedAt: timestamp, participantCount }),
      );
};
