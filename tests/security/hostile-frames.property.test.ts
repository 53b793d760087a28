import { randomUUID } from 'node:crypto';
import { EVENT_NAMES, ERROR_CODES, type ServerMessage, VOTE_REJECTION_REASONS } from '@pollwire/contracts';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { type FrameRecorder, openRecorder } from '@pollwire/test-kit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, type TestSession } from '../support/api.js';
import { fcRuns } from '../support/knobs.js';
import { reportFigures } from '../support/report.js';

const RUNS = fcRuns(100, 500);
const BATCH = 100;
const CLIENT_EVENTS = new Set(['vote:submitted', 'connection:heartbeat']);
const DOCUMENTED = new Set<string>([
  ...Object.values(ERROR_CODES),
  ...VOTE_REJECTION_REASONS.map((r) => `rejected:${r}`),
]);

/** A hostile frame and the answers the protocol allows for it. */
interface Hostile {
  kind: string;
  data: string | Buffer;
  expect: readonly string[];
}

let server: ReferenceServer;
let session: TestSession;
let me: { participantId: string; token: string };
let other: { participantId: string };
let activePoll: string;
let closedPoll: string;
let socket: FrameRecorder;

beforeAll(async () => {
  // The rate limit is tested in flood.test.ts; here every frame must reach the parser.
  server = await startReferenceServer({ port: 0, rateLimit: { burst: 1e9, perSecond: 1e9 } });
  session = await createTestSession(server.httpUrl);
  await session.start();
  const active = await session.createChoicePoll('active', false);
  const closed = await session.createChoicePoll('closed', false);
  await session.activate(closed.pollId);
  await session.close(closed.pollId);
  await session.activate(active.pollId);
  [activePoll, closedPoll] = [active.pollId, closed.pollId];
  [me, other] = await Promise.all([session.join(), session.join()]);
  socket = await openRecorder(`${server.wsUrl}?token=${encodeURIComponent(me.token)}`);
  await socket.next((m) => m.event === 'participant:counted');
});
afterAll(async () => {
  await socket?.close();
  await server.close();
});

const vote = (overrides: { pollId?: string; participantId?: string; voteData?: unknown } = {}) => ({
  event: 'vote:submitted',
  payload: {
    pollId: overrides.pollId ?? closedPoll,
    participantId: overrides.participantId ?? me.participantId,
    voteData: overrides.voteData ?? { selectedOptionIds: [randomUUID()] },
    submittedAt: new Date().toISOString(),
  },
});

const json = (kind: string, value: unknown, expected: readonly string[]): Hostile => ({
  kind,
  data: JSON.stringify(value),
  expect: expected,
});

const hostile = (): fc.Arbitrary<Hostile> =>
  fc.oneof(
    fc
      .string({ maxLength: 200 })
      .filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      })
      .map((data): Hostile => ({ kind: 'invalid-json', data, expect: [ERROR_CODES.invalidJson] })),
    fc
      .oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.string({ maxLength: 50 }),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
      )
      .map((value) => json('non-object', value, [ERROR_CODES.invalidMessage])),
    fc
      .record({
        event: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...EVENT_NAMES), fc.integer(), fc.constant(null)),
        payload: fc.jsonValue({ maxDepth: 2 }),
      })
      .filter((frame) => !(typeof frame.event === 'string' && CLIENT_EVENTS.has(frame.event)))
      .map((frame) => json('unknown-event', frame, [ERROR_CODES.unknownEvent])),
    fc
      .record({
        field: fc.constantFrom('pollId', 'participantId', 'voteData', 'submittedAt'),
        value: fc.oneof(
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(fc.integer(), { maxLength: 3 }),
          fc.string({ maxLength: 10 }),
        ),
      })
      .map(({ field, value }) => {
        const frame = vote();
        (frame.payload as Record<string, unknown>)[field] = value;
        return json('wrong-type', frame, [ERROR_CODES.invalidMessage]);
      }),
    fc
      .record({
        where: fc.constantFrom('envelope', 'payload', 'voteData'),
        key: fc.string({ minLength: 1, maxLength: 12 }),
      })
      .filter(
        ({ key }) =>
          ![
            'event',
            'payload',
            'requestId',
            'pollId',
            'participantId',
            'voteData',
            'submittedAt',
            'selectedOptionIds',
          ].includes(key),
      )
      .map(({ where, key }) => {
        const frame = vote() as Record<string, unknown> & ReturnType<typeof vote>;
        const target =
          where === 'envelope'
            ? frame
            : where === 'payload'
              ? frame.payload
              : (frame.payload.voteData as Record<string, unknown>);
        // An own property even for `__proto__` (plain assignment would set the prototype and vanish from the JSON).
        Object.defineProperty(target, key, { value: 'extra', enumerable: true, writable: true, configurable: true });
        return json('extra-field', frame, [ERROR_CODES.invalidMessage]);
      }),
    fc.constantFrom('__proto__', 'constructor', 'prototype').chain((key) =>
      fc.constantFrom('envelope', 'payload', 'voteData').map((where): Hostile => {
        const pollution = key === '__proto__' ? '{"polluted":"yes"}' : '{"prototype":{"polluted":"yes"}}';
        const base = JSON.stringify(vote());
        // Written as JSON text: JSON.parse makes `__proto__` an own key, as an attacker's frame would.
        const data =
          where === 'envelope'
            ? base.replace('{', `{"${key}":${pollution},`)
            : where === 'payload'
              ? base.replace('"payload":{', `"payload":{"${key}":${pollution},`)
              : base.replace('"voteData":{', `"voteData":{"${key}":${pollution},`);
        return { kind: 'proto-key', data, expect: [ERROR_CODES.invalidMessage] };
      }),
    ),
    fc
      .record({
        size: fc.integer({ min: 2001, max: 60_000 }),
        field: fc.constantFrom('textResponse', 'requestId', 'pollId', 'event'),
      })
      .map(({ size, field }) => {
        const huge = 'x'.repeat(size);
        if (field === 'textResponse')
          return json('huge-string', vote({ voteData: { textResponse: huge } }), [ERROR_CODES.invalidMessage]);
        if (field === 'event') return json('huge-string', { event: huge, payload: {} }, [ERROR_CODES.unknownEvent]);
        if (field === 'requestId')
          return json('huge-string', { ...vote(), requestId: huge }, [ERROR_CODES.invalidMessage]);
        return json('huge-string', vote({ pollId: huge }), [ERROR_CODES.invalidMessage]);
      }),
    // Deep but under maxPayload (6 bytes per object level, 2 per array level).
    fc
      .record({ depth: fc.integer({ min: 100, max: 10_000 }), object: fc.boolean() })
      .map(({ depth, object }): Hostile => {
        const data = object
          ? JSON.stringify(vote()).replace(
              '"voteData":{',
              `"voteData":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"x":{`,
            )
          : `${'['.repeat(depth)}${']'.repeat(depth)}`;
        return { kind: 'deep-nesting', data, expect: [ERROR_CODES.invalidMessage, ERROR_CODES.invalidJson] };
      }),
    fc
      .uint8Array({ minLength: 0, maxLength: 300 })
      .map(
        (bytes): Hostile => ({ kind: 'binary', data: Buffer.from(bytes), expect: [ERROR_CODES.binaryNotSupported] }),
      ),
    fc.constantFrom('other', 'unknown-poll', 'closed', 'bad-option', 'bad-rating').map((variant): Hostile => {
      switch (variant) {
        case 'other':
          return json('as-other', vote({ participantId: other.participantId, pollId: activePoll }), [
            ERROR_CODES.forbidden,
          ]);
        case 'unknown-poll':
          return json('unknown-poll', vote({ pollId: randomUUID() }), [ERROR_CODES.pollNotFound]);
        case 'closed':
          return json('closed-poll', vote({ pollId: closedPoll }), ['rejected:poll_closed']);
        case 'bad-option':
          return json('bad-option', vote({ pollId: activePoll }), ['rejected:invalid_option']);
        default:
          return json('bad-rating', vote({ pollId: activePoll, voteData: { ratingValue: 3 } }), [
            'rejected:invalid_rating',
            'rejected:invalid_option',
            ERROR_CODES.invalidMessage,
          ]);
      }
    }),
  );

const outcome = (message: ServerMessage): string =>
  message.event === 'error:general'
    ? message.payload.errorCode
    : message.event === 'vote:rejected'
      ? `rejected:${message.payload.reason}`
      : `unexpected:${message.event}`;

describe('hostile client frames over a real socket', () => {
  it(`${RUNS * BATCH} fast-check frames: each gets its documented code, the connection survives, no state changes`, async () => {
    const before = await server.hub.log.head(session.sessionId);
    const kinds = new Map<string, number>();
    let sentinel = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostile(), { minLength: BATCH, maxLength: BATCH }), async (frames) => {
        const from = socket.messages.length;
        for (const frame of frames) {
          if (typeof frame.data === 'string') socket.ws.send(frame.data);
          else socket.ws.send(frame.data, { binary: true });
          kinds.set(frame.kind, (kinds.get(frame.kind) ?? 0) + 1);
        }
        const marker = `sentinel-${++sentinel}`;
        socket.send({ event: 'no:such-event', requestId: marker, payload: {} });
        expect(socket.ws.readyState, 'connection closed by the server').toBe(socket.ws.OPEN);
        await socket.next((m) => m.requestId === marker, from, 10_000);
        const answers = socket.messages
          .slice(from)
          .filter((m) => m.requestId !== marker && m.event !== 'connection:heartbeat');
        expect(answers.map(outcome).every((o) => DOCUMENTED.has(o))).toBe(true);
        // Answers come in frame order, one per frame.
        expect(answers.map(outcome)).toHaveLength(frames.length);
        for (const [i, frame] of frames.entries()) expect(frame.expect, frame.kind).toContain(outcome(answers[i]!));
        expect(socket.ws.readyState).toBe(socket.ws.OPEN);
      }),
      // A failing batch leaves the socket in an unknown state: report it as generated, without shrinking.
      { numRuns: RUNS, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true, endOnFailure: true },
    );
    const after = await server.hub.log.head(session.sessionId);
    expect(after.lastSeq).toBe(before.lastSeq);
    expect(await server.pollwire.service.listVoters(session.sessionId, activePoll)).toEqual([]);
    expect(await server.pollwire.service.listVoters(session.sessionId, closedPoll)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(socket.invalid).toEqual([]);
    reportFigures('hostile-frames', {
      frames: RUNS * BATCH,
      ...Object.fromEntries([...kinds].map(([kind, n]) => [kind, n])),
      connectionSurvived: socket.ws.readyState === socket.ws.OPEN,
      roomEventsAdded: after.lastSeq - before.lastSeq,
      votesCounted: 0,
    });
  }, 180_000);
});
