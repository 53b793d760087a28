import { CLOSE_CODES } from '@pollwire/contracts/client';
import type { Backoff } from './backoff.js';
import type { WebSocketConstructor, WebSocketLike } from './socket.js';
import { OPEN } from './socket.js';
import type { TimerHandle, Timers } from './timers.js';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Why the status changed, e.g. `socket_closed`, `service_restart` (a 1012 close), `heartbeat_timeout`, `seq_gap`,
 * `invalid_snapshot`, `unauthorized`, `client_closed`.
 */
export interface StatusChange {
  status: ConnectionStatus;
  reason: string;
  /** The close code of the socket that went away, when there was one. */
  code?: number;
  /** Reconnect attempt number (from 1, counted since the last stable connection), when reconnecting. */
  attempt?: number;
  /** Delay before that attempt: `0` for the immediate reconnect after a 1012 close. */
  delayMs?: number;
}

export interface ConnectionOptions {
  WebSocket: WebSocketConstructor;
  /** Builds the URL of each attempt (token, `lastEventId`); a promise is awaited (an async token). */
  url: () => string | Promise<string>;
  /** The URL could not be built: `url` threw, rejected, or took longer than `connectTimeoutMs`. Retried with backoff. */
  onUrlError: (error: unknown) => void;
  timers: Timers;
  backoff: Backoff;
  /** A connection open at least this long resets the backoff, the attempt count and the 1012 loop guard. */
  stableAfterMs: number;
  /** A socket still not open after this long is dropped and retried (a black-holed handshake never fails). */
  connectTimeoutMs: number;
  /** Attempts since the last stable connection before giving up; the immediate one after a 1012 counts. */
  maxReconnectAttempts: number;
  onStatus: (change: StatusChange) => void;
  onOpen: () => void;
  /** Set as each socket's `onmessage` itself: a frame reaches it without a hop through the connection. */
  onMessage: (event: { data: unknown }) => void;
  onSocketError: (error: unknown) => void;
}

export interface Connection {
  readonly status: ConnectionStatus;
  start(): void;
  /** Sends when the socket is open; returns whether it did. */
  send(data: string): boolean;
  /** Drops the current socket without waiting for its close handshake (it may be black-holed) and reconnects. */
  restart(reason: string): void;
  /** Stops for good: closes the socket, cancels the pending attempt. */
  close(reason?: string): void;
}

const TERMINAL_CLOSE: Readonly<Record<number, string>> = {
  [CLOSE_CODES.unauthorized]: 'unauthorized',
  [CLOSE_CODES.sessionNotFound]: 'session_not_found',
};

/**
 * An HTTP refusal at upgrade is only visible through the `ws` package ("Unexpected server response: 401"); a
 * runtime's own WebSocket (browsers, Node 22+) reports a bare error event and the client keeps retrying with backoff.
 */
function refusalOf(error: unknown): string | undefined {
  const source = (error as { message?: unknown; error?: { message?: unknown } } | null) ?? {};
  const text = String(source.message ?? source.error?.message ?? '');
  const status = /Unexpected server response: (\d{3})/.exec(text)?.[1];
  if (status === '401' || status === '403') return 'unauthorized';
  if (status === '404') return 'session_not_found';
  return undefined;
}

/**
 * Owns the socket lifecycle: connect, detect loss, back off, reconnect; never reconnects after
 * `close()`, a 4401/4404 close or an HTTP 401/403/404 refusal.
 *
 * A 1012 close (`serviceRestart`: the server is draining) of a socket that had opened is answered with an attempt on a
 * 0 ms timer (status `reconnecting`, reason `service_restart`, `delayMs: 0`), without advancing the backoff. Loop
 * guard: once per stable connection (open `stableAfterMs`); a second 1012 before one, or a 1012 of a socket that never
 * opened, waits for the backoff like any loss (reason still `service_restart`). The immediate attempt counts toward
 * `maxReconnectAttempts` (`0` never reconnects, not even after a 1012).
 */
export function createConnection(options: ConnectionOptions): Connection {
  const { timers, backoff } = options;
  let status: ConnectionStatus = 'connecting';
  let socket: WebSocketLike | undefined;
  let retryTimer: TimerHandle | undefined;
  let connectTimer: TimerHandle | undefined;
  let openedAt: number | undefined;
  // Attempts since the last stable connection (the backoff's, plus an immediate one after a 1012).
  let attempts = 0;
  // An immediate reconnect after a 1012 was made and no connection has been stable since.
  let hurried = false;
  let refusal: string | undefined;

  const setStatus = (change: StatusChange) => {
    status = change.status;
    options.onStatus(change);
  };

  const stopConnectTimer = () => {
    if (connectTimer !== undefined) timers.clearTimeout(connectTimer);
    connectTimer = undefined;
  };

  const detach = (target: WebSocketLike) => {
    target.onopen = null;
    target.onmessage = null;
    target.onclose = null;
    // Keep a no-op error handler: `ws` throws on an unhandled 'error' emitted after close().
    target.onerror = () => {};
    if (socket === target) {
      socket = undefined;
      stopConnectTimer();
    }
  };

  // The attempt whose URL is being built (an async token), if any.
  let building: object | undefined;

  const urlFailed = (error: unknown) => {
    options.onUrlError(error);
    lost('token_failed');
  };

  const connect = () => {
    retryTimer = undefined;
    refusal = undefined;
    let url: string | Promise<string>;
    try {
      url = options.url();
    } catch (error) {
      urlFailed(error);
      return;
    }
    if (typeof url === 'string') {
      open(url);
      return;
    }
    const attempt = {};
    building = attempt;
    connectTimer = timers.setTimeout(() => {
      connectTimer = undefined;
      if (building !== attempt) return;
      building = undefined;
      urlFailed(new Error(`the token was not ready within ${options.connectTimeoutMs} ms`));
    }, options.connectTimeoutMs);
    url.then(
      (ready) => {
        if (building !== attempt) return;
        building = undefined;
        stopConnectTimer();
        open(ready);
      },
      (error: unknown) => {
        if (building !== attempt) return;
        building = undefined;
        stopConnectTimer();
        urlFailed(error);
      },
    );
  };

  const open = (url: string) => {
    const current = new options.WebSocket(url);
    socket = current;
    let opened = false;
    connectTimer = timers.setTimeout(() => {
      connectTimer = undefined;
      drop(4000, 'connect_timeout');
      lost('connect_timeout');
    }, options.connectTimeoutMs);
    current.onopen = () => {
      opened = true;
      stopConnectTimer();
      openedAt = timers.now();
      setStatus({ status: 'open', reason: 'socket_open' });
      options.onOpen();
    };
    current.onmessage = options.onMessage;
    current.onerror = (event) => {
      refusal ??= refusalOf(event);
      if (!refusal) options.onSocketError(event);
      if (opened) return;
      // The attempt failed. Some WebSockets (Node 22's) never follow with a close event: end the attempt here.
      drop(4000, 'connect_failed');
      if (refusal) setStatus({ status: 'closed', reason: refusal });
      else lost('socket_closed', 1006);
    };
    current.onclose = (event) => {
      detach(current);
      const terminal = TERMINAL_CLOSE[event.code] ?? refusal;
      if (terminal) setStatus({ status: 'closed', reason: terminal, code: event.code });
      else lost(event.code === CLOSE_CODES.serviceRestart ? 'service_restart' : 'socket_closed', event.code);
    };
  };

  const lost = (reason: string, code?: number) => {
    if (openedAt !== undefined && timers.now() - openedAt >= options.stableAfterMs) {
      backoff.reset();
      attempts = 0;
      hurried = false;
    }
    // The server is draining and a load balancer sends the new socket elsewhere: go at once, but once per stable
    // connection, so a server answering every socket with 1012 gets the backoff rather than a loop.
    const immediate = !hurried && openedAt !== undefined && code === CLOSE_CODES.serviceRestart;
    hurried ||= immediate;
    openedAt = undefined;
    if (attempts >= options.maxReconnectAttempts) {
      setStatus({ status: 'closed', reason: 'max_reconnect_attempts' });
      return;
    }
    attempts += 1;
    const delayMs = immediate ? 0 : backoff.next();
    const change: StatusChange = { status: 'reconnecting', reason, attempt: attempts, delayMs };
    if (code !== undefined) change.code = code;
    setStatus(change);
    retryTimer = timers.setTimeout(connect, delayMs);
  };

  const drop = (code: number, reason: string) => {
    const current = socket;
    if (!current) return;
    detach(current);
    try {
      current.close(code, reason);
    } catch {
      // Closing a socket that never opened may throw in some implementations; it is abandoned anyway.
    }
  };

  return {
    get status() {
      return status;
    },
    start() {
      if (socket || building || retryTimer !== undefined || status === 'closed') return;
      setStatus({ status: 'connecting', reason: 'start' });
      connect();
    },
    send(data) {
      if (socket?.readyState !== OPEN) return false;
      socket.send(data);
      return true;
    },
    restart(reason) {
      if (status === 'closed' || !socket) return;
      drop(4000, reason);
      lost(reason);
    },
    close(reason = 'client_closed') {
      if (retryTimer !== undefined) timers.clearTimeout(retryTimer);
      retryTimer = undefined;
      building = undefined;
      stopConnectTimer();
      drop(1000, reason);
      if (status !== 'closed') setStatus({ status: 'closed', reason });
    },
  };
}
