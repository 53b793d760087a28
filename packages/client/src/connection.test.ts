import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff.js';
import { createConnection, type StatusChange } from './connection.js';
import type { Timers } from './timers.js';

/** A socket whose failed handshake fires `error` and nothing else, as Node 22's own WebSocket does. */
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

describe('the connection', () => {
  it('ends an attempt whose socket reports an error and never closes, and retries with backoff', () => {
    ErrorOnlySocket.created = [];
    const { timers, advance } = manualTimers();
    const statuses: StatusChange[] = [];
    const connection = createConnection({
      WebSocket: ErrorOnlySocket as never,
      url: () => 'ws://example.test/ws',
      timers,
      backoff: createBackoff({ minDelayMs: 100, maxDelayMs: 100, random: () => 0.5 }),
      stableAfterMs: 5_000,
      connectTimeoutMs: 10_000,
      maxReconnectAttempts: 2,
      onStatus: (change) => statuses.push(change),
      onOpen: () => {},
      onMessage: () => {},
      onSocketError: () => {},
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
