import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from './catalog.js';
import { type ParseErrorCode, parseClientMessage, parseServerFrame, parseServerMessage } from './parse.js';
import { shapeFixtures } from './testing/fixtures.js';
import { TIMESTAMP, UUIDS } from './testing/samples.js';

const SESSION = UUIDS[5];
const CODES: ParseErrorCode[] = [
  'invalid_json',
  'not_an_object',
  'unknown_event',
  'wrong_direction',
  'invalid_message',
];
const fixture = (id: string) => shapeFixtures.find((f) => f.id === id)!;

const room = (id: string, seq = 1) => {
  const f = fixture(id);
  return { event: f.event, eventId: `0-${seq}`, sessionId: SESSION, seq, timestamp: TIMESTAMP, payload: f.valid };
};
const unicast = (id: string) => {
  const f = fixture(id);
  return {
    event: f.event,
    eventId: 'u-1',
    sessionId: SESSION,
    timestamp: TIMESTAMP,
    requestId: 'r-1',
    payload: f.valid,
  };
};
const client = (id: string) => ({ event: fixture(id).event, requestId: 'r-1', payload: fixture(id).valid });

const errorOf = <T>(result: { ok: true; message: T } | { ok: false; error: { code: ParseErrorCode } }) => {
  expect(result.ok).toBe(false);
  return (result as { ok: false; error: import('./parse.js').ParseError }).error;
};

describe('parseServerMessage', () => {
  it.each(shapeFixtures.filter((f) => f.scope !== 'toServer').map((f) => [f.id, f] as const))(
    'accepts %s as a string and as an object',
    (id, f) => {
      const frame = f.scope === 'room' ? room(id) : unicast(id);
      for (const input of [frame, JSON.stringify(frame)]) {
        const result = parseServerMessage(input);
        expect(result.ok ? result.message.event : result.error).toBe(f.event);
      }
    },
  );

  it('returns invalid_json for text that is not JSON', () => {
    expect(errorOf(parseServerMessage('{"event":')).code).toBe('invalid_json');
  });

  it.each([['[]'], ['null'], ['42'], ['"poll:closed"'], [null], [undefined], [7]])(
    'returns not_an_object for %j',
    (input) => {
      expect(errorOf(parseServerMessage(input)).code).toBe('not_an_object');
    },
  );

  it.each(['poll:deleted', 'toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'returns unknown_event for %s',
    (event) => {
      const error = errorOf(parseServerMessage({ ...room('poll:closed/room'), event }));
      expect(error.code).toBe('unknown_event');
      expect(error.event).toBe(event);
    },
  );

  it('returns unknown_event when event is not a string', () => {
    expect(errorOf(parseServerMessage({ ...room('poll:closed/room'), event: 7 })).code).toBe('unknown_event');
  });

  it('returns wrong_direction for an event only clients send', () => {
    const frame = { ...unicast('vote:rejected/unicast'), event: 'vote:submitted' };
    expect(errorOf(parseServerMessage(frame)).code).toBe('wrong_direction');
  });

  it('requires seq on room events', () => {
    const { seq: _seq, ...frame } = room('poll:closed/room');
    const error = errorOf(parseServerMessage(frame));
    expect(error.code).toBe('invalid_message');
    expect(error.issues.map((i) => i.path)).toContainEqual(['seq']);
  });

  it("keeps a room event's prev, and rejects one that is not a seq", () => {
    const parsed = parseServerMessage({ ...room('poll:closed/room'), prev: 2 });
    expect(parsed.ok && parsed.message.seq !== undefined && parsed.message.prev).toBe(2);
    const error = errorOf(parseServerMessage({ ...room('poll:closed/room'), prev: -1 }));
    expect(error.issues.map((i) => i.path)).toContainEqual(['prev']);
  });

  it('rejects seq on unicast events', () => {
    const error = errorOf(parseServerMessage({ ...unicast('vote:rejected/unicast'), seq: 4 }));
    expect(error.code).toBe('invalid_message');
    expect(error.issues.map((i) => i.path)).toContainEqual(['seq']);
  });

  it('reads vote:accepted with seq as the strict broadcast: participantId is rejected', () => {
    const frame = room('vote:accepted/room');
    const ok = parseServerMessage(frame);
    expect(ok.ok && ok.message.event === 'vote:accepted' && ok.message.seq).toBe(1);
    const leaked = { ...frame, payload: { ...frame.payload, participantId: UUIDS[1] } };
    const error = errorOf(parseServerMessage(leaked));
    expect(error.code).toBe('invalid_message');
    expect(error.issues).toContainEqual(expect.objectContaining({ path: ['payload'], code: 'unrecognized_keys' }));
  });

  it('reads vote:accepted without seq as the confirmation, which requires participantId', () => {
    const confirmation = parseServerMessage(unicast('vote:accepted/unicast'));
    expect(confirmation.ok && confirmation.message.payload).toHaveProperty('participantId', UUIDS[5]);
    const anonymous = { ...unicast('vote:accepted/unicast'), payload: fixture('vote:accepted/room').valid };
    const error = errorOf(parseServerMessage(anonymous));
    expect(error.issues.map((i) => i.path)).toContainEqual(['payload', 'participantId']);
  });

  it('names the event and echoes the requestId in errors', () => {
    const frame = { ...unicast('vote:rejected/unicast'), payload: {} };
    const error = errorOf(parseServerMessage(frame));
    expect(error).toMatchObject({ code: 'invalid_message', event: 'vote:rejected', requestId: 'r-1' });
    expect(error.message).toContain('payload.pollId');
  });

  it('rejects envelopes with a non-UTC timestamp or a non-UUID sessionId', () => {
    const frame = room('poll:closed/room');
    expect(errorOf(parseServerMessage({ ...frame, timestamp: '2026-01-03T11:00:00+01:00' })).issues[0]?.path).toEqual([
      'timestamp',
    ]);
    expect(errorOf(parseServerMessage({ ...frame, sessionId: 'abc' })).issues[0]?.path).toEqual(['sessionId']);
  });
});

describe('parseServerFrame', () => {
  it('parses a batch into one result per envelope, in order', () => {
    const batch = [room('poll:closed/room', 1), 'x', room('session:ended/room', 2), { event: 'nope' }];
    const results = parseServerFrame(JSON.stringify(batch));
    expect(results.map((r) => (r.ok ? r.message.seq : r.error.code))).toEqual([1, 'not_an_object', 2, 'unknown_event']);
  });

  it('parses a single envelope into one result', () => {
    expect(parseServerFrame(unicast('connection:heartbeat/unicast'))).toHaveLength(1);
  });

  it('returns one invalid_json result for text that is not JSON', () => {
    expect(parseServerFrame('[{')).toEqual([expect.objectContaining({ ok: false })]);
    expect(errorOf(parseServerFrame('[{')[0]!).code).toBe('invalid_json');
  });
});

describe('parseClientMessage', () => {
  it.each(shapeFixtures.filter((f) => f.scope === 'toServer').map((f) => [f.id] as const))(
    'accepts %s as a string and as an object',
    (id) => {
      const frame = client(id);
      for (const input of [frame, JSON.stringify(frame)])
        expect(parseClientMessage(input)).toEqual({ ok: true, message: frame });
    },
  );

  it('returns the parse error codes', () => {
    expect(errorOf(parseClientMessage('nope')).code).toBe('invalid_json');
    expect(errorOf(parseClientMessage([client('connection:heartbeat/toServer')])).code).toBe('not_an_object');
    expect(errorOf(parseClientMessage({ event: 'vote:cast', payload: {} })).code).toBe('unknown_event');
    expect(errorOf(parseClientMessage({ event: 'vote:accepted', payload: {} })).code).toBe('wrong_direction');
    expect(errorOf(parseClientMessage({ event: 'vote:submitted', payload: {} })).code).toBe('invalid_message');
  });

  it('rejects unknown envelope keys', () => {
    const error = errorOf(parseClientMessage({ ...client('connection:heartbeat/toServer'), sessionId: SESSION }));
    expect(error.issues).toContainEqual(expect.objectContaining({ path: [], code: 'unrecognized_keys' }));
  });

  it.each([
    ['payload', ['payload'], '{"event":"vote:submitted","payload":{"__proto__":{"polluted":true},"pollId":"P"}}'],
    [
      'voteData',
      ['payload', 'voteData'],
      '{"event":"vote:submitted","payload":{"voteData":{"ratingValue":3,"__proto__":{"polluted":true}}}}',
    ],
    [
      'payload',
      ['payload'],
      '{"event":"connection:heartbeat","payload":{"timestamp":"T","constructor":{"prototype":{"polluted":true}}}}',
    ],
    ['envelope', [], '{"event":"connection:heartbeat","payload":{"timestamp":"T"},"__proto__":{"polluted":true}}'],
  ])('rejects __proto__/constructor keys in the %s without polluting prototypes', (_where, path, raw) => {
    const text = raw.replace('"P"', JSON.stringify(UUIDS[0])).replace('"T"', JSON.stringify(TIMESTAMP));
    const error = errorOf(parseClientMessage(text));
    expect(error.code).toBe('invalid_message');
    expect(error.issues.map((i) => i.path)).toContainEqual(path);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('strips __proto__ from lenient server payloads without polluting prototypes', () => {
    const frame = unicast('connection:heartbeat/unicast');
    const text = JSON.stringify(frame).replace('"payload":{', '"payload":{"__proto__":{"polluted":true},');
    const result = parseServerMessage(text);
    expect(result.ok).toBe(true);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(result.ok && Object.getPrototypeOf(result.message.payload)).toBe(Object.prototype);
  });
});

describe('parsers never throw', () => {
  const parsers = [
    ['parseServerMessage', (v: unknown) => [parseServerMessage(v)]],
    ['parseServerFrame', parseServerFrame],
    ['parseClientMessage', (v: unknown) => [parseClientMessage(v)]],
  ] as const;
  const envelopeLike = fc.record(
    {
      event: fc.oneof(fc.constantFrom(...EVENT_NAMES, '__proto__', 'x:y'), fc.jsonValue()),
      eventId: fc.string(),
      sessionId: fc.constantFrom(SESSION, 'x'),
      seq: fc.oneof(fc.integer(), fc.jsonValue()),
      timestamp: fc.constantFrom(TIMESTAMP, 'x'),
      requestId: fc.jsonValue(),
      payload: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())),
    },
    { requiredKeys: ['event'] },
  );

  it.each(parsers)('%s returns a result for arbitrary JSON values, strings and JSON text', (_name, parse) => {
    const check = (input: unknown) => {
      for (const result of parse(input)) {
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(CODES).toContain(result.error.code);
      }
    };
    const input = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      envelopeLike,
      envelopeLike.map((v) => JSON.stringify(v)),
      fc.array(envelopeLike, { maxLength: 4 }).map((v) => JSON.stringify(v)),
    );
    fc.assert(fc.property(input, check), { numRuns: 400, seed: 20260103 });
  });
});
