import type { UnicastEventName, UnicastPayload } from '@pollwire/contracts/client';
import { encodeEnvelope } from '../log/encode.js';
import { type Clock, isoTime } from '../util/clock.js';
import type { Connection } from './connection.js';
import { validateUnicastPayload } from './validate.js';

/**
 * Validates a unicast payload and serializes its envelope for one connection. The eventId is the connection id and
 * a per-connection counter: unicasts are not logged, so they need no seq.
 */
export const encodeUnicast = <E extends UnicastEventName>(
  conn: Connection,
  clock: Clock,
  event: E,
  payload: UnicastPayload<E>,
  requestId?: string,
): string =>
  encodeEnvelope({
    event,
    eventId: `${conn.id}.${++conn.unicasts}`,
    sessionId: conn.identity.sessionId,
    timestamp: isoTime(clock),
    requestId,
    payload: validateUnicastPayload(event, payload),
  });
