import { CLOSE_CODES, ERROR_CODES } from '@pollwire/contracts/client';
import { buildConnectionHeartbeat } from '../builders/connection.js';
import { isUnavailable } from '../errors.js';
import { type Clock, isoTime } from '../util/clock.js';
import type { Connection } from './connection.js';
import { decodeInbound } from './inbound.js';
import type { HubOptions, MessageContext } from './options.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limiter.js';
import type { Sender } from './sender.js';

export interface InboxOptions {
  clock: Clock;
  rateLimit: RateLimitOptions;
  /** The hub's options: `onMessage` is looked up per frame. */
  hooks: Pick<HubOptions, 'onMessage'>;
  sender: Sender;
  onError(error: unknown): void;
}

/** Takes a frame from a connection's socket. */
export type Receive = (conn: Connection, data: string, isBinary: boolean) => void;

/**
 * Creates the inbound path: rate limiting per connection, then decoding and the message handler, one frame at a
 * time per connection. An invalid frame or a failed handler is answered with `error:general`. A client's
 * `connection:heartbeat` is not passed to the handler: with a `requestId` it is answered with a
 * `connection:heartbeat` unicast echoing that `requestId` (the client measures its round trip), without one it is
 * not answered.
 */
export function createInbox(options: InboxOptions): Receive {
  const { clock, rateLimit, hooks, sender, onError } = options;

  const contextFor = (conn: Connection, eventName: string, requestId: string | undefined): MessageContext => ({
    connectionId: conn.id,
    identity: conn.identity,
    reply: (event, payload, replyRequestId) => {
      sender.unicast(conn, event, payload, replyRequestId ?? requestId);
    },
    fail: (errorCode, message, context) =>
      sender.error(conn, errorCode, message, { eventName, entityId: context?.entityId, requestId }),
  });

  const process = async (conn: Connection, data: string, isBinary: boolean) => {
    if (conn.phase === 'closed') return;
    const inbound = decodeInbound(data, isBinary);
    if (!inbound.ok) {
      const { errorCode, message, eventName, requestId } = inbound;
      sender.error(conn, errorCode, message, { eventName, requestId });
      return;
    }
    const message = inbound.message;
    if (message.event === 'connection:heartbeat') {
      const { requestId } = message;
      if (requestId !== undefined) {
        sender.unicast(conn, 'connection:heartbeat', buildConnectionHeartbeat(isoTime(clock)), requestId);
      }
      return;
    }
    const context = contextFor(conn, message.event, message.requestId);
    try {
      await hooks.onMessage?.(context, message);
    } catch (error) {
      onError(error);
      if (isUnavailable(error)) context.fail(ERROR_CODES.unavailable, 'a backing store is unavailable; retry later');
      else context.fail(ERROR_CODES.internal, 'internal error; nothing was applied');
    }
  };

  return (conn, data, isBinary) => {
    if (conn.phase === 'closed') return;
    conn.lastSeen = clock.now();
    conn.limiter ??= createRateLimiter(rateLimit, clock);
    switch (conn.limiter.take()) {
      case 'allow':
        conn.inbox = conn.inbox.then(() => process(conn, data, isBinary)).catch(onError);
        return;
      case 'drop-and-warn':
        sender.error(conn, ERROR_CODES.rateLimited, 'too many frames; this one was dropped', {});
        return;
      case 'drop':
        return;
      case 'close':
        conn.close(CLOSE_CODES.rateLimited, 'rate limited');
        return;
    }
  };
}
