import { parseServerFrame, type ServerMessage } from '@pollwire/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { Timers } from '../util/clock.js';
import { createHub } from './hub.js';
import type { HubPresence, PresenceChange } from './presence.js';
import type { ConnectionIdentity, PollwireSocket } from './socket.js';

const SESSION = '11111111-1111-4111-8111-111111111111';
const ALICE = '33333333-3333-4333-8333-333333333333';
const BOB = '44444444-4444-4444-8444-444444444444';
const presenter: ConnectionIdentity = { sessionId: SESSION, role: 'presenter' };
const participant = (participantId: string): ConnectionIdentity => ({
  sessionId: SESSION,
  role: 'participant',
  participantId,
});
const idleTimers: Timers = { setInterval: () => ({}), clearInterval: () => {} };

const fakeSocket = () => {
  const sent: string[] = [];
  const socket = {
    bufferedAmount: 0,
    send: (data: string) => void sent.push(data),
    close: () => {},
    roomEvents: (): ServerMessage[] =>
      sent
        .flatMap((frame) => parseServerFrame(frame))
        .flatMap((result) => (result.ok ? [result.message] : []))
        .filter((message) => message.event.startsWith('participant:')),
  };
  return socket satisfies PollwireSocket;
};

/** A cluster-wide presence as another node would share it: participantId -> connections anywhere. */
const sharedPresence = () => {
  const connections = new Map<string, number>();
  const calls: string[] = [];
  const change = (participantId: string, delta: 1 | -1): PresenceChange => {
    const before = connections.get(participantId) ?? 0;
    if (delta < 0 && before === 0) return { changed: false, participantCount: connections.size };
    const after = before + delta;
    if (after === 0) connections.delete(participantId);
    else connections.set(participantId, after);
    return { changed: before === 0 || after === 0, participantCount: connections.size };
  };
  const presence: HubPresence = {
    connect: async (_sessionId, participantId) => {
      calls.push(`connect ${participantId}`);
      return change(participantId, 1);
    },
    disconnect: async (_sessionId, participantId) => {
      calls.push(`disconnect ${participantId}`);
      return change(participantId, -1);
    },
    participantCount: async () => connections.size,
  };
  /** Another node's connection. */
  const elsewhere = (participantId: string, delta: 1 | -1) => change(participantId, delta);
  return { presence, calls, elsewhere };
};

describe('hub with a presence source', () => {
  it('announces participant counts from the presence source, not from this node alone', async () => {
    const { presence, elsewhere } = sharedPresence();
    elsewhere(BOB, 1);
    const hub = createHub({ presence, timers: idleTimers });
    const watcher = fakeSocket();
    await hub.connect(watcher, presenter).ready;
    await hub.connect(fakeSocket(), participant(ALICE)).ready;

    await vi.waitFor(() => expect(watcher.roomEvents()).toHaveLength(2));
    expect(watcher.roomEvents()).toMatchObject([
      { event: 'participant:joined', payload: { participantId: ALICE, participantCount: 2 } },
      // What participants see of it: the count alone.
      { event: 'participant:counted', payload: { participantCount: 2 } },
    ]);
    expect(hub.participantCount(SESSION)).toBe(1);
    await expect(hub.countParticipants(SESSION)).resolves.toBe(2);
    await hub.close();
  });

  it('does not announce a departure while the participant is still connected on another node', async () => {
    const { presence, calls, elsewhere } = sharedPresence();
    const hub = createHub({ presence, timers: idleTimers });
    const watcher = fakeSocket();
    await hub.connect(watcher, presenter).ready;
    elsewhere(ALICE, 1);
    const alice = hub.connect(fakeSocket(), participant(ALICE));
    await alice.ready;
    alice.closed();

    await vi.waitFor(() => expect(calls).toEqual([`connect ${ALICE}`, `disconnect ${ALICE}`]));
    expect(watcher.roomEvents()).toEqual([]);

    elsewhere(ALICE, -1);
    const again = hub.connect(fakeSocket(), participant(ALICE));
    await again.ready;
    again.closed();
    const attendance = () => watcher.roomEvents().filter((m) => m.event !== 'participant:counted');
    await vi.waitFor(() => expect(attendance()).toHaveLength(2));
    expect(attendance().map((m) => [m.event, m.payload])).toEqual([
      ['participant:joined', expect.objectContaining({ participantCount: 1 })],
      ['participant:disconnected', expect.objectContaining({ participantCount: 0 })],
    ]);
    await hub.close();
  });

  it('never lets a disconnect overtake its connect, and skips connections the presence source refused', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const errors: unknown[] = [];
    const presence: HubPresence = {
      connect: async (_s, participantId) => {
        calls.push(`connect ${participantId}`);
        if (participantId === BOB) throw new Error('redis down');
        await gate;
        return { changed: true, participantCount: 1 };
      },
      disconnect: async (_s, participantId) => {
        calls.push(`disconnect ${participantId}`);
        return { changed: true, participantCount: 0 };
      },
      participantCount: () => 0,
    };
    const hub = createHub({ presence, timers: idleTimers, onError: (error) => errors.push(error) });
    const alice = hub.connect(fakeSocket(), participant(ALICE));
    await alice.ready;
    alice.closed();
    const bob = hub.connect(fakeSocket(), participant(BOB));
    await bob.ready;
    bob.closed();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(calls).toEqual([`connect ${ALICE}`, `connect ${BOB}`]);

    release();
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2]).toBe(`disconnect ${ALICE}`);
    await hub.close();
  });

  it('counts this node only when no presence source is given', async () => {
    const hub = createHub({ timers: idleTimers });
    await hub.connect(fakeSocket(), participant(ALICE)).ready;
    await expect(hub.countParticipants(SESSION)).resolves.toBe(1);
    await hub.close();
  });
});
