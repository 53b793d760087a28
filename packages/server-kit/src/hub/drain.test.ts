import { CLOSE_CODES } from '@pollwire/contracts';
import { describe, expect, it } from 'vitest';
import type { TimerHandle, Timers } from '../util/clock.js';
import { DRAIN_TICK_MS } from './drain.js';
import { createHub } from './hub.js';
import type { PollwireSocket } from './socket.js';

const SESSION = '11111111-1111-4111-8111-111111111111';

const closingSocket = () => {
  const socket = {
    closes: [] as number[],
    bufferedAmount: 0,
    send() {},
    close: (code: number) => socket.closes.push(code),
  };
  return socket satisfies PollwireSocket;
};

/** Interval timers advanced by hand. */
const handTimers = () => {
  const intervals = new Map<TimerHandle, () => void>();
  const timers: Timers = {
    setInterval: (callback) => {
      const handle = {};
      intervals.set(handle, callback);
      return handle;
    },
    clearInterval: (handle) => void intervals.delete(handle),
  };
  const tick = () => {
    for (const run of [...intervals.values()]) run();
  };
  return { timers, tick };
};

describe('hub.drain', () => {
  it('closes every connection with 1012 at once by default and refuses new ones', async () => {
    const hub = createHub();
    const sockets = [closingSocket(), closingSocket()];
    for (const socket of sockets) await hub.connect(socket, { sessionId: SESSION, role: 'presenter' }).ready;
    expect(hub.draining).toBe(false);

    await hub.drain();

    expect(hub.draining).toBe(true);
    expect(sockets.map((s) => s.closes)).toEqual([[CLOSE_CODES.serviceRestart], [CLOSE_CODES.serviceRestart]]);
    expect(hub.connectionCount()).toBe(0);
    const late = closingSocket();
    hub.connect(late, { sessionId: SESSION, role: 'presenter' });
    expect(late.closes).toEqual([CLOSE_CODES.serviceRestart]);
    expect(hub.connectionCount()).toBe(0);
    await hub.close();
  });

  it('spreads the closes over spreadMs in equal slices, settling after the last', async () => {
    const { timers, tick } = handTimers();
    const hub = createHub({ timers, heartbeatIntervalMs: 60_000 });
    const sockets = Array.from({ length: 10 }, closingSocket);
    for (const socket of sockets) await hub.connect(socket, { sessionId: SESSION, role: 'presenter' }).ready;
    let settled = false;
    const drained = hub.drain({ spreadMs: 5 * DRAIN_TICK_MS }).then(() => {
      settled = true;
    });

    const closed = () => sockets.filter((s) => s.closes.length > 0).length;
    expect(closed()).toBe(2);
    const seen = [closed()];
    for (let i = 0; i < 4; i++) {
      tick();
      seen.push(closed());
    }
    await drained;
    expect(seen).toEqual([2, 4, 6, 8, 10]);
    expect(settled).toBe(true);
    expect(sockets.every((s) => s.closes[0] === CLOSE_CODES.serviceRestart)).toBe(true);
    await hub.close();
  });
});
