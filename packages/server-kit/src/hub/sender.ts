import { CLOSE_CODES, type ErrorCode, type UnicastEventName, type UnicastPayload } from '@pollwire/contracts/client';
import { buildErrorGeneral } from '../builders/error.js';
import { type Clock, isoTime } from '../util/clock.js';
import type { Connection } from './connection.js';
import { encodeUnicast } from './unicast.js';

/** Which client frame an `error:general` answers. */
export interface ErrorContext {
  eventName?: string | undefined;
  entityId?: string | undefined;
  requestId?: string | undefined;
}

export interface SenderOptions {
  clock: Clock;
  /** A live frame is not sent, and the connection closed with 4409, when the socket already buffers more. */
  maxBufferedBytes: number;
  onError(error: unknown): void;
}

/** Writes frames to connections; a closed connection is sent nothing (`false`). */
export interface Sender {
  /** Sends regardless of the socket's buffer: history and replay are bounded by the log's own cap instead. */
  send(conn: Connection, frame: string): boolean;
  /** Sends a live frame, closing a slow consumer instead. */
  sendLive(conn: Connection, frame: string): boolean;
  /** Validates, encodes and sends a live unicast; throws {@link PayloadValidationError} on an invalid payload. */
  unicast<E extends UnicastEventName>(
    conn: Connection,
    event: E,
    payload: UnicastPayload<E>,
    requestId?: string,
  ): boolean;
  /** Sends `error:general` with a `requestContext` (empty `eventName` when the frame was not understood). */
  error(conn: Connection, errorCode: ErrorCode, message: string, context: ErrorContext): void;
}

/**
 * Creates the hub's frame writer: a failed send closes the connection with 1001, a socket buffering more than
 * `maxBufferedBytes` is closed with 4409 instead of being sent a live frame.
 */
export function createSender(options: SenderOptions): Sender {
  const { clock, maxBufferedBytes, onError } = options;

  const send = (conn: Connection, frame: string): boolean => {
    if (conn.phase === 'closed') return false;
    try {
      conn.socket.send(frame);
      return true;
    } catch (error) {
      onError(error);
      conn.close(CLOSE_CODES.goingAway, 'send failed');
      return false;
    }
  };

  const sendLive = (conn: Connection, frame: string): boolean => {
    if (conn.phase === 'closed') return false;
    if (conn.socket.bufferedAmount > maxBufferedBytes) {
      conn.close(CLOSE_CODES.slowConsumer, 'slow consumer');
      return false;
    }
    return send(conn, frame);
  };

  return {
    send,
    sendLive,
    unicast: (conn, event, payload, requestId) => sendLive(conn, encodeUnicast(conn, clock, event, payload, requestId)),
    error(conn, errorCode, message, context) {
      const payload = buildErrorGeneral({ errorCode, message, timestamp: isoTime(clock), ...context });
      if (payload.requestContext === undefined) payload.requestContext = { eventName: '' };
      sendLive(conn, encodeUnicast(conn, clock, 'error:general', payload, context.requestId));
    },
  };
}
