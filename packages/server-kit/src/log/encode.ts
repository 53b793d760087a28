/** The envelope fields of one server frame, in wire order. */
export interface EnvelopeFields {
  event: string;
  eventId: string;
  sessionId: string;
  seq?: number | undefined;
  /** On a room event for everyone: the seq of the previous one, when presenters-only events came between. */
  prev?: number | undefined;
  timestamp: string;
  requestId?: string | undefined;
  payload: unknown;
}

/**
 * Serializes an envelope with a fixed key order. The payload must already be contract-validated:
 * this only encodes. Replay logs use it to build the frame they store once per room event.
 */
export function encodeEnvelope(fields: EnvelopeFields): string {
  const envelope: Record<string, unknown> = {
    event: fields.event,
    eventId: fields.eventId,
    sessionId: fields.sessionId,
  };
  if (fields.seq !== undefined) envelope.seq = fields.seq;
  if (fields.prev !== undefined) envelope.prev = fields.prev;
  envelope.timestamp = fields.timestamp;
  if (fields.requestId !== undefined) envelope.requestId = fields.requestId;
  envelope.payload = fields.payload;
  return JSON.stringify(envelope);
}

/** Joins already-serialized envelopes into one batch frame (a JSON array), without re-serializing them. */
export const encodeBatch = (frames: readonly string[]): string => `[${frames.join(',')}]`;

const EVENT_PREFIX = '{"event":"';

/** The event name of a serialized envelope (`encodeEnvelope` writes `event` first). */
export const frameEvent = (frame: string): string =>
  frame.startsWith(EVENT_PREFIX) ? frame.slice(EVENT_PREFIX.length, frame.indexOf('"', EVENT_PREFIX.length)) : '';
