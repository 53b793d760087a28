import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, eventDirection } from '../catalog.js';
import { clientEnvelope, serverEnvelope } from '../envelope.js';
import { createAjv } from '../testing/ajv.js';
import { allSamples } from '../testing/all-samples.js';
import { TIMESTAMP, UUIDS } from '../testing/samples.js';
import { contractHash } from './contract-hash.js';
import {
  CLIENT_ENVELOPE_FILE,
  type JsonSchema,
  SERVER_ENVELOPE_FILE,
  buildSchemaFiles,
  buildSchemaIndex,
  schemaFile,
} from './json-schemas.js';
import { UNEXPRESSIBLE_RULES } from './notes.js';
import { shapesOf } from './shapes.js';

/** Samples whose only fault is a rule JSON Schema cannot express: Zod rejects them, JSON Schema accepts them. */
const DOCUMENTED_GAPS = [
  'poll:created/room/multiple_choice: multiple_choice with a duplicate optionId',
  'poll:created/room/rating_scale: minRating equal to maxRating',
  'poll:created/room/rating_scale: minRating greater than maxRating',
];

const files = buildSchemaFiles();
const ajv = createAjv();
const validators = new Map(Object.entries(files).map(([file, schema]) => [file, ajv.compile(schema)]));
const validatorFor = (event: (typeof EVENT_NAMES)[number], scope: string) => {
  const shape = shapesOf(event).find((s) => s.scope === scope)!;
  return validators.get(schemaFile(shape))!;
};

describe('generated JSON Schemas', () => {
  it('compile with Ajv 2020 in strict mode, one per event shape plus the two envelopes', () => {
    const shapeCount = EVENT_NAMES.flatMap(shapesOf).length;
    expect(validators.size).toBe(shapeCount + 2);
    for (const schema of Object.values(files)) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toMatch(/^urn:pollwire:schema:/);
      expect(schema.title).toEqual(expect.any(String));
      expect(schema.description).toEqual(expect.any(String));
    }
  });

  it('agree with the Zod schemas on every valid and invalid sample, except the documented gaps', () => {
    const samples = allSamples();
    const disagreements: string[] = [];
    for (const sample of samples) {
      const zod = sample.fixture.schema.safeParse(sample.value).success;
      expect(zod, sample.id).toBe(sample.valid);
      const json = validatorFor(sample.fixture.event, sample.fixture.scope)(sample.value);
      if (json !== zod) disagreements.push(sample.id);
    }
    expect(samples.length).toBeGreaterThan(500);
    expect(disagreements.sort()).toEqual([...DOCUMENTED_GAPS].sort());
    expect(
      samples
        .filter((s) => s.jsonSchemaGap)
        .map((s) => s.id)
        .sort(),
    ).toEqual([...DOCUMENTED_GAPS].sort());
  });

  it('state the rules they cannot express in their description', () => {
    const description = files['poll-created.json']!.description as string;
    const rules = UNEXPRESSIBLE_RULES['poll:created']!;
    expect(rules.some((rule) => rule.includes('minRating must be less than maxRating'))).toBe(true);
    expect(rules.some((rule) => rule.includes('optionId values must be unique'))).toBe(true);
    for (const rule of rules) expect(description).toContain(rule);
  });

  it('express selectedOptionIds uniqueness as uniqueItems', () => {
    const validate = validatorFor('vote:submitted', 'toServer');
    const vote = (ids: string[]) => ({
      pollId: UUIDS[0],
      participantId: UUIDS[1],
      submittedAt: TIMESTAMP,
      voteData: { selectedOptionIds: ids },
    });
    expect(validate(vote([UUIDS[2], UUIDS[3]]))).toBe(true);
    expect(validate(vote([UUIDS[2], UUIDS[2]]))).toBe(false);
  });

  it('describe the broadcast vote:accepted with no place for participantId', () => {
    const broadcast = files['vote-accepted.broadcast.json'] as {
      properties: JsonSchema;
      additionalProperties: unknown;
    };
    expect(broadcast.properties).not.toHaveProperty('participantId');
    expect(broadcast.additionalProperties).toBe(false);
    expect((files['vote-accepted.confirmation.json'] as { required: string[] }).required).toContain('participantId');
  });

  it('agree with the Zod envelopes', () => {
    const server = validators.get(SERVER_ENVELOPE_FILE)!;
    const client = validators.get(CLIENT_ENVELOPE_FILE)!;
    const frame = {
      event: 'poll:closed',
      eventId: '0-1',
      sessionId: UUIDS[0],
      seq: 1,
      timestamp: TIMESTAMP,
      payload: {},
    };
    const serverSamples: unknown[] = [
      frame,
      { ...frame, seq: undefined },
      { ...frame, seq: 0 },
      { ...frame, event: 'vote:submitted' },
      { ...frame, timestamp: '2026-01-03T10:00:00+01:00' },
      { ...frame, sessionId: 'session-1' },
      { ...frame, eventId: '' },
      { ...frame, payload: [] },
      { ...frame, requestId: 'r'.repeat(129) },
    ].map((s) => JSON.parse(JSON.stringify(s)));
    for (const sample of serverSamples)
      expect(server(sample), JSON.stringify(sample)).toBe(serverEnvelope.safeParse(sample).success);
    const request = { event: 'vote:submitted', requestId: 'r-1', payload: {} };
    const clientSamples: unknown[] = [
      request,
      { event: 'connection:heartbeat', payload: {} },
      { ...request, extra: 1 },
      { ...request, event: 'vote:accepted' },
      { ...request, requestId: '' },
      { event: 'vote:submitted' },
    ];
    for (const sample of clientSamples)
      expect(client(sample), JSON.stringify(sample)).toBe(clientEnvelope.safeParse(sample).success);
  });
});

describe('schema index', () => {
  const index = buildSchemaIndex(contractHash(files));

  it('lists every event with its direction and an existing primary schema', () => {
    expect(Object.keys(index.events)).toEqual(EVENT_NAMES);
    for (const name of EVENT_NAMES) {
      const entry = index.events[name];
      expect(entry.direction).toBe(eventDirection(name));
      expect(files).toHaveProperty([entry.schema]);
      for (const file of Object.values(entry.shapes)) expect(files).toHaveProperty([file]);
    }
  });

  it('points vote:accepted at the broadcast and lists both shapes', () => {
    expect(index.events['vote:accepted']).toMatchObject({
      direction: 'server-to-client',
      schema: 'vote-accepted.broadcast.json',
      shapes: { room: 'vote-accepted.broadcast.json', unicast: 'vote-accepted.confirmation.json' },
    });
    expect(index.events['connection:heartbeat']).toMatchObject({
      direction: 'bidirectional',
      schema: 'connection-heartbeat.server.json',
      shapes: { unicast: 'connection-heartbeat.server.json', toServer: 'connection-heartbeat.client.json' },
    });
  });
});
