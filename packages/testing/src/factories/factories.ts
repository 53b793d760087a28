import {
  type ClientEventName,
  type ClientPayload,
  type PollCreatedPayload,
  type PollType,
  type PollwireState,
  type RoomEventName,
  type RoomMessage,
  type RoomPayload,
  type UnicastEventName,
  type UnicastPayload,
  CONTRACT_VERSION,
  initialPollwireState,
  reducePollwireState,
} from '@pollwire/contracts';
import { createSeededRandom } from './random.js';

/** Fields to replace in a payload the factory builds. */
export type Overrides<T> = T extends unknown ? Partial<T> : never;

export interface FactoryOptions {
  /** Same seed, same ids and values. @default 1 */
  seed?: number;
  /** The first timestamp; each later one is a second after the previous. @default '2026-01-01T09:00:00.000Z' */
  start?: string | Date;
  /** The session every payload belongs to. @default a seeded UUID */
  sessionId?: string;
}

export interface SessionOptions {
  /** @default 1 */
  polls?: number;
  /** Participants who join. @default 3 */
  participants?: number;
  /** Votes per poll (at most one per participant). @default every participant */
  votes?: number;
  /** `active` leaves the last poll open. @default 'closed' */
  lastPoll?: 'active' | 'closed';
  /** The log's epoch, the first part of each `eventId`. @default 'e1' */
  epoch?: string;
}

/** A whole session, built event by event: its log as a server sends it, and the state it folds into. */
export interface FactorySession {
  sessionId: string;
  slug: string;
  presenterId: string;
  participants: { participantId: string; displayName: string }[];
  polls: Extract<PollCreatedPayload, { pollType: 'multiple_choice' }>[];
  /** Every room event, in `seq` order from 1, with `eventId` `<epoch>-<seq>`. */
  messages: RoomMessage[];
  /** `reducePollwireState` over `messages`: what a client that saw them all holds. */
  state: PollwireState;
}

export interface PollwireFactories {
  readonly sessionId: string;
  uuid(): string;
  timestamp(): string;
  /** A valid payload of a room event; `overrides` replace its fields. */
  room<E extends RoomEventName>(event: E, overrides?: Overrides<RoomPayload<E>>): RoomPayload<E>;
  /** A valid payload of a unicast (one connection's) event. */
  unicast<E extends UnicastEventName>(event: E, overrides?: Overrides<UnicastPayload<E>>): UnicastPayload<E>;
  /** A valid payload of a client-to-server event. */
  client<E extends ClientEventName>(event: E, overrides?: Overrides<ClientPayload<E>>): ClientPayload<E>;
  /** A `poll:created` payload of the given type. */
  poll<T extends PollType>(
    pollType: T,
    overrides?: Partial<Extract<PollCreatedPayload, { pollType: T }>>,
  ): Extract<PollCreatedPayload, { pollType: T }>;
  session(options?: SessionOptions): FactorySession;
}

const DEFAULT_START = '2026-01-01T09:00:00.000Z';

/**
 * Factories of every Pollwire event's payload and of whole sessions: valid by construction (checked against the
 * contract in this package's tests), deterministic from `seed`, every field overridable.
 *
 * @example
 * const make = createFactories({ seed: 7 });
 * const poll = make.poll('multiple_choice', { question: 'Tabs or spaces?' });
 * const closed = make.room('poll:closed', { pollId: poll.pollId, finalVoteCount: 12 });
 * const { messages, state } = make.session({ polls: 2, participants: 5 });
 */
export function createFactories(options: FactoryOptions = {}): PollwireFactories {
  const random = createSeededRandom(options.seed ?? 1);
  const sessionId = options.sessionId ?? random.uuid();
  let clock = new Date(options.start ?? DEFAULT_START).getTime();
  let sequenceOrder = 0;
  const timestamp = () => {
    const at = new Date(clock).toISOString();
    clock += 1_000;
    return at;
  };
  const uuid = () => random.uuid();

  const poll = <T extends PollType>(
    pollType: T,
    overrides: Partial<Extract<PollCreatedPayload, { pollType: T }>> = {},
  ) => {
    const base = {
      pollId: uuid(),
      sessionId,
      question: `Question ${sequenceOrder + 1}?`,
      allowMultiple: false,
      isAnonymous: true,
      sequenceOrder: ++sequenceOrder,
      createdAt: timestamp(),
    };
    const byType: PollCreatedPayload =
      pollType === 'multiple_choice'
        ? {
            ...base,
            pollType: 'multiple_choice',
            options: ['Yes', 'No', 'Maybe'].map((optionText, i) => ({
              optionId: uuid(),
              optionText,
              sequenceOrder: i + 1,
            })),
          }
        : pollType === 'rating_scale'
          ? { ...base, pollType: 'rating_scale', minRating: 1, maxRating: 5 }
          : { ...base, pollType: 'open_text' };
    return { ...byType, ...overrides } as Extract<PollCreatedPayload, { pollType: T }>;
  };

  const aggregates = (pollId: string) => {
    const optionId = uuid();
    return {
      voteId: uuid(),
      pollId,
      submittedAt: timestamp(),
      currentVoteCount: 1,
      voteBreakdown: [{ optionId, voteCount: 1, percentage: 100 }],
      pollType: 'multiple_choice' as const,
    };
  };

  const roomDefaults = {
    'session:created': () => ({
      sessionId,
      title: 'Keynote',
      slug: `s${random.int(100_000, 999_999)}`,
      presenterId: uuid(),
      status: 'draft' as const,
      createdAt: timestamp(),
    }),
    'session:started': () => ({ sessionId, status: 'active' as const, startedAt: timestamp(), participantCount: 0 }),
    'session:ended': () => ({ sessionId, status: 'ended' as const, endedAt: timestamp(), finalParticipantCount: 0 }),
    'poll:created': () => poll('multiple_choice'),
    'poll:activated': () => ({ pollId: uuid(), sessionId, question: 'Question?', activatedAt: timestamp() }),
    'poll:closed': () => ({ pollId: uuid(), sessionId, closedAt: timestamp(), finalVoteCount: 0 }),
    'vote:accepted': () => aggregates(uuid()),
    'participant:joined': () => ({ participantId: uuid(), sessionId, joinedAt: timestamp(), participantCount: 1 }),
    'participant:disconnected': () => ({
      participantId: uuid(),
      sessionId,
      disconnectedAt: timestamp(),
      participantCount: 0,
    }),
    'participant:counted': () => ({ sessionId, participantCount: 1, countedAt: timestamp() }),
  } satisfies { [E in RoomEventName]: () => RoomPayload<E> };

  const unicastDefaults = {
    'connection:established': () => ({
      connectionId: uuid(),
      timestamp: timestamp(),
      serverVersion: CONTRACT_VERSION,
      heartbeatIntervalMs: 30_000,
    }),
    'connection:reconnected': () => ({
      connectionId: uuid(),
      timestamp: timestamp(),
      replayFrom: 'e1-0',
      replayCount: 0,
      heartbeatIntervalMs: 30_000,
    }),
    'connection:heartbeat': () => ({ timestamp: timestamp() }),
    'session:synchronized': () => ({ sessionId, cursor: 'e1-0', seq: 0, polls: [], participantCount: 0 }),
    'vote:accepted': () => ({ ...aggregates(uuid()), participantId: uuid() }),
    'vote:rejected': () => ({
      pollId: uuid(),
      participantId: uuid(),
      reason: 'duplicate_vote' as const,
      message: 'already voted on this poll',
      timestamp: timestamp(),
    }),
    'error:general': () => ({ errorCode: 'invalid_message', message: 'invalid message', timestamp: timestamp() }),
  } satisfies { [E in UnicastEventName]: () => UnicastPayload<E> };

  const clientDefaults = {
    'vote:submitted': () => ({
      pollId: uuid(),
      participantId: uuid(),
      voteData: { selectedOptionIds: [uuid()] },
      submittedAt: timestamp(),
    }),
    'connection:heartbeat': () => ({ timestamp: timestamp() }),
  } satisfies { [E in ClientEventName]: () => ClientPayload<E> };

  const factories: PollwireFactories = {
    sessionId,
    uuid,
    timestamp,
    room: (event, overrides) => ({ ...roomDefaults[event](), ...overrides }) as RoomPayload<typeof event>,
    unicast: (event, overrides) => ({ ...unicastDefaults[event](), ...overrides }) as UnicastPayload<typeof event>,
    client: (event, overrides) => ({ ...clientDefaults[event](), ...overrides }) as ClientPayload<typeof event>,
    poll,
    session: (sessionOptions = {}) => buildSession(factories, sessionOptions),
  };
  return factories;
}

function buildSession(make: PollwireFactories, options: SessionOptions): FactorySession {
  const epoch = options.epoch ?? 'e1';
  const participantTotal = options.participants ?? 3;
  const votesPerPoll = Math.min(options.votes ?? participantTotal, participantTotal);
  const messages: RoomMessage[] = [];
  const { sessionId } = make;
  const log = <E extends RoomEventName>(event: E, payload: RoomPayload<E>) => {
    const seq = messages.length + 1;
    messages.push({
      event,
      eventId: `${epoch}-${seq}`,
      sessionId,
      seq,
      timestamp: make.timestamp(),
      payload,
    } as RoomMessage);
  };

  const created = make.room('session:created');
  log('session:created', created);
  log('session:started', make.room('session:started'));
  const participants = Array.from({ length: participantTotal }, (_, i) => ({
    participantId: make.uuid(),
    displayName: `Guest ${i + 1}`,
  }));
  for (const [i, person] of participants.entries()) {
    log('participant:joined', make.room('participant:joined', { ...person, participantCount: i + 1 }));
  }
  if (participantTotal > 0)
    log('participant:counted', make.room('participant:counted', { participantCount: participantTotal }));

  const polls: FactorySession['polls'] = [];
  const pollTotal = options.polls ?? 1;
  for (let p = 0; p < pollTotal; p++) {
    const poll = make.poll('multiple_choice');
    polls.push(poll);
    log('poll:created', poll);
    log(
      'poll:activated',
      make.room('poll:activated', { pollId: poll.pollId, question: poll.question, pollType: 'multiple_choice' }),
    );
    const counts = poll.options.map(() => 0);
    for (let v = 0; v < votesPerPoll; v++) {
      counts[v % counts.length]!++;
      const total = v + 1;
      log(
        'vote:accepted',
        make.room('vote:accepted', {
          pollId: poll.pollId,
          currentVoteCount: total,
          voteBreakdown: poll.options.map((option, i) => ({
            optionId: option.optionId,
            voteCount: counts[i]!,
            percentage: Math.round((counts[i]! / total) * 10_000) / 100,
          })),
        }),
      );
    }
    const last = p === pollTotal - 1;
    if (!last || (options.lastPoll ?? 'closed') === 'closed') {
      log('poll:closed', make.room('poll:closed', { pollId: poll.pollId, finalVoteCount: votesPerPoll }));
    }
  }
  const state = messages.reduce(reducePollwireState, initialPollwireState);
  return { sessionId, slug: created.slug, presenterId: created.presenterId, participants, polls, messages, state };
}
