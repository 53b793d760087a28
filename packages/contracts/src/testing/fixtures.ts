import type * as z from 'zod/mini';
import { type EventName, eventCatalog } from '../catalog.js';
import { MAX_POLL_OPTIONS, MAX_TEXT_LENGTH } from '../primitives.js';
import { type InvalidCase, TIMESTAMP, UUIDS, outOfRange as r } from './samples.js';

type ScopeKey = 'room' | 'unicast' | 'toServer';

/** A valid payload of one event shape, and how to break it. */
export interface ShapeFixture {
  /** `event/scope` plus a variant label when one shape has several valid forms. */
  id: string;
  event: EventName;
  scope: ScopeKey;
  schema: z.ZodMiniType;
  /** Every field the catalog lists for the shape, plus the additions named in `additions`. */
  valid: Record<string, unknown>;
  /** Dotted paths (`options[].optionId`) that may be absent; every other field is required. */
  optional: readonly string[];
  /** Top-level fields the catalog does not list (optional additions). */
  additions: readonly string[];
  /** Out-of-range values and rule violations (missing fields and wrong types are generated). */
  invalid: readonly InvalidCase[];
}

const [A, B, C, D, E, F] = UUIDS;
const schemaOf = (event: EventName, scope: ScopeKey): z.ZodMiniType =>
  (eventCatalog[event].scopes as Partial<Record<ScopeKey, z.ZodMiniType>>)[scope]!;

const fixture = (
  event: EventName,
  scope: ScopeKey,
  rest: Omit<ShapeFixture, 'event' | 'scope' | 'schema' | 'id'> & { variant?: string },
): ShapeFixture => {
  const { variant, ...fields } = rest;
  return {
    id: `${event}/${scope}${variant ? `/${variant}` : ''}`,
    event,
    scope,
    schema: schemaOf(event, scope),
    ...fields,
  };
};

/** A key the strict schema does not know; Zod reports it on the object itself. */
const unknownKey = (key: string, value: unknown = 'x'): InvalidCase => ({
  name: `unknown key ${key} (strict)`,
  path: [key],
  value,
  expectPath: [],
});

const pollBase = {
  pollId: A,
  sessionId: B,
  question: 'Which talk did you like best?',
  allowMultiple: false,
  isAnonymous: true,
  sequenceOrder: 0,
  createdAt: TIMESTAMP,
};
const pollBaseRanges: InvalidCase[] = [
  ...r.uuid(['pollId']),
  ...r.uuid(['sessionId']),
  ...r.text(['question'], 500),
  ...r.count(['sequenceOrder']),
  ...r.timestamp(['createdAt']),
  { name: 'pollType unknown value', path: ['pollType'], value: 'ranking', expectPath: ['pollType'] },
];
const option = (optionId: string, optionText: string, sequenceOrder: number) => ({
  optionId,
  optionText,
  sequenceOrder,
});

const breakdown = [
  { optionId: C, voteCount: 3, percentage: 75 },
  { optionId: D, voteCount: 1, percentage: 25 },
];

const voteAggregates = {
  voteId: E,
  pollId: A,
  submittedAt: TIMESTAMP,
  currentVoteCount: 4,
  voteBreakdown: breakdown,
  averageRating: 3.5,
  ratingDistribution: { '1': 0, '3': 2, '5': 2 },
  pollType: 'multiple_choice',
};
const aggregateOptional = [
  'voteBreakdown',
  'averageRating',
  'ratingDistribution',
  'ratingDistribution.1',
  'ratingDistribution.3',
  'ratingDistribution.5',
  'pollType',
];
const aggregateRanges: InvalidCase[] = [
  ...r.uuid(['voteId']),
  ...r.uuid(['pollId']),
  ...r.timestamp(['submittedAt']),
  ...r.count(['currentVoteCount']),
  ...r.uuid(['voteBreakdown', 0, 'optionId']),
  ...r.count(['voteBreakdown', 0, 'voteCount']),
  ...r.percentage(['voteBreakdown', 0, 'percentage']),
  ...r.count(['ratingDistribution', '3']),
  {
    name: `voteBreakdown more than ${MAX_POLL_OPTIONS} entries`,
    path: ['voteBreakdown'],
    value: Array.from({ length: MAX_POLL_OPTIONS + 1 }, () => breakdown[0]),
  },
  {
    name: 'voteBreakdown entry unknown key',
    path: ['voteBreakdown', 0, 'voter'],
    value: F,
    expectPath: ['voteBreakdown', 0],
  },
  { name: 'ratingDistribution key not a rating', path: ['ratingDistribution', 'five'], value: 1 },
  ...r.enum(['pollType']),
];

const voteSubmittedBase = { pollId: A, participantId: F, submittedAt: TIMESTAMP };
const voteSubmittedRanges: InvalidCase[] = [
  ...r.uuid(['pollId']),
  ...r.uuid(['participantId']),
  ...r.timestamp(['submittedAt']),
  { name: 'voteData with zero shapes', path: ['voteData'], value: {} },
  { name: 'voteData with two shapes', path: ['voteData'], value: { selectedOptionIds: [C], ratingValue: 3 } },
  {
    name: 'voteData with all three shapes',
    path: ['voteData'],
    value: { selectedOptionIds: [C], ratingValue: 3, textResponse: 'x' },
  },
  { name: 'voteData with an unknown key', path: ['voteData'], value: { ratingValue: 3, weight: 2 } },
  { name: 'unknown key participantName (strict)', path: ['participantName'], value: 'Ada', expectPath: [] },
];

/** One valid payload per event shape (and per variant of `poll:created` and `vote:submitted`). */
export const shapeFixtures: readonly ShapeFixture[] = [
  fixture('connection:established', 'unicast', {
    valid: {
      connectionId: 'conn-1',
      timestamp: TIMESTAMP,
      serverVersion: '1.1.0',
      cursor: '0-1',
      heartbeatIntervalMs: 30_000,
      historyCount: 12,
      historyComplete: true,
      snapshot: false,
      role: 'participant',
      contractHash: 'abc123',
    },
    optional: ['cursor', 'heartbeatIntervalMs', 'historyCount', 'historyComplete', 'snapshot', 'role', 'contractHash'],
    additions: ['cursor', 'heartbeatIntervalMs', 'historyCount', 'historyComplete', 'snapshot', 'role', 'contractHash'],
    invalid: [
      ...r.text(['connectionId'], 128),
      ...r.timestamp(['timestamp']),
      ...r.text(['serverVersion'], 64),
      ...r.text(['cursor'], 128),
      ...r.positive(['heartbeatIntervalMs']),
      ...r.count(['historyCount']),
      ...r.maxText(['contractHash'], 128),
    ],
  }),
  fixture('connection:reconnected', 'unicast', {
    valid: {
      connectionId: 'conn-2',
      timestamp: TIMESTAMP,
      replayFrom: '0-7',
      replayCount: 3,
      recovered: false,
      resyncReason: 'cursor_expired',
      snapshot: false,
      role: 'presenter',
      heartbeatIntervalMs: 30_000,
      cursor: '0-10',
    },
    optional: ['recovered', 'resyncReason', 'snapshot', 'role', 'heartbeatIntervalMs', 'cursor'],
    additions: ['recovered', 'resyncReason', 'snapshot', 'role', 'heartbeatIntervalMs', 'cursor'],
    invalid: [
      ...r.text(['connectionId'], 128),
      ...r.timestamp(['timestamp']),
      ...r.text(['replayFrom'], 128),
      ...r.count(['replayCount']),
      ...r.enum(['resyncReason']),
      ...r.positive(['heartbeatIntervalMs']),
      ...r.text(['cursor'], 128),
    ],
  }),
  fixture('connection:heartbeat', 'unicast', {
    valid: { timestamp: TIMESTAMP },
    optional: [],
    additions: [],
    invalid: r.timestamp(['timestamp']),
  }),
  fixture('connection:heartbeat', 'toServer', {
    valid: { timestamp: TIMESTAMP },
    optional: [],
    additions: [],
    invalid: [...r.timestamp(['timestamp']), unknownKey('piggyback')],
  }),
  fixture('session:created', 'room', {
    valid: {
      sessionId: A,
      title: 'All hands',
      slug: 'all-hands',
      presenterId: B,
      status: 'draft',
      createdAt: TIMESTAMP,
    },
    optional: [],
    additions: [],
    invalid: [
      ...r.uuid(['sessionId']),
      ...r.text(['title'], 200),
      { name: 'slug with a space', path: ['slug'], value: 'all hands' },
      { name: 'slug too short', path: ['slug'], value: 'ab' },
      ...r.uuid(['presenterId']),
      ...r.enum(['status']),
      { name: 'status of another state', path: ['status'], value: 'active' },
      ...r.timestamp(['createdAt']),
    ],
  }),
  fixture('session:started', 'room', {
    valid: { sessionId: A, status: 'active', startedAt: TIMESTAMP, participantCount: 5 },
    optional: [],
    additions: [],
    invalid: [
      ...r.uuid(['sessionId']),
      ...r.enum(['status']),
      { name: 'status of another state', path: ['status'], value: 'draft' },
      ...r.timestamp(['startedAt']),
      ...r.count(['participantCount']),
    ],
  }),
  fixture('session:ended', 'room', {
    valid: { sessionId: A, status: 'ended', endedAt: TIMESTAMP, finalParticipantCount: 5 },
    optional: [],
    additions: [],
    invalid: [
      ...r.uuid(['sessionId']),
      ...r.enum(['status']),
      ...r.timestamp(['endedAt']),
      ...r.count(['finalParticipantCount']),
    ],
  }),
  fixture('session:synchronized', 'unicast', {
    valid: {
      sessionId: B,
      cursor: 'e1-42',
      seq: 42,
      title: 'All hands',
      status: 'active',
      polls: [
        {
          pollId: A,
          question: 'Which talk did you like best?',
          pollType: 'multiple_choice',
          allowMultiple: false,
          isAnonymous: true,
          sequenceOrder: 0,
          options: [option(C, 'Keynote', 0), option(D, 'Workshop', 1)],
          minRating: 1,
          maxRating: 5,
          status: 'active',
          results: {
            currentVoteCount: 4,
            voteBreakdown: breakdown,
            averageRating: 3.5,
            ratingDistribution: { '1': 0, '3': 2, '5': 2 },
          },
        },
      ],
      activePollId: A,
      participantCount: 6,
      myVotes: [{ pollId: A, voteId: E, submittedAt: TIMESTAMP }],
      attendance: [{ participantId: F, displayName: 'Ada', joinedAt: TIMESTAMP }],
    },
    optional: [
      'title',
      'status',
      'activePollId',
      'myVotes',
      'attendance',
      'polls[].options',
      'polls[].minRating',
      'polls[].maxRating',
      'polls[].results.voteBreakdown',
      'polls[].results.averageRating',
      'polls[].results.ratingDistribution',
      'polls[].results.ratingDistribution.1',
      'polls[].results.ratingDistribution.3',
      'polls[].results.ratingDistribution.5',
      'attendance[].displayName',
    ],
    additions: [],
    invalid: [
      ...r.uuid(['sessionId']),
      ...r.text(['cursor'], 128),
      ...r.count(['seq']),
      ...r.text(['title'], 200),
      ...r.enum(['status']),
      ...r.uuid(['polls', 0, 'pollId']),
      ...r.text(['polls', 0, 'question'], 500),
      ...r.enum(['polls', 0, 'status']),
      ...r.count(['polls', 0, 'results', 'currentVoteCount']),
      ...r.rating(['polls', 0, 'minRating']),
      ...r.uuid(['activePollId']),
      ...r.count(['participantCount']),
      ...r.uuid(['myVotes', 0, 'voteId']),
      ...r.timestamp(['attendance', 0, 'joinedAt']),
      { name: 'poll carrying a voter list', path: ['polls', 0, 'voters'], value: [F], expectPath: ['polls', 0] },
      {
        name: 'results carrying a participantId',
        path: ['polls', 0, 'results', 'participantId'],
        value: F,
        expectPath: ['polls', 0, 'results'],
      },
      {
        name: 'own vote carrying its voteData',
        path: ['myVotes', 0, 'voteData'],
        value: { ratingValue: 3 },
        expectPath: ['myVotes', 0],
      },
      {
        name: 'attendee carrying voteData',
        path: ['attendance', 0, 'voteData'],
        value: { ratingValue: 3 },
        expectPath: ['attendance', 0],
      },
      unknownKey('votes', []),
    ],
  }),
  fixture('poll:created', 'room', {
    variant: 'multiple_choice',
    valid: {
      ...pollBase,
      pollType: 'multiple_choice',
      options: [option(C, 'Keynote', 0), option(D, 'Workshop', 1)],
    },
    optional: [],
    additions: [],
    invalid: [
      ...pollBaseRanges,
      ...r.uuid(['options', 0, 'optionId']),
      ...r.text(['options', 0, 'optionText'], 200),
      ...r.count(['options', 0, 'sequenceOrder']),
      { name: 'multiple_choice with one option', path: ['options'], value: [option(C, 'Only', 0)] },
      { name: 'multiple_choice with no options', path: ['options'], value: [] },
      {
        name: `multiple_choice with more than ${MAX_POLL_OPTIONS} options`,
        path: ['options'],
        value: Array.from({ length: MAX_POLL_OPTIONS + 1 }, (_, i) => option(UUIDS[i % 6]!, `Option ${i}`, i)),
      },
      {
        name: 'multiple_choice with a duplicate optionId',
        path: ['options'],
        value: [option(C, 'Keynote', 0), option(C, 'Workshop', 1)],
        jsonSchemaGap: true,
      },
      { name: 'multiple_choice with minRating', path: ['minRating'], value: 1 },
    ],
  }),
  fixture('poll:created', 'room', {
    variant: 'rating_scale',
    valid: { ...pollBase, pollType: 'rating_scale', minRating: 1, maxRating: 5 },
    optional: [],
    additions: [],
    invalid: [
      ...pollBaseRanges,
      ...r.rating(['minRating']),
      ...r.rating(['maxRating']),
      { name: 'minRating equal to maxRating', path: ['maxRating'], value: 1, jsonSchemaGap: true },
      {
        name: 'minRating greater than maxRating',
        path: ['minRating'],
        value: 9,
        expectPath: ['maxRating'],
        jsonSchemaGap: true,
      },
      { name: 'rating_scale with options', path: ['options'], value: [option(C, 'A', 0), option(D, 'B', 1)] },
    ],
  }),
  fixture('poll:created', 'room', {
    variant: 'open_text',
    valid: { ...pollBase, pollType: 'open_text' },
    optional: [],
    additions: [],
    invalid: [
      ...pollBaseRanges,
      { name: 'open_text with options', path: ['options'], value: [option(C, 'A', 0), option(D, 'B', 1)] },
      { name: 'open_text with maxRating', path: ['maxRating'], value: 5 },
    ],
  }),
  fixture('poll:activated', 'room', {
    valid: { pollId: A, sessionId: B, question: 'Which talk?', activatedAt: TIMESTAMP, pollType: 'rating_scale' },
    optional: ['pollType'],
    additions: ['pollType'],
    invalid: [
      ...r.uuid(['pollId']),
      ...r.uuid(['sessionId']),
      ...r.text(['question'], 500),
      ...r.timestamp(['activatedAt']),
      ...r.enum(['pollType']),
    ],
  }),
  fixture('poll:closed', 'room', {
    valid: { pollId: A, sessionId: B, closedAt: TIMESTAMP, finalVoteCount: 42 },
    optional: [],
    additions: [],
    invalid: [
      ...r.uuid(['pollId']),
      ...r.uuid(['sessionId']),
      ...r.timestamp(['closedAt']),
      ...r.count(['finalVoteCount']),
    ],
  }),
  fixture('vote:submitted', 'toServer', {
    variant: 'selectedOptionIds',
    valid: { ...voteSubmittedBase, voteData: { selectedOptionIds: [C, D] } },
    optional: [],
    additions: [],
    invalid: [
      ...voteSubmittedRanges,
      ...r
        .uuid(['voteData', 'selectedOptionIds', 0])
        .map((c) => ({ ...c, expectPath: ['voteData', 'selectedOptionIds', 0] })),
      { name: 'selectedOptionIds empty', path: ['voteData', 'selectedOptionIds'], value: [] },
      { name: 'selectedOptionIds with a duplicate', path: ['voteData', 'selectedOptionIds'], value: [C, C] },
      {
        name: `selectedOptionIds more than ${MAX_POLL_OPTIONS}`,
        path: ['voteData', 'selectedOptionIds'],
        value: Array.from(
          { length: MAX_POLL_OPTIONS + 1 },
          (_, i) => `${'0'.repeat(8)}-0000-4000-8000-${String(i).padStart(12, '0')}`,
        ),
      },
    ],
  }),
  fixture('vote:submitted', 'toServer', {
    variant: 'ratingValue',
    valid: { ...voteSubmittedBase, voteData: { ratingValue: 4 } },
    optional: [],
    additions: [],
    invalid: [...voteSubmittedRanges, ...r.rating(['voteData', 'ratingValue'])],
  }),
  fixture('vote:submitted', 'toServer', {
    variant: 'textResponse',
    valid: { ...voteSubmittedBase, voteData: { textResponse: 'More workshops, please.' } },
    optional: [],
    additions: [],
    invalid: [
      ...voteSubmittedRanges,
      ...r.text(['voteData', 'textResponse'], MAX_TEXT_LENGTH),
      {
        name: `textResponse longer than ${MAX_TEXT_LENGTH} code points (astral characters)`,
        path: ['voteData', 'textResponse'],
        value: '😀'.repeat(MAX_TEXT_LENGTH + 1),
      },
    ],
  }),
  fixture('vote:accepted', 'room', {
    valid: voteAggregates,
    optional: aggregateOptional,
    additions: ['pollType'],
    invalid: [
      ...aggregateRanges,
      { name: 'broadcast carrying participantId', path: ['participantId'], value: F, expectPath: [] },
      { name: 'broadcast carrying any voter field', path: ['voterName'], value: 'Ada', expectPath: [] },
    ],
  }),
  fixture('vote:accepted', 'unicast', {
    valid: { ...voteAggregates, participantId: F },
    optional: aggregateOptional,
    additions: ['pollType'],
    invalid: [...aggregateRanges, ...r.uuid(['participantId'])],
  }),
  fixture('vote:rejected', 'unicast', {
    valid: { pollId: A, participantId: F, reason: 'poll_closed', message: 'Voting has ended.', timestamp: TIMESTAMP },
    optional: [],
    additions: [],
    invalid: [
      ...r.uuid(['pollId']),
      ...r.uuid(['participantId']),
      ...r.enum(['reason']),
      ...r.text(['message'], MAX_TEXT_LENGTH),
      ...r.timestamp(['timestamp']),
    ],
  }),
  fixture('participant:joined', 'room', {
    valid: { participantId: F, sessionId: A, displayName: 'Ada', joinedAt: TIMESTAMP, participantCount: 6 },
    optional: ['displayName'],
    additions: [],
    invalid: [
      ...r.uuid(['participantId']),
      ...r.uuid(['sessionId']),
      ...r.text(['displayName'], 80),
      ...r.timestamp(['joinedAt']),
      ...r.count(['participantCount']),
      unknownKey('voteData', { ratingValue: 3 }),
    ],
  }),
  fixture('participant:counted', 'room', {
    valid: { sessionId: A, participantCount: 6, countedAt: TIMESTAMP },
    optional: [],
    additions: [],
    invalid: [
      ...r.uuid(['sessionId']),
      ...r.count(['participantCount']),
      ...r.timestamp(['countedAt']),
      unknownKey('participantId', F),
    ],
  }),
  fixture('participant:disconnected', 'room', {
    valid: { participantId: F, sessionId: A, disconnectedAt: TIMESTAMP, participantCount: 5 },
    optional: [],
    additions: [],
    invalid: [
      ...r.uuid(['participantId']),
      ...r.uuid(['sessionId']),
      ...r.timestamp(['disconnectedAt']),
      ...r.count(['participantCount']),
      unknownKey('selectedOptionIds', [C]),
    ],
  }),
  fixture('error:general', 'unicast', {
    valid: {
      errorCode: 'poll_not_found',
      message: 'No such poll.',
      timestamp: TIMESTAMP,
      requestContext: { eventName: 'vote:submitted', entityId: A, requestId: 'req-1' },
    },
    optional: ['requestContext', 'requestContext.entityId', 'requestContext.requestId'],
    additions: [],
    invalid: [
      { name: 'errorCode with spaces and capitals', path: ['errorCode'], value: 'Poll Not Found' },
      { name: 'errorCode empty', path: ['errorCode'], value: '' },
      ...r.text(['message'], MAX_TEXT_LENGTH),
      ...r.timestamp(['timestamp']),
      ...r.maxText(['requestContext', 'eventName'], 128),
      ...r.maxText(['requestContext', 'entityId'], 128),
      ...r.maxText(['requestContext', 'requestId'], 128),
    ],
  }),
];
