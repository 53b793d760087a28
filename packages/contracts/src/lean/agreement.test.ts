import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, type EventScopes, eventCatalog } from '../catalog.js';
import * as zodParsers from '../parse.js';
import type { ParseResult } from '../parse-result.js';
import { allSamples } from '../testing/all-samples.js';
import { shapeFixtures } from '../testing/fixtures.js';
import { TIMESTAMP, UUIDS } from '../testing/samples.js';
import { fromServer } from '../generated/validators.js';
import * as leanParsers from './parse.js';
import { checkServerPayload } from './payload.js';
import { INVALID } from './schema.js';

const SESSION = UUIDS[5];

type Parse = (data: unknown) => ParseResult<unknown>;
const zod = {
  parseServerMessage: zodParsers.parseServerMessage as Parse,
  parseClientMessage: zodParsers.parseClientMessage as Parse,
  parseServerFrame: zodParsers.parseServerFrame,
};
const lean = {
  parseServerMessage: leanParsers.parseServerMessage as Parse,
  parseClientMessage: leanParsers.parseClientMessage as Parse,
  parseServerFrame: leanParsers.parseServerFrame,
};

/** A payload sample in the envelope its scope travels in. */
function envelope(event: string, scope: string, payload: unknown): Record<string, unknown> {
  if (scope === 'toServer') return { event, requestId: 'r-1', payload };
  const base = { event, eventId: 'e-1', sessionId: SESSION, timestamp: TIMESTAMP, payload };
  return scope === 'room' ? { ...base, seq: 3 } : { ...base, requestId: 'r-1' };
}

const roomFrame = envelope('poll:closed', 'room', shapeFixtures.find((f) => f.id === 'poll:closed/room')!.valid);
const unicastFrame = envelope('connection:heartbeat', 'unicast', { timestamp: TIMESTAMP });
const clientFrame = envelope('connection:heartbeat', 'toServer', { timestamp: TIMESTAMP });

/** Envelope-level samples: every envelope field missing, mistyped or out of range, and the dispatch cases. */
const envelopeSamples: [string, unknown][] = [
  ['room frame', roomFrame],
  ['unicast frame', unicastFrame],
  ['room frame without seq', { ...roomFrame, seq: undefined }],
  ['room frame with seq 0', { ...roomFrame, seq: 0 }],
  ['room frame with fractional seq', { ...roomFrame, seq: 1.5 }],
  ['unicast frame with seq', { ...unicastFrame, seq: 4 }],
  ['unicast frame with seq null', { ...unicastFrame, seq: null }],
  ['vote:accepted confirmation with seq (read as the broadcast)', envelope('vote:accepted', 'unicast', {})],
  ['frame with an offset timestamp', { ...roomFrame, timestamp: '2026-01-03T11:00:00+01:00' }],
  ['frame with a non-UUID sessionId', { ...roomFrame, sessionId: 'abc' }],
  ['frame with an empty eventId', { ...roomFrame, eventId: '' }],
  ['frame with a long requestId', { ...unicastFrame, requestId: 'r'.repeat(129) }],
  ['frame with an unknown envelope key (stripped)', { ...roomFrame, extra: 1 }],
  ['frame with an array payload', { ...roomFrame, payload: [] }],
  ['frame without payload', { ...roomFrame, payload: undefined }],
  ['unknown event', { ...roomFrame, event: 'poll:deleted' }],
  ['inherited event name', { ...roomFrame, event: 'toString' }],
  ['event of a client', { ...unicastFrame, event: 'vote:submitted' }],
  ['not an object', [roomFrame]],
  ['null', null],
  ['client frame', clientFrame],
  ['client frame with an unknown key', { ...clientFrame, sessionId: SESSION }],
  ['client frame of a server event', { ...clientFrame, event: 'vote:accepted' }],
  ['client frame with an empty requestId', { ...clientFrame, requestId: '' }],
];

const firstIssue = (result: ParseResult<unknown>) =>
  result.ok ? undefined : { code: result.error.code, issue: result.error.issues[0] && pick(result.error.issues[0]) };
const pick = ({ path, code }: { path: PropertyKey[]; code: string }) => ({ path, code });

/** Same verdict, same output, same error code and same first issue (path and code). */
function expectAgreement(zodResult: ParseResult<unknown>, leanResult: ParseResult<unknown>, id: string) {
  expect(leanResult.ok, id).toBe(zodResult.ok);
  if (zodResult.ok && leanResult.ok) expect(leanResult.message, id).toStrictEqual(zodResult.message);
  expect(firstIssue(leanResult), id).toEqual(firstIssue(zodResult));
}

describe('lean parsers agree with the Zod parsers', () => {
  const samples = allSamples();

  it('on every payload sample of every event shape, in its envelope', () => {
    expect(samples.length).toBeGreaterThan(500);
    for (const sample of samples) {
      const { event, scope } = sample.fixture;
      const frame = envelope(event, scope, sample.value);
      const parse = scope === 'toServer' ? 'parseClientMessage' : 'parseServerMessage';
      const zodResult = zod[parse](frame);
      expect(zodResult.ok, sample.id).toBe(sample.valid);
      expectAgreement(zodResult, lean[parse](frame), sample.id);
      expectAgreement(zodResult, lean[parse](JSON.stringify(frame)), `${sample.id} (JSON text)`);
    }
  });

  it('and the lean payload check agrees with each server payload schema on every sample (verdict, output, first issue)', () => {
    let checked = 0;
    for (const sample of samples) {
      const { event, scope } = sample.fixture;
      if (scope === 'toServer') continue;
      const zodResult = (eventCatalog[event].scopes as EventScopes)[scope]!.safeParse(sample.value);
      const leanResult = checkServerPayload(event, scope, sample.value);
      expect(leanResult.ok, sample.id).toBe(zodResult.success);
      if (leanResult.ok && zodResult.success) {
        expect(leanResult.payload, sample.id).toStrictEqual(zodResult.data);
        expect(leanResult.payload, sample.id).not.toBe(sample.value);
      }
      if (!leanResult.ok && !zodResult.success) {
        expect(leanResult.issues.map(pick), sample.id).toEqual([pick(zodResult.error.issues[0]!)]);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
    expect(checkServerPayload('vote:submitted' as never, 'room', {})).toEqual({
      ok: false,
      issues: [{ path: [], code: 'custom', message: 'vote:submitted has no room shape' }],
    });
    expect(checkServerPayload('toString' as never, 'room', {}).ok).toBe(false);
  });

  it.each(envelopeSamples)('on the envelope sample: %s', (id, frame) => {
    const text = JSON.stringify(frame);
    for (const parse of ['parseServerMessage', 'parseClientMessage'] as const) {
      expectAgreement(zod[parse](frame), lean[parse](frame), `${parse}: ${id}`);
      expectAgreement(zod[parse](text), lean[parse](text), `${parse}: ${id} (JSON text)`);
    }
  });

  it('never hand back any part of an object the caller passed in', () => {
    const frame = envelope('vote:accepted', 'room', shapeFixtures.find((f) => f.id === 'vote:accepted/room')!.valid);
    const result = lean.parseServerMessage(frame);
    expect(result.ok).toBe(true);
    const message = (result.ok ? result.message : {}) as typeof frame & { payload: Record<string, unknown> };
    expect(message).toStrictEqual(zod.parseServerMessage(frame).ok && frame);
    expect(message).not.toBe(frame);
    expect(message.payload).not.toBe(frame.payload);
    const breakdown = (frame.payload as { voteBreakdown?: unknown[] }).voteBreakdown;
    if (breakdown) expect(message.payload.voteBreakdown).not.toBe(breakdown);
  });

  it('strip unknown keys nested in JSON text they decode themselves', () => {
    const valid = shapeFixtures.find((f) => f.id === 'vote:accepted/room')!.valid as Record<string, unknown>;
    const breakdown = [{ optionId: UUIDS[1], voteCount: 1, percentage: 100, extra: 'x' }];
    const text = JSON.stringify(
      envelope('vote:accepted', 'room', { ...valid, voteBreakdown: breakdown, pollType: undefined }),
    );
    const result = lean.parseServerMessage(text);
    expect(result).toStrictEqual(zod.parseServerMessage(text));
    expect(
      result.ok && (result.message as { payload: { voteBreakdown: object[] } }).payload.voteBreakdown[0],
    ).not.toHaveProperty('extra');
  });

  it('on batches, envelope by envelope', () => {
    const batch = JSON.stringify([roomFrame, 'x', unicastFrame, { event: 'nope' }, { ...roomFrame, seq: -1 }]);
    const zodResults = zod.parseServerFrame(batch);
    const leanResults = lean.parseServerFrame(batch);
    expect(leanResults).toHaveLength(zodResults.length);
    for (const [i, result] of zodResults.entries()) expectAgreement(result, leanResults[i]!, `batch[${i}]`);
    expectAgreement(zod.parseServerFrame('[{')[0]!, lean.parseServerFrame('[{')[0]!, 'invalid JSON');
  });

  it('with the same messages and error details for a single issue', () => {
    const frame = { ...unicastFrame, payload: { timestamp: 'yesterday' } };
    expect(lean.parseServerMessage(frame)).toEqual(zod.parseServerMessage(frame));
    const rating = envelope('poll:created', 'room', {
      ...shapeFixtures.find((f) => f.id === 'poll:created/room/rating_scale')!.valid,
      maxRating: 1,
    });
    expect(lean.parseServerMessage(rating)).toEqual(zod.parseServerMessage(rating));
  });

  it('strip __proto__ from lenient payloads without polluting prototypes', () => {
    const text = JSON.stringify(unicastFrame).replace('"payload":{', '"payload":{"__proto__":{"polluted":true},');
    const result = lean.parseServerMessage(text);
    expect(result).toStrictEqual(zod.parseServerMessage(text));
    expect(result.ok && Object.getPrototypeOf((result.message as { payload: object }).payload)).toBe(Object.prototype);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('on random JSON and envelope-like frames (same verdict, same output, never throws)', () => {
    const payloads = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(...shapeFixtures.map((f) => f.valid)),
      fc.constantFrom(...samples.map((s) => s.value)),
    );
    const envelopeLike = fc.record(
      {
        event: fc.oneof(fc.constantFrom(...EVENT_NAMES, '__proto__', 'x:y'), fc.jsonValue()),
        eventId: fc.oneof(fc.constant('e-1'), fc.string()),
        sessionId: fc.constantFrom(SESSION, 'x'),
        seq: fc.oneof(fc.integer(), fc.jsonValue()),
        timestamp: fc.constantFrom(TIMESTAMP, 'x'),
        requestId: fc.oneof(fc.string(), fc.jsonValue()),
        payload: payloads,
        extra: fc.jsonValue(),
      },
      { requiredKeys: ['event'] },
    );
    const input = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      envelopeLike,
      envelopeLike.map((v) => JSON.stringify(v)),
      fc.array(envelopeLike, { maxLength: 3 }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(input, (frame) => {
        for (const parse of ['parseServerMessage', 'parseClientMessage'] as const) {
          const zodResult = zod[parse](frame);
          const leanResult = lean[parse](frame);
          expect(leanResult.ok).toBe(zodResult.ok);
          if (zodResult.ok && leanResult.ok) expect(leanResult.message).toStrictEqual(zodResult.message);
          if (!zodResult.ok && !leanResult.ok) expect(leanResult.error.code).toBe(zodResult.error.code);
        }
        const zodFrame = zod.parseServerFrame(frame);
        expect(lean.parseServerFrame(frame).map((r) => r.ok)).toEqual(zodFrame.map((r) => r.ok));
      }),
      { numRuns: 1000, seed: 20260104 },
    );
  });

  it('take the generated fast path only where the combinators would return the frame unchanged', () => {
    let exactFrames = 0;
    for (const sample of samples) {
      const { event, scope } = sample.fixture;
      if (scope === 'toServer') continue;
      const check = fromServer[event as keyof typeof fromServer][scope as 'room' | 'unicast']!;
      const text = JSON.stringify(envelope(event, scope, sample.value));
      const owned = JSON.parse(text) as unknown;
      const fast = check(owned, true);
      const copied = check(JSON.parse(text), false);
      expect(fast === INVALID, sample.id).toBe(copied === INVALID);
      if (fast === INVALID) continue;
      expect(fast, sample.id).toStrictEqual(copied);
      if (fast === owned) exactFrames++;
    }
    expect(exactFrames).toBeGreaterThan(50);
    for (const fixture of shapeFixtures) {
      if (fixture.scope === 'toServer') continue;
      const check = fromServer[fixture.event as keyof typeof fromServer][fixture.scope as 'room' | 'unicast']!;
      const owned = JSON.parse(JSON.stringify(envelope(fixture.event, fixture.scope, fixture.valid))) as unknown;
      expect(check(owned, true), fixture.id).toBe(owned);
    }
  });
});
