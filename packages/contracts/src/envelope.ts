import * as z from 'zod/mini';
import { type EventName, type EventScopes, EVENT_NAMES, eventCatalog } from './catalog.js';
import { opaqueId, timestamp, uuid } from './primitives.js';

const seq = () => z.int().check(z.minimum(1));
/** On an event for everyone: the `seq` of the previous event for everyone, when presenters-only events came between. */
const prev = () => z.int().check(z.minimum(0));
const requestId = () => z.optional(z.string().check(z.minLength(1), z.maxLength(128)));

const serverNames = EVENT_NAMES.filter((name) => {
  const scopes: EventScopes = eventCatalog[name].scopes;
  return scopes.room !== undefined || scopes.unicast !== undefined;
});
const clientNames = EVENT_NAMES.filter((name) => (eventCatalog[name].scopes as EventScopes).toServer !== undefined);

/**
 * The server-to-client envelope, generic over the payload (the per-event schemas check payloads).
 * `seq` is present exactly on room broadcasts.
 */
export const serverEnvelope = z.object({
  event: z.enum(serverNames as [EventName, ...EventName[]]),
  eventId: opaqueId(),
  sessionId: uuid(),
  seq: z.optional(seq()),
  prev: z.optional(prev()),
  timestamp: timestamp(),
  requestId: requestId(),
  payload: z.record(z.string(), z.unknown()),
});

/** The client-to-server envelope; strict, unknown keys are rejected. */
export const clientEnvelope = z.strictObject({
  event: z.enum(clientNames as [EventName, ...EventName[]]),
  requestId: requestId(),
  payload: z.record(z.string(), z.unknown()),
});

function roomEnvelope(name: EventName, payload: z.ZodMiniType) {
  return z.object({
    event: z.literal(name),
    eventId: opaqueId(),
    sessionId: uuid(),
    seq: seq(),
    prev: z.optional(prev()),
    timestamp: timestamp(),
    requestId: requestId(),
    payload,
  });
}

function unicastEnvelope(name: EventName, payload: z.ZodMiniType) {
  return z.object({
    event: z.literal(name),
    eventId: opaqueId(),
    sessionId: uuid(),
    seq: z.optional(z.undefined()),
    timestamp: timestamp(),
    requestId: requestId(),
    payload,
  });
}

function clientMessage(name: EventName, payload: z.ZodMiniType) {
  return z.strictObject({ event: z.literal(name), requestId: requestId(), payload });
}

interface EnvelopeSchemas {
  room?: z.ZodMiniType;
  unicast?: z.ZodMiniType;
  toServer?: z.ZodMiniType;
}

/** Full envelope schemas per event and scope, built once from the catalog. */
export const envelopeSchemas: Readonly<Record<EventName, EnvelopeSchemas>> = Object.fromEntries(
  EVENT_NAMES.map((name) => {
    const scopes: EventScopes = eventCatalog[name].scopes;
    const schemas: EnvelopeSchemas = {};
    if (scopes.room) schemas.room = roomEnvelope(name, scopes.room);
    if (scopes.unicast) schemas.unicast = unicastEnvelope(name, scopes.unicast);
    if (scopes.toServer) schemas.toServer = clientMessage(name, scopes.toServer);
    return [name, schemas];
  }),
) as Record<EventName, EnvelopeSchemas>;
