import { randomBytes, randomUUID } from 'node:crypto';
import {
  MAX_POLL_OPTIONS,
  type PollCreatedPayload,
  type PollType,
  POLL_TYPES,
  type RoomPayload,
} from '@pollwire/contracts/client';
import { buildPollActivated, buildPollClosed, buildPollCreated } from '../builders/poll.js';
import { buildSessionCreated, buildSessionEnded, buildSessionStarted } from '../builders/session.js';
import { ForbiddenError, InvalidInputError, InvalidTransitionError, NotFoundError } from '../errors.js';
import type { Hub } from '../hub/hub.js';
import { type Clock, isoTime, systemClock } from '../util/clock.js';
import { createKeyedQueue, type KeyedQueue } from '../util/keyed-queue.js';
import type { VoteRecord, VoteStore } from '../votes/vote-store.js';
import type { ParticipantRecord, PollRecord, SessionRecord } from './records.js';
import type { ResultsPublisher } from '../votes/results/results-publisher.js';
import type { SessionStore } from './session-store.js';
import { assertPollTransition, assertSessionTransition } from './state-machine.js';

export interface SessionServiceOptions {
  hub: Hub;
  sessionStore: SessionStore;
  voteStore: VoteStore;
  /** @default systemClock */
  clock?: Clock;
  /** @default crypto.randomUUID */
  createId?: () => string;
  /** @default 8 random base64url characters */
  createSlug?: () => string;
  /** Per-session serialization shared with the vote handler. @default a new queue */
  queue?: KeyedQueue;
  /** The vote handler's results conflation: held-back results go out before `poll:closed`. */
  results?: ResultsPublisher | undefined;
}

/** What a new poll is made of; validated, with `InvalidInputError.field` naming the bad field. */
export interface CreatePollInput {
  question: string;
  pollType: PollType;
  /** Option texts, in display order (multiple choice: 2 to 20). */
  options?: string[] | undefined;
  /** @default false */
  allowMultiple?: boolean | undefined;
  /** @default true */
  isAnonymous?: boolean | undefined;
  /** @default 1 (rating scale) */
  minRating?: number | undefined;
  /** @default 5 (rating scale) */
  maxRating?: number | undefined;
}

/** A voter of a non-anonymous poll, from the server API (never from events). */
export interface Voter {
  participantId: string;
  displayName?: string | undefined;
  voteData: VoteRecord['voteData'];
  submittedAt: string;
}

/**
 * Domain helpers with the state machines enforced (`InvalidTransitionError` on a bad transition). Each emits its
 * catalog event through the hub and returns the payload it emitted.
 */
export interface SessionService {
  /** Creates a draft session and emits `session:created`. */
  createSession(input: { title: string; presenterId?: string }): Promise<SessionRecord>;
  /** draft -> active; emits `session:started`. */
  startSession(sessionId: string): Promise<RoomPayload<'session:started'>>;
  /** Adds a draft poll; emits `poll:created`. Not allowed once the session ended. */
  createPoll(sessionId: string, input: CreatePollInput): Promise<PollCreatedPayload>;
  /**
   * Opens a poll for voting (the session must be active). Only one poll is active at a time: a previously active
   * poll is closed first (`poll:closed` for it, then `poll:activated`).
   */
  activatePoll(sessionId: string, pollId: string): Promise<RoomPayload<'poll:activated'>>;
  /** active -> closed; emits `poll:closed` with the final vote count. */
  closePoll(sessionId: string, pollId: string): Promise<RoomPayload<'poll:closed'>>;
  /** active -> ended: closes the open poll (`poll:closed`), then emits `session:ended`. */
  endSession(sessionId: string): Promise<RoomPayload<'session:ended'>>;
  /** Registers a participant in a draft or active session (found by slug or id). */
  joinSession(slugOrId: string, input?: { displayName?: string | undefined }): Promise<ParticipantRecord>;
  getSession(sessionId: string): Promise<SessionRecord>;
  getPoll(sessionId: string, pollId: string): Promise<PollRecord>;
  /** Voters of a non-anonymous poll; `ForbiddenError` for anonymous ones. */
  listVoters(sessionId: string, pollId: string): Promise<Voter[]>;
}

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

function checkText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0)
    throw new InvalidInputError(field, `${field} is required`);
  if (value.length > max) throw new InvalidInputError(field, `${field} must be at most ${max} characters`);
  return value;
}

/**
 * Creates the session/poll service over the stores and the hub.
 *
 * @example
 * const service = createSessionService({ hub, sessionStore, voteStore });
 * const session = await service.createSession({ title: 'All hands' });
 * await service.startSession(session.sessionId);
 */
export function createSessionService(options: SessionServiceOptions): SessionService {
  const { hub, sessionStore, voteStore } = options;
  const clock = options.clock ?? systemClock;
  const createId = options.createId ?? randomUUID;
  const createSlug = options.createSlug ?? (() => randomBytes(6).toString('base64url'));
  const queue = options.queue ?? createKeyedQueue();

  const loadSession = async (sessionId: string) => {
    const session = await sessionStore.getSession(sessionId);
    if (!session) throw new NotFoundError('session', sessionId);
    return session;
  };
  const loadPoll = async (sessionId: string, pollId: string) => {
    const poll = await sessionStore.getPoll(sessionId, pollId);
    if (!poll) throw new NotFoundError('poll', pollId);
    return poll;
  };

  const close = async (poll: PollRecord, session: SessionRecord) => {
    assertPollTransition(poll.status, 'closed');
    const closedAt = isoTime(clock);
    const tally = await voteStore.tally(poll.sessionId, poll.pollId);
    const payload = buildPollClosed(poll, closedAt, tally.votes);
    // Every client's count is exact before the poll closes.
    await options.results?.flush(poll.sessionId, poll.pollId);
    await sessionStore.putPoll({ ...poll, status: 'closed', closedAt });
    if (session.activePollId === poll.pollId) {
      session.activePollId = undefined;
      await sessionStore.putSession(session);
    }
    await hub.broadcast(poll.sessionId, 'poll:closed', payload);
    return payload;
  };

  const validatePoll = (sessionId: string, sequenceOrder: number, input: CreatePollInput): PollRecord => {
    const question = checkText('question', input.question, 500);
    if (!POLL_TYPES.includes(input.pollType)) {
      throw new InvalidInputError('pollType', `pollType must be one of ${POLL_TYPES.join(', ')}`);
    }
    if (input.allowMultiple !== undefined && typeof input.allowMultiple !== 'boolean') {
      throw new InvalidInputError('allowMultiple', 'allowMultiple must be a boolean');
    }
    if (input.isAnonymous !== undefined && typeof input.isAnonymous !== 'boolean') {
      throw new InvalidInputError('isAnonymous', 'isAnonymous must be a boolean');
    }
    const poll: PollRecord = {
      pollId: createId(),
      sessionId,
      question,
      pollType: input.pollType,
      allowMultiple: input.pollType === 'multiple_choice' && input.allowMultiple === true,
      isAnonymous: input.isAnonymous ?? true,
      sequenceOrder,
      createdAt: isoTime(clock),
      status: 'draft',
    };
    if (input.pollType === 'multiple_choice') {
      const texts = input.options;
      if (!Array.isArray(texts) || texts.length < 2 || texts.length > MAX_POLL_OPTIONS) {
        throw new InvalidInputError('options', `options must be 2 to ${MAX_POLL_OPTIONS} strings`);
      }
      poll.options = texts.map((text, index) => ({
        optionId: createId(),
        optionText: checkText(`options[${index}]`, text, 200),
        sequenceOrder: index,
      }));
    } else if (input.options !== undefined) {
      throw new InvalidInputError('options', 'options are only for multiple_choice polls');
    }
    if (input.pollType === 'rating_scale') {
      const min = input.minRating ?? 1;
      const max = input.maxRating ?? 5;
      if (!isInt(min) || min < -1000 || min > 1000)
        throw new InvalidInputError('minRating', 'minRating must be an integer in [-1000, 1000]');
      if (!isInt(max) || max < -1000 || max > 1000)
        throw new InvalidInputError('maxRating', 'maxRating must be an integer in [-1000, 1000]');
      if (min >= max) throw new InvalidInputError('maxRating', 'maxRating must be greater than minRating');
      poll.minRating = min;
      poll.maxRating = max;
    } else if (input.minRating !== undefined || input.maxRating !== undefined) {
      throw new InvalidInputError(
        input.minRating !== undefined ? 'minRating' : 'maxRating',
        'ratings are only for rating_scale polls',
      );
    }
    return poll;
  };

  return {
    async createSession(input) {
      const title = checkText('title', input.title, 200);
      const session: SessionRecord = {
        sessionId: createId(),
        slug: createSlug(),
        title,
        presenterId: input.presenterId ?? createId(),
        status: 'draft',
        createdAt: isoTime(clock),
        pollCount: 0,
      };
      const payload = buildSessionCreated(session);
      return queue.run(session.sessionId, async () => {
        await sessionStore.createSession(session);
        await hub.broadcast(session.sessionId, 'session:created', payload);
        return session;
      });
    },

    startSession: (sessionId) =>
      queue.run(sessionId, async () => {
        const session = await loadSession(sessionId);
        assertSessionTransition(session.status, 'active');
        const startedAt = isoTime(clock);
        const payload = buildSessionStarted(sessionId, startedAt, await hub.countParticipants(sessionId));
        await sessionStore.putSession({ ...session, status: 'active', startedAt });
        await hub.broadcast(sessionId, 'session:started', payload);
        return payload;
      }),

    createPoll: (sessionId, input) =>
      queue.run(sessionId, async () => {
        const session = await loadSession(sessionId);
        if (session.status === 'ended') throw new InvalidTransitionError('session', 'ended', 'poll created');
        const poll = validatePoll(sessionId, session.pollCount, input);
        const payload = buildPollCreated(poll);
        await sessionStore.putPoll(poll);
        await sessionStore.putSession({ ...session, pollCount: session.pollCount + 1 });
        await hub.broadcast(sessionId, 'poll:created', payload);
        return payload;
      }),

    activatePoll: (sessionId, pollId) =>
      queue.run(sessionId, async () => {
        const session = await loadSession(sessionId);
        const poll = await loadPoll(sessionId, pollId);
        if (session.status !== 'active') throw new InvalidTransitionError('session', session.status, 'poll activated');
        assertPollTransition(poll.status, 'active');
        if (session.activePollId !== undefined && session.activePollId !== pollId) {
          const previous = await sessionStore.getPoll(sessionId, session.activePollId);
          if (previous?.status === 'active') await close(previous, session);
        }
        const activatedAt = isoTime(clock);
        const payload = buildPollActivated(poll, activatedAt);
        await sessionStore.putPoll({ ...poll, status: 'active', activatedAt });
        await sessionStore.putSession({ ...session, activePollId: pollId });
        await hub.broadcast(sessionId, 'poll:activated', payload);
        return payload;
      }),

    closePoll: (sessionId, pollId) =>
      queue.run(sessionId, async () => {
        const session = await loadSession(sessionId);
        return close(await loadPoll(sessionId, pollId), session);
      }),

    endSession: (sessionId) =>
      queue.run(sessionId, async () => {
        const session = await loadSession(sessionId);
        assertSessionTransition(session.status, 'ended');
        for (const poll of await sessionStore.listPolls(sessionId)) {
          if (poll.status === 'active') await close(poll, session);
        }
        const endedAt = isoTime(clock);
        const payload = buildSessionEnded(sessionId, endedAt, await hub.countParticipants(sessionId));
        await sessionStore.putSession({ ...session, status: 'ended', endedAt, activePollId: undefined });
        await hub.broadcast(sessionId, 'session:ended', payload);
        return payload;
      }),

    async joinSession(slugOrId, input = {}) {
      const session = (await sessionStore.getSessionBySlug(slugOrId)) ?? (await sessionStore.getSession(slugOrId));
      if (!session) throw new NotFoundError('session', slugOrId);
      if (session.status === 'ended') throw new InvalidTransitionError('session', 'ended', 'participant joined');
      const participant: ParticipantRecord = {
        participantId: createId(),
        sessionId: session.sessionId,
        joinedAt: isoTime(clock),
      };
      if (input.displayName !== undefined) participant.displayName = checkText('displayName', input.displayName, 80);
      await sessionStore.putParticipant(participant);
      return participant;
    },

    getSession: loadSession,
    getPoll: loadPoll,

    async listVoters(sessionId, pollId) {
      const poll = await loadPoll(sessionId, pollId);
      if (poll.isAnonymous) throw new ForbiddenError('voters of an anonymous poll are never disclosed');
      const votes = await voteStore.votes(sessionId, pollId);
      return Promise.all(
        votes.map(async (vote) => {
          const participant = await sessionStore.getParticipant(sessionId, vote.participantId);
          const voter: Voter = {
            participantId: vote.participantId,
            voteData: vote.voteData,
            submittedAt: vote.submittedAt,
          };
          if (participant?.displayName !== undefined) voter.displayName = participant.displayName;
          return voter;
        }),
      );
    },
  };
}
