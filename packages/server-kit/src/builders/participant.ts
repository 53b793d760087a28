import type { RoomPayload } from '@pollwire/contracts/client';

/** `participant:joined`: attendance only (the attending participant's own id, name and the count). */
export function buildParticipantJoined(input: {
  sessionId: string;
  participantId: string;
  displayName?: string | undefined;
  joinedAt: string;
  participantCount: number;
}): RoomPayload<'participant:joined'> {
  const payload: RoomPayload<'participant:joined'> = {
    participantId: input.participantId,
    sessionId: input.sessionId,
    joinedAt: input.joinedAt,
    participantCount: input.participantCount,
  };
  if (input.displayName !== undefined) payload.displayName = input.displayName;
  return payload;
}

/** `participant:disconnected`. */
export const buildParticipantDisconnected = (input: {
  sessionId: string;
  participantId: string;
  disconnectedAt: string;
  participantCount: number;
}): RoomPayload<'participant:disconnected'> => ({
  participantId: input.participantId,
  sessionId: input.sessionId,
  disconnectedAt: input.disconnectedAt,
  participantCount: input.participantCount,
});
