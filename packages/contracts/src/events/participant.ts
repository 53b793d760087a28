import * as z from 'zod/mini';
import { count, text, timestamp, uuid } from '../primitives.js';

/** Attendance only: strict, so no vote data can ride along. */
export const participantJoined = z.strictObject({
  participantId: uuid(),
  sessionId: uuid(),
  displayName: z.optional(text(80)),
  joinedAt: timestamp(),
  participantCount: count(),
});

export const participantDisconnected = z.strictObject({
  participantId: uuid(),
  sessionId: uuid(),
  disconnectedAt: timestamp(),
  participantCount: count(),
});

/** The participant count alone, for participants: no identity at all. */
export const participantCounted = z.strictObject({
  sessionId: uuid(),
  participantCount: count(),
  countedAt: timestamp(),
});
