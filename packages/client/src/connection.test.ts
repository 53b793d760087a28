import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff.js';
import { createConnection, type StatusChange } from './connection.js';
import type { Timers } from './timers.js';

/**
 * A socket driven by hand: its failed handshake fires `error` and nothing else, as Node 22's own WebSocket does.
 */
class ErrorOnlySocket {
  static created: ErrorOnlySocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    ErrorOnlySocket.created.push(this);
  }
  send() {}
  close() {
    this.closed = true;
  }
}

function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  let nextId = 1;
  const timers: Timers = {
    setTimeout(callback, delayMs) {
      const id = nextId++;
      pending.set(id, { at: now + delayMs, callback });
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
    now: () => now,
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = end;
  };
  return { timers, advance };
}

/** A connection on `ErrorOnlySocket` whose URL comes from `url`; records statuses and URL errors. */
function connectionOn(
  url: () => string | Promise<string>,
  { connectTimeoutMs = 1_000, maxReconnectAttempts = 5, maxDelayMs = 100 } = {},
) {
  ErrorOnlySocket.created = [];
  const time = manualTimers();
  const statuses: StatusChange[] = [];
  const urlErrors: unknown[] = [];
  const connection = createConnection({
    WebSocket: ErrorOnlySocket as never,
    url,
    timers: time.timers,
    backoff: createBackoff({ minDelayMs: 100, maxDelayMs, random: () => 0.5 }),
    stableAfterMs: 5_000,
    connectTimeoutMs,
    maxReconnectAttempts,
    onStatus: (change) => statuses.push(change),
    onOpen: () => {},
    onMessage: () => {},
    onSocketError: () => {},
    onUrlError: (error) => urlErrors.push(error),
  });
  return { connection, statuses, urlErrors, advance: time.advance };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the connection with an async URL (token)', () => {
  it('waits for the token before it opens a socket', async () => {
    let resolve!: (url: string) => void;
    const { connection } = connectionOn(() => new Promise<string>((r) => (resolve = r)));
    connection.start();
    await settle();
    expect(ErrorOnlySocket.created).toHaveLength(0);
    resolve('ws://example.test/ws?token=fresh');
    await settle();
    expect(ErrorOnlySocket.created.map((s) => s.url)).toEqual(['ws://example.test/ws?token=fresh']);
  });

  it('reports a rejected token and retries with backoff', async () => {
    let calls = 0;
    const { connection, statuses, urlErrors, advance } = connectionOn(async () => {
      calls++;
      if (calls === 1) throw new Error('auth service down');
      return 'ws://example.test/ws?token=second';
    });
    connection.start();
    await settle();
    expect(urlErrors).toEqual([new Error('auth service down')]);
    expect(statuses.at(-1)).toMatchObject({ status: 'reconnecting', reason: 'token_failed' });
    advance(100);
    await settle();
    expect(ErrorOnlySocket.created.map((s) => s.url)).toEqual(['ws://example.test/ws?token=second']);
  });

  it('gives up on a token not ready within the connect timeout, and retries', async () => {
    let calls = 0;
    const { connection, statuses, urlErrors, advance } = connectionOn(() => {
      calls++;
      return calls === 1 ? new Promise<string>(() => {}) : Promise.resolve('ws://example.test/ws?token=quick');
    });
    connection.start();
    advance(999);
    expect(urlErrors).toHaveLength(0);
    advance(1);
    expect(String(urlErrors[0])).toContain('not ready within 1000 ms');
    expect(statuses.at(-1)).toMatchObject({ status: 'reconnecting', reason: 'token_failed' });
    advance(100);
    await settle();
    expect(ErrorOnlySocket.created).toHaveLength(1);
  });

  it('opens nothing when closed while the token is being fetched', async () => {
    let resolve!: (url: string) => void;
    const { connection, statuses } = connectionOn(() => new Promise<string>((r) => (resolve = r)));
    connection.start();
    connection.close();
    resolve('ws://example.test/ws?token=late');
    await settle();
    expect(ErrorOnlySocket.created).toHaveLength(0);
    expect(statuses.at(-1)).toMatchObject({ status: 'closed', reason: 'client_closed' });
  });
});

describe('the connection', () => {
  it('ends an attempt whose socket reports an error and never closes, and retries with backoff', () => {
    const { connection, statuses, advance } = connectionOn(() => 'ws://example.test/ws', {
      connectTimeoutMs: 10_000,
      maxReconnectAttempts: 2,
    });
    connection.start();
    ErrorOnlySocket.created[0]!.onerror?.({ type: 'error' });
    expect(ErrorOnlySocket.created[0]!.closed).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ status: 'reconnecting', reason: 'socket_closed', code: 1006 });
    // Long before the 10 s connect timeout: the next attempt follows the backoff.
    advance(200);
    expect(ErrorOnlySocket.created).toHaveLength(2);
    ErrorOnlySocket.created[1]!.onerror?.({ type: 'error' });
    advance(200);
    ErrorOnlySocket.created[2]!.onerror?.({ type: 'error' });
    expect(statuses.at(-1)).toMatchObject({ status: 'closed', reason: 'max_reconnect_attempts' });
    expect(ErrorOnlySocket.created).toHaveLength(3);
  });
});

describe('a 1012 close (service restart)', () => {
  /** Delays 50, 100, 200, 400 ms… (random 0.5 of 100 ms doubling), a connection stable after 5 s. */
  const draining = (options: { maxReconnectAttempts?: number } = {}) =>
    connectionOn(() => 'ws://example.test/ws', { maxDelayMs: 10_000, ...options });
  const socket = (index: number) => {
    const found = ErrorOnlySocket.created[index];
    if (!found) throw new Error(`no socket #${index} (have ${ErrorOnlySocket.created.length})`);
    return found;
  };
  const open = (index: number) => {
    socket(index).readyState = 1;
    socket(index).onopen?.();
  };
  const closeWith = (index: number, code: number) => socket(index).onclose?.({ code, reason: '' });

  it('reconnects on a 0 ms timer with reason service_restart, without advancing the backoff', () => {
    const { connection, statuses, advance } = draining();
    connection.start();
    open(0);
    closeWith(0, 1012);
    expect(statuses.at(-1)).toEqual({
      status: 'reconnecting',
      reason: 'service_restart',
      code: 1012,
      attempt: 1,
      delayMs: 0,
    });
    // The attempt goes through the injected timers, not synchronously.
    expect(ErrorOnlySocket.created).toHaveLength(1);
    advance(0);
    expect(ErrorOnlySocket.created).toHaveLength(2);
    // The immediate attempt failed: the backoff starts from its first delay.
    socket(1).onerror?.({ type: 'error' });
    expect(statuses.at(-1)).toMatchObject({ status: 'reconnecting', reason: 'socket_closed', attempt: 2, delayMs: 50 });
  });

  it('starts the next ordinary loss from the first backoff delay', () => {
    const { connection, statuses, advance } = draining();
    connection.start();
    open(0);
    closeWith(0, 1012);
    advance(0);
    open(1);
    advance(5_000);
    closeWith(1, 1006);
    expect(statuses.at(-1)).toMatchObject({ reason: 'socket_closed', code: 1006, attempt: 1, delayMs: 50 });
  });

  it('falls back to backoff on a second 1012 before a connection was stable, and goes at once again after one', () => {
    const { connection, statuses, advance } = draining();
    connection.start();
    open(0);
    closeWith(0, 1012);
    advance(0);
    // The new socket is answered with 1012 again at once: no loop, the backoff applies.
    open(1);
    closeWith(1, 1012);
    expect(statuses.at(-1)).toMatchObject({ reason: 'service_restart', code: 1012, attempt: 2, delayMs: 50 });
    advance(49);
    expect(ErrorOnlySocket.created).toHaveLength(2);
    advance(1);
    open(2);
    closeWith(2, 1012);
    expect(statuses.at(-1)).toMatchObject({ reason: 'service_restart', attempt: 3, delayMs: 100 });
    advance(100);
    // This one stays up past stableAfterMs: the next drain is answered at once again.
    open(3);
    advance(5_000);
    closeWith(3, 1012);
    expect(statuses.at(-1)).toMatchObject({ reason: 'service_restart', attempt: 1, delayMs: 0 });
  });

  it('waits for the backoff on a 1012 of a socket that never opened', () => {
    const { connection, statuses } = draining();
    connection.start();
    closeWith(0, 1012);
    expect(statuses.at(-1)).toMatchObject({ reason: 'service_restart', code: 1012, attempt: 1, delayMs: 50 });
  });

  it('counts the immediate attempt toward maxReconnectAttempts, so 0 never reconnects', () => {
    const none = draining({ maxReconnectAttempts: 0 });
    none.connection.start();
    open(0);
    closeWith(0, 1012);
    expect(none.statuses.at(-1)).toEqual({ status: 'closed', reason: 'max_reconnect_attempts' });

    const one = draining({ maxReconnectAttempts: 1 });
    one.connection.start();
    open(0);
    closeWith(0, 1012);
    one.advance(0);
    socket(1).onerror?.({ type: 'error' });
    expect(one.statuses.at(-1)).toEqual({ status: 'closed', reason: 'max_reconnect_attempts' });
  });
});
