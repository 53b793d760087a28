/** Room events of a live poll session for projection tests: built from steps, or drawn by fast-check. */
import type { RoomMessage } from '@pollwire/contracts/client';
import fc from 'fast-check';

export const SESSION = '00000000-0000-4000-8000-000000000abc';
export const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const T = '2026-01-03T10:00:00.000Z';

export type Step =
  | { kind: 'poll'; poll: number }
  | { kind: 'activate'; poll: number }
  | { kind: 'close'; poll: number; votes: number }
  | { kind: 'votes'; poll: number; votes: number }
  | { kind: 'join'; who: number; count: number }
  | { kind: 'leave'; who: number; count: number };

/** Room messages of a session, one per step, numbered from seq 1. */
export function roomMessages(steps: Step[]): RoomMessage[] {
  return steps.map((step, i) => roomMessage(step, i + 1));
}

export function roomMessage(step: Step, seq: number): RoomMessage {
  const envelope = { eventId: `ep-${seq}`, sessionId: SESSION, seq, timestamp: T };
  switch (step.kind) {
    case 'poll':
      return {
        ...envelope,
        event: 'poll:created',
        payload: {
          pollId: uuid(step.poll),
          sessionId: SESSION,
          question: `Q${step.poll}`,
          pollType: 'rating_scale',
          allowMultiple: false,
          isAnonymous: true,
          minRating: 1,
          maxRating: 5,
          sequenceOrder: step.poll,
          createdAt: T,
        },
      };
    case 'activate':
      return {
        ...envelope,
        event: 'poll:activated',
        payload: { pollId: uuid(step.poll), sessionId: SESSION, question: `Q${step.poll}`, activatedAt: T },
      };
    case 'close':
      return {
        ...envelope,
        event: 'poll:closed',
        payload: { pollId: uuid(step.poll), sessionId: SESSION, closedAt: T, finalVoteCount: step.votes },
      };
    case 'votes':
      return {
        ...envelope,
        event: 'vote:accepted',
        payload: { voteId: uuid(1000 + seq), pollId: uuid(step.poll), submittedAt: T, currentVoteCount: step.votes },
      };
    case 'join':
      return {
        ...envelope,
        event: 'participant:joined',
        payload: {
          participantId: uuid(500 + step.who),
          sessionId: SESSION,
          displayName: `P${step.who}`,
          joinedAt: T,
          participantCount: step.count,
        },
      };
    case 'leave':
      return {
        ...envelope,
        event: 'participant:disconnected',
        payload: {
          participantId: uuid(500 + step.who),
          sessionId: SESSION,
          disconnectedAt: T,
          participantCount: step.count,
        },
      };
  }
}

const poll = fc.integer({ min: 1, max: 3 });
const count = fc.integer({ min: 0, max: 50 });
/** Any room event of a live poll session. */
export const step: fc.Arbitrary<Step> = fc.oneof(
  poll.map((p) => ({ kind: 'poll' as const, poll: p })),
  poll.map((p) => ({ kind: 'activate' as const, poll: p })),
  fc.record({ poll, votes: count }).map((s) => ({ kind: 'close' as const, ...s })),
  fc.record({ poll, votes: count }).map((s) => ({ kind: 'votes' as const, ...s })),
  fc.record({ who: fc.integer({ min: 1, max: 5 }), count }).map((s) => ({ kind: 'join' as const, ...s })),
  fc.record({ who: fc.integer({ min: 1, max: 5 }), count }).map((s) => ({ kind: 'leave' as const, ...s })),
);
