import type { RoomPayload } from '@pollwire/contracts/client';
import type { SessionRecord } from '../sessions/records.js';

/** `session:created` from a draft session. */
export const buildSessionCreated = (session: SessionRecord): RoomPayload<'session:created'> => ({
  sessionId: session.sessionId,
  title: session.title,
  slug: session.slug,
  presenterId: session.presenterId,
  status: 'draft',
  createdAt: session.createdAt,
});

/** `session:started`. */
export const buildSessionStarted = (
  sessionId: string,
  startedAt: string,
  participantCount: number,
): RoomPayload<'session:started'> => ({ sessionId, status: 'active', startedAt, participantCount });

/** `session:ended`. */
export const buildSessionEnded = (
  sessionId: string,
  endedAt: string,
  finalParticipantCount: number,
): RoomPayload<'session:ended'> => ({ sessionId, status: 'ended', endedAt, finalParticipantCount });
