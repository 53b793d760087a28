import { stringify } from 'yaml';
import { eventCatalog } from '../catalog.js';
import { CONTRACT_VERSION } from '../version.js';
import { CLIENT_ENVELOPE_FILE, type JsonSchema, SERVER_ENVELOPE_FILE, schemaFile } from './json-schemas.js';
import { roomAudience } from '../audience.js';
import { PRIVACY_TEXT, SCOPE_TEXT } from './notes.js';
import { type EventShape, allShapes } from './shapes.js';

/** The channel every frame travels on. */
export const CHANNEL = 'session';

const DESCRIPTION = `The Pollwire realtime protocol over one WebSocket per client.
This document describes the server: \`send\` operations are server-to-client frames, \`receive\` operations are client-to-server frames.

Server frames are one envelope \`{ event, eventId, sessionId, seq?, timestamp, requestId?, payload }\` or a batch (a JSON array of envelopes, used for replay).
\`seq\` is present exactly on room broadcasts (replayable events) and is contiguous per session from 1; a room event's \`eventId\` is a resume cursor.
Client frames are one strict envelope \`{ event, requestId?, payload }\`; \`requestId\` is the idempotency and correlation key echoed on responses.

Connect with \`GET /ws?token=...\`: the server sends \`connection:established\`, then the session history, then live events.
Resume with \`lastEventId\`: the server sends \`connection:reconnected\` with \`replayCount\`, then exactly that many missed room events in order, then live events.
A cursor that cannot be replayed is answered with \`recovered: false\` and a \`resyncReason\`.`;

/** `vote:accepted` + `broadcast` → `voteAcceptedBroadcast`. */
export function messageId(shape: EventShape): string {
  const words = [...shape.event.split(':'), ...(shape.label ? [shape.label] : [])];
  return words.map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}

const componentName = (file: string): string => file.replace(/\.json$/, '');

/** AsyncAPI schemas are a draft-07 superset: drop the 2020-12 `$schema` and the `$id`. */
function asComponent(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** The full frame of one shape: its envelope with the event's payload schema. */
function framePayload(shape: EventShape, envelopes: Record<string, JsonSchema>): JsonSchema {
  const ref = { $ref: `#/components/schemas/${componentName(schemaFile(shape))}` };
  if (shape.scope === 'toServer') {
    const client = envelopes[CLIENT_ENVELOPE_FILE] as { properties: Record<string, JsonSchema> };
    return {
      type: 'object',
      properties: { event: { const: shape.event }, requestId: client.properties.requestId, payload: ref },
      required: ['event', 'payload'],
      additionalProperties: false,
    };
  }
  const server = envelopes[SERVER_ENVELOPE_FILE] as { properties: Record<string, JsonSchema> };
  const { event: _event, payload: _payload, seq, ...common } = server.properties;
  const room = shape.scope === 'room';
  return {
    type: 'object',
    properties: { event: { const: shape.event }, ...common, ...(room ? { seq } : {}), payload: ref },
    required: ['event', 'eventId', 'sessionId', ...(room ? ['seq'] : []), 'timestamp', 'payload'],
    ...(room ? {} : { not: { required: ['seq'] } }),
  };
}

function message(shape: EventShape, envelopes: Record<string, JsonSchema>): JsonSchema {
  return {
    name: shape.event,
    title: shape.label ? `${shape.event} (${shape.label})` : shape.event,
    summary: eventCatalog[shape.event].summary,
    description: `Scope: ${SCOPE_TEXT[shape.scope]}. Privacy (${shape.privacy}): ${PRIVACY_TEXT[shape.privacy]}.`,
    contentType: 'application/json',
    payload: framePayload(shape, envelopes),
    'x-pollwire-scope': shape.scope,
    'x-pollwire-replayable': shape.scope === 'room',
    'x-pollwire-privacy': shape.privacy,
    ...(shape.scope === 'room' ? { 'x-pollwire-audience': roomAudience(shape.event) } : {}),
  };
}

/** The AsyncAPI 3.0.0 document of the whole protocol, built from the generated schemas. */
export function buildAsyncApi(schemaFiles: Record<string, JsonSchema>, contractHash: string): JsonSchema {
  const shapes = allShapes();
  const messages: Record<string, JsonSchema> = {};
  const channelMessages: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const shape of shapes) {
    const id = messageId(shape);
    messages[id] = message(shape, schemaFiles);
    channelMessages[id] = { $ref: `#/components/messages/${id}` };
    const action = shape.scope === 'toServer' ? 'receive' : 'send';
    operations[`${action}${id[0]!.toUpperCase()}${id.slice(1)}`] = {
      action,
      channel: { $ref: `#/channels/${CHANNEL}` },
      summary: `${action === 'send' ? 'Server sends' : 'Server receives'} ${shape.event}${shape.label ? ` (${shape.label})` : ''}.`,
      messages: [{ $ref: `#/channels/${CHANNEL}/messages/${id}` }],
    };
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const [file, schema] of Object.entries(schemaFiles)) schemas[componentName(file)] = asComponent(schema);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Pollwire realtime protocol',
      version: CONTRACT_VERSION,
      description: DESCRIPTION,
      'x-contract-hash': contractHash,
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: 'localhost:3000',
        protocol: 'ws',
        description: 'A Pollwire server (any host); the WebSocket endpoint is /ws.',
      },
    },
    channels: {
      [CHANNEL]: {
        address: '/ws',
        title: 'Session socket',
        description: 'One WebSocket per client, bound to one session by the token.',
        messages: channelMessages,
        bindings: {
          ws: {
            method: 'GET',
            query: {
              type: 'object',
              properties: {
                token: { type: 'string', description: 'Authenticates the client and names its session.' },
                lastEventId: {
                  type: 'string',
                  description: 'Resume cursor: the eventId of the last room event received.',
                },
                history: {
                  type: 'string',
                  enum: ['0'],
                  description: '0 skips the history sent after connection:established.',
                },
              },
              required: ['token'],
            },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations,
    components: { schemas, messages },
  };
}

/** The AsyncAPI document as YAML; key order follows insertion order, so output is deterministic. */
export function renderAsyncApi(document: JsonSchema): string {
  return stringify(document, { aliasDuplicateObjects: false, lineWidth: 0, sortMapEntries: false });
}
