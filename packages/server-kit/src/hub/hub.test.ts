import { CLOSE_CODES, parseServerFrame, type ServerMessage } from '@pollwire/contracts';
import { describe, expect, it } from 'vitest';
import { buildPollClosed } from '../builders/poll.js';
import { PayloadValidationError } from '../errors.js';
import { createMemoryReplayLog } from '../log/memory-log.js';
import type { LoggedEvent, ReplayLog } from '../log/types.js';
import type { PollRecord } from '../sessions/records.js';
import type { Timers } from '../util/clock.js';
import { createHub } from './hub.js';
import type { ConnectionIdentity, PollwireSocket } from './socket.js';

const SESSION = '11111111-1111-4111-8111-111111111111';
const PARTICIPANT = '33333333-3333-4333-8333-333333333333';
const presenter: ConnectionIdentity = { sessionId: SESSION, role: 'presenter' };

const fakeSocket = () => {
  const socket = {
    sent: [] as string[],
    closes: [] as { code: number; reason: string }[],
    pings: 0,
    terminated: false,
    bufferedAmount: 0,
    send(data: string) {
      socket.sent.push(data);
    },
    close(code: number, reason: string) {
      socket.closes.push({ code, reason });
    },
    ping() {
      socket.pings++;
    },
    terminate() {
      socket.terminated = true;
    },
    messages(): ServerMessage[] {
      return socket.sent.flatMap((frame) =>
        parseServerFrame(frame).map((result) => {
          if (!result.ok) throw new Error(result.error.message);
          return result.message;
        }),
      );
    },
  };
  return socket satisfies PollwireSocket;
};

/** How many `connection:heartbeat` frames a fake socket was sent. */
const heartbeatsOf = (socket: ReturnType<typeof fakeSocket>) =>
  socket.messages().filter((message) => message.event === 'connection:heartbeat').length;

/** Interval timers run by hand: `elapse(ms)` runs the ticks due in `ms`, advancing `clock` before each. */
const manualTimers = (clock: { advance(ms: number): void }) => {
  let tick: (() => void) | undefined;
  let tickMs = 0;
  const timers: Timers = {
    setInterval: (callback, ms) => {
      tick = callback;
      tickMs = ms;
      return {};
    },
    clearInterval: () => {
      tick = undefined;
    },
  };
  return {
    timers,
    get tickMs() {
      return tickMs;
    },
    /** Runs whole ticks only; the tick may change on the way (the heartbeat reschedules itself). */
    elapse(ms: number) {
      for (let left = ms; left >= tickMs && tick; left -= tickMs) {
        clock.advance(tickMs);
        tick();
      }
    },
  };
};

const fakeClock = () => {
  let now = Date.parse('2026-01-03T10:00:00.000Z');
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

/** A hub with a heartbeat (1 s unless told) on a fake clock and hand-run timers. */
const heartbeatHub = (heartbeatIntervalMs = 1000) => {
  const clock = fakeClock();
  const manual = manualTimers(clock);
  return { clock, manual, hub: createHub({ clock, timers: manual.timers, heartbeatIntervalMs }) };
};

const poll = { pollId: PARTICIPANT, sessionId: SESSION } as PollRecord;
const closed = (n: number) => buildPollClosed(poll, '2026-01-03T10:00:00.000Z', n);

describe('createHub', () => {
  it('sends the same serialized string to every socket of the room', async () => {
    const hub = createHub();
    const sockets = [fakeSocket(), fakeSocket(), fakeSocket()];
    await Promise.all(sockets.map((socket) => hub.connect(socket, presenter).ready));
    const logged = await hub.broadcast(SESSION, 'poll:closed', closed(1));
    for (const socket of sockets) expect(socket.sent.at(-1)).toBe(logged.frame);
    await hub.close();
  });

  it('fails closed on an invalid payload: typed error, nothing sent, nothing logged', async () => {
    const hub = createHub();
    const socket = fakeSocket();
    await hub.connect(socket, presenter).ready;
    const before = socket.sent.length;
    const invalid = { ...closed(1), finalVoteCount: -1 };
    await expect(hub.broadcast(SESSION, 'poll:closed', invalid)).rejects.toThrow(PayloadValidationError);
    await expect(hub.broadcast(SESSION, 'poll:closed', invalid)).rejects.toMatchObject({
      issues: [{ path: ['finalVoteCount'], code: 'too_small', message: 'must be at least 0' }],
      message: 'poll:closed: payload does not match the contract (finalVoteCount: must be at least 0)',
    });
    const leaky = {
      voteId: PARTICIPANT,
      pollId: PARTICIPANT,
      submittedAt: '2026-01-03T10:00:00.000Z',
      currentVoteCount: 1,
    };
    await expect(
      hub.broadcast(SESSION, 'vote:accepted', { ...leaky, participantId: PARTICIPANT } as typeof leaky),
    ).rejects.toMatchObject({ name: 'PayloadValidationError', code: 'invalid_payload', event: 'vote:accepted' });
    expect(socket.sent.length).toBe(before);
    expect((await hub.log.head(SESSION)).lastSeq).toBe(0);
    await hub.close();
  });

  it('buffers live events during the handshake and flushes only those after the history (start: history)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const memory = createMemoryReplayLog();
    const slowLog: ReplayLog = {
      append: (s, e) => memory.append(s, e),
      read: (s, c) => memory.read(s, c),
      head: (s) => memory.head(s),
      history: async (s) => {
        await gate;
        return memory.history(s);
      },
    };
    const hub = createHub({ log: slowLog });
    await hub.broadcast(SESSION, 'poll:closed', closed(1));
    const socket = fakeSocket();
    const connection = hub.connect(socket, presenter, { start: 'history' });
    await hub.broadcast(SESSION, 'poll:closed', closed(2));
    await hub.broadcast(SESSION, 'poll:closed', closed(3));
    expect(socket.sent).toEqual([]);
    release();
    await connection.ready;
    const seqs = socket.messages().flatMap((m) => (m.seq === undefined ? [] : [m.seq]));
    expect(seqs).toEqual([1, 2, 3]);
    memory.close();
    await hub.close();
  });

  it('replays each resuming socket exactly the events after its own cursor, in one batch', async () => {
    const hub = createHub();
    const logged: LoggedEvent[] = [];
    for (let n = 1; n <= 4; n++) logged.push(await hub.broadcast(SESSION, 'poll:closed', closed(n)));
    const resume = async (after: number) => {
      const socket = fakeSocket();
      await hub.connect(socket, presenter, { lastEventId: logged[after - 1]!.eventId }).ready;
      expect(socket.sent).toHaveLength(2);
      return socket.messages().flatMap((m) => (m.seq === undefined ? [] : [m.seq]));
    };
    expect(await resume(1)).toEqual([2, 3, 4]);
    expect(await resume(1)).toEqual([2, 3, 4]);
    expect(await resume(2)).toEqual([3, 4]);
    expect(await resume(1)).toEqual([2, 3, 4]);
    await hub.close();
  });

  it('delivers what the log subscription yields, once and in order, instead of after append', async () => {
    const memory = createMemoryReplayLog();
    const listeners: ((event: LoggedEvent) => void)[] = [];
    const fanOutLog: ReplayLog = {
      append: (s, e) => memory.append(s, e),
      read: (s, c) => memory.read(s, c),
      head: (s) => memory.head(s),
      history: (s) => memory.history(s),
      subscribe: (_s, onEvent) => {
        listeners.push(onEvent);
        return () => void listeners.splice(0);
      },
    };
    const hub = createHub({ log: fanOutLog });
    const socket = fakeSocket();
    await hub.connect(socket, presenter).ready;
    const handshake = [...socket.sent];
    expect(handshake).toHaveLength(2);
    const logged = await hub.broadcast(SESSION, 'poll:closed', closed(1));
    expect(socket.sent).toEqual(handshake);
    listeners[0]!(logged);
    listeners[0]!(logged);
    expect(socket.sent).toEqual([...handshake, logged.frame]);
    await hub.close();
    expect(listeners).toHaveLength(0);
  });

  it('sends heartbeats with pings and terminates sockets silent for two intervals', async () => {
    const { manual, hub } = heartbeatHub();
    const quiet = fakeSocket();
    const chatty = fakeSocket();
    await hub.connect(quiet, presenter).ready;
    const alive = hub.connect(chatty, presenter);
    await alive.ready;
    manual.elapse(1500);
    expect(quiet.messages().at(-1)?.event).toBe('connection:heartbeat');
    expect(quiet.pings).toBe(1);
    alive.pong();
    manual.elapse(500);
    expect(quiet.terminated).toBe(false);
    alive.pong();
    manual.elapse(1000);
    expect(quiet.terminated).toBe(true);
    expect(chatty.terminated).toBe(false);
    expect(hub.connectionCount(SESSION)).toBe(1);
    await hub.close();
    expect(chatty.closes).toEqual([{ code: CLOSE_CODES.goingAway, reason: 'server shutting down' }]);
  });

  it('spreads heartbeats over the interval: each connection once per interval, a slot of them per tick', async () => {
    const { manual, hub } = heartbeatHub();
    const sockets = Array.from({ length: 40 }, fakeSocket);
    const conns = sockets.map((socket) => hub.connect(socket, presenter));
    await Promise.all(conns.map((conn) => conn.ready));
    expect(manual.tickMs).toBe(100);
    manual.elapse(1000);
    const before = sockets.map((socket) => socket.pings);
    const pinged: number[] = [];
    for (let tick = 0; tick < 10; tick++) {
      manual.elapse(manual.tickMs);
      pinged.push(sockets.filter((socket, n) => socket.pings > before[n]!).length);
    }
    expect(pinged).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 36, 40]);
    expect(sockets.map(heartbeatsOf)).toEqual(sockets.map((socket) => socket.pings));
    for (const conn of conns) conn.pong();
    manual.elapse(1000);
    expect(sockets.map((socket, n) => socket.pings - before[n]!)).toEqual(sockets.map(() => 2));
    await hub.close();
  });

  it('ticks less often for fewer connections: about ten visits a tick, at least every tenth of an interval', async () => {
    const { manual, hub } = heartbeatHub(30_000);
    expect(manual.tickMs).toBe(3000);
    const sockets = Array.from({ length: 1000 }, fakeSocket);
    const connect = async (some: typeof sockets) => {
      const conns = some.map((socket) => hub.connect(socket, presenter));
      await Promise.all(conns.map((conn) => conn.ready));
      return conns;
    };
    const conns = await connect(sockets.slice(0, 100));
    expect(manual.tickMs).toBe(3000);
    conns.push(...(await connect(sockets.slice(100))));
    expect(manual.tickMs).toBe(300);
    manual.elapse(30_000);
    const first = sockets.map((socket) => socket.pings);
    const pings = () => sockets.reduce((sum, socket) => sum + socket.pings, 0);
    const perTick: number[] = [];
    for (let tick = 0; tick < 100; tick++) {
      const before = pings();
      manual.elapse(300);
      perTick.push(pings() - before);
    }
    expect(Math.min(...perTick)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...perTick)).toBeLessThanOrEqual(12);
    expect(new Set(sockets.map((socket, n) => socket.pings - first[n]!))).toEqual(new Set([1]));
    for (const conn of conns.slice(10)) conn.closed();
    manual.elapse(300);
    expect(manual.tickMs).toBe(3000);
    for (const conn of conns.slice(0, 10)) conn.pong();
    const left = sockets.slice(0, 10);
    const before = left.map((socket) => socket.pings);
    manual.elapse(30_000);
    expect(left.map((socket, n) => socket.pings - before[n]!)).toEqual(left.map(() => 1));
    await hub.close();
  });

  it('visits a connection at most 1.1 intervals after the last visit while its tick changes', async () => {
    const { clock, manual, hub } = heartbeatHub(30_000);
    const first = fakeSocket();
    const conn = hub.connect(first, presenter);
    await conn.ready;
    const visits: number[] = [];
    const watch = () => {
      if (first.pings > visits.length) visits.push(clock.now());
    };
    for (let n = 0; n < 10; n++) {
      manual.elapse(manual.tickMs);
      watch();
    }
    const room = Array.from({ length: 999 }, fakeSocket).map((socket) => hub.connect(socket, presenter));
    await Promise.all(room.map((other) => other.ready));
    for (let elapsed = 0; elapsed < 90_000; elapsed += manual.tickMs) {
      conn.pong();
      manual.elapse(manual.tickMs);
      watch();
    }
    expect(visits.length).toBeGreaterThanOrEqual(3);
    const gaps = visits.slice(1).map((at, n) => at - visits[n]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(33_000);
    expect(first.terminated).toBe(false);
    await hub.close();
  });

  it('leaves a new connection unpinged for half an interval, then visits it within 1.6 intervals of connecting', async () => {
    const { clock, manual, hub } = heartbeatHub(30_000);
    const start = clock.now();
    const sockets = Array.from({ length: 1000 }, fakeSocket);
    await Promise.all(sockets.map((socket) => hub.connect(socket, presenter).ready));
    const firstPingAt = new Map<(typeof sockets)[number], number>();
    while (clock.now() - start < 60_000) {
      manual.elapse(manual.tickMs);
      for (const socket of sockets) {
        if (socket.pings > 0 && !firstPingAt.has(socket)) firstPingAt.set(socket, clock.now() - start);
      }
    }
    const ages = [...firstPingAt.values()];
    expect(ages).toHaveLength(1000);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(15_000);
    expect(Math.max(...ages)).toBeLessThanOrEqual(48_000);
    expect(sockets.map(heartbeatsOf)).toEqual(sockets.map((socket) => socket.pings));
    expect(sockets.some((socket) => socket.terminated)).toBe(false);
    await hub.close();
  });

  it('stops visiting a connection once it closed', async () => {
    const { manual, hub } = heartbeatHub();
    const gone = fakeSocket();
    const stays = fakeSocket();
    const conn = hub.connect(gone, presenter);
    await conn.ready;
    await hub.connect(stays, presenter).ready;
    conn.closed();
    manual.elapse(2000);
    expect(gone.pings).toBe(0);
    expect(gone.messages().map((message) => message.event)).toEqual(['connection:established', 'session:synchronized']);
    expect(stays.pings).toBe(2);
    await hub.close();
  });

  it('closes with 4401 once the credential expires', async () => {
    const { clock, manual, hub } = heartbeatHub();
    const socket = fakeSocket();
    await hub.connect(socket, { ...presenter, expiresAt: clock.now() + 500 }).ready;
    manual.elapse(1000);
    expect(socket.closes).toEqual([]);
    manual.elapse(1000);
    expect(socket.closes[0]?.code).toBe(CLOSE_CODES.unauthorized);
    await hub.close();
  });

  it('closes a slow consumer with 4409 instead of buffering more', async () => {
    const hub = createHub({ maxBufferedBytes: 100 });
    const slow = fakeSocket();
    const fast = fakeSocket();
    await hub.connect(slow, presenter).ready;
    await hub.connect(fast, presenter).ready;
    slow.bufferedAmount = 101;
    await hub.broadcast(SESSION, 'poll:closed', closed(1));
    expect(slow.closes).toEqual([{ code: CLOSE_CODES.slowConsumer, reason: 'slow consumer' }]);
    expect(fast.messages().at(-1)?.event).toBe('poll:closed');
    await hub.broadcast(SESSION, 'poll:closed', closed(2));
    expect(slow.messages().filter((m) => m.event === 'poll:closed')).toHaveLength(0);
    await hub.close();
  });

  it("echoes a client's heartbeat that carries a requestId, and stays silent for one without", async () => {
    const { clock, hub } = heartbeatHub();
    const socket = fakeSocket();
    const conn = hub.connect(socket, presenter);
    await conn.ready;
    const before = socket.sent.length;
    const heartbeat = (requestId?: string) =>
      JSON.stringify({ event: 'connection:heartbeat', requestId, payload: { timestamp: '2026-01-03T09:59:59.000Z' } });
    conn.receive(heartbeat());
    clock.advance(5);
    conn.receive(heartbeat('hb-7'));
    // Frames are handled in order, so a single answer, to the second, means the first was handled and not answered.
    await new Promise((resolve) => setImmediate(resolve));
    const answers = socket.messages().slice(before);
    expect(answers).toEqual([
      expect.objectContaining({
        event: 'connection:heartbeat',
        requestId: 'hb-7',
        payload: { timestamp: '2026-01-03T10:00:00.005Z' },
      }),
    ]);
    expect(answers[0]?.seq).toBeUndefined();
    await hub.close();
  });

  it('counts distinct participants and announces first join and last leave only', async () => {
    const hub = createHub();
    const identity: ConnectionIdentity = { sessionId: SESSION, role: 'participant', participantId: PARTICIPANT };
    const watcher = fakeSocket();
    await hub.connect(watcher, presenter).ready;
    const first = hub.connect(fakeSocket(), identity);
    const second = hub.connect(fakeSocket(), identity);
    await Promise.all([first.ready, second.ready]);
    expect(hub.participantCount(SESSION)).toBe(1);
    first.closed();
    second.closed();
    await hub.broadcast(SESSION, 'poll:closed', closed(1));
    const attendance = watcher.messages().filter((m) => m.event.startsWith('participant:'));
    expect(attendance.map((m) => [m.event, (m.payload as { participantCount: number }).participantCount])).toEqual([
      ['participant:joined', 1],
      ['participant:disconnected', 0],
    ]);
    await hub.close();
  });
});
