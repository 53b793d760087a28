import * as z from 'zod/mini';
import { type EventName, eventCatalog, eventDirection } from '../catalog.js';
import { clientEnvelope, serverEnvelope } from '../envelope.js';
import { selectedOptionIds } from '../events/vote.js';
import { CONTRACT_VERSION } from '../version.js';
import { PRIVACY_TEXT, SCOPE_TEXT, UNEXPRESSIBLE_RULES } from './notes.js';
import { type EventShape, allShapes, shapesOf } from './shapes.js';

export type JsonSchema = Record<string, unknown>;

/** Base of every generated schema's `$id`. */
export const SCHEMA_ID_BASE = 'urn:pollwire:schema:';

/** File name of a shape's schema inside `docs/schemas`. */
export const schemaFile = (shape: Pick<EventShape, 'stem'>): string => `${shape.stem}.json`;

export const SERVER_ENVELOPE_FILE = 'server-envelope.json';
export const CLIENT_ENVELOPE_FILE = 'client-envelope.json';

/** Zod → JSON Schema draft 2020-12 (input side), adding what Zod's converter cannot see through refinements. */
export function toJsonSchema(schema: z.ZodMiniType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    override: (ctx) => {
      // The uniqueness refine on selectedOptionIds is expressible: string items compare by value.
      if (ctx.zodSchema === selectedOptionIds) ctx.jsonSchema.uniqueItems = true;
    },
  }) as JsonSchema;
}

function shapeDescription(shape: EventShape): string {
  const rules = UNEXPRESSIBLE_RULES[shape.event] ?? [];
  const parts = [
    eventCatalog[shape.event].summary,
    `Scope: ${SCOPE_TEXT[shape.scope]}.`,
    `Privacy (${shape.privacy}): ${PRIVACY_TEXT[shape.privacy]}.`,
  ];
  if (rules.length > 0) parts.push(`Also enforced (not expressible in JSON Schema): ${rules.join(' ')}`);
  return parts.join(' ');
}

function withHeader(file: string, title: string, description: string, schema: JsonSchema): JsonSchema {
  const { $schema, ...rest } = schema;
  return { $schema, $id: `${SCHEMA_ID_BASE}${file.replace(/\.json$/, '')}`, title, description, ...rest };
}

/** The JSON Schema of one event shape's payload, with `$id`, `title` and `description`. */
export function shapeJsonSchema(shape: EventShape): JsonSchema {
  const schema = toJsonSchema(shape.schema);
  const title = shape.label ? `${shape.event} (${shape.label})` : shape.event;
  return withHeader(schemaFile(shape), title, shapeDescription(shape), schema);
}

/**
 * Every generated schema, keyed by file name (relative to `docs/schemas`), in a stable order:
 * the event shapes in catalog order, then the two envelopes.
 */
export function buildSchemaFiles(): Record<string, JsonSchema> {
  const files: Record<string, JsonSchema> = {};
  for (const shape of allShapes()) files[schemaFile(shape)] = shapeJsonSchema(shape);
  files[SERVER_ENVELOPE_FILE] = withHeader(
    SERVER_ENVELOPE_FILE,
    'Server-to-client envelope',
    'Every server frame is one envelope or a JSON array of envelopes (a batch, used for replay). seq is present exactly on room broadcasts and is contiguous per session from 1; eventId is unique and opaque (a room event eventId is a resume cursor); requestId echoes the client requestId on responses. The payload is checked by the schema of the event (see index.json).',
    toJsonSchema(serverEnvelope),
  );
  files[CLIENT_ENVELOPE_FILE] = withHeader(
    CLIENT_ENVELOPE_FILE,
    'Client-to-server envelope',
    'One envelope per frame; strict, unknown keys are rejected. requestId is the client idempotency and correlation key. The payload is checked by the client schema of the event (see index.json).',
    toJsonSchema(clientEnvelope),
  );
  return files;
}

export interface SchemaIndexEntry {
  direction: ReturnType<typeof eventDirection>;
  schema: string;
  replayable: boolean;
  shapes: Record<string, string>;
}

export interface SchemaIndex {
  contractVersion: string;
  contractHash: string;
  envelopes: { server: string; client: string };
  events: Record<EventName, SchemaIndexEntry>;
}

/** `docs/schemas/index.json`: every event's direction and schema file(s). */
export function buildSchemaIndex(contractHash: string): SchemaIndex {
  const events = {} as Record<EventName, SchemaIndexEntry>;
  for (const name of Object.keys(eventCatalog) as EventName[]) {
    const shapes = shapesOf(name);
    events[name] = {
      direction: eventDirection(name),
      schema: schemaFile(shapes[0]!),
      replayable: shapes.some((shape) => shape.scope === 'room'),
      shapes: Object.fromEntries(shapes.map((shape) => [shape.scope, schemaFile(shape)])),
    };
  }
  return {
    contractVersion: CONTRACT_VERSION,
    contractHash,
    envelopes: { server: SERVER_ENVELOPE_FILE, client: CLIENT_ENVELOPE_FILE },
    events,
  };
}
