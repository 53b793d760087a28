import type { RoomMessage, ServerMessage, UnicastMessage } from '../types.js';

/** Deterministic UUIDs and envelopes for tests. */
export const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const SESSION = uuid(0xabc);
export const PARTICIPANT = uuid(0xfee);
export const T = '2026-01-03T10:00:00.000Z';

export function room<E extends RoomMessage['event']>(
  seq: number,
  event: E,
  payload: Extract<RoomMessage, { event: E }>['payload'],
): RoomMessage {
  return { event, eventId: `e${seq}`, sessionId: SESSION, seq, timestamp: T, payload } as RoomMessage;
}

let unicastCounter = 0;
export function unicast<E extends UnicastMessage['event']>(
  event: E,
  payload: Extract<UnicastMessage, { event: E }>['payload'],
  extra: { requestId?: string; eventId?: string } = {},
): ServerMessage {
  unicastCounter += 1;
  return {
    event,
    eventId: extra.eventId ?? `u${unicastCounter}`,
    sessionId: SESSION,
    timestamp: T,
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    payload,
  } as ServerMessage;
}

export const pollCreated = (seq: number, poll: number, options = [1, 2]) =>
  room(seq, 'poll:created', {
    pollId: uuid(poll),
    sessionId: SESSION,
    question: `Question ${poll}?`,
    pollType: 'multiple_choice',
    allowMultiple: false,
    isAnonymous: true,
    sequenceOrder: poll,
    createdAt: T,
    options: options.map((o) => ({ optionId: uuid(poll * 100 + o), optionText: `Option ${o}`, sequenceOrder: o })),
  });

export const pollActivated = (seq: number, poll: number) =>
  room(seq, 'poll:activated', {
    pollId: uuid(poll),
    sessionId: SESSION,
    question: `Question ${poll}?`,
    activatedAt: T,
  });

export const voteCounted = (seq: number, poll: number, count: number) =>
  room(seq, 'vote:accepted', {
    voteId: uuid(5000 + seq),
    pollId: uuid(poll),
    submittedAt: T,
    currentVoteCount: count,
    voteBreakdown: [{ optionId: uuid(poll * 100 + 1), voteCount: count, percentage: 100 }],
  });

export const joined = (seq: number, participant: number, participantCount: number) =>
  room(seq, 'participant:joined', {
    participantId: uuid(participant),
    sessionId: SESSION,
    joinedAt: T,
    participantCount,
  });

export const established = (
  overrides: Partial<Extract<UnicastMessage, { event: 'connection:established' }>['payload']> = {},
) =>
  unicast('connection:established', {
    connectionId: 'c1',
    timestamp: T,
    serverVersion: '1.1.0',
    cursor: 'e0',
    heartbeatIntervalMs: 1000,
    historyCount: 0,
    historyComplete: true,
    ...overrides,
  });

export const reconnected = (
  overrides: Partial<Extract<UnicastMessage, { event: 'connection:reconnected' }>['payload']> = {},
) =>
  unicast('connection:reconnected', {
    connectionId: 'c2',
    timestamp: T,
    replayFrom: 'e0',
    replayCount: 0,
    heartbeatIntervalMs: 1000,
    ...overrides,
  });
