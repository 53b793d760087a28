import * as z from 'zod/mini';
import { count, text, timestamp, uuid } from '../primitives.js';

export const SESSION_STATUSES = ['draft', 'active', 'ended'] as const;

export const sessionCreated = z.object({
  sessionId: uuid(),
  title: text(200),
  slug: z.string().check(z.regex(/^[A-Za-z0-9_-]{3,64}$/)),
  presenterId: uuid(),
  status: z.literal('draft'),
  createdAt: timestamp(),
});

export const sessionStarted = z.object({
  sessionId: uuid(),
  status: z.literal('active'),
  startedAt: timestamp(),
  participantCount: count(),
});

export const sessionEnded = z.object({
  sessionId: uuid(),
  status: z.literal('ended'),
  endedAt: timestamp(),
  finalParticipantCount: count(),
});
